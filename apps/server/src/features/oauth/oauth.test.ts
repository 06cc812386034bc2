import { createHash, randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { getMe, idNumber, newIp, newPhone, registerPerson, sessionCookie } from '../auth/test-kit.js';
import { safeReturnTo } from './oauth.service.js';

interface Person {
  sub: string;
  name: string;
  idNumber: string;
  phone: string;
}

/**
 * A stand-in identity provider with the sandbox's endpoints. Its authorize step consents at once
 * for `nextPerson` and redirects back; the token endpoint enforces client secret, redirect_uri and
 * PKCE S256 like a real provider.
 */
async function fakeProvider() {
  const state = {
    nextPerson: null as Person | null,
    codes: new Map<string, { challenge: string; redirectUri: string; person: Person }>(),
    tokens: new Map<string, Person>(),
    pkceRejected: 0,
  };
  const server = Fastify();
  server.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
  server.get('/v1/oauth/authorize', async (req, reply) => {
    const q = req.query as Record<string, string>;
    if (q.response_type !== 'code' || q.client_id !== 'dz-portal' || q.code_challenge_method !== 'S256' || !q.code_challenge || !q.state) return reply.status(400).send('bad request');
    const code = randomBytes(8).toString('hex');
    state.codes.set(code, { challenge: q.code_challenge, redirectUri: q.redirect_uri!, person: state.nextPerson! });
    return reply.redirect(`${q.redirect_uri}?code=${code}&state=${encodeURIComponent(q.state)}`, 302);
  });
  server.post('/v1/oauth/token', async (req, reply) => {
    const b = req.body as Record<string, string>;
    const entry = state.codes.get(b.code ?? '');
    state.codes.delete(b.code ?? '');
    if (!entry || b.grant_type !== 'authorization_code' || b.client_id !== 'dz-portal' || b.client_secret !== 'sandbox-oauth-client-secret' || b.redirect_uri !== entry.redirectUri) {
      return reply.status(400).send({ error: 'invalid_grant' });
    }
    const challenge = createHash('sha256').update(b.code_verifier ?? '').digest('base64url');
    if (challenge !== entry.challenge) {
      state.pkceRejected += 1;
      return reply.status(400).send({ error: 'invalid_grant', error_description: 'PKCE verification failed' });
    }
    const token = randomBytes(16).toString('hex');
    state.tokens.set(token, entry.person);
    return { access_token: token, token_type: 'Bearer', expires_in: 600 };
  });
  server.get('/v1/oauth/userinfo', async (req, reply) => {
    const person = state.tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (!person) return reply.status(401).send({ error: 'invalid_token' });
    return person;
  });
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, address, state };
}

let provider: Awaited<ReturnType<typeof fakeProvider>>;
let t: TestApp;
let app: FastifyInstance;
beforeAll(async () => {
  provider = await fakeProvider();
  t = await createTestApp({}, { PARTNERS_BASE_URL: provider.address });
  app = t.app;
});
afterAll(async () => {
  await t.close();
  await provider.server.close();
});

const cookieHeader = (res: LightMyRequestResponse) => (res.cookies as { name: string; value: string }[]).map((c) => `${c.name}=${c.value}`).join('; ');
const oauthError = (location: string) => new URL(location, 'http://x').searchParams.get('oauthError');

