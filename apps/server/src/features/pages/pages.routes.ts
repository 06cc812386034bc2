import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AdminPageQuery, CITY_SITE, AdminPageView, ErrorBody, PageParams, PageQuery, PageVersionParams, PageVersionView, PageView, PageWriteRequest } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { publishedRoute } from '../../infra/published.js';
import { PagesService } from './pages.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ staff: [] }];

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const pages = new PagesService(app.ctx.db, app.sites, app.ctx.audit);
  const guard = requireStaff();

  app.get(
    '/api/pages/:channel',
    {
      ...publishedRoute(app),
      schema: {
        tags: ['pages'],
        summary: '频道页（首页 / 办事 / 便民）：按站点配置的区块，已解析为可直接渲染的数据',
        description:
          '返回该站点当前版本的页面；本站点没有配置时沿用最近的上级站点（inheritedFrom 为其代码）。轮播图只含当前时间窗内的图片；应用宫格带 apps、服务专区带 zones、事项列表带 items、资讯列表带 news（均含本站点及上级站点的内容，已下线的不出现）。尚未配置任何页面时 version 为 0、blocks 为空。',
        params: PageParams,
        querystring: PageQuery,
        response: { 200: PageView, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const { channel } = req.params;
      const site = req.query.site ?? CITY_SITE;
      return app.published.serve(req, reply, `page:${channel}:${site}`, async (now) => {
        const r = await pages.published(channel, site, new Date(now));
        return { body: r.view, changesAt: r.changesAt };
      });
    },
  );

  app.get(
    '/api/admin/pages/:channel',
    {
      preHandler: [guard, requirePermission('content:write', 'page.read')],
      schema: {
        tags: ['admin-pages'],
        summary: '页面配置：编辑器中的当前页面（未解析的区块）',
        description: '本站点还没有自己的页面时返回最近上级站点的页面副本，inheritedFrom 为其代码、version 为 null；首次发布即成为本站点的第 1 版。',
        security,
        params: PageParams,
        querystring: AdminPageQuery,
        response: { 200: AdminPageView, ...errors },
      },
    },
    async (req) => pages.adminView(actorOf(req), req.params.channel, req.query.site),
  );

  app.put(
    '/api/admin/pages/:channel',
    {
      preHandler: [guard, requirePermission('content:write', 'page.publish')],
      schema: {
        tags: ['admin-pages'],
        summary: '发布页面：保存为新版本并立即生效（无需重启）',
        description:
          '区块类型：titleBar 标题栏、banner 轮播图、licences 电子证照、zoneGrid 服务专区、appGrid 应用宫格、itemList 事项列表、newsList 资讯列表、notice 通知公告，各类型的字段见 PageBlock。未知类型、多余或缺少的字段返回 400，message 指明是第几个区块。',
        security,
        params: PageParams,
        querystring: AdminPageQuery,
        body: PageWriteRequest,
        response: { 200: AdminPageView, ...errors },
      },
    },
    async (req) => pages.publish(actorOf(req), req.params.channel, req.query.site, req.body.blocks, req.body.note),
  );

  app.get(
    '/api/admin/pages/:channel/versions',
    {
      preHandler: [guard, requirePermission('content:write', 'page.versions')],
      schema: {
        tags: ['admin-pages'],
        summary: '页面的发布历史（最新在前，最多 100 条）',
        security,
        params: PageParams,
        querystring: AdminPageQuery,
        response: { 200: Type.Array(PageVersionView), ...errors },
      },
    },
    async (req) => pages.versions(actorOf(req), req.params.channel, req.query.site),
  );

  app.post(
    '/api/admin/pages/:channel/versions/:version/restore',
    {
      preHandler: [guard, requirePermission('content:write', 'page.restore')],
      schema: {
        tags: ['admin-pages'],
        summary: '恢复历史版本：以该版本的内容发布一个新版本',
        security,
        params: PageVersionParams,
        querystring: AdminPageQuery,
        response: { 200: AdminPageView, ...errors },
      },
    },
    async (req) => pages.restore(actorOf(req), req.params.channel, req.params.version, req.query.site),
  );
};

export default fp(plugin, { name: 'pages', dependencies: ['sites', 'admin-auth', 'published'] });
