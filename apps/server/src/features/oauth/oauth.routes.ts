import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ErrorBody, OAuthCallbackQuery, OAuthProviderParams, OAuthProviderView, OAuthStartQuery } from '@dz/contracts';
import { requestMeta, startUserSession } from '../auth/session.js';
import { OAUTH_MESSAGES, OAUTH_STATE_TTL_MS, OAuthFailure, OAuthService } from './oauth.service.js';
import { routeLimit } from '../../infra/ip-limits.js';

/** Pins the flow to the browser that started it (see oauth.service.ts). */
const STATE_COOKIE = 'dz_oauth_state';
const STATE_COOKIE_PATH = '/api/auth/oauth';

const loginError = (message: string) => `/login?oauthError=${encodeURIComponent(message)}`;

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const oauth = new OAuthService(app.ctx, app.citizenAuth);

  const callbackUrl = (req: FastifyRequest, provider: string) => {
    const base = (app.ctx.config.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');
    return `${base}/api/auth/oauth/${provider}/callback`;
  };

  app.get(
    '/api/auth/oauth/providers',
    {
      schema: {
        tags: ['auth'],
        summary: '三方登录：可用的登录方式',
        response: { 200: Type.Array(OAuthProviderView) },
      },
    },
    async () => oauth.listProviders(),
  );

  app.get(
    '/api/auth/oauth/:provider/start',
    {
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags: ['auth'],
        summary: '三方登录：跳转到统一身份认证授权页（OAuth 2.0 授权码 + PKCE）',
        description: '浏览器直接打开此地址。returnTo 为登录后回到的站内路径（默认 /me）；出错时跳转到 /login?oauthError=中文原因。',
        params: OAuthProviderParams,
        querystring: OAuthStartQuery,
        response: { 302: Type.Null({ description: '跳转到授权页，或出错时跳转到 /login?oauthError=…' }), 400: ErrorBody },
      },
    },
    async (req, reply) => {
      try {
        const { url, state } = await oauth.start(req.params.provider, req.query.returnTo, callbackUrl(req, req.params.provider));
        reply.setCookie(STATE_COOKIE, state, {
          path: STATE_COOKIE_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: app.ctx.config.profile === 'production',
          maxAge: OAUTH_STATE_TTL_MS / 1000,
        });
        return reply.redirect(url, 302);
      } catch (err) {
        if (err instanceof OAuthFailure) return reply.redirect(loginError(err.message), 302);
        throw err;
      }
    },
  );

  app.get(
    '/api/auth/oauth/:provider/callback',
    {
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags: ['auth'],
        summary: '三方登录：授权回调（登录成功后跳回 returnTo）',
        description: '由统一身份认证跳转而来。已绑定的账号直接登录；同一手机号的账号自动绑定；否则创建已实名的个人账号。失败时跳转到 /login?oauthError=中文原因。',
        params: OAuthProviderParams,
        querystring: OAuthCallbackQuery,
        response: { 302: Type.Null({ description: '跳转到 returnTo，或 /login?oauthError=…' }), 400: ErrorBody },
      },
    },
    async (req, reply) => {
      const browserState = req.cookies[STATE_COOKIE];
      reply.clearCookie(STATE_COOKIE, { path: STATE_COOKIE_PATH });
      try {
        const { user, returnTo } = await oauth.callback(req.params.provider, req.query, browserState, requestMeta(req));
        await startUserSession(req, reply, user.id);
        return reply.redirect(returnTo, 302);
      } catch (err) {
        if (err instanceof OAuthFailure) return reply.redirect(loginError(err.message), 302);
        req.log.error({ err }, 'oauth callback failed');
        return reply.redirect(loginError(OAUTH_MESSAGES.failed), 302);
      }
    },
  );
};

export default fp(plugin, { name: 'oauth', dependencies: ['auth'] });
