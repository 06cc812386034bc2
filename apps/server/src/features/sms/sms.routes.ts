import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, SmsCodeRequest, SmsCodeResponse, SmsOutboxItem, SmsOutboxQuery } from '@dz/contracts';
import { SmsService, createGateway } from './sms.service.js';
import { isLocalRequest, routeLimit } from '../../infra/ip-limits.js';
import { AppError } from '../../infra/errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    sms: SmsService;
  }
}

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  app.decorate('sms', new SmsService(app.ctx, createGateway(app.ctx), app.log));

  app.post(
    '/api/auth/sms-codes',
    {
      // Burst guard per IP; the per-phone and per-IP daily quotas live in the service.
      config: { rateLimit: routeLimit(15) },
      schema: {
        tags: ['auth'],
        summary: '获取短信验证码（注册、登录、找回密码、注销账号）',
        description: '同一手机号60秒内只能获取一次（上一条验证码使用后可立即再获取）；每个手机号、每个网络每天最多10次。验证码5分钟内有效，输错5次作废，只有最新一条有效。',
        body: SmsCodeRequest,
        response: { 200: SmsCodeResponse, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody, 503: ErrorBody },
      },
    },
    async (req) => app.sms.requestCode(req.body.phone, req.body.purpose, req.ip),
  );

  // The dev outbox exists only while messages go to it; with a real gateway the path is a 404.
  // It hands out login codes, so it answers only on the machine itself: to anyone else it does
  // not exist, even when the embedded profile was told to listen on the network (HOST=0.0.0.0).
  if (app.ctx.config.smsGateway === 'outbox') {
    app.get(
      '/api/dev/sms-outbox',
      {
        config: { rateLimit: routeLimit(120) },
        onRequest: async (req) => {
          if (!isLocalRequest(req)) throw new AppError(404, 'NOT_FOUND', '接口不存在，请检查地址');
        },
        schema: {
          tags: ['platform'],
          summary: '开发工具：查看发往某手机号的短信（仅 SMS_GATEWAY=outbox 时可用，仅限本机访问，最新在前）',
          querystring: SmsOutboxQuery,
          response: { 200: Type.Array(SmsOutboxItem), 400: ErrorBody, 404: ErrorBody },
        },
      },
      async (req) => app.sms.outbox(req.query.phone),
    );
  }
};

export default fp(plugin, { name: 'sms' });
