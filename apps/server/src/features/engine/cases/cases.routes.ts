import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseCreate, CaseCreated, CaseDetail, CaseListResponse, CaseSupplement, ErrorBody, ListPageQuery } from '@dz/contracts';
import { requireUser, userIdOf } from '../../../infra/http.js';
import { routeLimit } from '../../../infra/ip-limits.js';
import { CasesService } from './cases.service.js';
import { Handoff } from './handoff.js';
import { registerWorkflowRoutes } from './workflows.routes.js';
import { WorkflowsService } from './workflows.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The bureau hand-off, its poll and the SLA sweep (the jobs' handlers, callable from tests). */
    caseHandoff: Handoff;
  }
}

const tags = ['cases'];
const security = [{ citizen: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody, 503: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '办件编号' }) });

/**
 * The case engine (issue 10): the citizen's 申请 / 我的办件 / 补正 / 撤回, the console's 流程配置,
 * and the jobs of the bureau hand-off and the SLA. The console's 办件中心 is `cases.admin.routes.ts`.
 */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const workflows = new WorkflowsService(app.ctx);
  app.decorate('workflows', workflows);
  const cases = new CasesService(app, workflows);
  app.decorate('cases', cases);
  const handoff = new Handoff(app, cases);
  app.decorate('caseHandoff', handoff);
  handoff.register();

  registerWorkflowRoutes(app, workflows);

  app.post(
    '/api/cases',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: {
        tags,
        summary: '提交办事申请（或保存草稿）',
        description:
          '按站点使用的最新表单版本校验；不合格 400，fields 按字段给出中文提示。draft=true 保存草稿（不校验必填），draftId 提交该草稿。承诺件、一件事、即办件需实名认证。即办件与查询立即办结，result 为部门系统的答复。',
        security,
        body: CaseCreate,
        response: { 201: CaseCreated, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await cases.create(userIdOf(req), req.body)),
  );

  app.get(
    '/api/cases',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: { tags, summary: '我的办件：在线办事、一件事与报装，最近更新的在前（查询类不列出）', security, querystring: ListPageQuery, response: { 200: CaseListResponse, 401: ErrorBody } },
    },
    async (req) => cases.listForUser(userIdOf(req), req.query.page ?? 1, req.query.pageSize ?? 20),
  );

  app.get(
    '/api/cases/:id',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: { tags, summary: '办件详情：办理环节、申请内容（已脱敏）、时限、补正要求、结果文书', security, params: IdParams, response: { 200: CaseDetail, 401: ErrorBody, 404: ErrorBody } },
    },
    // An installation (在线报装) answers 404 here: it opens through GET /api/applications/:id.
    async (req) => cases.detail(userIdOf(req), req.params.id),
  );

  app.post(
    '/api/cases/:id/supplement',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: { tags, summary: '按一次性告知补正材料，提交后恢复办理', security, params: IdParams, body: CaseSupplement, response: { 200: CaseDetail, ...errors } },
    },
    async (req) => cases.supplement(userIdOf(req), req.params.id, req.body.data),
  );

  app.post(
    '/api/cases/:id/withdraw',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: { tags, summary: '撤回申请（受理前）', security, params: IdParams, response: { 200: CaseDetail, ...errors } },
    },
    async (req) => cases.withdraw(userIdOf(req), req.params.id),
  );
};

export default fp(plugin, { name: 'engine-cases', dependencies: ['messages', 'files', 'engine-forms', 'engine-documents', 'engine-bureaus'] });
