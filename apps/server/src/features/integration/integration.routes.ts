import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, GatewayChangeList, PartnerCallListResponse, PartnerCallQuery, PartnerEndpointInput, PartnerHealthResult, PartnerSystemView } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { UtilityConnector } from '../../partners/connectors/utilities.js';
import { IntegrationService } from './integration.service.js';

const security = [{ staff: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const SiteQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '站点代码，缺省为本人所属站点' })) });
const PartnerParams = Type.Object({ partner: Type.String({ maxLength: 32 }) });

/**
 * 接口管理: partner systems per site, health check, breaker state and the call log. As the
 * integration layer it also decorates the utilities' connector (`app.utilityConnector`), before the
 * features that call water / power / gas register: payments (销账, 冲正), utilities, applications.
 */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  app.decorate('utilityConnector', new UtilityConnector(app.ctx.partners));
  const service = new IntegrationService(app.ctx, app.sites);
  const guard = (action: string) => [requireStaff(), requirePermission('partner:manage', action)];

  app.get(
    '/api/admin/partners',
    { preHandler: guard('partners.list'), schema: { tags: ['admin-partners'], summary: '对接系统列表：该站点生效的配置、来源、熔断状态与近1小时调用', security, querystring: SiteQuery, response: { 200: Type.Array(PartnerSystemView), ...errors } } },
    async (req) => service.list(actorOf(req), req.query.site),
  );

  // Declared before /:partner routes for readability; the static path wins in Fastify's router anyway.
  app.get(
    '/api/admin/partners/pay/changes',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['admin-partners'],
        summary: '统一支付平台配置的最近变更（谁、何时、改了什么；含被拒绝的尝试；不含密钥）',
        description: '需要“支付平台配置”权限，或市级及以上站点的“查看审计日志”权限。',
        security,
        response: { 200: GatewayChangeList, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => service.gatewayChanges(actorOf(req)),
  );

  app.put(
    '/api/admin/partners/:partner',
    {
      preHandler: guard('partners.update'),
      schema: {
        tags: ['admin-partners'],
        summary: '保存该站点的对接配置（立即生效，无需重启）',
        description:
          '密钥加密保存、不回显；secret 省略或为空时保留原密钥（首次配置时沿用继承的密钥）。统一支付平台（pay）只能由市级或省级工作人员在市级或省级站点配置，且需要 payment:gateway 权限，否则 403。',
        security,
        params: PartnerParams,
        querystring: SiteQuery,
        body: PartnerEndpointInput,
        response: { 200: PartnerSystemView, ...errors },
      },
    },
    async (req) => service.save(actorOf(req), req.params.partner, req.query.site, req.body),
  );

  app.delete(
    '/api/admin/partners/:partner',
    { preHandler: guard('partners.delete'), schema: { tags: ['admin-partners'], summary: '删除本站点的单独配置，恢复继承上级', security, params: PartnerParams, querystring: SiteQuery, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await service.remove(actorOf(req), req.params.partner, req.query.site);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/admin/partners/:partner/health',
    {
      preHandler: guard('partners.health'),
      config: { rateLimit: routeLimit(30) },
      schema: { tags: ['admin-partners'], summary: '健康检查：以当前配置签名调用对方 ping 接口', security, params: PartnerParams, querystring: SiteQuery, response: { 200: PartnerHealthResult, ...errors } },
    },
    async (req) => service.health(actorOf(req), req.params.partner, req.query.site, req.id),
  );

  app.get(
    '/api/admin/partner-calls',
    {
      preHandler: guard('partners.calls'),
      schema: {
        tags: ['admin-partners'],
        summary: '接口调用日志（每次尝试一条；路径中的证件号、手机号等已脱敏，不记录报文）',
        security,
        querystring: PartnerCallQuery,
        response: { 200: PartnerCallListResponse, ...errors },
      },
    },
    async (req) => service.calls(actorOf(req), { ...req.query, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 }),
  );
};

export default fp(plugin, { name: 'integration', dependencies: ['sites', 'admin-auth'] });
