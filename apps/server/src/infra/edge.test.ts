/**
 * The HTTP edge (issue 8): the client address behind proxies, loopback defaults, the Origin check,
 * the character guard, durable counters, cache and HSTS headers.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { ConfigError, exposureWarning, loadConfig, parseTrustProxy, type Config } from './config.js';
import { fieldLabel } from './validation-messages.js';
import { findForbidden } from './text-guard.js';
import { createTestApp, PROD_ENV, type TestApp } from '../test/helpers.js';
import { DEMO_CITIZEN } from '../db/seed/index.js';
import { getMe, login, newIp, newPhone, requestSms } from '../features/auth/test-kit.js';
import { call, setupAdmin, type StaffSession } from '../features/admin-auth/test-support.js';

let t: TestApp;
let app: FastifyInstance;
let admin: StaffSession;
beforeAll(async () => {
  t = await createTestApp();
  app = t.app;
  admin = await setupAdmin(t);
});
afterAll(async () => {
  await t.close();
});

/** Another app on the same database, as after a restart or on a second configuration. */
async function sibling(over: Partial<Config>): Promise<FastifyInstance> {
  const b = await buildApp({ config: { ...t.config, ...over }, prepare: false });
  await b.ready();
  return b;
}


describe('configuration of the edge', () => {
  it('TRUST_PROXY: false, true = one hop, a hop count or proxy CIDRs; never "trust everything"', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.5,fd00::/8')).toEqual(['10.0.0.0/8', '192.168.1.5', 'fd00::/8']);
    expect(() => parseTrustProxy('lb.internal')).toThrow(ConfigError);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(ConfigError);
  });

  it('the embedded profile listens on loopback unless told otherwise, and says so when told', () => {
    const dir = { DATA_DIR: t.config.dataDir };
    const cfg = loadConfig(dir);
    expect(cfg.host).toBe('127.0.0.1');
    expect(exposureWarning(cfg)).toBeNull();
    const open = loadConfig({ ...dir, HOST: '0.0.0.0' });
    expect(open.host).toBe('0.0.0.0');
    expect(exposureWarning(open)).toContain('0.0.0.0');
  });

  it('production refuses to start without REDIS_URL, and listens on all interfaces by default', () => {
    expect(() => loadConfig(PROD_ENV)).toThrow(/REDIS_URL/);
    const cfg = loadConfig({ ...PROD_ENV, REDIS_URL: 'redis://cache.internal:6379' });
    expect(cfg.host).toBe('0.0.0.0');
    expect(exposureWarning(cfg)).toBeNull();
  });

  it('ALLOWED_ORIGINS must be origins', () => {
    expect(loadConfig({ DATA_DIR: t.config.dataDir, ALLOWED_ORIGINS: 'https://tfsmy.example.gov.cn/, http://10.1.2.3:8080' }).allowedOrigins).toEqual([
      'https://tfsmy.example.gov.cn',
      'http://10.1.2.3:8080',
    ]);
    expect(() => loadConfig({ DATA_DIR: t.config.dataDir, ALLOWED_ORIGINS: 'tfsmy.example.gov.cn' })).toThrow(ConfigError);
  });
});

describe('the client address behind a trusted proxy', () => {
  let prod: FastifyInstance;
  beforeAll(async () => {
    // The production profile (no loopback exemption) behind one load balancer at 10.9.0.1.
    prod = await sibling({ profile: 'production', trustProxy: 1 });
  });
  afterAll(async () => {
    await prod.close();
  });
  const viaProxy = (xff: string) => ({ remoteAddress: '10.9.0.1', headers: { 'x-forwarded-for': xff } });

  it('rotating the left-most X-Forwarded-For entry does not escape the per-network SMS quota', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await prod.inject({ method: 'POST', url: '/api/auth/sms-codes', payload: { phone: newPhone(), purpose: 'register' }, ...viaProxy(`${newIp()}, 198.51.100.7`) });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
  });

  it('nor the per-network login failure limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await prod.inject({ method: 'POST', url: '/api/auth/login', payload: { account: newPhone(), password: 'Wrong@pass1' }, ...viaProxy(`${newIp()}, 198.51.100.8`) });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Another client behind the same balancer is not affected.
    const other = await prod.inject({ method: 'POST', url: '/api/auth/login', payload: { account: DEMO_CITIZEN.phone, password: DEMO_CITIZEN.password }, ...viaProxy('198.51.100.9') });
    expect(other.statusCode).toBe(200);
  });

  it('with proxy CIDRs, the first address from outside them is the client', async () => {
    const cidr = await sibling({ profile: 'production', trustProxy: ['10.9.0.0/16'] });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        // client → CDN edge (10.9.5.5, trusted) → balancer (10.9.0.1, the socket)
        const res = await cidr.inject({ method: 'POST', url: '/api/auth/login', payload: { account: newPhone(), password: 'Wrong@pass1' }, ...viaProxy(`${newIp()}, 203.0.113.50, 10.9.5.5`) });
        statuses.push(res.statusCode);
      }
      expect(statuses[20]).toBe(429);
    } finally {
      await cidr.close();
    }
  });
});