/** start → the provider's authorize (consents at once) → our callback, the way a browser would. */
async function oauthLogin(person: Person, opts: { returnTo?: string; beforeCallback?: (state: string) => Promise<void> } = {}) {
  provider.state.nextPerson = person;
  const start = await app.inject({ url: `/api/auth/oauth/tfst/start${opts.returnTo ? `?returnTo=${encodeURIComponent(opts.returnTo)}` : ''}`, remoteAddress: newIp() });
  expect(start.statusCode).toBe(302);
  const authorize = await fetch(start.headers.location as string, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const back = new URL(authorize.headers.get('location')!);
  if (opts.beforeCallback) await opts.beforeCallback(back.searchParams.get('state')!);
  const callback = await app.inject({ url: back.pathname + back.search, headers: { cookie: cookieHeader(start) }, remoteAddress: newIp() });
  expect(callback.statusCode).toBe(302);
  return { start, callback };
}

const person = (over: Partial<Person> = {}): Person => ({ sub: `tfst-${randomBytes(6).toString('hex')}`, name: '吴九', idNumber: idNumber('19880808', '888'), phone: newPhone(), ...over });

describe('三方登录 (OAuth 2.0 + PKCE)', () => {
  it('lists the enabled providers', async () => {
    const res = await app.inject({ url: '/api/auth/oauth/providers' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ code: 'tfst', name: '天府通办统一身份认证' }]);
  });

  it('sends the browser to the provider with state and an S256 challenge', async () => {
    const res = await app.inject({ url: '/api/auth/oauth/tfst/start?returnTo=/me', headers: { host: 'dz.example.cn' } });
    expect(res.statusCode).toBe(302);
    const url = new URL(res.headers.location as string);
    expect(url.origin + url.pathname).toBe(`${provider.address}/v1/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'dz-portal',
      redirect_uri: 'http://dz.example.cn/api/auth/oauth/tfst/callback',
      scope: 'openid profile idcard phone',
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{32}$/);
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const pending = JSON.parse((await app.ctx.kv.get(`oauth:state:${url.searchParams.get('state')}`))!);
    expect(pkce(pending.verifier)).toBe(url.searchParams.get('code_challenge'));
    expect(res.cookies.find((c) => c.name === 'dz_oauth_state')).toMatchObject({ httpOnly: true, value: url.searchParams.get('state') });
  });

  it('creates a real-name verified person on first login, and finds it again next time', async () => {
    const p = person();
    const { callback } = await oauthLogin(p, { returnTo: '/services/gas?tab=bill' });
    expect(callback.headers.location).toBe('/services/gas?tab=bill');
    const me = await getMe(app, sessionCookie(callback));
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'person', name: '吴*', phone: `${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`, realNameVerified: true });
    const row = await app.ctx.db.selectFrom('users').selectAll().where('id', '=', me.json().id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBeNull();
    expect(JSON.stringify(row)).not.toContain(p.phone);
    const identity = await app.ctx.db.selectFrom('user_identities').selectAll().where('subject', '=', p.sub).executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ provider_code: 'tfst', user_id: me.json().id });

    const again = await oauthLogin(p);
    expect(again.callback.headers.location).toBe('/me');
    expect((await getMe(app, sessionCookie(again.callback))).json().id).toBe(me.json().id);
  });

  it('binds to the existing account with the same phone', async () => {
    const u = await registerPerson(app);
    const p = person({ phone: u.phone });
    const { callback } = await oauthLogin(p);
    expect((await getMe(app, sessionCookie(callback))).json().id).toBe(u.userId);
    const ids = await app.ctx.db.selectFrom('user_identities').selectAll().where('user_id', '=', u.userId).execute();
    expect(ids.map((i) => i.subject)).toEqual([p.sub]);
    // a different provider account cannot take over the same phone
    const intruder = await oauthLogin(person({ phone: u.phone }));
    expect(oauthError(intruder.callback.headers.location as string)).toBe('该手机号已绑定其他统一身份认证账号，请使用密码或短信验证码登录');
  });

  it('is rejected by the provider when the PKCE verifier does not match', async () => {
    const before = provider.state.pkceRejected;
    const { callback } = await oauthLogin(person(), {
      beforeCallback: async (state) => {
        const key = `oauth:state:${state}`;
        const pending = JSON.parse((await app.ctx.kv.get(key))!);
        await app.ctx.kv.set(key, JSON.stringify({ ...pending, verifier: randomBytes(32).toString('base64url') }), 60_000);
      },
    });
    expect(provider.state.pkceRejected).toBe(before + 1);
    expect(callback.headers.location).toMatch(/^\/login\?oauthError=/);
    expect(oauthError(callback.headers.location as string)).toBe('统一身份认证登录失败，请重新登录或使用密码登录');
    expect(sessionCookie(callback)).toBeUndefined();
  });

  it('refuses a callback from another browser, a replayed state and an unknown provider', async () => {
    provider.state.nextPerson = person();
    const start = await app.inject({ url: '/api/auth/oauth/tfst/start' });
    const authorize = await fetch(start.headers.location as string, { redirect: 'manual' });
    const back = new URL(authorize.headers.get('location')!);
    const foreign = await app.inject({ url: back.pathname + back.search });
    expect(oauthError(foreign.headers.location as string)).toBe('登录已超时或链接已失效，请重新发起三方登录');
    const replay = await app.inject({ url: back.pathname + back.search, headers: { cookie: cookieHeader(start) } });
    expect(oauthError(replay.headers.location as string)).toBe('登录已超时或链接已失效，请重新发起三方登录');
    const unknown = await app.inject({ url: '/api/auth/oauth/wechat/start' });
    expect(unknown.statusCode).toBe(302);
    expect(oauthError(unknown.headers.location as string)).toBe('不支持该登录方式，请使用其他方式登录');
  });

  it('tells the citizen when they cancelled at the provider', async () => {
    const start = await app.inject({ url: '/api/auth/oauth/tfst/start' });
    const state = new URL(start.headers.location as string).searchParams.get('state');
    const res = await app.inject({ url: `/api/auth/oauth/tfst/callback?error=access_denied&state=${state}`, headers: { cookie: cookieHeader(start) } });
    expect(oauthError(res.headers.location as string)).toBe('您已取消授权，可使用其他方式登录');
  });

  it('never redirects off-site after login', async () => {
    for (const evil of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) expect(safeReturnTo(evil)).toBe('/me');
    expect(safeReturnTo('/me/cases?id=1')).toBe('/me/cases?id=1');
    const { callback } = await oauthLogin(person(), { returnTo: '//evil.example/steal' });
    expect(callback.headers.location).toBe('/me');
  });

  it('says the service is unavailable when the provider cannot be reached', async () => {
    const gone = Fastify();
    const goneAddress = await gone.listen({ host: '127.0.0.1', port: 0 });
    await gone.close();
    const h = await createTestApp({}, { PARTNERS_BASE_URL: goneAddress });
    try {
      const start = await h.app.inject({ url: '/api/auth/oauth/tfst/start' });
      const state = new URL(start.headers.location as string).searchParams.get('state');
      const started = Date.now();
      const res = await h.app.inject({ url: `/api/auth/oauth/tfst/callback?code=abc&state=${state}`, headers: { cookie: cookieHeader(start) } });
      expect(Date.now() - started).toBeLessThan(3500);
      expect(res.statusCode).toBe(302);
      expect(oauthError(res.headers.location as string)).toBe('统一身份认证服务暂不可用，请稍后重试或使用密码登录');
    } finally {
      await h.close();
    }
  });
});

function pkce(verifier: string) {
  return createHash('sha256').update(verifier).digest('base64url');
}
