import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { login, newIp, sessionCookie } from '../auth/test-kit.js';
import { insertApp, insertItem, insertNews } from '../pages/test-support.js';
import { purgePersonalSearchTerms } from '../../db/migrations/0006_search_privacy.js';
import { SearchIndex } from './search-index.js';
import { SearchIndexService } from './search-index.service.js';
import { CONTENT_VERSION_KEY, ContentVersion } from '../../infra/content-version.js';

let t: TestApp;
let admin: StaffSession;
let dzOperator: StaffSession;
let xhOperator: StaffSession;
let citizen: string;
let fundApp: number;
let calcApp: number;
let countyApp: number;
let fundItem: number;
let fundNews: number;

type Card = { id: number; name?: string; title?: string };
type Result = { items: Card[]; apps: Card[]; news: Card[] };

const search = (q: string, site = '511702', headers: Record<string, string> = {}) =>
  t.app.inject({ url: `/api/search?q=${encodeURIComponent(q)}&site=${site}`, headers });
const found = async (q: string, site = '511702') => {
  const res = await search(q, site);
  expect(res.statusCode).toBe(200);
  return res.json() as Result;
};
const ids = (cards: Card[]) => cards.map((c) => c.id);

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  dzOperator = await createStaff(t, admin, { username: 'dz_op', siteCode: '511700', roles: ['operator'] });
  xhOperator = await createStaff(t, admin, { username: 'xh_op', siteCode: '511722', roles: ['operator'] });
  fundApp = await insertApp(t.app, { name: '住房公积金提取', themes: '["housing-fund"]', popularity: 1 });
  calcApp = await insertApp(t.app, { name: '房贷计算器', keywords: '公积金,商业贷款', popularity: 100_000 });
  countyApp = await insertApp(t.app, { site_code: '511722', name: '宣汉公积金查询' });
  await insertApp(t.app, { name: '公积金下线应用', status: 'offline' });
  fundItem = await insertItem(t.app, { name: '住房公积金缴存证明开具', audience: 'person' });
  await insertItem(t.app, { name: '公积金下线事项', status: 'offline' });
  fundNews = await insertNews(t.app, { title: '达州调整住房公积金贷款额度', summary: '最高额度提高', published_at: new Date(Date.now() - 60_000).toISOString() });
  await insertNews(t.app, { title: '公积金草稿资讯', status: 'draft', published_at: null });
  await insertNews(t.app, { title: '公积金定时资讯', published_at: '2999-01-01T00:00:00.000Z' });
  const res = await login(t.app, '13900000001', 'Demo@2026');
  expect(res.statusCode).toBe(200);
  citizen = sessionCookie(res)!;
});
afterAll(async () => {
  await t.close();
});

describe('matching', () => {
  it('公积金, gongjijin, gjj and full-width ＧＪＪ all find the housing-fund app', async () => {
    for (const q of ['公积金', 'gongjijin', 'gjj', 'GJJ', 'ＧＪＪ', 'gong ji jin', '公积', 'zhufang', 'zfgjj']) {
      expect(ids((await found(q)).apps), q).toContain(fundApp);
    }
  });

  it('finds items and news as well, by name and by body text', async () => {
    const r = await found('公积金');
    expect(ids(r.items)).toContain(fundItem);
    expect(ids(r.news)).toContain(fundNews);
    expect(ids((await found('额度提高')).news)).toContain(fundNews);
    expect(r.items[0]).toMatchObject({ departmentName: expect.any(String), audience: 'person', siteCode: '511700' });
  });

  it('ranks a name match above a keywords match, however popular', async () => {
    const apps = ids((await found('公积金')).apps);
    expect(apps).toContain(calcApp);
    expect(apps.indexOf(fundApp)).toBeLessThan(apps.indexOf(calcApp));
    expect(ids((await found('gjj')).apps).indexOf(fundApp)).toBeLessThan(ids((await found('gjj')).apps).indexOf(calcApp));
  });

  it('all terms must match', async () => {
    const both = ids((await found('公积金 提取')).apps);
    expect(both).toContain(fundApp);
    expect(both).not.toContain(calcApp);
    expect(ids((await found('公积金 不存在的词')).apps)).toEqual([]);
  });

  it('is scoped to the site and its ancestors; offline, draft and future content is never found', async () => {
    expect(ids((await found('公积金', '511702')).apps)).not.toContain(countyApp);
    expect(ids((await found('公积金', '511722')).apps)).toContain(countyApp);
    const all = await found('公积金', '511722');
    const names = [...all.apps.map((a) => a.name), ...all.items.map((i) => i.name), ...all.news.map((n) => n.title)];
    for (const hidden of ['公积金下线应用', '公积金下线事项', '公积金草稿资讯', '公积金定时资讯']) expect(names).not.toContain(hidden);
  });

  it('rejects an empty query and an unknown site', async () => {
    expect((await search('', '511702')).statusCode).toBe(400);
    expect((await search('公积金', '999999')).statusCode).toBe(404);
  });
});

