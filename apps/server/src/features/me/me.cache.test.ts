/**
 * /api/me under the per-process profile cache (users.view.ts), with two app instances on one
 * database — without Redis (sessions in the database) and with it (sessions in Redis), as behind a
 * load balancer. Whatever one instance has cached, a logout, password change, deletion or profile
 * change made through the other shows on the very next request; one citizen never sees another's data.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { PASSWORD, getMe, login, newIp, registerPerson, sessionCookie } from '../auth/test-kit.js';

const REDIS_URL = process.env.DZ_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each([
  ['database sessions', {}],
  ['Redis sessions', { redisUrl: REDIS_URL, redisPrefix: `dz-test-${randomBytes(4).toString('hex')}:` }],
])('two instances, %s', (_name, overrides) => {
  let t: TestApp;
  let a: FastifyInstance;
  let b: FastifyInstance;
  beforeAll(async () => {
    t = await createTestApp(overrides);
    a = t.app;
    b = await buildApp({ config: t.config, prepare: false });
    await b.ready();
  });
  afterAll(async () => {
    await b.close();
    await t.close();
  });
  afterEach(() => vi.restoreAllMocks());

  const put = (app: FastifyInstance, url: string, cookie: string, payload: object) => app.inject({ method: 'PUT', url, payload, headers: { cookie }, remoteAddress: newIp() });

  it('a repeated /api/me decrypts nothing, and answers the same', async () => {
    const u = await registerPerson(a);
    const first = await getMe(b, u.cookie);
    expect(first.statusCode).toBe(200);
    const decrypt = vi.spyOn(b.ctx.gm, 'decrypt');
    const again = await getMe(b, u.cookie);
    expect(again.json()).toEqual(first.json());
    expect(decrypt).not.toHaveBeenCalled();
  });

  it('never shows one citizen another’s data', async () => {
    const x = await registerPerson(a, { name: '赵六' });
    const y = await registerPerson(a, { name: '孙八' });
    for (let i = 0; i < 3; i++) {
      for (const [who, app] of [
        [x, a],
        [y, a],
        [x, b],
        [y, b],
      ] as const) {
        const me = (await getMe(app, who.cookie)).json();
        expect(me.id).toBe(who.userId);
        expect(me.phone).toBe(`${who.phone.slice(0, 3)}****${who.phone.slice(-4)}`);
        expect(me.name).toBe(`${who.name[0]}*`);
      }
    }
  });

  it('logout on one instance is a 401 on the other at once', async () => {
    const u = await registerPerson(a);
    expect((await getMe(b, u.cookie)).statusCode).toBe(200);
    expect((await a.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: u.cookie } })).statusCode).toBe(204);
    expect((await getMe(b, u.cookie)).statusCode).toBe(401);
    expect((await b.inject({ url: '/api/auth/session', headers: { cookie: u.cookie } })).json()).toEqual({ user: null });
  });

  it('a password change on one instance ends the other sessions on the other at once', async () => {
    const u = await registerPerson(a);
    const other = sessionCookie(await login(b, u.phone, u.password))!;
    expect((await getMe(b, other)).statusCode).toBe(200);
    expect((await put(a, '/api/me/password', u.cookie, { oldPassword: PASSWORD, newPassword: 'New#Pass2026' })).statusCode).toBe(200);
    expect((await getMe(b, other)).statusCode).toBe(401);
    expect((await getMe(b, u.cookie)).statusCode).toBe(200);
  });

  it('account deletion on one instance is a 401 on the other at once', async () => {
    const u = await registerPerson(a);
    const other = sessionCookie(await login(b, u.phone, u.password))!;
    expect((await getMe(b, other)).statusCode).toBe(200);
    const del = await a.inject({ method: 'DELETE', url: '/api/me', payload: { password: u.password }, headers: { cookie: u.cookie }, remoteAddress: newIp() });
    expect(del.statusCode).toBe(204);
    expect((await getMe(b, other)).statusCode).toBe(401);
  });

  it('a profile change or a real-name verification made elsewhere shows at once', async () => {
    const u = await registerPerson(a);
    expect((await getMe(b, u.cookie)).json()).toMatchObject({ email: null, username: null });
    expect((await put(a, '/api/me', u.cookie, { username: `u${randomBytes(3).toString('hex')}`, email: 'new@example.com' })).statusCode).toBe(200);
    expect((await getMe(b, u.cookie)).json()).toMatchObject({ email: 'n***@example.com', username: expect.stringMatching(/^u/) });
    // As the real-name verification writes it (me.service.ts), from any instance.
    await t.app.ctx.db
      .updateTable('users')
      .set({ name_enc: t.app.ctx.gm.encrypt('欧阳娜娜'), real_name_verified: 1, real_name_verified_at: new Date().toISOString() })
      .where('id', '=', u.userId)
      .execute();
    expect((await getMe(b, u.cookie)).json()).toMatchObject({ name: '欧***', realNameVerified: true });
  });
});
