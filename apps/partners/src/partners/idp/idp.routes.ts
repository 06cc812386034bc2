/**
 * The sandbox 天府通办统一身份认证: an OAuth 2.0 authorization server (RFC 6749, authorization code
 * grant) that requires PKCE S256 (RFC 7636) and serves a userinfo endpoint with Bearer tokens
 * (RFC 6750). These are browser and OAuth endpoints, so they are not wrapped in the signed partner
 * protocol: OAuth authenticates the client itself (client_secret at the token endpoint) and binds
 * the code to the browser session through PKCE.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCOUNT_HOLDERS } from '../../demo/residents.js';
import { sendPage } from '../../lib/html.js';
import type { PartnerContext } from '../types.js';
import { grantScope, sandboxClients, secretMatches, type OAuthClient } from './clients.js';
import { consentPage, errorPage, type AuthorizeParams } from './pages.js';
import { isValidChallenge, verifierMatches } from './pkce.js';
import { IdpStore, TOKEN_TTL_S } from './store.js';

const AUTHORIZE_KEYS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'] as const;
const MAX_STATE = 1024;

type Validated = { ok: true; params: AuthorizeParams; client: OAuthClient; scope: string } | { ok: false; message: string };

function oauthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  if (status === 401) reply.header('www-authenticate', 'Basic realm="tfst-sandbox"');
  return reply.code(status).header('cache-control', 'no-store').header('pragma', 'no-cache').send({ error, error_description: description });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1: form-encoded, then base64) or the body. */
function clientCredentials(req: FastifyRequest, body: Record<string, unknown>): { id?: string; secret?: string; both: boolean } {
  const auth = req.headers.authorization;
  const bodyId = typeof body.client_id === 'string' ? body.client_id : undefined;
  const bodySecret = typeof body.client_secret === 'string' ? body.client_secret : undefined;
  if (auth && /^basic /i.test(auth)) {
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    const id = colon >= 0 ? dec(decoded.slice(0, colon)) : undefined;
    const secret = colon >= 0 ? dec(decoded.slice(colon + 1)) : undefined;
    // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
    if (bodySecret !== undefined || (bodyId !== undefined && bodyId !== id)) return { both: true };
    return { id, secret, both: false };
  }
  return { id: bodyId, secret: bodySecret, both: false };
}