describe('freshness', () => {
  it('an edit is searchable right after invalidate(), not before', async () => {
    await found('公积金');
    const id = await insertApp(t.app, { name: '灵活就业人员公积金缴存' });
    expect(ids((await found('灵活就业')).apps)).not.toContain(id);
    await t.app.searchIndex.invalidate();
    expect(ids((await found('linghuojiuye')).apps)).toContain(id);

    await t.app.ctx.db.updateTable('apps').set({ status: 'offline' }).where('id', '=', id).execute();
    await t.app.searchIndex.invalidate();
    expect(ids((await found('灵活就业')).apps)).not.toContain(id);
  });

  it('the 60-second safety net rebuilds when the tables changed without an invalidate(), and only then', async () => {
    const service = new SearchIndexService(t.app.ctx.db, new ContentVersion(t.app.ctx.kv, t.app.log, 60_000), t.app.log, { maxAgeMs: 30 });
    const first = await service.current();
    const wait = () => new Promise((r) => setTimeout(r, 60));
    await wait();
    await service.current(); // starts the fingerprint check in the background
    await wait();
    expect(await service.current()).toBe(first); // nothing changed: same index

    const id = await insertApp(t.app, { name: '安全网测试应用' });
    await wait();
    await service.current();
    for (let i = 0; i < 50 && (await service.current()) === first; i++) await wait();
    const next = await service.current();
    expect(next).not.toBe(first);
    expect(next.search('安全网', ['511700']).app.map((h) => h.doc.id)).toContain(id);
  });

  it('invalidate() moves the shared content version', async () => {
    const before = Number((await t.app.ctx.kv.get(CONTENT_VERSION_KEY)) ?? 0);
    await t.app.searchIndex.invalidate();
    expect(Number(await t.app.ctx.kv.get(CONTENT_VERSION_KEY))).toBe(before + 1);
  });
});

