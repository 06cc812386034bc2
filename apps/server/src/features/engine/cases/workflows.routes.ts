/** Console routes of 流程配置 (content:write, site scope, audited); registered by the cases plugin. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, WorkflowPublish, WorkflowSummary, WorkflowVersionRow, WorkflowView } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../../admin-auth/staff-guard.js';
import type { WorkflowsService } from './workflows.service.js';

type App = Parameters<FastifyPluginAsyncTypebox>[0];

const tags = ['admin-workflows'];
const security = [{ staff: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const SiteQuery = Type.Object({ site: Type.String({ pattern: '^\\d{6}$', title: '站点' }) });
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, title: '流程编码' }) });

export function registerWorkflowRoutes(app: App, svc: WorkflowsService): void {
  const guard = requireStaff();
  const read = [guard, requirePermission('content:write', 'workflow.read')];

  app.get(
    '/api/admin/workflows',
    { preHandler: read, schema: { tags, summary: '办理流程列表（本站点的与继承自上级站点的，各取最新版本）', description: '需要 content:write 权限。', security, querystring: SiteQuery, response: { 200: Type.Array(WorkflowSummary), ...errors } } },
    async (req) => svc.list(actorOf(req), req.query.site),
  );

  app.get(
    '/api/admin/workflows/:code',
    { preHandler: read, schema: { tags, summary: '办理流程（站点使用的最新版本，可能继承自上级站点）', security, params: CodeParams, querystring: SiteQuery, response: { 200: WorkflowView, ...errors } } },
    async (req) => svc.get(actorOf(req), req.params.code, req.query.site),
  );

  app.get(
    '/api/admin/workflows/:code/versions',
    { preHandler: read, schema: { tags, summary: '办理流程在本站点发布过的版本', security, params: CodeParams, querystring: SiteQuery, response: { 200: Type.Array(WorkflowVersionRow), ...errors } } },
    async (req) => svc.versions(actorOf(req), req.params.code, req.query.site),
  );

  app.post(
    '/api/admin/workflows',
    {
      preHandler: [guard, requirePermission('content:write', 'workflow.publish')],
      schema: {
        tags,
        summary: '发布办理流程的新版本（进行中的办件仍按其开始时的版本办理）',
        description: '承诺件和一件事至少一个环节；环节的办理权限与操作须为系统已有的。',
        security,
        body: WorkflowPublish,
        response: { 201: WorkflowView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.publish(actorOf(req), req.body)),
  );
}
