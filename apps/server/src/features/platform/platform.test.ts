import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testDb, type TestApp } from '../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('platform', () => {
  it('GET /api/health reports the database in use', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: testDb });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('serves a complete OpenAPI document with every route tagged', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    expect(Object.keys(doc.paths)).toContain('/api/health');
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) expect(op.tags?.length, `${method} ${path} has a tag`).toBeGreaterThan(0);
    }
  });

  it('answers unknown API paths with a Chinese 404 body', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('GET /api/sites returns the tree and locate finds the nearest county', async () => {
    const tree = (await t.app.inject({ url: '/api/sites' })).json();
    expect(tree.code).toBe('510000');
    expect(tree.children[0].code).toBe('511700');
    expect(tree.children[0].children.map((c: { code: string }) => c.code)).toContain('511722');
    const loc = (await t.app.inject({ url: '/api/sites/locate?lat=31.35&lng=107.73' })).json();
    expect(loc).toEqual({ code: '511722', name: '宣汉县' });
  });
});
