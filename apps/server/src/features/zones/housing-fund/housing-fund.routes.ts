/**
 * 公积金 (issue 14): 账户信息 (by identity), 利率 (console data, a county inherits the city's), 合作楼盘
 * and 服务网点 (the centre's public lists), and the console's 公积金利率 CRUD.
 */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, HousingFundAccountView, HousingFundEstatesResponse, HousingFundRate, HousingFundRateInput, HousingFundRatesResponse, HousingFundServicePointsResponse } from '@dz/contracts';
import { requireUser, userIdOf } from '../../../infra/http.js';
import { routeLimit } from '../../../infra/ip-limits.js';
import { actorOf, requirePermission, requireStaff } from '../../admin-auth/staff-guard.js';
import { HousingFundService } from './housing-fund.service.js';
import { RATES_PERMISSION, RatesService } from './rates.service.js';

const tags = ['housing-fund'];
const adminTags = ['admin-housing-fund'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody, 502: ErrorBody, 503: ErrorBody };
const adminErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const Site = Type.String({ pattern: '^\\d{6}$', title: '站点', description: '站点代码，缺省为达州市 511700' });
const SiteQuery = Type.Object({ site: Type.Optional(Site) });
const EstatesQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 30, title: '搜索词' })), site: Type.Optional(Site) });
const AdminSiteQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点', description: '站点代码，缺省为本人所属站点' })) });
const RateParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '编号' }) });

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const service = new HousingFundService(app.ctx, app.registries, app.sites);
  const rates = new RatesService(app.ctx.db, app.sites, app.ctx.audit);
  const guard = (action: string) => [requireStaff(), requirePermission(RATES_PERMISSION, action)];

  app.get(
    '/api/housing-fund/account',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags,
        summary: '公积金账户信息：余额、可提取余额、月缴存额、缴存基数与比例、状态、单位',
        description: '按登录账号的实名身份证号查询，未实名 403 REALNAME_REQUIRED；无账户 404 FUND_ACCOUNT_NOT_FOUND；公积金系统不可用时 3 秒内返回 503。金额单位为分，账号与姓名脱敏。',
        security: [{ citizen: [] }],
        response: { 200: HousingFundAccountView, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return service.account(userIdOf(req));
    },
  );

  app.get(
    '/api/housing-fund/rates',
    {
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags,
        summary: '公积金利率：公积金贷款、商业贷款与公积金存款利率（基点，260 = 2.60%）',
        description: '区县站点未单独设置时沿用达州市的利率；siteCode 为实际所用利率的站点。',
        querystring: SiteQuery,
        response: { 200: HousingFundRatesResponse, ...errors },
      },
    },
    async (req) => rates.effective(req.query.site ?? '511700'),
  );

  app.get(
    '/api/housing-fund/estates',
    {
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags,
        summary: '公积金合作楼盘（可按名称、开发企业、区域搜索）',
        description: '数据来自住房公积金管理中心，按站点与搜索词缓存数分钟。',
        querystring: EstatesQuery,
        response: { 200: HousingFundEstatesResponse, ...errors },
      },
    },
    async (req) => ({ items: await service.estates(req.query.q, req.query.site) }),
  );

  app.get(
    '/api/housing-fund/service-points',
    {
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags,
        summary: '公积金服务网点（区县站点列本区县网点）：地址、电话、办公时间、坐标（用于地图导航）',
        querystring: SiteQuery,
        response: { 200: HousingFundServicePointsResponse, ...errors },
      },
    },
    async (req) => ({ items: await service.servicePoints(req.query.site) }),
  );

  // ---- console: 公积金利率 -------------------------------------------------------------------------

  app.get(
    '/api/admin/housing-fund/rates',
    {
      preHandler: guard('housing-fund.rate.list'),
      schema: { tags: adminTags, summary: '公积金利率管理：本站点设置的利率（区县未设置时对外沿用市级）', security: [{ staff: [] }], querystring: AdminSiteQuery, response: { 200: HousingFundRatesResponse, ...adminErrors } },
    },
    async (req) => rates.list(await rates.siteOf(actorOf(req), req.query.site, 'housing-fund.rate.list')),
  );

  app.post(
    '/api/admin/housing-fund/rates',
    {
      preHandler: guard('housing-fund.rate.create'),
      schema: {
        tags: adminTags,
        summary: '新增公积金利率',
        description: '期限上限须大于期限下限；同一站点同一类别的期限范围不能重叠（400，fields 给出中文提示）。',
        security: [{ staff: [] }],
        querystring: AdminSiteQuery,
        body: HousingFundRateInput,
        response: { 201: HousingFundRate, ...adminErrors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const site = await rates.siteOf(actor, req.query.site, 'housing-fund.rate.create');
      return reply.status(201).send(await rates.create(actor, site, req.body));
    },
  );

  app.put(
    '/api/admin/housing-fund/rates/:id',
    {
      preHandler: guard('housing-fund.rate.update'),
      schema: { tags: adminTags, summary: '修改公积金利率', security: [{ staff: [] }], params: RateParams, body: HousingFundRateInput, response: { 200: HousingFundRate, ...adminErrors } },
    },
    async (req) => rates.update(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/housing-fund/rates/:id',
    {
      preHandler: guard('housing-fund.rate.delete'),
      schema: { tags: adminTags, summary: '删除公积金利率', security: [{ staff: [] }], params: RateParams, response: { 204: Type.Null(), ...adminErrors } },
    },
    async (req, reply) => {
      await rates.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'housing-fund', dependencies: ['real-estate', 'sites', 'admin-auth'] });
