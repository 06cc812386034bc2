import { afterEach, describe, expect, it } from 'vitest';
import { buildSandbox, type Sandbox } from '../../app.js';
import { pkcePair } from '../../test/helpers.js';

const REDIRECT = 'http://127.0.0.1:8080/api/auth/oauth/tfst/callback';
const SECRET = 'sandbox-oauth-client-secret';

function authorizeQuery(overrides: Record<string, string | undefined> = {}, challenge = pkcePair().challenge): string {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: 'dz-portal',
    redirect_uri: REDIRECT,
    scope: 'openid profile idcard phone',
    state: 'st-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return q.toString();
}

function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

describe('天府通办统一身份认证 sandbox (OAuth 2.0 + PKCE)', () => {
  let app: Sandbox;
  let clock = Date.now();
  afterEach(async () => app?.close());

  async function build() {
    clock = Date.now();
    app = await buildSandbox({ now: () => clock });
    return app;
  }

  /** Runs the browser part: consent page, then the POST that picks an account. Returns the code. */
  async function authorize(account = 'tfst-0001', extra: Record<string, string | undefined> = {}) {
    const { verifier, challenge } = pkcePair();
    const query = authorizeQuery(extra, challenge);
    const page = await app.inject({ method: 'GET', url: `/v1/oauth/authorize?${query}` });
    expect(page.statusCode).toBe(200);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/oauth/authorize',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${query}&${form({ account, decision: 'allow' })}`,
    });
    expect(res.statusCode).toBe(302);
    const location = new URL(String(res.headers.location));
    return { location, code: location.searchParams.get('code') ?? '', verifier };
  }

  function token(values: Record<string, string>, headers: Record<string, string> = {}) {
    return app.inject({
      method: 'POST',
      url: '/v1/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: form(values),
    });
  }

  const tokenRequest = (code: string, verifier: string) => ({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: 'dz-portal',
    client_secret: SECRET,
    code_verifier: verifier,
  });

  it('renders an accessible Chinese consent page with the demo accounts', async () => {
    await build();
    const res = await app.inject({ method: 'GET', url: `/v1/oauth/authorize?${authorizeQuery()}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['x-frame-options']).toBe('DENY');
    const body = res.body;
    expect(body).toContain('<html lang="zh-CN">');
    expect(body).toContain('name="viewport"');
    expect(body).toContain('天府通办统一身份认证（演示沙箱）');
    expect(body).toContain('张三 139****0001');
    expect(body).toContain('李四 139****0002');
    expect(body).toContain('王五 139****0003');
    expect(body).toContain('同意授权并登录');
    expect(body).toContain('取消');
    // Every radio has a label bound to it.
    const radios = [...body.matchAll(/<input type="radio" id="([^"]+)"/g)].map((m) => m[1]);
    expect(radios.length).toBeGreaterThanOrEqual(3);
    for (const id of radios) expect(body).toContain(`<label class="account" for="${id}">`);
    // The state travels through the form, escaped.
    expect(body).toContain('name="state" value="st-123"');
  });

  it('runs the full code + PKCE flow and serves userinfo with the bearer token', async () => {
    await build();
    const { location, code, verifier } = await authorize('tfst-0001');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const res = await token(tokenRequest(code, verifier));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ access_token: string; token_type: string; expires_in: number; scope: string }>();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'openid profile idcard phone' });

    const me = await app.inject({ method: 'GET', url: '/v1/oauth/userinfo', headers: { authorization: `Bearer ${body.access_token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ sub: 'tfst-0001', name: '张三', idNumber: '511702199001011231', phone: '13900000001' });
  });

  it('accepts HTTP Basic client authentication and a JSON body', async () => {
    await build();
    const { code, verifier } = await authorize('tfst-0003');
    const basic = Buffer.from(`dz-portal:${SECRET}`).toString('base64');
    const { client_secret: _omit, ...rest } = tokenRequest(code, verifier);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/oauth/token',
      headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
      payload: JSON.stringify(rest),
    });
    expect(res.statusCode).toBe(200);
    const me = await app.inject({ method: 'GET', url: '/v1/oauth/userinfo', headers: { authorization: `Bearer ${res.json().access_token}` } });
    expect(me.json()).toMatchObject({ sub: 'tfst-0003', name: '王五', phone: '13900000003' });
  });

  it('refuses a wrong code_verifier with invalid_grant', async () => {
    await build();
    const { code } = await authorize();
    const res = await token(tokenRequest(code, pkcePair().verifier));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a reused code and revokes the token the first use obtained', async () => {
    await build();
    const { code, verifier } = await authorize();
    const first = await token(tokenRequest(code, verifier));
    expect(first.statusCode).toBe(200);
    const again = await token(tokenRequest(code, verifier));
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: 'invalid_grant' });
    const me = await app.inject({ method: 'GET', url: '/v1/oauth/userinfo', headers: { authorization: `Bearer ${first.json().access_token}` } });
    expect(me.statusCode).toBe(401);
    expect(me.headers['www-authenticate']).toContain('invalid_token');
  });

  it('refuses an expired code (60 s) and a different redirect_uri', async () => {
    await build();
    const a = await authorize();
    clock += 61_000;
    expect((await token(tokenRequest(a.code, a.verifier))).json()).toMatchObject({ error: 'invalid_grant' });
    const b = await authorize();
    const res = await token({ ...tokenRequest(b.code, b.verifier), redirect_uri: 'http://127.0.0.1:8080/other' });
    expect(res.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers invalid_client (401) for a wrong secret and unsupported_grant_type for other grants', async () => {
    await build();
    const { code, verifier } = await authorize();
    const bad = await token({ ...tokenRequest(code, verifier), client_secret: 'wrong' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ error: 'invalid_client' });
    expect(bad.headers['www-authenticate']).toContain('Basic');
    const grant = await token({ ...tokenRequest(code, verifier), grant_type: 'password' });
    expect([grant.statusCode, grant.json().error]).toEqual([400, 'unsupported_grant_type']);
  });

  it('uses OAUTH_CLIENT_SECRET when given', async () => {
    app = await buildSandbox({ oauthClientSecret: 'from-env' });
    const { code, verifier } = await authorize();
    expect((await token({ ...tokenRequest(code, verifier), client_secret: SECRET })).statusCode).toBe(401);
  });

  it('redirects a cancel with error=access_denied and the state', async () => {
    await build();
    const query = authorizeQuery();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/oauth/authorize',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${query}&decision=deny&account=tfst-0001`,
    });
    expect(res.statusCode).toBe(302);
    const location = new URL(String(res.headers.location));
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('re-shows the consent page when no account was chosen', async () => {
    await build();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/oauth/authorize',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${authorizeQuery()}&decision=allow&account=tfst-9999`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('请选择一个演示账号');
  });

  it('never redirects an untrusted request: unknown client, foreign redirect, missing PKCE → error page 400', async () => {
    await build();
    const cases: Record<string, string | undefined>[] = [
      { client_id: 'evil-app' },
      { client_id: undefined },
      { redirect_uri: 'https://evil.example/cb' },
      { redirect_uri: 'http://127.0.0.1:8080@evil.example/cb' },
      { redirect_uri: 'http://localhost.evil.example/cb' },
      { redirect_uri: 'http://127.0.0.1:8080/cb#frag' },
      { redirect_uri: undefined },
      { code_challenge: undefined },
      { code_challenge_method: 'plain' },
      { code_challenge_method: undefined },
      { code_challenge: 'short' },
      { response_type: 'token' },
    ];
    for (const c of cases) {
      const get = await app.inject({ method: 'GET', url: `/v1/oauth/authorize?${authorizeQuery(c)}` });
      expect(get.statusCode, JSON.stringify(c)).toBe(400);
      expect(get.headers.location, JSON.stringify(c)).toBeUndefined();
      expect(get.body).toContain('授权请求无效');
      const post = await app.inject({
        method: 'POST',
        url: '/v1/oauth/authorize',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `${authorizeQuery(c)}&decision=deny`,
      });
      expect(post.statusCode, JSON.stringify(c)).toBe(400);
      expect(post.headers.location).toBeUndefined();
    }
    // A repeated parameter is refused too (RFC 6749 §3.1).
    const dup = await app.inject({ method: 'GET', url: `/v1/oauth/authorize?${authorizeQuery()}&client_id=dz-portal` });
    expect(dup.statusCode).toBe(400);
  });

  it('accepts any loopback port, and localhost', async () => {
    await build();
    for (const uri of ['http://127.0.0.1:5173/cb', 'https://127.0.0.1/cb', 'http://localhost:3000/a/b?x=1']) {
      const { location } = await authorize('tfst-0002', { redirect_uri: uri });
      expect(location.toString().startsWith(uri.split('?')[0] ?? '')).toBe(true);
      if (uri.includes('?x=1')) expect(location.searchParams.get('x')).toBe('1');
    }
  });

  it('refuses userinfo without a valid bearer token', async () => {
    await build();
    const none = await app.inject({ method: 'GET', url: '/v1/oauth/userinfo' });
    expect(none.statusCode).toBe(401);
    const bogus = await app.inject({ method: 'GET', url: '/v1/oauth/userinfo', headers: { authorization: 'Bearer nope' } });
    expect([bogus.statusCode, bogus.json().error]).toEqual([401, 'invalid_token']);
  });

  it('expires access tokens after 600 s', async () => {
    await build();
    const { code, verifier } = await authorize();
    const { access_token } = (await token(tokenRequest(code, verifier))).json<{ access_token: string }>();
    clock += 601_000;
    const me = await app.inject({ method: 'GET', url: '/v1/oauth/userinfo', headers: { authorization: `Bearer ${access_token}` } });
    expect(me.statusCode).toBe(401);
  });
});
