/**
 * Two instances behind a load balancer, one database, one Redis, 10,000+ news. The search index
 * takes a console write as an update of that one document, on every instance: a write on A is
 * searchable on B within a second, edits / unpublishing / deleting follow, and none of it rebuilds
 * the index (the index's own counters say so, not timing); the event loop stays free meanwhile. A
 * feed purged past an instance's position, or a hand-made change announced by `invalidate()`,
 * makes it rebuild — in the background, the old index answering.
 */
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { nowIso } from '../../infra/time.js';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { insertApp } from '../pages/test-support.js';
import { CONTENT_VERSION_KEY } from '../../infra/content-version.js';

const REDIS_URL = process.env.DZ_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NEWS = 10_000;
let a: TestApp;
let b: FastifyInstance;
let admin: StaffSession;

beforeAll(async () => {
  a = await createTestApp({ redisUrl: REDIS_URL, redisPrefix: `dz-test-${randomBytes(4).toString('hex')}:` });
  b = await buildApp({ config: a.config, prepare: false });
  await b.ready();
  admin = await setupAdmin(a);
  // A few years of a city's releases, written straight to the table (not through the feed).
  const now = nowIso();
  const rows = Array.from({ length: NEWS }, (_, i) => ({
    site_code: '511700',
    title: `达州市政务服务动态第${i}期`,
    summary: '',
    content: `<p>第${i}期：市政务服务管理局推出便民举措，群众可在线办理公积金、社保等业务。</p>`,
    cover_url: null,
    status: 'published' as const,
    published_at: now,
    popularity: i % 100,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500) await a.app.ctx.db.insertInto('news').values(rows.slice(i, i + 500)).execute();
  await search(a.app, '公积金');
  await search(b, '公积金');
}, 120_000);
afterAll(async () => {
  await b.close();
  await a.close();
});

async function search(app: FastifyInstance, q: string, site = '511700') {
  const res = await app.inject({ url: `/api/search?q=${encodeURIComponent(q)}&site=${site}&record=false` });
  expect(res.statusCode).toBe(200);
  return res.json() as { news: { id: number; title: string }[]; items: { id: number }[] };
}
const newsIds = async (app: FastifyInstance, q: string) => (await search(app, q)).news.map((n) => n.id);

/** Polls `check` until it holds; returns the milliseconds it took (fails after `withinMs`). */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > withinMs) throw new Error(`未在 ${withinMs} ms 内生效`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a console write updates one document on every instance', () => {
  let id = 0;

  it('both instances built once over 10,000+ documents', () => {
    expect(a.app.searchIndex.stats.builds).toBe(1);
    expect(b.searchIndex.stats.builds).toBe(1);
    expect(b.searchIndex.size).toBeGreaterThan(NEWS);
  });

  it('an article published on A is searchable on B within 1 s, by a patch, with the event loop free', async () => {
    const before = b.searchIndex.stats;
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const res = await call(a, admin.cookie, 'POST', '/api/admin/news', { siteCode: '511700', title: '川东数字政务测试专稿发布', content: '<p>巴山大峡谷景区预约服务上线。</p>', status: 'published' });
    expect(res.statusCode).toBe(201);
    id = (res.json() as { id: number }).id;
    const ms = await within(5_000, async () => (await newsIds(b, '川东数字政务测试专稿')).includes(id));
    delay.disable();
    expect(ms, `在另一实例上 ${ms} ms 后才可搜到`).toBeLessThan(1000);
    const after = b.searchIndex.stats;
    expect(after.builds).toBe(before.builds);
    expect(after.patches).toBeGreaterThan(before.patches);
    expect(after.patchedDocs - before.patchedDocs).toBe(1);
    expect(after.size).toBe(before.size + 1);
    // Generous: a rebuild over these documents takes seconds; the patch, a few ms.
    expect(delay.max / 1e6, 'event-loop delay (ms)').toBeLessThan(250);
    // the body is searched too
    expect(await newsIds(b, '巴山大峡谷')).toContain(id);
  });

  it('an edit replaces the document: the new title is found, the old one is not', async () => {
    expect((await call(a, admin.cookie, 'PUT', `/api/admin/news/${id}`, { title: '川东智慧政务新版专稿' })).statusCode).toBe(200);
    await within(1000, async () => (await newsIds(b, '川东智慧政务新版专稿')).includes(id));
    expect(await newsIds(b, '川东数字政务测试专稿')).not.toContain(id);
    expect(b.searchIndex.stats.builds).toBe(1);
  });

  it('unpublishing removes it, publishing again brings it back, deleting removes it', async () => {
    expect((await call(a, admin.cookie, 'PUT', `/api/admin/news/${id}`, { status: 'draft' })).statusCode).toBe(200);
    await within(1000, async () => !(await newsIds(b, '川东智慧政务新版专稿')).includes(id));
    expect((await call(a, admin.cookie, 'PUT', `/api/admin/news/${id}`, { status: 'published' })).statusCode).toBe(200);
    await within(1000, async () => (await newsIds(b, '川东智慧政务新版专稿')).includes(id));
    expect((await call(a, admin.cookie, 'DELETE', `/api/admin/news/${id}`)).statusCode).toBeLessThan(300);
    await within(1000, async () => !(await newsIds(b, '川东智慧政务新版专稿')).includes(id));
    // the writer's own instance too, at once (read-your-writes)
    expect(await newsIds(a.app, '川东智慧政务新版专稿')).not.toContain(id);
    expect(a.app.searchIndex.stats.builds).toBe(1);
    expect(b.searchIndex.stats.builds).toBe(1);
  });

  it('renaming a department updates its items, which are found by its name', async () => {
    const dept = await a.app.ctx.db
      .selectFrom('departments')
      .innerJoin('items', 'items.department_id', 'departments.id')
      .select(['departments.id', 'items.id as itemId'])
      .where('items.status', '=', 'online')
      .where('items.site_code', '=', '511700')
      .executeTakeFirstOrThrow();
    expect((await call(a, admin.cookie, 'PUT', `/api/admin/departments/${dept.id}`, { name: '达州市云端政务试验局' })).statusCode).toBe(200);
    await within(1000, async () => (await search(b, '云端政务试验局')).items.some((i) => i.id === Number(dept.itemId)));
    expect(b.searchIndex.stats.builds).toBe(1);
  });

  it('an instance whose feed position was purged rebuilds in the background while the old index answers', async () => {
    const builds = b.searchIndex.stats.builds;
    const first = await call(a, admin.cookie, 'POST', '/api/admin/news', { siteCode: '511700', title: '万源市清理测试专稿甲', content: '<p>甲</p>', status: 'published' });
    // B has not looked yet; the feed is purged past its position (as the 7-day purge would).
    await a.app.ctx.db.deleteFrom('content_changes').execute();
    const second = await call(a, admin.cookie, 'POST', '/api/admin/news', { siteCode: '511700', title: '万源市清理测试专稿乙', content: '<p>乙</p>', status: 'published' });
    const ids = [first, second].map((r) => (r.json() as { id: number }).id);
    await new Promise((r) => setTimeout(r, 350));
    // the search that notices answers at once, from the old index
    const t0 = Date.now();
    await search(b, '清理测试专稿');
    expect(Date.now() - t0).toBeLessThan(1000);
    await within(60_000, async () => {
      const found = await newsIds(b, '万源市清理测试专稿');
      return ids.every((x) => found.includes(x));
    });
    expect(b.searchIndex.stats.builds).toBe(builds + 1);
  }, 90_000);
});

