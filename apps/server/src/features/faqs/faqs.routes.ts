/** 常见问题 (public search, console CRUD) and 答复模板 (console CRUD) of the 互动 channel. */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, FaqList, FaqQuery, FaqSave, FaqView, IdParams, ReplyTemplateQuery, ReplyTemplateSave, ReplyTemplateView } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { FaqService } from './faqs.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ staff: [] }];
const HANDLE = 'interaction:handle';

/** The console's list: the site defaults to the staff member's own. */
const AdminFaqQuery = Type.Object({ ...FaqQuery.properties, site: Type.Optional(FaqQuery.properties.site) });

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  // Writes bump the shared content version themselves (these paths are not in CONTENT_WRITES).
  const faqs = new FaqService(app.ctx.db, app.sites, app.ctx.audit, app.contentVersion);
  const guard = requireStaff();
  const can = (action: string) => [guard, requirePermission(HANDLE, action)];

  app.get(
    '/api/faqs',
    {
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags: ['faqs'],
        summary: '常见问题：本站点及上级站点已发布的问题，按排序、最近更新在前',
        description: 'q 可为汉字、全拼（gongjijin）或拼音首字母（gjj），多个词用空格分隔时须全部匹配；categories 为该站点可见的全部分类。',
        querystring: FaqQuery,
        response: { 200: FaqList, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req) => faqs.list(req.query),
  );

  app.get(
    '/api/faqs/:id',
    {
      config: { rateLimit: routeLimit(120) },
      schema: { tags: ['faqs'], summary: '常见问题详情（计一次浏览）', params: IdParams, response: { 200: FaqView, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody } },
    },
    async (req) => faqs.view(req.params.id),
  );

  app.get(
    '/api/admin/faqs',
    {
      preHandler: can('faq.list'),
      schema: { tags: ['admin-faqs'], summary: '常见问题管理列表（含未发布；上级站点的问题标记 inherited，只读）', security, querystring: AdminFaqQuery, response: { 200: FaqList, ...errors } },
    },
    async (req) => faqs.adminList(actorOf(req), req.query),
  );

  app.post(
    '/api/admin/faqs',
    {
      preHandler: can('faq.create'),
      schema: { tags: ['admin-faqs'], summary: '新建常见问题（可由互动答复“转为常见问题”，记录来源互动）', security, body: FaqSave, response: { 201: FaqView, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await faqs.create(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/faqs/:id',
    {
      preHandler: can('faq.update'),
      schema: { tags: ['admin-faqs'], summary: '修改、发布或撤下常见问题（上级站点的问题不能修改）', security, params: IdParams, body: FaqSave, response: { 200: FaqView, ...errors } },
    },
    async (req) => faqs.update(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/faqs/:id',
    {
      preHandler: can('faq.delete'),
      schema: { tags: ['admin-faqs'], summary: '删除常见问题', security, params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await faqs.delete(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/reply-templates',
    {
      preHandler: can('reply-template.list'),
      schema: {
        tags: ['admin-faqs'],
        summary: '答复模板：本站点及上级站点的通用模板，加上所选部门的模板（不选部门时为本站点全部部门的模板）',
        security,
        querystring: ReplyTemplateQuery,
        response: { 200: Type.Object({ items: Type.Array(ReplyTemplateView) }), ...errors },
      },
    },
    async (req) => faqs.templates(actorOf(req), req.query),
  );

  app.post(
    '/api/admin/reply-templates',
    {
      preHandler: can('reply-template.create'),
      schema: { tags: ['admin-faqs'], summary: '新建答复模板（不选部门即本站点通用；部门须属于该站点）', security, body: ReplyTemplateSave, response: { 201: ReplyTemplateView, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await faqs.createTemplate(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/reply-templates/:id',
    {
      preHandler: can('reply-template.update'),
      schema: { tags: ['admin-faqs'], summary: '修改答复模板（上级站点的模板不能修改）', security, params: IdParams, body: ReplyTemplateSave, response: { 200: ReplyTemplateView, ...errors } },
    },
    async (req) => faqs.updateTemplate(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/reply-templates/:id',
    {
      preHandler: can('reply-template.delete'),
      schema: { tags: ['admin-faqs'], summary: '删除答复模板', security, params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await faqs.deleteTemplate(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'faqs', dependencies: ['sites', 'admin-auth', 'published'] });
