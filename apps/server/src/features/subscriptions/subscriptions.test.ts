import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { login, registerPerson, sessionCookie } from '../auth/test-kit.js';
import { ensureZone, insertApp, insertItem, insertNews } from '../pages/test-support.js';

let t: TestApp;
let citizen: string;
let other: string;
let fundApp: number;
let busApp: number;
let offlineApp: number;
let item: number;
let news: number;

const as = (cookie: string | null, method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await createTestApp();
  fundApp = await insertApp(t.app, { name: '公积金查询', themes: '["housing-fund"]', audience: '["person","corp"]' });
  busApp = await insertApp(t.app, { name: '公交到站查询', site_code: '511702', status: 'coming' });
  offlineApp = await insertApp(t.app, { name: '已下线应用', status: 'offline' });
  item = await insertItem(t.app, { name: '居民身份证换领' });
  news = await insertNews(t.app, { title: '达州市开通公积金线上提取' });
  await ensureZone(t.app, 'gas', '燃气服务');
  citizen = sessionCookie(await login(t.app, '13900000001', 'Demo@2026'))!;
  other = (await registerPerson(t.app)).cookie;
});
afterAll(async () => {
  await t.close();
});

describe('我的订阅', () => {
  it('subscribes, lists as app cards (newest first), is idempotent, and unsubscribes', async () => {
    expect((await as(citizen, 'PUT', `/api/me/subscriptions/${fundApp}`)).statusCode).toBe(204);
    await new Promise((r) => setTimeout(r, 5));
    expect((await as(citizen, 'PUT', `/api/me/subscriptions/${busApp}`)).statusCode).toBe(204);
    expect((await as(citizen, 'PUT', `/api/me/subscriptions/${fundApp}`)).statusCode).toBe(204);
    const list = (await as(citizen, 'GET', '/api/me/subscriptions')).json();
    expect(list.map((a: { id: number }) => a.id)).toEqual([busApp, fundApp]);
    expect(list[1]).toMatchObject({ name: '公积金查询', themes: ['housing-fund'], audience: ['person', 'corp'], status: 'online', siteCode: '511700' });
    expect(list[0]).toMatchObject({ status: 'coming', siteCode: '511702' });
    // another citizen's subscriptions are separate
    expect((await as(other, 'GET', '/api/me/subscriptions')).json()).toEqual([]);

    expect((await as(citizen, 'DELETE', `/api/me/subscriptions/${busApp}`)).statusCode).toBe(204);
    expect((await as(citizen, 'DELETE', `/api/me/subscriptions/${busApp}`)).statusCode).toBe(204);
    expect((await as(citizen, 'GET', '/api/me/subscriptions')).json().map((a: { id: number }) => a.id)).toEqual([fundApp]);
  });

  it('offline or unknown apps cannot be subscribed; anonymous requests get 401', async () => {
    expect((await as(citizen, 'PUT', `/api/me/subscriptions/${offlineApp}`)).statusCode).toBe(404);
    const res = await as(citizen, 'PUT', '/api/me/subscriptions/99999999');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('该服务不存在或已下线');
    expect((await as(null, 'GET', '/api/me/subscriptions')).statusCode).toBe(401);
    expect((await as(null, 'PUT', `/api/me/subscriptions/${fundApp}`)).statusCode).toBe(401);
  });
});

describe('我的足迹', () => {
  const visit = (cookie: string | null, type: string, ref: string | number, site = '511702') => as(cookie, 'POST', '/api/visits', { type, ref: String(ref), site });

  it('visits of a logged-in citizen leave footprints with titles, newest first, per type', async () => {
    for (const [type, ref] of [
      ['item', item],
      ['app', fundApp],
      ['news', news],
      ['zone', 'gas'],
      ['palm', busApp],
      ['page', 'home'],
    ] as const) {
      expect((await visit(citizen, type, ref)).statusCode).toBe(204);
      await new Promise((r) => setTimeout(r, 3));
    }
    const fp = (await as(citizen, 'GET', '/api/me/footprints')).json();
    expect(fp.items).toEqual([expect.objectContaining({ refId: String(item), title: '居民身份证换领' })]);
    expect(fp.apps.map((a: { refId: string }) => a.refId)).toEqual([String(busApp), String(fundApp)]);
    expect(fp.apps[0].title).toBe('公交到站查询');
    expect(fp.news).toEqual([expect.objectContaining({ refId: String(news), title: '达州市开通公积金线上提取' })]);
    expect(fp.zones).toEqual([expect.objectContaining({ refId: 'gas', title: '燃气服务' })]);
    expect(fp.items[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // visiting again moves it to the top instead of adding a row
    await visit(citizen, 'app', fundApp);
    const again = (await as(citizen, 'GET', '/api/me/footprints')).json();
    expect(again.apps.map((a: { refId: string }) => a.refId)).toEqual([String(fundApp), String(busApp)]);
  });

  it('anonymous visits and unknown objects leave no footprint', async () => {
    await visit(null, 'item', item);
    await visit(other, 'item', 99999999);
    await visit(other, 'zone', 'no-such-zone');
    expect((await as(other, 'GET', '/api/me/footprints')).json()).toEqual({ items: [], apps: [], news: [], zones: [] });
  });

  it('deletes one footprint (only the owner may) and then all', async () => {
    const fp = (await as(citizen, 'GET', '/api/me/footprints')).json();
    const id = fp.apps[0].id as number;
    expect((await as(other, 'DELETE', `/api/me/footprints/${id}`)).statusCode).toBe(404);
    expect((await as(citizen, 'DELETE', `/api/me/footprints/${id}`)).statusCode).toBe(204);
    expect((await as(citizen, 'DELETE', `/api/me/footprints/${id}`)).statusCode).toBe(404);
    expect((await as(citizen, 'GET', '/api/me/footprints')).json().apps).toHaveLength(1);
    expect((await as(citizen, 'DELETE', '/api/me/footprints')).statusCode).toBe(204);
    expect((await as(citizen, 'GET', '/api/me/footprints')).json()).toEqual({ items: [], apps: [], news: [], zones: [] });
    expect((await as(null, 'GET', '/api/me/footprints')).statusCode).toBe(401);
  });
});
