/** 资讯: public list and article; console management with server-side content sanitising. */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AdminNewsListQuery, AdminNewsView, ErrorBody, IdParams, NewsCard, NewsCreateRequest, NewsDetail, NewsListQuery, NewsUpdateRequest, Paged } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { CONTENT_PERMISSION } from '../catalog/catalog.admin.service.js';
import { publishedRoute } from '../../infra/published.js';
import { NewsService } from './news.service.js';

const adminErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ staff: [] }];

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  // Its writes bump the content version (published bytes and search index) through infra/published.ts.
  const news = new NewsService(app.ctx.db, app.sites, app.ctx.audit);

  app.get(
    '/api/news',
    { ...publishedRoute(app), schema: { tags: ['news'], summary: '资讯列表（本站点及上级站点已发布的资讯，最新在前，分页）', querystring: NewsListQuery, response: { 200: Paged(NewsCard), 404: ErrorBody } } },
    async (req, reply) => {
      const { site = '', page = '', pageSize = '' } = req.query;
      return app.published.serve(req, reply, `news:${site}:${page}:${pageSize}`, async (now) => news.published(req.query, now));
    },
  );

  app.get(
    '/api/news/:id',
    { ...publishedRoute(app), schema: { tags: ['news'], summary: '资讯详情（正文为经过滤的 HTML）', params: IdParams, response: { 200: NewsDetail, 404: ErrorBody } } },
    async (req, reply) => app.published.serve(req, reply, `article:${req.params.id}`, async () => ({ body: await news.article(req.params.id) })),
  );

  const guard = requireStaff();
  const can = (action: string) => [guard, requirePermission(CONTENT_PERMISSION, action)];

  app.get(
    '/api/admin/news',
    {
      preHandler: can('news.list'),
      schema: { tags: ['admin-catalog'], summary: '资讯列表（某站点可见的资讯，含草稿；继承自上级的标记 inherited）', security, querystring: AdminNewsListQuery, response: { 200: Paged(AdminNewsView), ...adminErrors } },
    },
    async (req) => news.adminList(actorOf(req), req.query),
  );

  app.post(
    '/api/admin/news',
    {
      preHandler: can('news.create'),
      schema: {
        tags: ['admin-catalog'],
        summary: '新建资讯（正文只保留 p、h3、h4、ul、ol、li、strong、em、a、img、br，脚本和事件属性会被过滤）',
        security,
        body: NewsCreateRequest,
        response: { 201: AdminNewsView, ...adminErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await news.create(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/news/:id',
    {
      preHandler: can('news.update'),
      schema: { tags: ['admin-catalog'], summary: '修改资讯、发布或撤回为草稿', security, params: IdParams, body: NewsUpdateRequest, response: { 200: AdminNewsView, ...adminErrors } },
    },
    async (req) => news.update(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/news/:id',
    {
      preHandler: can('news.delete'),
      schema: { tags: ['admin-catalog'], summary: '删除资讯', security, params: IdParams, response: { 204: Type.Null(), ...adminErrors } },
    },
    async (req, reply) => {
      await news.delete(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'news', dependencies: ['sites', 'admin-auth', 'published'] });
