/**
 * Two instances behind a load balancer share sessions and throttles through Redis (API.md:
 * "shared across instances through Redis when REDIS_URL is set"). Both instances use one database.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { createTestApp, cookieJar, type TestApp } from '../../test/helpers.js';

const REDIS_URL = process.env.DZ_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let a: TestApp;
let b: FastifyInstance;

beforeAll(async () => {
  a = await createTestApp({ redisUrl: REDIS_URL, redisPrefix: `dz-test-${randomBytes(4).toString('hex')}:` });
  b = await buildApp({ config: a.config, prepare: false });
  await b.ready();
});
afterAll(async () => {
  await b.close();
  await a.close();
});

describe('two instances with Redis', () => {
  it('a session created on one instance works on the other, and logout on either ends it', async () => {
    const jar = cookieJar();
    const login = jar.take(await a.app.inject({ method: 'POST', url: '/api/auth/login', payload: { account: '13900000001', password: 'Demo@2026' } }));
    expect(login.statusCode).toBe(200);
    const onB = await b.inject({ url: '/api/me', headers: { cookie: jar.header() } });
    expect(onB.statusCode).toBe(200);
    expect(onB.json().phone).toBe('139****0001');
    expect((await b.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: jar.header() } })).statusCode).toBe(204);
    expect((await a.app.inject({ url: '/api/me', headers: { cookie: jar.header() } })).statusCode).toBe(401);
  });

  it('the 60-second SMS throttle holds across instances', async () => {
    const phone = `135${String(Date.now()).slice(-8)}`;
    const first = await a.app.inject({ method: 'POST', url: '/api/auth/sms-codes', payload: { phone, purpose: 'register' } });
    expect(first.statusCode).toBe(200);
    const second = await b.inject({ method: 'POST', url: '/api/auth/sms-codes', payload: { phone, purpose: 'register' } });
    expect(second.statusCode).toBe(429);
  });

  it('sessions live in Redis, not in the database', async () => {
    const rows = await a.app.ctx.db.selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(0);
  });
});
