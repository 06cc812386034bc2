/** 办事: 个人办事 / 法人办事 / 部门分类 / 主题分类 lists, the 事项指南, and console management of items. */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdminItemListQuery,
  AdminItemView,
  CatalogSiteQuery,
  DepartmentCard,
  ErrorBody,
  IdParams,
  ItemCard,
  ItemCreateRequest,
  ItemGuide,
  ItemListQuery,
  ItemUpdateRequest,
  Paged,
} from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { CONTENT_PERMISSION } from '../catalog/catalog.admin.service.js';
import { publishedRoute } from '../../infra/published.js';
import { ItemsService } from './items.service.js';

const adminErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ staff: [] }];

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  // Its writes bump the content version (published bytes and search index) through infra/published.ts.
  const items = new ItemsService(app.ctx.db, app.sites, app.ctx.audit);

  app.get(
    '/api/departments',
    {
      schema: {
        tags: ['items'],
        summary: '部门分类：本站点及上级站点中有可办事项的部门，含事项数',
        querystring: CatalogSiteQuery,
        response: { 200: Type.Array(DepartmentCard), 404: ErrorBody },
      },
    },
    async (req) => items.departments(req.query.site),
  );

  app.get(
    '/api/items',
    {
      schema: {
        tags: ['items'],
        summary: '事项列表：个人办事 / 法人办事，可按部门、主题、关键词筛选（分页）',
        description: 'audience=person 返回个人事项及个人和法人通用事项；corp 同理。站点可见本站点及上级站点的事项。',
        querystring: ItemListQuery,
        response: { 200: Paged(ItemCard), 404: ErrorBody },
      },
    },
    async (req) => items.list(req.query),
  );

  app.get(
    '/api/items/:id',
    {
      ...publishedRoute(app),
      schema: {
        tags: ['items'],
        summary: '事项指南：基本信息、申请材料、办理流程、办理地点',
        params: IdParams,
        response: { 200: ItemGuide, 404: ErrorBody },
      },
    },
    async (req, reply) => app.published.serve(req, reply, `guide:${req.params.id}`, async () => ({ body: await items.guide(req.params.id) })),
  );

  const guard = requireStaff();
  const can = (action: string) => [guard, requirePermission(CONTENT_PERMISSION, action)];

  app.get(
    '/api/admin/items',
    {
      preHandler: can('item.list'),
      schema: {
        tags: ['admin-catalog'],
        summary: '事项列表（某站点可见的事项，继承自上级的标记 inherited）',
        security,
        querystring: AdminItemListQuery,
        response: { 200: Paged(AdminItemView), ...adminErrors },
      },
    },
    async (req) => items.adminList(actorOf(req), req.query),
  );

  app.post(
    '/api/admin/items',
    {
      preHandler: can('item.create'),
      schema: { tags: ['admin-catalog'], summary: '新建事项（事项编码在本站点内唯一；部门须属于本站点或上级站点）', security, body: ItemCreateRequest, response: { 201: AdminItemView, ...adminErrors } },
    },
    async (req, reply) => reply.status(201).send(await items.create(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/items/:id',
    {
      preHandler: can('item.update'),
      schema: { tags: ['admin-catalog'], summary: '修改事项及其指南（所属站点不可更改）', security, params: IdParams, body: ItemUpdateRequest, response: { 200: AdminItemView, ...adminErrors } },
    },
    async (req) => items.update(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/items/:id',
    {
      preHandler: can('item.delete'),
      schema: { tags: ['admin-catalog'], summary: '删除事项（仍有应用指向该事项时返回 409）', security, params: IdParams, response: { 204: Type.Null(), ...adminErrors } },
    },
    async (req, reply) => {
      await items.delete(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'items', dependencies: ['sites', 'admin-auth', 'published'] });