export async function idpRoutes(app: FastifyInstance, ctx: PartnerContext): Promise<void> {
  // Form bodies only inside the IdP's scope: the signed partners accept JSON and nothing else.
  await app.register(formbody);
  const clients = sandboxClients({ secret: ctx.oauthClientSecret, extraRedirectPrefixes: ctx.oauthRedirectPrefixes });
  const store = new IdpStore(ctx.now);

  app.setErrorHandler((err: { statusCode?: number; message?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error(err);
    if (req.url.startsWith('/v1/oauth/authorize')) {
      return sendPage(reply, status, errorPage(status === 500 ? '统一身份认证服务暂时不可用，请稍后重试。' : '请求格式不正确，请返回原应用重新发起登录。'));
    }
    return oauthError(reply, status, status === 500 ? 'server_error' : 'invalid_request', status === 500 ? '服务暂时不可用' : (err.message ?? '请求格式不正确'));
  });

  /**
   * Checks an authorization request. Client and redirect URI come first: until both are known to
   * be registered, nothing may be sent to the redirect URI (RFC 6749 §4.1.2.1), so every failure
   * here is shown as an error page rather than redirected.
   */
  function validate(input: unknown): Validated {
    const q = isRecord(input) ? input : {};
    for (const k of AUTHORIZE_KEYS) {
      if (q[k] !== undefined && typeof q[k] !== 'string') return { ok: false, message: `参数 ${k} 不能重复出现。` };
    }
    const s = (k: (typeof AUTHORIZE_KEYS)[number]) => q[k] as string | undefined;
    const clientId = s('client_id');
    if (!clientId) return { ok: false, message: '缺少参数 client_id。' };
    const client = clients.find((c) => c.clientId === clientId);
    if (!client) return { ok: false, message: `应用“${clientId}”未在统一身份认证登记。` };
    const redirectUri = s('redirect_uri');
    if (!redirectUri) return { ok: false, message: '缺少参数 redirect_uri。' };
    if (!client.redirectUriAllowed(redirectUri)) return { ok: false, message: '回调地址 redirect_uri 未在该应用登记。' };
    if (s('response_type') !== 'code') return { ok: false, message: '仅支持授权码模式（response_type=code）。' };
    const challenge = s('code_challenge');
    if (!challenge) return { ok: false, message: '缺少 PKCE 参数 code_challenge：本认证服务要求 PKCE（RFC 7636）。' };
    if (s('code_challenge_method') !== 'S256') return { ok: false, message: '仅支持 code_challenge_method=S256。' };
    if (!isValidChallenge(challenge)) return { ok: false, message: 'code_challenge 格式不正确（应为43–128位 base64url 字符）。' };
    const state = s('state');
    if (state !== undefined && state.length > MAX_STATE) return { ok: false, message: `state 过长（最多 ${MAX_STATE} 个字符）。` };
    const params: AuthorizeParams = {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: s('scope'),
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    return { ok: true, params, client, scope: grantScope(params.scope) };
  }

  function redirectBack(reply: FastifyReply, params: AuthorizeParams, values: Record<string, string>): FastifyReply {
    const url = new URL(params.redirect_uri);
    for (const [k, v] of Object.entries(values)) url.searchParams.set(k, v);
    if (params.state !== undefined) url.searchParams.set('state', params.state);
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(url.toString(), 302);
  }

  app.get('/v1/oauth/authorize', async (req, reply) => {
    const v = validate(req.query);
    if (!v.ok) return sendPage(reply, 400, errorPage(v.message));
    return sendPage(reply, 200, consentPage({ params: v.params, clientName: v.client.name, scope: v.scope }));
  });

  app.post('/v1/oauth/authorize', async (req, reply) => {
    const v = validate(req.body);
    if (!v.ok) return sendPage(reply, 400, errorPage(v.message));
    const body = req.body as Record<string, unknown>;
    if (body.decision === 'deny') {
      return redirectBack(reply, v.params, { error: 'access_denied', error_description: 'user cancelled' });
    }
    const account = ACCOUNT_HOLDERS.find((a) => a.sub === body.account);
    if (!account) {
      return sendPage(reply, 400, consentPage({ params: v.params, clientName: v.client.name, scope: v.scope, error: '请选择一个演示账号。' }));
    }
    const code = store.issueCode({
      clientId: v.client.clientId,
      redirectUri: v.params.redirect_uri,
      codeChallenge: v.params.code_challenge,
      scope: v.scope,
      sub: account.sub,
    });
    req.log.info({ sub: account.sub, client: v.client.clientId }, 'authorization code issued');
    return redirectBack(reply, v.params, { code });
  });

  app.post('/v1/oauth/token', async (req, reply) => {
    if (req.jsonError || !isRecord(req.body)) return oauthError(reply, 400, 'invalid_request', '请求体应为 application/x-www-form-urlencoded 或 JSON 对象');
    const body = req.body;
    const creds = clientCredentials(req, body);
    if (creds.both) return oauthError(reply, 400, 'invalid_request', '只能使用一种客户端认证方式');
    const client = clients.find((c) => c.clientId === creds.id);
    if (!client || creds.secret === undefined || !secretMatches(client, creds.secret)) {
      return oauthError(reply, 401, 'invalid_client', '客户端认证失败');
    }
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const grantType = str('grant_type');
    if (!grantType) return oauthError(reply, 400, 'invalid_request', '缺少 grant_type');
    if (grantType !== 'authorization_code') return oauthError(reply, 400, 'unsupported_grant_type', '仅支持 authorization_code');
    const code = str('code');
    const redirectUri = str('redirect_uri');
    const verifier = str('code_verifier');
    if (!code || !redirectUri || !verifier) return oauthError(reply, 400, 'invalid_request', '缺少 code、redirect_uri 或 code_verifier');

    // The code is spent by this attempt whatever its outcome: one guess per code, and a replay
    // revokes the tokens the first redemption obtained.
    const grant = store.redeemCode(code);
    if (!grant) return oauthError(reply, 400, 'invalid_grant', '授权码无效');
    if (grant.used) {
      req.log.warn({ client: client.clientId }, 'authorization code replayed; tokens revoked');
      return oauthError(reply, 400, 'invalid_grant', '授权码已使用');
    }
    if (grant.expiresAt <= ctx.now()) return oauthError(reply, 400, 'invalid_grant', '授权码已过期');
    if (grant.clientId !== client.clientId) return oauthError(reply, 400, 'invalid_grant', '授权码不属于该客户端');
    if (grant.redirectUri !== redirectUri) return oauthError(reply, 400, 'invalid_grant', 'redirect_uri 与授权请求不一致');
    if (!verifierMatches(verifier, grant.codeChallenge)) return oauthError(reply, 400, 'invalid_grant', 'code_verifier 校验失败');

    const accessToken = store.issueToken(code, { clientId: client.clientId, sub: grant.sub, scope: grant.scope });
    return reply
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .send({ access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_TTL_S, scope: grant.scope });
  });

  app.get('/v1/oauth/userinfo', async (req, reply) => {
    const auth = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(auth.trim());
    const token = match?.[1] ? store.token(match[1]) : undefined;
    const account = token ? ACCOUNT_HOLDERS.find((a) => a.sub === token.sub) : undefined;
    if (!token || !account) {
      // RFC 6750 §3: the challenge says why, and no body detail beyond the error code is needed.
      const challenge = match ? 'Bearer realm="tfst-sandbox", error="invalid_token"' : 'Bearer realm="tfst-sandbox"';
      return reply.code(401).header('www-authenticate', challenge).header('cache-control', 'no-store').send({ error: 'invalid_token', error_description: '访问令牌无效或已过期' });
    }
    return reply.header('cache-control', 'no-store').send({ sub: account.sub, name: account.name, idNumber: account.idNumber, phone: account.phone });
  });
}
