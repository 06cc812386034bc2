import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, LoginRequest, OkResponse, RegisterBody, ResetPasswordRequest, SmsLoginRequest, UserEnvelope } from '@dz/contracts';
import { USER_COOKIE, clearSessionCookie } from '../../infra/http.js';
import { AuthService } from './auth.service.js';
import { requestMeta, startUserSession } from './session.js';
import { toUserView } from './users.view.js';
import { routeLimit } from '../../infra/ip-limits.js';

declare module 'fastify' {
  interface FastifyInstance {
    citizenAuth: AuthService;
  }
}

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const auth = new AuthService(app.ctx, app.sms);
  app.decorate('citizenAuth', auth);
  const view = (row: Parameters<typeof toUserView>[0]) => ({ user: toUserView(row, app.ctx.gm) });

  app.post(
    '/api/auth/register',
    {
      config: { rateLimit: routeLimit(10) },
      schema: {
        tags: ['auth'],
        summary: '注册（个人 / 法人），成功后即为登录状态',
        description: '先用 POST /api/auth/sms-codes（purpose=register）获取验证码。身份证号按 GB 11643 校验，统一社会信用代码按 GB 32100 校验。',
        body: RegisterBody,
        response: { 201: UserEnvelope, 400: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const user = await auth.register(req.body, requestMeta(req));
      await startUserSession(req, reply, user.id);
      return reply.status(201).send(view(user));
    },
  );

  app.post(
    '/api/auth/login',
    {
      // Above the per-network failure limit (20), so that limit answers first with its clearer message.
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags: ['auth'],
        summary: '密码登录（手机号或用户名）',
        description: '连续输错5次锁定15分钟（返回423，message 说明锁定时长）；同一网络15分钟内失败超过20次将暂时拦截（429）。',
        body: LoginRequest,
        response: { 200: UserEnvelope, 400: ErrorBody, 401: ErrorBody, 423: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const user = await auth.login(req.body.account, req.body.password, req.body.kind, requestMeta(req));
      await startUserSession(req, reply, user.id);
      return view(user);
    },
  );

  app.post(
    '/api/auth/login/sms',
    {
      config: { rateLimit: routeLimit(10) },
      schema: {
        tags: ['auth'],
        summary: '短信验证码登录',
        description: '先用 POST /api/auth/sms-codes（purpose=login）获取验证码。短信登录成功会解除密码错误造成的锁定。',
        body: SmsLoginRequest,
        response: { 200: UserEnvelope, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const user = await auth.loginWithSms(req.body.phone, req.body.smsCode, requestMeta(req));
      await startUserSession(req, reply, user.id);
      return view(user);
    },
  );

  app.post(
    '/api/auth/password/reset',
    {
      config: { rateLimit: routeLimit(10) },
      schema: {
        tags: ['auth'],
        summary: '忘记密码：凭短信验证码设置新密码（个人、法人）',
        description: '先用 POST /api/auth/sms-codes（purpose=reset）获取验证码。成功后该账号在所有设备上退出登录，并解除锁定。',
        body: ResetPasswordRequest,
        response: { 200: OkResponse, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req) => {
      await auth.resetPassword(req.body.phone, req.body.smsCode, req.body.newPassword, requestMeta(req));
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: '退出登录：服务端会话立即失效',
        response: { 204: Type.Null({ description: '已退出' }) },
      },
    },
    async (req, reply) => {
      await auth.logout(req.cookies[USER_COOKIE], requestMeta(req));
      clearSessionCookie(reply, 'user');
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'auth', dependencies: ['sms'] });
