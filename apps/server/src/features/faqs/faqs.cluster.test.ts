/**
 * Two instances, one database, one Redis: a 常见问题 written through instance A is found by the
 * public search of instance B within a second — B's per-site list is tagged with the shared
 * content version, which the write bumps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { FaqList } from '@dz/contracts';
import { createTwinApps, type TestApp } from '../../test/helpers.js';
import { call, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';

let a: TestApp;
let b: FastifyInstance;
let close: () => Promise<void>;
let admin: StaffSession;

beforeAll(async () => {
  ({ a, b, close } = await createTwinApps());
  admin = await setupAdmin(a);
});
afterAll(async () => close());

const search = async (app: FastifyInstance, q: string) => {
  const res = await app.inject({ url: `/api/faqs?site=511722&q=${encodeURIComponent(q)}` });
  expect(res.statusCode).toBe(200);
  return (res.json() as FaqList).items.map((f) => f.question);
};

describe('常见问题 across instances', () => {
  it('a write on A is searchable on B within 1 s', async () => {
    expect(await search(b, 'kuashili')).toEqual([]); // B has the city's list in memory
    const res = await call(a, admin.cookie, 'POST', '/api/admin/faqs', { site: '511700', category: '其他', question: '跨实例发布的问题', answer: '跨实例发布的答案。' });
    expect(res.statusCode, res.body).toBe(201);
    const written = Date.now();
    expect(await search(a.app, 'kuashili')).toEqual(['跨实例发布的问题']);
    let seen = false;
    while (Date.now() - written < 1000) {
      if ((await search(b, 'ksl')).length) {
        seen = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(seen, `B still answered without it after ${Date.now() - written} ms`).toBe(true);
  });
});
