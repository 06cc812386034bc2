import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AdminChangePasswordRequest, AdminLoginRequest, AdminLoginResponse, ErrorBody, OkResponse, OtpStartResponse, OtpVerifyRequest } from '@dz/contracts';
import { clearSessionCookie, clientMeta, setSessionCookie, STAFF_COOKIE } from '../../infra/http.js';
import { unauthenticated } from '../../infra/errors.js';
import { AdminAuthService } from './admin-auth.service.js';
import { actorOf, loadStaffContext, requireStaff } from './staff-guard.js';

declare module 'fastify' {
  interface FastifyInstance {
    adminAuth: AdminAuthService;
  }
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 423: ErrorBody, 429: ErrorBody };
const security = [{ staff: [] }];

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  app.decorateRequest('staff', null);
  app.decorate('adminAuth', new AdminAuthService(app.ctx, app.sites));

  const tokenOf = (cookies: Record<string, string | undefined>) => {
    const token = cookies[STAFF_COOKIE];
    if (!token) throw unauthenticated('请先登录管理后台');
    return token;
  };

  app.post(
    '/api/admin/auth/login',
    {
      // Per-IP ceiling on top of the per-account lockout, against password spraying across accounts.
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['admin-auth'],
        summary: '管理后台登录（用户名 + 密码 + 动态验证码）',
        description:
          '首次登录（初始密码、未绑定动态验证码）返回 mustChangePassword / otpEnrolled 标记，此时只能修改密码、绑定动态验证码。已绑定后每次登录都须提供 otp；未提供返回 401 OTP_REQUIRED。连续错误5次锁定15分钟（423）。',
        body: AdminLoginRequest,
        response: { 200: AdminLoginResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { token, body } = await app.adminAuth.login(req.body, { ...clientMeta(req), requestId: req.id });
      setSessionCookie(req, reply, 'staff', token);
      return body;
    },
  );

  app.post(
    '/api/admin/auth/logout',
    { schema: { tags: ['admin-auth'], summary: '退出管理后台：服务端会话立即失效', security, response: { 204: Type.Null() } } },
    async (req, reply) => {
      const token = req.cookies[STAFF_COOKIE];
      if (token) {
        const session = await app.ctx.sessions.touch('staff', token);
        const staff = session ? await loadStaffContext(req, session.subjectId) : null;
        await app.adminAuth.logout(staff ? { staff, ip: req.ip, requestId: req.id } : null, token);
      }
      clearSessionCookie(reply, 'staff');
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/me',
    { preHandler: requireStaff({ setup: true }), schema: { tags: ['admin-auth'], summary: '当前登录的工作人员', security, response: { 200: AdminLoginResponse, 401: ErrorBody } } },
    async (req) => app.adminAuth.viewById(actorOf(req).staff.id),
  );

  app.put(
    '/api/admin/me/password',
    {
      preHandler: requireStaff({ setup: true }),
      schema: {
        tags: ['admin-auth'],
        summary: '修改本人密码（首次登录必须修改初始密码）',
        description: '密码至少8位，含大写字母、小写字母、数字、符号中的至少三类，不能包含手机号或用户名，且不能与原密码相同。成功后本人其他会话全部失效。',
        security,
        body: AdminChangePasswordRequest,
        response: { 200: OkResponse, ...errors },
      },
    },
    async (req) => {
      await app.adminAuth.changePassword(actorOf(req), tokenOf(req.cookies), req.body.oldPassword, req.body.newPassword);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/admin/me/otp',
    {
      preHandler: requireStaff({ setup: true }),
      schema: {
        tags: ['admin-auth'],
        summary: '开始绑定动态验证码（TOTP，RFC 6238：SHA-1、6位、30秒）',
        description: '返回 Base32 密钥与 otpauth:// 地址（可生成二维码供验证器扫描）。已绑定时返回 409，须由管理员重置后重新绑定。',
        security,
        response: { 200: OtpStartResponse, ...errors },
      },
    },
    async (req) => app.adminAuth.startOtp(actorOf(req)),
  );

  app.post(
    '/api/admin/me/otp/verify',
    {
      preHandler: requireStaff({ setup: true }),
      schema: {
        tags: ['admin-auth'],
        summary: '确认绑定动态验证码：输入验证器上的6位数字',
        description: '成功后此后每次登录都须提供动态验证码。',
        security,
        body: OtpVerifyRequest,
        response: { 200: AdminLoginResponse, ...errors },
      },
    },
    async (req) => app.adminAuth.verifyOtp(actorOf(req), req.body.otp),
  );
};

export default fp(plugin, { name: 'admin-auth', dependencies: ['sites'] });
