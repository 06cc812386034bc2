import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChangePasswordRequest, DeleteAccountRequest, ErrorBody, OkResponse, RealNameRequest, SessionResponse, UpdateProfileRequest, UserEnvelope, UserView } from '@dz/contracts';
import { USER_COOKIE, clearSessionCookie, optionalUser, requireUser } from '../../infra/http.js';
import { requestMeta } from '../auth/session.js';
import { toUserView } from '../auth/users.view.js';
import { MeService } from './me.service.js';
import { IdentityConnector } from '../../partners/connectors/identity.js';
import { routeLimit } from '../../infra/ip-limits.js';

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  // The real-name check is the identity register's only caller here; registered first of the
  // partner connectors, so any later feature finds it on the app.
  app.decorate('identity', new IdentityConnector(app.ctx.partners));
  const me = new MeService(app.ctx, app.citizenAuth, app.identity);
  const security = [{ citizen: [] }];

  app.get(
    '/api/me',
    {
      preHandler: requireUser,
      schema: {
        tags: ['me'],
        summary: '我的：个人信息 / 法人信息（手机号、身份证号、姓名均已脱敏）',
        security,
        response: { 200: UserView, 401: ErrorBody },
      },
    },
    async (req) => toUserView(await me.get(req.userId), app.ctx.gm),
  );

  // The app asks "who is logged in?" on every start. /api/me must stay 401 for anonymous callers
  // (API.md), which browsers log as a console error on every anonymous page load; this asks the
  // same question with "nobody" as an ordinary answer.
  app.get(
    '/api/auth/session',
    {
      preHandler: optionalUser,
      schema: {
        tags: ['auth'],
        summary: '当前登录状态：已登录时返回与 GET /api/me 相同的个人信息，未登录时 user 为 null（不返回 401）',
        response: { 200: SessionResponse },
      },
    },
    async (req) => {
      const user = await me.current(req.userId);
      return { user: user ? toUserView(user, app.ctx.gm) : null };
    },
  );

  app.put(
    '/api/me',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags: ['me'],
        summary: '修改个人信息 / 法人信息（用户名、邮箱；传 null 表示清除）',
        description: '姓名、身份证号通过实名认证更新；手机号即登录账号，不在此修改。',
        security,
        body: UpdateProfileRequest,
        response: { 200: UserView, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => toUserView(await me.update(req.userId, req.body, requestMeta(req)), app.ctx.gm),
  );

  app.put(
    '/api/me/password',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(10) },
      schema: {
        tags: ['me'],
        summary: '修改密码（其他设备上的登录随即失效，当前设备保持登录）',
        security,
        body: ChangePasswordRequest,
        response: { 200: OkResponse, 400: ErrorBody, 401: ErrorBody, 423: ErrorBody },
      },
    },
    async (req) => {
      await me.changePassword(req.userId, req.body.oldPassword, req.body.newPassword, requestMeta(req), req.cookies[USER_COOKIE]);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/me',
    {
      // A DELETE often arrives without a body; treat it as an empty confirmation so the citizen
      // hears what is missing instead of a content-type error.
      preValidation: async (req) => {
        req.body ??= {};
      },
      preHandler: requireUser,
      config: { rateLimit: routeLimit(10) },
      schema: {
        tags: ['me'],
        summary: '注销账号（凭登录密码或短信验证码确认）',
        description:
          '短信验证码用 POST /api/auth/sms-codes（purpose=deregister）获取。注销后立即退出所有设备，姓名、手机号、身份证号等个人信息被删除且不可恢复，该手机号可重新注册（GB/T 35273 §8.5）。',
        security,
        body: DeleteAccountRequest,
        response: { 204: Type.Null({ description: '已注销' }), 400: ErrorBody, 401: ErrorBody, 423: ErrorBody },
      },
    },
    async (req, reply) => {
      await me.deleteAccount(req.userId, req.body, requestMeta(req));
      clearSessionCookie(reply, 'user');
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/me/real-name',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(10) },
      schema: {
        tags: ['me'],
        summary: '实名认证：姓名与身份证号经公安身份核验',
        description: '身份证号先按 GB 11643 本地校验；核验服务不可用时3秒内返回503；每个账号每天最多核验5次。',
        security,
        body: RealNameRequest,
        response: { 200: UserEnvelope, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody, 503: ErrorBody },
      },
    },
    async (req) => ({ user: toUserView(await me.verifyRealName(req.userId, req.body.name, req.body.idNumber, requestMeta(req)), app.ctx.gm) }),
  );
};

export default fp(plugin, { name: 'me', dependencies: ['auth'] });