describe('hot terms', () => {
  const countOf = async (term: string, site = '511702') =>
    Number((await t.app.ctx.db.selectFrom('search_terms').select('count').where('site_code', '=', site).where('term', '=', term).executeTakeFirst())?.count ?? 0);
  const hotList = async (site = '511702') => ((await t.app.inject({ url: `/api/search/hot?site=${site}` })).json() as { term: string; pinned: boolean }[]).map((h) => h.term);

  it('counts searches that found something, under the Chinese words found: gjj counts as 公积金', async () => {
    await t.app.searchHotTerms.flush();
    const before = await countOf('公积金');
    for (let i = 0; i < 3; i++) await search('公积金', '511702');
    await search('  GJJ ', '511702');
    await search('gjj', '511702');
    await search('gongjijin', '511702');
    await search('查无此词xyz', '511702');
    await t.app.searchHotTerms.flush();
    const rows = await t.app.ctx.db.selectFrom('search_terms').selectAll().where('site_code', '=', '511702').execute();
    expect(await countOf('公积金')).toBe(before + 6);
    expect(rows.map((r) => r.term)).not.toContain('gjj');
    expect(rows.map((r) => r.term)).not.toContain('gongjijin');
    expect(rows.some((r) => r.term.includes('查无此词'))).toBe(false);

    const hot = (await t.app.inject({ url: '/api/search/hot?site=511702' })).json() as { term: string; pinned: boolean }[];
    expect(hot[0]).toEqual({ term: '公积金', pinned: false });
  });

  it('pinyin, initials and mixed queries are shown as the words they found (水费, 住房公积金 提取), never as typed', async () => {
    const typed = ['shuifei', 'sf', 'zfgjj tq', 'zhuf', 'gj'];
    for (const q of typed) await search(q, '511722');
    await t.app.searchHotTerms.flush();
    const terms = (await t.app.ctx.db.selectFrom('search_terms').select('term').where('site_code', '=', '511722').execute()).map((r) => r.term);
    expect(terms).toContain('水费');
    expect(terms).toContain('住房公积金 提取');
    expect(terms).toContain('住房');
    for (const q of typed) expect(terms).not.toContain(q);
    expect(terms.every((term) => /\p{Script=Han}/u.test(term))).toBe(true);
    const hot = await hotList('511722');
    expect(hot).toContain('水费');
    for (const q of typed) expect(hot).not.toContain(q);
  });

  it('typed terms counted before this rule are never shown; a pinned latin term still is', async () => {
    const now = new Date().toISOString();
    await t.app.ctx.db.insertInto('search_terms').values({ site_code: '511781', term: 'shuifei', count: 100_000, pinned: 0, updated_at: now }).execute();
    await t.app.ctx.db.insertInto('search_terms').values({ site_code: '511781', term: '水费', count: 1, pinned: 0, updated_at: now }).execute();
    await t.app.ctx.db.insertInto('search_terms').values({ site_code: '511781', term: 'etc', count: 0, pinned: 1, updated_at: now }).execute();
    const hot = await hotList('511781');
    expect(hot).not.toContain('shuifei');
    expect(hot).toContain('水费');
    expect(hot[0]).toBe('etc');
  });

  it('operators pin terms per site; a county sees the city pins, the city does not see county searches', async () => {
    const pin = await call(t, dzOperator.cookie, 'POST', '/api/admin/search/pinned', { term: '社保卡申领' });
    expect(pin.statusCode).toBe(201);
    expect(pin.json()).toEqual([expect.objectContaining({ term: '社保卡申领', count: 0 })]);
    const county = (await t.app.inject({ url: '/api/search/hot?site=511702' })).json();
    expect(county[0]).toEqual({ term: '社保卡申领', pinned: true });
    const city = (await t.app.inject({ url: '/api/search/hot?site=511700' })).json() as { term: string }[];
    expect(city.map((h) => h.term)).not.toContain('gjj');
    expect((await call(t, dzOperator.cookie, 'GET', '/api/admin/search/pinned')).json().map((p: { term: string }) => p.term)).toEqual(['社保卡申领']);

    expect((await call(t, xhOperator.cookie, 'POST', '/api/admin/search/pinned', { term: '越权', site: '511700' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/search/pinned', payload: { term: 'x' } })).statusCode).toBe(401);

    const del = await call(t, dzOperator.cookie, 'DELETE', `/api/admin/search/pinned?term=${encodeURIComponent('社保卡申领')}`);
    expect(del.statusCode).toBe(204);
    const after = (await t.app.inject({ url: '/api/search/hot?site=511702' })).json() as { term: string }[];
    expect(after.map((h) => h.term)).not.toContain('社保卡申领');
    const audit = await t.app.ctx.db.selectFrom('audit_log').select('action').where('action', 'in', ['search.pin', 'search.unpin']).where('result', '=', 'ok').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['search.pin', 'search.unpin']);
  });

  it('at most 10 pinned terms per site', async () => {
    for (let i = 0; i < 10; i++) expect((await call(t, xhOperator.cookie, 'POST', '/api/admin/search/pinned', { term: `置顶${i}` })).statusCode).toBe(201);
    const res = await call(t, xhOperator.cookie, 'POST', '/api/admin/search/pinned', { term: '第十一个' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('最多置顶 10 个');
    const hot = (await t.app.inject({ url: '/api/search/hot?site=511722' })).json() as { pinned: boolean }[];
    expect(hot).toHaveLength(10);
    expect(hot.every((h) => h.pinned)).toBe(true);
  });
});

describe('search history', () => {
  const DEVICE = 'h5-device-0123456789abcdef';
  const OTHER = 'h5-device-fedcba9876543210';

  it('searches made while typing (record=false) are answered but neither kept in history nor counted as hot', async () => {
    const device = 'h5-device-typing-000000000001';
    const before = await t.app.ctx.db.selectFrom('search_terms').selectAll().where('term', '=', 'gongji').execute();
    const res = await t.app.inject({ url: `/api/search?q=gongji&site=511702&record=false`, headers: { 'x-device-id': device } });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/search/history', headers: { 'x-device-id': device } })).json()).toEqual([]);
    await t.app.searchHotTerms.flush();
    expect(await t.app.ctx.db.selectFrom('search_terms').selectAll().where('term', '=', 'gongji').execute()).toEqual(before);
  });

  it('is kept per logged-in user, newest first, without duplicates', async () => {
    // a few ms apart: history is ordered by time, and timestamps have millisecond resolution
    const tick = () => new Promise((r) => setTimeout(r, 3));
    await search('公积金', '511702', { cookie: citizen });
    await tick();
    await search('社保', '511702', { cookie: citizen });
    await tick();
    await search('公积金', '511702', { cookie: citizen });
    const res = await t.app.inject({ url: '/api/search/history', headers: { cookie: citizen } });
    expect(res.json().map((h: { term: string }) => h.term)).toEqual(['公积金', '社保']);
    expect(res.json()[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('is kept per device for anonymous users; only a digest of the device id is stored', async () => {
    await search('不动产', '511702', { 'x-device-id': DEVICE });
    await new Promise((r) => setTimeout(r, 3));
    await search('燃气缴费', '511702', { 'x-device-id': DEVICE });
    const mine = (await t.app.inject({ url: '/api/search/history', headers: { 'x-device-id': DEVICE } })).json();
    expect(mine.map((h: { term: string }) => h.term)).toEqual(['燃气缴费', '不动产']);
    expect((await t.app.inject({ url: '/api/search/history', headers: { 'x-device-id': OTHER } })).json()).toEqual([]);
    expect((await t.app.inject({ url: '/api/search/history' })).json()).toEqual([]);
    // the citizen's history is not mixed with the device's
    expect((await t.app.inject({ url: '/api/search/history', headers: { cookie: citizen } })).json().map((h: { term: string }) => h.term)).not.toContain('不动产');
    const owners = (await t.app.ctx.db.selectFrom('search_history').select('owner_key').execute()).map((r) => r.owner_key);
    expect(owners.some((o) => o.includes(DEVICE))).toBe(false);
    expect(owners.filter((o) => o.startsWith('d:'))).toHaveLength(2);
  });

  it('deletes one term and then all', async () => {
    const h = { 'x-device-id': DEVICE };
    expect((await t.app.inject({ method: 'DELETE', url: `/api/search/history/${encodeURIComponent('不动产')}`, headers: h })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/search/history', headers: h })).json().map((x: { term: string }) => x.term)).toEqual(['燃气缴费']);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/search/history', headers: h })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/search/history', headers: h })).json()).toEqual([]);
    // the user's history is untouched
    expect((await t.app.inject({ url: '/api/search/history', headers: { cookie: citizen } })).json()).toHaveLength(2);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/search/history', headers: { cookie: citizen } })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/search/history', headers: { cookie: citizen } })).json()).toEqual([]);
  });

  it('keeps the 20 newest terms', async () => {
    const h = { 'x-device-id': OTHER };
    for (let i = 0; i < 23; i++) await search(`词${i}`, '511702', h);
    const list = (await t.app.inject({ url: '/api/search/history', headers: h })).json() as { term: string }[];
    expect(list).toHaveLength(20);
    expect(list[0]!.term).toBe('词22');
    const rows = await t.app.ctx.db.selectFrom('search_history').select('id').where('term', 'like', '词%').execute();
    expect(rows).toHaveLength(20);
  });
});

describe('personal data in search terms', () => {
  const ID = '511702199001011231';
  const DEVICE = 'h5-device-pii-0000000000001';

  it('an ID number, phone, bank card or credit code is searched but neither kept in history nor counted as hot', async () => {
    // An app whose keywords hold a phone number, so that searching the number finds something.
    const hotline = await insertApp(t.app, { name: '供电抢修热线', keywords: '停电 抢修 13800138000 6222021234567890123' });
    await t.app.searchIndex.invalidate();
    expect(ids((await found('13800138000')).apps)).toContain(hotline);
    const terms = [ID, `身份证${ID}`, '138 0013 8000', '+86 138-0013-8000', '6222021234567890123', '91511700MA62ABCD1E'];
    for (const q of terms) {
      expect((await search(q, '511702', { cookie: citizen })).statusCode, q).toBe(200);
      expect((await search(q, '511702', { 'x-device-id': DEVICE })).statusCode, q).toBe(200);
    }
    await search('供电抢修', '511702', { cookie: citizen });
    await t.app.searchHotTerms.flush();

    expect((await t.app.inject({ url: '/api/search/history', headers: { cookie: citizen } })).json().map((h: { term: string }) => h.term)).toEqual(['供电抢修']);
    expect((await t.app.inject({ url: '/api/search/history', headers: { 'x-device-id': DEVICE } })).json()).toEqual([]);
    const stored = [
      ...(await t.app.ctx.db.selectFrom('search_history').select('term').execute()).map((r) => r.term),
      ...(await t.app.ctx.db.selectFrom('search_terms').select('term').execute()).map((r) => r.term),
    ];
    expect(stored.filter((term) => /\d{6}|0013/.test(term))).toEqual([]);
    expect(stored).toContain('供电抢修');
    await t.app.inject({ method: 'DELETE', url: '/api/search/history', headers: { cookie: citizen } });
  });

  it('operators cannot pin such a term', async () => {
    const res = await call(t, dzOperator.cookie, 'POST', '/api/admin/search/pinned', { term: '13800138000' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('个人信息');
  });

  it('migration 0006 purges the rows kept before, pinned or not, and leaves the others', async () => {
    const now = new Date().toISOString();
    const db = t.app.ctx.db;
    await db.insertInto('search_history').values([
      { owner_key: 'u:990001', term: ID, at: now },
      { owner_key: 'u:990001', term: '查 138-0013-8000', at: now },
      { owner_key: 'u:990001', term: '医保', at: now },
      { owner_key: 'd:digest-990001', term: '6222 0212 3456 7890 123', at: now },
    ]).execute();
    await db.insertInto('search_terms').values([
      { site_code: '511702', term: `身份证${ID}`, count: 7, pinned: 0, updated_at: now },
      { site_code: '511702', term: '91511700ma62abcd1e', count: 0, pinned: 1, updated_at: now },
      { site_code: '511702', term: '医保缴费', count: 3, pinned: 0, updated_at: now },
    ]).execute();

    expect(await purgePersonalSearchTerms(db)).toEqual({ history: 3, hot: 2 });
    expect((await db.selectFrom('search_history').select('term').where('owner_key', 'in', ['u:990001', 'd:digest-990001']).execute()).map((r) => r.term)).toEqual(['医保']);
    const hot = (await db.selectFrom('search_terms').select('term').where('site_code', '=', '511702').execute()).map((r) => r.term);
    expect(hot).toContain('医保缴费');
    expect(hot.some((term) => term.includes(ID) || term.startsWith('91511700'))).toBe(false);
    // it ran at start-up as a registered migration, and a second run finds nothing
    expect((await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name)).toContain('0006_search_privacy');
    expect(await purgePersonalSearchTerms(db)).toEqual({ history: 0, hot: 0 });
  });
});

describe('rate limit', () => {
  it('limits searches per client address', async () => {
    const ip = newIp();
    let status = 200;
    for (let i = 0; i < 125 && status === 200; i++) status = (await t.app.inject({ url: '/api/search?q=a', remoteAddress: ip })).statusCode;
    expect(status).toBe(429);
  });
});

describe('SearchIndex (unit)', () => {
  const doc = (id: number, name: string, over: Partial<{ keywords: string; body: string; popularity: number; siteCode: string; code: string | null }> = {}) => ({
    kind: 'app' as const,
    id,
    code: over.code === undefined ? `c${id}` : over.code,
    siteCode: over.siteCode ?? '511700',
    name,
    keywords: over.keywords ?? '',
    body: over.body ?? '',
    popularity: over.popularity ?? 0,
    card: { id },
  });

  it('ranks name > keywords > body, popularity inside a class, exact and prefix names first', () => {
    const idx = SearchIndex.build([
      doc(1, '医保缴费', { body: '社保' }),
      doc(2, '社保查询', { popularity: 5 }),
      doc(3, '养老金', { keywords: '社保' }),
      doc(4, '社保', {}),
      doc(5, '个人社保', { popularity: 1000 }),
    ]);
    expect(idx.search('社保', ['511700']).app.map((h) => h.doc.id)).toEqual([4, 2, 5, 3, 1]);
  });

  it('county rows override city rows with the same code', () => {
    const idx = SearchIndex.build([doc(1, '公积金', { code: 'x' }), doc(2, '公积金（通川）', { code: 'x', siteCode: '511702' })]);
    expect(idx.search('公积金', ['511702', '511700']).app.map((h) => h.doc.id)).toEqual([2]);
    expect(idx.search('公积金', ['511700']).app.map((h) => h.doc.id)).toEqual([1]);
  });

  it('polyphones and ü: 银行 is yinhang, 绿色 is lvse', () => {
    const idx = SearchIndex.build([doc(1, '银行网点'), doc(2, '绿色出行')]);
    expect(idx.search('yinhang', ['511700']).app.map((h) => h.doc.id)).toEqual([1]);
    expect(idx.search('lvse', ['511700']).app.map((h) => h.doc.id)).toEqual([2]);
    expect(idx.search('lscx', ['511700']).app.map((h) => h.doc.id)).toEqual([2]);
  });

  it('upsert and remove patch one document: the same answers as a fresh build of the result', async () => {
    const idx = await SearchIndex.buildSliced([doc(1, '公积金提取'), doc(2, '社保查询'), doc(3, '公积金贷款', { popularity: 9 })], 1);
    idx.upsert(doc(2, '公积金缴存'));
    idx.upsert(doc(4, '住房公积金'));
    idx.remove('app', 1);
    const fresh = SearchIndex.build([doc(2, '公积金缴存'), doc(3, '公积金贷款', { popularity: 9 }), doc(4, '住房公积金')]);
    for (const q of ['公积金', 'gjj', 'gongjijin', '社保', '缴存', '提取']) {
      expect(idx.search(q, ['511700']).app.map((h) => h.doc.id), q).toEqual(fresh.search(q, ['511700']).app.map((h) => h.doc.id));
    }
    expect(idx.search('社保', ['511700']).app).toEqual([]);
    expect(idx.size).toBe(3);
    expect(idx.has('app', 1)).toBe(false);
    expect(idx.patchStats).toEqual({ updates: 3, dead: 2 });
    expect(idx.remove('app', 1)).toBe(false);
  });
});
