/**
 * Service zones (主题集成专区), 便民 themes and apps: the public reads the H5 uses, and the console
 * routes that manage them (移动端管理 · 应用管理).
 */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdminAppListQuery,
  AdminAppView,
  AdminSiteQuery,
  AdminZoneView,
  AppCard,
  AppCreateRequest,
  AppDetail,
  AppListQuery,
  AppStatusRequest,
  AppUpdateRequest,
  CatalogSiteQuery,
  ErrorBody,
  IdParams,
  Paged,
  ThemeCodeParams,
  ThemeSummary,
  ZoneCodeParams,
  ZoneDetail,
  ZoneOverrideRequest,
  ZoneSummary,
  ZoneUpdateRequest,
} from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { CatalogService } from './catalog.service.js';
import { CatalogAdminService, CONTENT_PERMISSION } from './catalog.admin.service.js';
import { publishedRoute } from '../../infra/published.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Site-resolved zones and apps, for other features (pages, search, subscriptions). */
    catalog: CatalogService;
  }
}

const notFoundOnly = { 404: ErrorBody };
const adminErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ staff: [] }];

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const catalog = new CatalogService(app.ctx.db, app.sites);
  // Its writes bump the content version (published bytes and search index) through infra/published.ts.
  const admin = new CatalogAdminService(app.ctx.db, app.sites, app.ctx.audit);
  const pub = publishedRoute(app);
  const site = (s: string | undefined) => s ?? '';
  app.decorate('catalog', catalog);

  // ---- public ------------------------------------------------------------------------------

  app.get(
    '/api/zones',
    {
      ...pub,
      schema: {
        tags: ['catalog'],
        summary: '服务专区列表（本站点及继承的上级站点专区，同代码以就近站点为准）',
        querystring: CatalogSiteQuery,
        response: { 200: Type.Array(ZoneSummary), ...notFoundOnly },
      },
    },
    async (req, reply) => app.published.serve(req, reply, `zones:${site(req.query.site)}`, async () => ({ body: await catalog.zones(req.query.site) })),
  );

  app.get(
    '/api/zones/:code',
    {
      ...pub,
      schema: {
        tags: ['catalog'],
        summary: '服务专区详情：按分组（我要查 / 我要办 / 我要咨询 …）列出应用，含即将上线的应用',
        params: ZoneCodeParams,
        querystring: CatalogSiteQuery,
        response: { 200: ZoneDetail, ...notFoundOnly },
      },
    },
    async (req, reply) => app.published.serve(req, reply, `zone:${req.params.code}:${site(req.query.site)}`, async () => ({ body: await catalog.zone(req.query.site, req.params.code) })),
  );

  app.get(
    '/api/themes',
    { ...pub, schema: { tags: ['catalog'], summary: '便民主题服务：16个主题及各主题的应用数', querystring: CatalogSiteQuery, response: { 200: Type.Array(ThemeSummary), ...notFoundOnly } } },
    async (req, reply) => app.published.serve(req, reply, `themes:${site(req.query.site)}`, async () => ({ body: await catalog.themes(req.query.site) })),
  );

  app.get(
    '/api/themes/:code/apps',
    { ...pub, schema: { tags: ['catalog'], summary: '某个便民主题下的应用', params: ThemeCodeParams, querystring: CatalogSiteQuery, response: { 200: Type.Array(AppCard), ...notFoundOnly } } },
    async (req, reply) => app.published.serve(req, reply, `theme:${req.params.code}:${site(req.query.site)}`, async () => ({ body: await catalog.themeApps(req.query.site, req.params.code) })),
  );

  app.get(
    '/api/apps',
    {
      schema: {
        tags: ['catalog'],
        summary: '应用列表：可按掌上办、专区、主题、服务对象筛选',
        querystring: AppListQuery,
        response: { 200: Type.Array(AppCard), ...notFoundOnly },
      },
    },
    async (req) => catalog.apps(req.query.site, req.query),
  );

  app.get(
    '/api/apps/:id',
    { ...pub, schema: { tags: ['catalog'], summary: '应用详情（已下线的应用返回 404）', params: IdParams, response: { 200: AppDetail, ...notFoundOnly } } },
    async (req, reply) => app.published.serve(req, reply, `app:${req.params.id}`, async () => ({ body: await catalog.app(req.params.id) })),
  );

  // ---- console -----------------------------------------------------------------------------

  const guard = requireStaff();
  const can = (action: string) => [guard, requirePermission(CONTENT_PERMISSION, action)];

  app.get(
    '/api/admin/zones',
    {
      preHandler: can('zone.list'),
      schema: {
        tags: ['admin-catalog'],
        summary: '服务专区列表（某站点可见的专区，继承自上级的标记 inherited）',
        security,
        querystring: AdminSiteQuery,
        response: { 200: Type.Array(AdminZoneView), ...adminErrors },
      },
    },
    async (req) => admin.listZones(actorOf(req), req.query.siteCode),
  );

  app.put(
    '/api/admin/zones/:id',
    {
      preHandler: can('zone.update'),
      schema: {
        tags: ['admin-catalog'],
        summary: '修改服务专区：名称、图标、主题色、简介、横幅、分组、排序、上线/下线',
        description: '只能修改本站点及下级站点的专区；继承自上级的专区请先“定制”为本站点专区。',
        security,
        params: IdParams,
        body: ZoneUpdateRequest,
        response: { 200: AdminZoneView, ...adminErrors },
      },
    },
    async (req) => admin.updateZone(actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/admin/zones/:id/override',
    {
      preHandler: can('zone.override'),
      schema: {
        tags: ['admin-catalog'],
        summary: '为下级站点定制继承的服务专区（复制一份归该站点所有，此后在该站点覆盖上级专区）',
        security,
        params: IdParams,
        body: ZoneOverrideRequest,
        response: { 201: AdminZoneView, ...adminErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await admin.overrideZone(actorOf(req), req.params.id, req.body.siteCode)),
  );

  app.delete(
    '/api/admin/zones/:id',
    {
      preHandler: can('zone.delete'),
      schema: {
        tags: ['admin-catalog'],
        summary: '删除站点定制的专区，恢复继承上级站点（站点自建的专区不能删除，可改为下线）',
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...adminErrors },
      },
    },
    async (req, reply) => {
      await admin.deleteZone(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/apps',
    {
      preHandler: can('app.list'),
      schema: {
        tags: ['admin-catalog'],
        summary: '应用列表（某站点可见的应用，继承自上级的标记 inherited；可按专区、状态、关键词筛选）',
        security,
        querystring: AdminAppListQuery,
        response: { 200: Paged(AdminAppView), ...adminErrors },
      },
    },
    async (req) => admin.listApps(actorOf(req), req.query),
  );

  app.post(
    '/api/admin/apps',
    {
      preHandler: can('app.create'),
      schema: {
        tags: ['admin-catalog'],
        summary: '新建应用（与上级站点同代码即为本站点定制，覆盖上级应用）',
        security,
        body: AppCreateRequest,
        response: { 201: AdminAppView, ...adminErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await admin.createApp(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/apps/:id',
    {
      preHandler: can('app.update'),
      schema: { tags: ['admin-catalog'], summary: '修改应用（所属站点不可更改）', security, params: IdParams, body: AppUpdateRequest, response: { 200: AdminAppView, ...adminErrors } },
    },
    async (req) => admin.updateApp(actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/admin/apps/:id/status',
    {
      preHandler: can('app.status'),
      schema: { tags: ['admin-catalog'], summary: '应用上线 / 下线 / 即将上线', security, params: IdParams, body: AppStatusRequest, response: { 200: AdminAppView, ...adminErrors } },
    },
    async (req) => admin.setAppStatus(actorOf(req), req.params.id, req.body.status),
  );

  app.delete(
    '/api/admin/apps/:id',
    {
      preHandler: can('app.delete'),
      schema: { tags: ['admin-catalog'], summary: '删除应用（只能删除本站点及下级站点的应用）', security, params: IdParams, response: { 204: Type.Null(), ...adminErrors } },
    },
    async (req, reply) => {
      await admin.deleteApp(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'catalog', dependencies: ['sites', 'admin-auth', 'published'] });