describe('the dev SMS outbox', () => {
  it('answers the machine itself only', async () => {
    const phone = newPhone();
    expect((await requestSms(app, phone, 'register')).statusCode).toBe(200);
    const url = `/api/dev/sms-outbox?phone=${phone}`;
    expect((await app.inject({ url })).statusCode).toBe(200);
    const remote = await app.inject({ url, remoteAddress: '192.168.1.20' });
    expect(remote.statusCode).toBe(404);
    expect(remote.json().code).toBe('NOT_FOUND');
    expect(remote.body).not.toContain('验证码');
    // Relayed by a proxy on this machine: the socket is loopback, the client is not.
    expect((await app.inject({ url, headers: { 'x-forwarded-for': '192.168.1.20' } })).statusCode).toBe(404);
  });
});

describe('state-changing requests from other sites', () => {
  const loginBody = { account: DEMO_CITIZEN.phone, password: DEMO_CITIZEN.password };
  const post = (headers: Record<string, string>, a = app) => a.inject({ method: 'POST', url: '/api/auth/login', payload: loginBody, headers: { host: 'portal.example.gov.cn', ...headers }, remoteAddress: newIp() });

  it('refuses Sec-Fetch-Site: cross-site and a foreign Origin with 403 CROSS_SITE_REQUEST', async () => {
    const foreign: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'https://portal.example.gov.cn.evil.example' }];
    for (const headers of foreign) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json()).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
      expect(res.cookies).toHaveLength(0);
    }
  });

  it('allows our own pages, clients without browser headers, and reads', async () => {
    expect((await post({ origin: 'https://portal.example.gov.cn', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    expect((await post({ origin: 'http://portal.example.gov.cn' })).statusCode).toBe(200);
    expect((await post({})).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/health', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(200);
  });

  it('allows PUBLIC_BASE_URL and ALLOWED_ORIGINS', async () => {
    const b = await sibling({ publicBaseUrl: 'https://tfsmy.example.gov.cn', allowedOrigins: ['https://m.example.gov.cn'] });
    try {
      expect((await post({ origin: 'https://tfsmy.example.gov.cn' }, b)).statusCode).toBe(200);
      expect((await post({ origin: 'https://m.example.gov.cn' }, b)).statusCode).toBe(200);
      expect((await post({ origin: 'http://m.example.gov.cn' }, b)).statusCode).toBe(403);
    } finally {
      await b.close();
    }
  });

  it('exempts the signed payment notification (its signature is checked instead)', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/payments/notify', payload: '{}', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', origin: 'https://pay.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().code).not.toBe('CROSS_SITE_REQUEST');
  });
});

describe('control characters, bidi overrides and lone surrogates', () => {
  const hall = (name: string) => ({ siteCode: '511702', name, address: '通川区测试路1号', phone: '0818-1234567', hours: '工作日' });
  const postRaw = (json: string) =>
    app.inject({ method: 'POST', url: '/api/admin/halls', payload: json, headers: { cookie: admin.cookie, 'content-type': 'application/json' } });

  it('refuses a hall name with NUL, U+202E or an unpaired surrogate, naming the field, and stores nothing', async () => {
    const bad = ['大厅\u0000', '大厅\u202Egnp.exe', '大厅\u2066x\u2069', '大厅\u0007'];
    for (const name of bad) {
      const res = await call(t, admin.cookie, 'POST', '/api/admin/halls', hall(name));
      expect(res.statusCode, JSON.stringify(name)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_CHARACTERS', fields: { name: expect.any(String) } });
      expect(res.json().message).toContain(fieldLabel('name'));
    }
    // A lone surrogate can only arrive as a JSON escape.
    const lone = await postRaw(JSON.stringify(hall('大厅X')).replace('X', '\\ud800'));
    expect(lone.statusCode).toBe(400);
    expect(lone.json().code).toBe('INVALID_CHARACTERS');
    const halls = await call(t, admin.cookie, 'GET', '/api/admin/halls?siteCode=511702');
    expect(halls.body).not.toContain('大厅\\u');
    for (const name of bad) expect(halls.body).not.toContain(JSON.stringify(name).slice(1, -1));
  });

  it('accepts line breaks, tabs, emoji and an RTL mark, and checks query strings and passwords too', async () => {
    const ok = await call(t, admin.cookie, 'POST', '/api/admin/halls', hall('测试大厅 😀 \u200F'));
    expect(ok.statusCode).toBe(201);
    const q = await app.inject({ url: `/api/search?q=${encodeURIComponent('社保\u202E')}` });
    expect(q.statusCode).toBe(400);
    expect(q.json().code).toBe('INVALID_CHARACTERS');
    const pw = await login(app, DEMO_CITIZEN.phone, `${DEMO_CITIZEN.password}\u0000`);
    expect(pw.statusCode).toBe(400);
    expect(pw.json()).toMatchObject({ code: 'INVALID_CHARACTERS', fields: { password: expect.any(String) } });
    expect(findForbidden({ a: [{ b: 'x\ny\tz\r' }] })).toBeNull();
    expect(findForbidden({ a: [{ b: 'x\u007F' }] })).toBe('b');
  });
});

describe('counters survive a restart without Redis', () => {
  it('a lockout of an unknown account, the network login limit and the SMS quotas hold on a fresh app', async () => {
    const first = await sibling({});
    const ip = newIp();
    const ghost = 'ghost_user1';
    for (let i = 0; i < 5; i++) await login(first, ghost, 'Wrong@pass1', ip);
    const netIp = newIp();
    for (let i = 0; i < 20; i++) await login(first, newPhone(), 'Wrong@pass1', netIp);
    const smsIp = newIp();
    const phone = newPhone();
    for (let i = 0; i < 10; i++) expect((await requestSms(first, i === 0 ? phone : newPhone(), 'register', smsIp)).statusCode).toBe(200);
    await first.close();

    const second = await sibling({});
    try {
      expect((await login(second, ghost, 'Wrong@pass1')).statusCode).toBe(423);
      expect((await login(second, DEMO_CITIZEN.phone, DEMO_CITIZEN.password, netIp)).statusCode).toBe(429);
      expect((await requestSms(second, newPhone(), 'register', smsIp)).statusCode).toBe(429);
      // the 60-second resend throttle too
      expect((await requestSms(second, phone, 'register')).statusCode).toBe(429);
    } finally {
      await second.close();
    }
  });
});

describe('Cache-Control and HSTS', () => {
  it('no-store on personal answers, nothing on public reads', async () => {
    const res = await login(app, DEMO_CITIZEN.phone, DEMO_CITIZEN.password);
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = res.headers['set-cookie'] as string | string[];
    const sid = (Array.isArray(cookie) ? cookie[0]! : cookie).split(';')[0]!;
    const me = await getMe(app, sid);
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    expect((await app.inject({ url: '/api/auth/session', headers: { cookie: sid } })).headers['cache-control']).toBe('no-store');
    expect((await call(t, admin.cookie, 'GET', '/api/admin/halls?siteCode=511702')).headers['cache-control']).toBe('no-store');
    expect((await app.inject({ url: '/api/applications', headers: { cookie: sid } })).headers['cache-control']).toBe('no-store');
    // public reads, even by a logged-in citizen: the published ones a CDN may keep briefly (infra/published.ts)
    expect((await app.inject({ url: '/api/sites', headers: { cookie: sid } })).headers['cache-control']).toBe('public, max-age=30');
    expect((await app.inject({ url: '/api/health', headers: { cookie: sid } })).headers['cache-control']).toBeUndefined();
  });

  it('HSTS only over https (as the trusted proxy reports it)', async () => {
    expect((await app.inject({ url: '/api/health' })).headers['strict-transport-security']).toBeUndefined();
    // Without a trusted proxy, a client's X-Forwarded-Proto is not believed.
    expect((await app.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined();
    const proxied = await sibling({ trustProxy: 1 });
    try {
      const res = await proxied.inject({ url: '/api/health', remoteAddress: '10.9.0.1', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.1' } });
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect((await proxied.inject({ url: '/api/health', remoteAddress: '10.9.0.1', headers: { 'x-forwarded-proto': 'http' } })).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });
});

describe('GET /api/auth/session', () => {
  it('answers 200 with user null for anonymous callers, while /api/me stays 401', async () => {
    const anon = await app.inject({ url: '/api/auth/session' });
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toEqual({ user: null });
    expect((await getMe(app, undefined)).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/auth/session', headers: { cookie: `dz_sid=${randomBytes(8).toString('hex')}` } })).json()).toEqual({ user: null });
  });

  it('answers the same user as /api/me when logged in', async () => {
    const res = await login(app, DEMO_CITIZEN.phone, DEMO_CITIZEN.password);
    const set = res.headers['set-cookie'] as string | string[];
    const sid = (Array.isArray(set) ? set[0]! : set).split(';')[0]!;
    const session = await app.inject({ url: '/api/auth/session', headers: { cookie: sid } });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual({ user: (await getMe(app, sid)).json() });
    expect(session.json().user.phone).toBe('139****0001');
  });
});