describe('a change outside the feed', () => {
  const appIds = async (app: FastifyInstance, q: string) => {
    const res = await app.inject({ url: `/api/search?q=${encodeURIComponent(q)}&site=511700&record=false` });
    expect(res.statusCode).toBe(200);
    return (res.json() as { apps: { id: number }[] }).apps.map((x) => x.id);
  };

  it('invalidate() on A rebuilds A before its next search, and B in the background through the shared version and the feed', async () => {
    const builds = b.searchIndex.stats.builds;
    const id = await insertApp(a.app, { name: '跨实例测试应用', keywords: '集群' });
    expect(await appIds(b, 'kuashili')).not.toContain(id);
    await a.app.searchIndex.invalidate();
    expect(await appIds(a.app, 'kuashili')).toContain(id);
    await within(60_000, async () => (await appIds(b, 'kuashili')).includes(id));
    expect(await appIds(b, '集群')).toContain(id);
    expect(b.searchIndex.stats.builds).toBe(builds + 1);
  }, 90_000);

  it('the version counter lives in Redis', async () => {
    const v = await b.ctx.kv.get(CONTENT_VERSION_KEY);
    expect(Number(v)).toBeGreaterThanOrEqual(1);
    expect(await a.app.ctx.kv.get(CONTENT_VERSION_KEY)).toBe(v);
  });
});
