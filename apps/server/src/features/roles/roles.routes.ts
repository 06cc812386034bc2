import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, IdParams, PermissionView, RoleView, RoleWriteRequest } from '@dz/contracts';
import { actorOf, requireStaff } from '../admin-auth/staff-guard.js';
import { RolesService } from './roles.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ staff: [] }];

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const roles = new RolesService(app.ctx.db, app.ctx.audit);
  const guard = requireStaff();

  app.get(
    '/api/admin/permissions',
    { preHandler: guard, schema: { tags: ['admin-org'], summary: '权限清单（代码与中文名称）', security, response: { 200: Type.Array(PermissionView), 401: ErrorBody, 403: ErrorBody } } },
    async () => roles.permissions(),
  );

  app.get(
    '/api/admin/roles',
    { preHandler: guard, schema: { tags: ['admin-org'], summary: '角色列表（需“查看角色”或“管理工作人员”权限）', security, response: { 200: Type.Array(RoleView), 401: ErrorBody, 403: ErrorBody } } },
    async (req) => roles.list(actorOf(req)),
  );

  app.post(
    '/api/admin/roles',
    { preHandler: guard, schema: { tags: ['admin-org'], summary: '新建角色（仅超级管理员）', security, body: RoleWriteRequest, response: { 201: RoleView, ...errors } } },
    async (req, reply) => reply.status(201).send(await roles.create(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/roles/:id',
    {
      preHandler: guard,
      schema: { tags: ['admin-org'], summary: '修改角色（仅超级管理员；内置角色代码不可改，超级管理员角色不可改）', security, params: IdParams, body: RoleWriteRequest, response: { 200: RoleView, ...errors } },
    },
    async (req) => roles.update(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/roles/:id',
    {
      preHandler: guard,
      schema: { tags: ['admin-org'], summary: '删除角色（仅超级管理员；内置角色与仍在使用的角色不能删除）', security, params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await roles.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'roles', dependencies: ['admin-auth'] });
