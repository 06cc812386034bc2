import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DepartmentListQuery, DepartmentUpdateRequest, DepartmentView, DepartmentWriteRequest, ErrorBody, IdParams, SiteNode } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { OrgService } from './org.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ staff: [] }];

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const org = new OrgService(app.ctx.db, app.sites, app.ctx.audit);
  const guard = requireStaff();

  app.get(
    '/api/admin/sites',
    {
      preHandler: guard,
      schema: { tags: ['admin-org'], summary: '可管理的站点树：根为本人所属站点，含全部下级站点', security, response: { 200: SiteNode, 401: ErrorBody, 403: ErrorBody } },
    },
    async (req) => org.siteTree(actorOf(req)),
  );

  app.get(
    '/api/admin/departments',
    {
      preHandler: [guard, requirePermission('org:read', 'department.list')],
      schema: {
        tags: ['admin-org'],
        summary: '部门列表（本站点及下级站点）',
        description: '指定 siteCode 时只返回该站点的部门；该站点不在可管理范围内时返回 403。',
        security,
        querystring: DepartmentListQuery,
        response: { 200: Type.Array(DepartmentView), ...errors },
      },
    },
    async (req) => org.listDepartments(actorOf(req), req.query.siteCode),
  );

  app.post(
    '/api/admin/departments',
    {
      preHandler: [guard, requirePermission('org:write', 'department.create')],
      schema: { tags: ['admin-org'], summary: '新建部门（站点须在可管理范围内；同一站点内部门代码唯一）', security, body: DepartmentWriteRequest, response: { 201: DepartmentView, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await org.createDepartment(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/departments/:id',
    {
      preHandler: [guard, requirePermission('org:write', 'department.update')],
      schema: {
        tags: ['admin-org'],
        summary: '修改部门名称、代码或排序（所属站点不可更改）',
        security,
        params: IdParams,
        body: DepartmentUpdateRequest,
        response: { 200: DepartmentView, ...errors },
      },
    },
    async (req) => org.updateDepartment(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/departments/:id',
    {
      preHandler: [guard, requirePermission('org:write', 'department.delete')],
      schema: { tags: ['admin-org'], summary: '删除部门（仍有工作人员时返回 409）', security, params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await org.deleteDepartment(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'org', dependencies: ['admin-auth'] });
