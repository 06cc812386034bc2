import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewsCard } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';

let t: TestApp;
let admin: StaffSession;
let tcOp: StaffSession;
let xhOp: StaffSession;

const get = (url: string) => t.app.inject({ url });
type Page = { items: NewsCard[]; total: number; page: number; pageSize: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  tcOp = await createStaff(t, admin, { username: 'tc_op', siteCode: '511702', roles: ['operator'] });
  xhOp = await createStaff(t, admin, { username: 'xh_op', siteCode: '511722', roles: ['operator'] });
});
afterAll(async () => {
  await t.close();
});

describe('public news', () => {
  it('lists the city’s ten news newest first; 通川区 adds its two', async () => {
    const city = (await get('/api/news')).json() as Page;
    expect(city).toMatchObject({ total: 10, page: 1, pageSize: 10 });
    expect(city.items[0]).toMatchObject({ title: '“天府通办”达州分站主题服务专区上线试运行', coverUrl: null, siteCode: '511700' });
    const times = city.items.map((n) => n.publishedAt!);
    expect([...times].sort().reverse()).toEqual(times);
    const tc = (await get('/api/news?site=511702&pageSize=20')).json() as Page;
    expect(tc.total).toBe(12);
    expect(tc.items.filter((n) => n.siteCode === '511702')).toHaveLength(2);
    expect(((await get('/api/news?site=511722')).json() as Page).total).toBe(10);
    expect(((await get('/api/news?page=2&pageSize=4')).json() as Page).items).toHaveLength(4);
  });

  it('shows an article with its HTML content', async () => {
    const first = ((await get('/api/news')).json() as Page).items[0]!;
    const res = await get(`/api/news/${first.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().content).toContain('<h3>八大专区</h3>');
    expect(res.json().content).toContain('演示数据');
    expect((await get('/api/news/999999')).statusCode).toBe(404);
  });
});

describe('console news', () => {
  let id = 0;
  it('creates a draft with sanitised content; publishing shows it on 通川区 only', async () => {
    const res = await call(t, tcOp.cookie, 'POST', '/api/admin/news', {
      siteCode: '511702',
      title: '通川区政务服务中心端午节期间服务安排',
      content: '<p onclick="steal()">端午节期间<strong>正常</strong>办公。</p><script>alert(1)</script><a href="javascript:alert(2)">点我</a><img src="x" onerror="alert(3)">',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'draft', publishedAt: null, siteCode: '511702', summary: '端午节期间正常办公。 点我' });
    expect(body.content).toBe('<p>端午节期间<strong>正常</strong>办公。</p>点我');
    id = body.id;
    expect((await get(`/api/news/${id}`)).statusCode).toBe(404);
    const audit = await t.app.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'news.create').executeTakeFirstOrThrow();
    expect(audit.summary).toContain('已过滤');

    const search = async () => ((await get(`/api/search?site=511702&q=${encodeURIComponent('端午节期间服务安排')}`)).json() as { news: NewsCard[] }).news.map((n) => n.id);
    expect(await search()).not.toContain(id);
    const pub = await call(t, tcOp.cookie, 'PUT', `/api/admin/news/${id}`, { status: 'published', summary: '端午节期间正常办公' });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().publishedAt).toEqual(expect.any(String));
    expect(((await get('/api/news?site=511702')).json() as Page).items[0]!.id).toBe(id);
    // published news is searchable at once: the write invalidated the search index
    expect(await search()).toContain(id);
    expect(((await get('/api/news?site=511722&pageSize=50')).json() as Page).items.map((n) => n.id)).not.toContain(id);
    expect(((await get('/api/news?site=511700&pageSize=50')).json() as Page).items.map((n) => n.id)).not.toContain(id);
    const onlyScript = await call(t, tcOp.cookie, 'PUT', `/api/admin/news/${id}`, { content: '<script>alert(1)</script>' });
    expect(onlyScript.statusCode).toBe(400);
  });

  it('a 宣汉县 operator cannot edit or delete it (403, audited denied)', async () => {
    expect((await call(t, xhOp.cookie, 'PUT', `/api/admin/news/${id}`, { title: '篡改的标题' })).statusCode).toBe(403);
    expect((await call(t, xhOp.cookie, 'DELETE', `/api/admin/news/${id}`)).statusCode).toBe(403);
    expect((await call(t, xhOp.cookie, 'GET', '/api/admin/news?siteCode=511702')).statusCode).toBe(403);
    const denied = await t.app.ctx.db.selectFrom('audit_log').select('action').where('actor_name', '=', 'xh_op').where('result', '=', 'denied').execute();
    expect(denied.map((d) => d.action).sort()).toEqual(['news.delete', 'news.list', 'news.update']);
  });

  it('withdraws to draft, then deletes, auditing before→after', async () => {
    const draft = await call(t, tcOp.cookie, 'PUT', `/api/admin/news/${id}`, { status: 'draft', title: '通川区端午节服务安排' });
    expect(draft.json()).toMatchObject({ status: 'draft', publishedAt: null });
    expect((await get(`/api/news/${id}`)).statusCode).toBe(404);
    const list = (await call(t, tcOp.cookie, 'GET', '/api/admin/news?status=draft')).json() as { items: { id: number; inherited: boolean }[] };
    expect(list.items).toEqual([expect.objectContaining({ id, inherited: false })]);
    const inherited = (await call(t, tcOp.cookie, 'GET', '/api/admin/news?pageSize=50')).json() as { items: { siteCode: string; inherited: boolean }[]; total: number };
    expect(inherited.total).toBe(13);
    expect(inherited.items.filter((n) => n.inherited).every((n) => n.siteCode === '511700')).toBe(true);
    const summaries = (await t.app.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'news.update').where('result', '=', 'ok').orderBy('id').execute()).map((r) => r.summary);
    expect(summaries.at(-1)).toContain('状态：已发布→草稿');
    expect(summaries.at(-1)).toContain('标题：通川区政务服务中心端午节期间服务安排→通川区端午节服务安排');
    expect((await call(t, tcOp.cookie, 'DELETE', `/api/admin/news/${id}`)).statusCode).toBe(204);
    expect((await call(t, tcOp.cookie, 'DELETE', `/api/admin/news/${id}`)).statusCode).toBe(404);
  });
});
