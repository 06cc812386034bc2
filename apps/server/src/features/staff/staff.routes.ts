import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, IdParams, OkResponse, Paged, StaffCreateRequest, StaffListQuery, StaffUpdateRequest, StaffView, TemporaryPasswordResponse } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { StaffService } from './staff.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ staff: [] }];

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const staff = new StaffService(app.ctx, app.sites);
  const guard = requireStaff();

  app.get(
    '/api/admin/staff',
    {
      preHandler: [guard, requirePermission('staff:read', 'staff.list')],
      schema: {
        tags: ['admin-org'],
        summary: '工作人员列表（本站点及下级站点；手机号脱敏）',
        description: 'siteCode 筛选该站点及其下级站点；该站点不在可管理范围内时返回 403。keyword 匹配用户名、姓名，或完整手机号。',
        security,
        querystring: StaffListQuery,
        response: { 200: Paged(StaffView), ...errors },
      },
    },
    async (req) => staff.list(actorOf(req), req.query),
  );

  app.get(
    '/api/admin/staff/:id',
    {
      preHandler: [guard, requirePermission('staff:read', 'staff.read')],
      schema: { tags: ['admin-org'], summary: '工作人员详情', security, params: IdParams, response: { 200: StaffView, ...errors } },
    },
    async (req) => staff.get(actorOf(req), req.params.id),
  );

  app.post(
    '/api/admin/staff',
    {
      preHandler: [guard, requirePermission('staff:write', 'staff.create')],
      schema: {
        tags: ['admin-org'],
        summary: '新建工作人员（首次登录须修改密码并绑定动态验证码）',
        description: '站点须在可管理范围内；非超级管理员只能授予自己拥有的权限，且不能授予超级管理员角色。用户名不区分大小写，重复返回 409。',
        security,
        body: StaffCreateRequest,
        response: { 201: StaffView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await staff.create(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/staff/:id',
    {
      preHandler: [guard, requirePermission('staff:write', 'staff.update')],
      schema: {
        tags: ['admin-org'],
        summary: '修改工作人员：姓名、手机、部门、角色、启用/停用',
        description: '不能停用本人或移除本人的角色；停用后该人员的会话立即失效。',
        security,
        params: IdParams,
        body: StaffUpdateRequest,
        response: { 200: StaffView, ...errors },
      },
    },
    async (req) => staff.update(actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/admin/staff/:id/reset-password',
    {
      preHandler: [guard, requirePermission('staff:write', 'staff.password.reset')],
      schema: {
        tags: ['admin-org'],
        summary: '重置密码：生成临时密码（只显示一次），登录后须修改；同时解除锁定并使其会话失效',
        security,
        params: IdParams,
        response: { 200: TemporaryPasswordResponse, ...errors },
      },
    },
    async (req) => staff.resetPassword(actorOf(req), req.params.id),
  );

  app.post(
    '/api/admin/staff/:id/reset-otp',
    {
      preHandler: [guard, requirePermission('staff:write', 'staff.otp.reset')],
      schema: {
        tags: ['admin-org'],
        summary: '重置动态验证码：下次登录须重新绑定；其会话立即失效',
        security,
        params: IdParams,
        response: { 200: OkResponse, ...errors },
      },
    },
    async (req) => {
      await staff.resetOtp(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
};

export default fp(plugin, { name: 'staff', dependencies: ['admin-auth'] });
