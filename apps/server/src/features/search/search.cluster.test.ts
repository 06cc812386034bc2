/**
 * Two instances behind a load balancer, one database, one Redis: an edit invalidated on one
 * instance is searchable on the other within about a second (the shared content version, infra/content-version.ts).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { insertApp } from '../pages/test-support.js';
import { CONTENT_VERSION_KEY } from '../../infra/content-version.js';

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

const appIds = async (app: FastifyInstance, q: string) => {
  const res = await app.inject({ url: `/api/search?q=${encodeURIComponent(q)}&site=511700` });
  expect(res.statusCode).toBe(200);
  return (res.json() as { apps: { id: number }[] }).apps.map((x) => x.id);
};

describe('search index across instances', () => {
  it('an invalidation on instance A reaches instance B through the shared version counter', async () => {
    // both instances have built their index
    await appIds(a.app, '公积金');
    await appIds(b, '公积金');
    const id = await insertApp(a.app, { name: '跨实例测试应用', keywords: '集群' });
    expect(await appIds(b, 'kuashili')).not.toContain(id);

    await a.app.searchIndex.invalidate();
    expect(await appIds(a.app, 'kuashili')).toContain(id);
    // B reads the counter at most once a second
    await new Promise((r) => setTimeout(r, 1100));
    expect(await appIds(b, 'kuashili')).toContain(id);
    expect(await appIds(b, '集群')).toContain(id);
  });

  it('the counter lives in Redis', async () => {
    const v = await b.ctx.kv.get(CONTENT_VERSION_KEY);
    expect(Number(v)).toBeGreaterThanOrEqual(1);
    expect(await a.app.ctx.kv.get(CONTENT_VERSION_KEY)).toBe(v);
  });
});
