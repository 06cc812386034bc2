import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApplicationDetail, ApplicationListResponse, ErrorBody, InstallationRequest, ListPageQuery, type InstallationRequest as InstallationRequestT } from '@dz/contracts';
import { requireUser, userIdOf } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { CITY_SITE } from '../../partners/endpoints.js';
import { ApplicationsService } from './applications.service.js';

const security = [{ citizen: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody, 503: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });


/** 在线报装 / 燃气报装 and 我的办件. */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const service = new ApplicationsService(app.ctx, app.files, app.utilityConnector);

  app.post(
    '/api/installations',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      // Submissions carry image ids, not images: the default body limit is plenty.
      schema: {
        tags: ['applications'],
        summary: '提交报装申请（用水 / 用电 / 燃气），并在“我的办件”中跟踪',
        description:
          '先保存，再连同图片提交至企业系统。成功 201；企业系统不可用时 503 PARTNER_UNAVAILABLE，申请保存为草稿（details.applicationId），可重新提交；企业不受理 422 PARTNER_REFUSED。draftId 表示修改后重新提交草稿。燃气报装需实名认证，姓名与身份证号取自登录信息。',
        security,
        body: InstallationRequest,
        response: { 201: ApplicationDetail, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body as InstallationRequestT;
      const r = await service.create(userIdOf(req), body, body.site ?? CITY_SITE, req.id);
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/applications',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: { tags: ['applications'], summary: '我的办件，最近更新的在前', security, querystring: ListPageQuery, response: { 200: ApplicationListResponse, 401: ErrorBody } },
    },
    async (req) => service.list(userIdOf(req), req.query.page ?? 1, req.query.pageSize ?? 20, req.id),
  );

  app.get(
    '/api/applications/:id',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags: ['applications'],
        summary: '办件详情：企业系统的最新办理进度（不可用时显示上次结果，stale=true）',
        security,
        params: IdParams,
        response: { 200: ApplicationDetail, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => service.get(userIdOf(req), req.params.id, req.id),
  );

  app.post(
    '/api/applications/:id/submit',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: { tags: ['applications'], summary: '重新提交草稿', security, params: IdParams, response: { 200: ApplicationDetail, ...errors } },
    },
    async (req) => service.resubmit(userIdOf(req), req.params.id, req.id),
  );

  app.delete(
    '/api/applications/:id',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: { tags: ['applications'], summary: '删除草稿（已提交的办件不能删除）', security, params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await service.deleteDraft(userIdOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'applications', dependencies: ['files'] });
