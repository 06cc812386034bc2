import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { DEFAULT_PAGES } from './pages.seed.js';
import { ensureZone, insertApp, insertItem, insertNews } from './test-support.js';

let t: TestApp;
let admin: StaffSession;
let tcOperator: StaffSession;
let xhOperator: StaffSession;
let dzOperator: StaffSession;
let handler: StaffSession;

type Block = { id: string; type: string; [k: string]: unknown };
const title = (id: string): Block => ({ id, type: 'titleBar', showSearch: true, showScan: false, showMessages: true });
const notice = (id: string, text: string): Block => ({ id, type: 'notice', text });

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  tcOperator = await createStaff(t, admin, { username: 'tc_op', siteCode: '511702', roles: ['operator'] });
  xhOperator = await createStaff(t, admin, { username: 'xh_op', siteCode: '511722', roles: ['operator'] });
  dzOperator = await createStaff(t, admin, { username: 'dz_op', siteCode: '511700', roles: ['operator'] });
  handler = await createStaff(t, admin, { username: 'tc_case', siteCode: '511702', roles: ['case_handler'] });
});
afterAll(async () => {
  await t.close();
});

const page = (channel: string, site: string) => t.app.inject({ url: `/api/pages/${channel}?site=${site}` });

describe('default pages', () => {
  it('达州市 has the seeded home, affairs and services pages', async () => {
    const home = await page('home', '511700');
    expect(home.statusCode).toBe(200);
    const body = home.json();
    expect(body).toMatchObject({ channel: 'home', site: '511700', inheritedFrom: null });
    expect(body.version).toBeGreaterThanOrEqual(1);
    expect(body.blocks.map((b: Block) => b.type)).toEqual(['titleBar', 'banner', 'licences', 'zoneGrid', 'appGrid', 'appGrid', 'newsList']);
    const banner = body.blocks[1];
    expect(banner.items).toHaveLength(2);
    for (const it of banner.items) expect(it.image).toMatch(/^data:image\/svg\+xml/);
    expect(body.blocks[3].zoneCodes).toHaveLength(9);
    expect(body.blocks.find((b: Block) => b.type === 'newsList').limit).toBe(5);

    const affairs = (await page('affairs', '511700')).json();
    expect(affairs.blocks.map((b: Block) => [b.type, b.audience ?? null])).toEqual([
      ['titleBar', null],
      ['itemList', 'person'],
      ['itemList', 'corp'],
    ]);
    const services = (await page('services', '511700')).json();
    expect(services.blocks.filter((b: Block) => b.type === 'appGrid').length).toBeGreaterThanOrEqual(3);
  });

  it('a county without its own page shows the city page and says so', async () => {
    const res = (await page('home', '511724')).json();
    expect(res.inheritedFrom).toBe('511700');
    expect(res.blocks).toHaveLength(DEFAULT_PAGES.home.length);
  });

  it('the seed is idempotent: a second run adds no version', async () => {
    const { seedDefaultPages } = await import('./pages.seed.js');
    await seedDefaultPages(t.app.ctx);
    const rows = await t.app.ctx.db.selectFrom('pages').select('id').where('site_code', '=', '511700').where('channel', '=', 'home').execute();
    expect(rows).toHaveLength(1);
  });

  it('unknown site → 404, unknown channel → 400', async () => {
    expect((await page('home', '999999')).statusCode).toBe(404);
    expect((await page('lobby', '511700')).statusCode).toBe(400);
  });
});

describe('publishing and inheritance', () => {
  it('a county page starts as a copy of the city page; the first publish is the county version 1', async () => {
    const draft = await call(t, tcOperator.cookie, 'GET', '/api/admin/pages/home?site=511702');
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ site: '511702', version: null, inheritedFrom: '511700' });
    expect(draft.json().blocks.map((b: Block) => b.type)).toEqual(DEFAULT_PAGES.home.map((b) => b.type));
    // the site defaults to the operator's own
    expect((await call(t, tcOperator.cookie, 'GET', '/api/admin/pages/home')).json().site).toBe('511702');

    const blocks = [...draft.json().blocks.slice(0, 3), notice('tc-notice', '通川区政务服务中心周六照常办公')];
    const put = await call(t, tcOperator.cookie, 'PUT', '/api/admin/pages/home?site=511702', { blocks, note: '增加通知' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ site: '511702', version: 1, inheritedFrom: null });
  });

  it('the next GET shows it at once for 通川区; 宣汉县 still shows the city page', async () => {
    const tc = (await page('home', '511702')).json();
    expect(tc).toMatchObject({ site: '511702', version: 1, inheritedFrom: null });
    expect(tc.blocks.map((b: Block) => b.type)).toEqual(['titleBar', 'banner', 'licences', 'notice']);
    expect(tc.blocks[3].text).toBe('通川区政务服务中心周六照常办公');
    const xh = (await page('home', '511722')).json();
    expect(xh.inheritedFrom).toBe('511700');
    expect(xh.blocks.map((b: Block) => b.type)).not.toContain('notice');
  });

  it('a 宣汉县 operator cannot publish or read 通川区 pages (403, audited)', async () => {
    const res = await call(t, xhOperator.cookie, 'PUT', '/api/admin/pages/home?site=511702', { blocks: [title('x')] });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('您只能管理本站点及下级站点的数据');
    expect((await call(t, xhOperator.cookie, 'GET', '/api/admin/pages/home?site=511702')).statusCode).toBe(403);
    const denied = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'page.publish').where('result', '=', 'denied').execute();
    expect(denied.some((d) => d.actor_name === 'xh_op' && d.site_code === '511702')).toBe(true);
    // the page did not change
    expect((await page('home', '511702')).json().version).toBe(1);
  });

  it('a county operator cannot publish the city page; staff without content:write cannot publish at all', async () => {
    expect((await call(t, tcOperator.cookie, 'PUT', '/api/admin/pages/home?site=511700', { blocks: [title('x')] })).statusCode).toBe(403);
    const res = await call(t, handler.cookie, 'PUT', '/api/admin/pages/home?site=511702', { blocks: [title('x')] });
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: '/api/admin/pages/home?site=511702', payload: { blocks: [] } })).statusCode).toBe(401);
  });

  it('the publish is audited with a summary of the block types', async () => {
    const ok = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'page.publish').where('result', '=', 'ok').where('actor_name', '=', 'tc_op').execute();
    expect(ok).toHaveLength(1);
    expect(ok[0]!.summary).toContain('通川区');
    expect(ok[0]!.summary).toContain('第1版');
    expect(ok[0]!.summary).toContain('标题栏、轮播图、电子证照、通知公告');
    expect(ok[0]!.summary).toContain('增加通知');
  });
});

describe('versions and restore', () => {
  it('lists versions newest first and restores an old one as a new version', async () => {
    const url = '/api/admin/pages/affairs?site=511722';
    for (const text of ['第一版通知', '第二版通知', '第三版通知']) {
      expect((await call(t, xhOperator.cookie, 'PUT', url, { blocks: [title('t'), notice('n', text)], note: text })).statusCode).toBe(200);
    }
    const versions = (await call(t, xhOperator.cookie, 'GET', '/api/admin/pages/affairs/versions?site=511722')).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(versions[0]).toMatchObject({ isCurrent: true, note: '第三版通知', publishedBy: '测试xh_op' });
    expect(versions.slice(1).every((v: { isCurrent: boolean }) => !v.isCurrent)).toBe(true);

    const restored = await call(t, xhOperator.cookie, 'POST', '/api/admin/pages/affairs/versions/1/restore?site=511722');
    expect(restored.statusCode).toBe(200);
    expect(restored.json().version).toBe(4);
    const live = (await page('affairs', '511722')).json();
    expect(live.version).toBe(4);
    expect(live.blocks[1].text).toBe('第一版通知');
    const after = (await call(t, xhOperator.cookie, 'GET', '/api/admin/pages/affairs/versions?site=511722')).json();
    expect(after[0]).toMatchObject({ version: 4, isCurrent: true, note: '恢复自第1版' });
    expect(after.filter((v: { isCurrent: boolean }) => v.isCurrent)).toHaveLength(1);

    expect((await call(t, xhOperator.cookie, 'POST', '/api/admin/pages/affairs/versions/99/restore?site=511722')).statusCode).toBe(404);
    expect((await call(t, tcOperator.cookie, 'POST', '/api/admin/pages/affairs/versions/1/restore?site=511722')).statusCode).toBe(403);
    const audit = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'page.restore').where('result', '=', 'ok').execute();
    expect(audit[0]!.summary).toContain('恢复为第1版');
  });
});

describe('block validation', () => {
  const put = (blocks: unknown[]) => call(t, dzOperator.cookie, 'PUT', '/api/admin/pages/services?site=511703', { blocks });
  const cases: [string, unknown[], RegExp][] = [
    ['unknown type', [title('a'), { id: 'b', type: 'carousel3d' }], /^第2个区块的类型“carousel3d”不受支持/],
    ['unknown field', [{ id: 'a', type: 'licences', title: '证照', colour: 'red' }], /^第1个区块（电子证照“证照”）：包含不支持的字段“colour”/],
    ['missing field', [{ id: 'a', type: 'newsList', title: '资讯' }], /^第1个区块（资讯列表“资讯”）：缺少显示数量/],
    ['limit out of range', [{ id: 'a', type: 'appGrid', title: '应用', source: 'palm', limit: 500 }], /应用宫格“应用”.*显示数量超出允许范围/],
    ['theme grid without theme', [{ id: 'a', type: 'appGrid', title: '主题', source: 'theme', limit: 8 }], /^第1个区块（应用宫格“主题”）：请选择主题/],
    ['unknown theme', [{ id: 'a', type: 'appGrid', title: '主题', source: 'theme', theme: 'casino', limit: 8 }], /请选择主题/],
    ['manual grid without apps', [{ id: 'a', type: 'appGrid', title: '精选', source: 'manual', appIds: [], limit: 8 }], /请至少选择一个应用/],
    ['unknown zone', [{ id: 'a', type: 'zoneGrid', title: '专区', zoneCodes: ['gas', 'casino'] }], /专区“casino”不存在/],
    ['javascript link', [{ id: 'a', type: 'notice', text: '点我', link: 'javascript:alert(1)' }], /^第1个区块（通知公告）：链接格式不正确/],
    ['protocol-relative image', [{ id: 'a', type: 'banner', items: [{ image: '//evil.example/x.png', title: '图', link: '/' }] }], /^第1个区块（轮播图）：第1项的图片格式不正确/],
    ['bad banner window', [{ id: 'a', type: 'banner', items: [{ image: '/a.png', title: '图', link: '/', startAt: '2026-12-02T00:00:00+08:00', endAt: '2026-12-01T00:00:00+08:00' }] }], /结束时间须晚于开始时间/],
    ['duplicate ids', [title('same'), notice('same', '公告')], /^第2个区块（通知公告）：区块标识“same”与前面的区块重复/],
    ['not an object', [title('a'), 'banner'], /^第2个区块/],
  ];
  for (const [name, blocks, message] of cases) {
    it(`rejects ${name} with a message naming the block`, async () => {
      const res = await put(blocks);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().message).toMatch(message);
    });
  }

  it('nothing was published by the rejected writes', async () => {
    const res = (await call(t, dzOperator.cookie, 'GET', '/api/admin/pages/services?site=511703')).json();
    expect(res.inheritedFrom).toBe('511700');
    expect((await call(t, dzOperator.cookie, 'GET', '/api/admin/pages/services/versions?site=511703')).json()).toEqual([]);
  });

  it('optional fields sent as null count as not set', async () => {
    const blocks = [
      { id: 'a', type: 'appGrid', title: '掌上办', source: 'palm', theme: null, appIds: null, limit: 4 },
      { id: 'n', type: 'notice', text: '公告', link: null },
      { id: 'b', type: 'banner', items: [{ image: '/a.png', title: '图', link: '/', startAt: null, endAt: null }] },
    ];
    const res = await call(t, dzOperator.cookie, 'PUT', '/api/admin/pages/affairs?site=511703', { blocks });
    expect(res.statusCode).toBe(200);
    expect(res.json().blocks).toEqual([
      { id: 'a', type: 'appGrid', title: '掌上办', source: 'palm', limit: 4 },
      { id: 'n', type: 'notice', text: '公告' },
      { id: 'b', type: 'banner', items: [{ image: '/a.png', title: '图', link: '/' }] },
    ]);
    // a required field sent as null is still missing
    const bad = await call(t, dzOperator.cookie, 'PUT', '/api/admin/pages/affairs?site=511703', { blocks: [{ id: 'x', type: 'newsList', title: '资讯', limit: null }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('缺少显示数量');
  });

  it('an empty page is allowed (the channel shows nothing)', async () => {
    expect((await put([])).statusCode).toBe(200);
    expect((await page('services', '511703')).json()).toMatchObject({ version: 1, inheritedFrom: null, blocks: [] });
  });
});

describe('resolution', () => {
  let fundCity: number;
  let fundCounty: number;
  let palm: number;
  let corpItem: number;
  let bothItem: number;

  beforeAll(async () => {
    fundCity = await insertApp(t.app, { name: '公积金查询（市）', themes: '["housing-fund"]', sort: 1 });
    fundCounty = await insertApp(t.app, { site_code: '511702', name: '公积金提取（通川）', themes: '["housing-fund","finance"]', sort: 2 });
    await insertApp(t.app, { site_code: '511722', name: '公积金（宣汉）', themes: '["housing-fund"]' });
    await insertApp(t.app, { name: '公积金（已下线）', themes: '["housing-fund"]', status: 'offline' });
    palm = await insertApp(t.app, { name: '掌上社保', is_palm: 1, status: 'coming' });
    await ensureZone(t.app, 'gas', '燃气服务');
    await ensureZone(t.app, 'housing-fund', '公积金服务');
    await ensureZone(t.app, 'gas', '通川燃气', '511702', { color: '#0e7490' });
    // newer than any seeded news, so both are inside the block's limit
    await insertNews(t.app, { title: '达州市政务服务中心延时服务', published_at: new Date(Date.now() - 120_000).toISOString() });
    await insertNews(t.app, { title: '通川区资讯', site_code: '511702', published_at: new Date(Date.now() - 60_000).toISOString() });
    await insertNews(t.app, { title: '草稿', status: 'draft', published_at: null });
    await insertNews(t.app, { title: '定时发布', published_at: '2999-01-01T00:00:00.000Z' });
    await insertNews(t.app, { title: '宣汉县资讯', site_code: '511722' });
    await insertItem(t.app, { name: '个人事项', audience: 'person' });
    corpItem = await insertItem(t.app, { name: '法人事项', audience: 'corp' });
    bothItem = await insertItem(t.app, { name: '通用事项', audience: 'both', site_code: '511702' });
    await insertItem(t.app, { name: '下线事项', audience: 'corp', status: 'offline' });

    const blocks: Block[] = [
      { id: 'fund', type: 'appGrid', title: '公积金', source: 'theme', theme: 'housing-fund', limit: 10 },
      { id: 'pick', type: 'appGrid', title: '精选', source: 'manual', appIds: [palm, fundCity, 999999], limit: 10 },
      { id: 'palm', type: 'appGrid', title: '掌上办', source: 'palm', limit: 10 },
      { id: 'zones', type: 'zoneGrid', title: '专区', zoneCodes: ['housing-fund', 'culture-edu', 'gas'] },
      { id: 'news', type: 'newsList', title: '资讯', limit: 5 },
      { id: 'corp', type: 'itemList', title: '法人办事', audience: 'corp', limit: 10 },
    ];
    expect((await call(t, tcOperator.cookie, 'PUT', '/api/admin/pages/services?site=511702', { blocks })).statusCode).toBe(200);
  });

  it('appGrid: theme apps of the site and its ancestors, online or coming, never offline or another county', async () => {
    const res = (await page('services', '511702')).json();
    const fund = res.blocks.find((b: Block) => b.id === 'fund');
    const names = fund.apps.map((a: { name: string }) => a.name);
    expect(names).toContain('公积金查询（市）');
    expect(names).toContain('公积金提取（通川）');
    expect(names).not.toContain('公积金（宣汉）');
    expect(names).not.toContain('公积金（已下线）');
    const card = fund.apps.find((a: { id: number }) => a.id === fundCounty);
    expect(card).toMatchObject({ siteCode: '511702', themes: ['housing-fund', 'finance'], audience: ['person'], palm: false, status: 'online', kind: 'route' });
  });

  it('appGrid: manual keeps the operator order and skips missing apps; palm lists 掌上办 apps', async () => {
    const res = (await page('services', '511702')).json();
    expect(res.blocks.find((b: Block) => b.id === 'pick').apps.map((a: { id: number }) => a.id)).toEqual([palm, fundCity]);
    const palmApps = res.blocks.find((b: Block) => b.id === 'palm').apps;
    expect(palmApps.map((a: { id: number }) => a.id)).toContain(palm);
    expect(palmApps.every((a: { palm: boolean }) => a.palm)).toBe(true);
  });

  it('zoneGrid: in the configured order, the county override wins, missing zones are skipped', async () => {
    const res = (await page('services', '511702')).json();
    const zones = res.blocks.find((b: Block) => b.id === 'zones').zones;
    const codes = zones.map((z: { code: string }) => z.code);
    expect(codes[0]).toBe('housing-fund');
    expect(codes[codes.length - 1]).toBe('gas');
    expect(zones.find((z: { code: string }) => z.code === 'gas')).toMatchObject({ name: '通川燃气', color: '#0e7490' });
    // the city still sees its own 燃气服务
    const city = (await page('home', '511700')).json();
    const cityGas = city.blocks.find((b: Block) => b.type === 'zoneGrid').zones.find((z: { code: string }) => z.code === 'gas');
    expect(cityGas.name).not.toBe('通川燃气');
  });

  it('newsList: published news of the site and its ancestors, newest first, no drafts or future news', async () => {
    const res = (await page('services', '511702')).json();
    const titles = res.blocks.find((b: Block) => b.id === 'news').news.map((n: { title: string }) => n.title);
    expect(titles).toContain('通川区资讯');
    expect(titles).toContain('达州市政务服务中心延时服务');
    expect(titles.indexOf('通川区资讯')).toBeLessThan(titles.indexOf('达州市政务服务中心延时服务'));
    for (const hidden of ['草稿', '定时发布', '宣汉县资讯']) expect(titles).not.toContain(hidden);
  });

  it('itemList: the audience includes items for both; offline items are left out', async () => {
    const res = (await page('services', '511702')).json();
    const items = res.blocks.find((b: Block) => b.id === 'corp').items;
    const ids = items.map((i: { id: number }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([corpItem, bothItem]));
    expect(items.map((i: { name: string }) => i.name)).not.toContain('个人事项');
    expect(items.map((i: { name: string }) => i.name)).not.toContain('下线事项');
    expect(items.find((i: { id: number }) => i.id === corpItem)).toMatchObject({ departmentName: expect.stringContaining('达州市'), audience: 'corp', online: true, bookable: false });
  });
});

describe('banner time window', () => {
  it('shows only the images whose window contains now, and drops a banner with none', async () => {
    const day = 86_400_000;
    const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
    const img = '/static/b.png';
    const blocks: Block[] = [
      {
        id: 'b1',
        type: 'banner',
        items: [
          { image: img, title: '已结束', link: '/', endAt: iso(-day) },
          { image: img, title: '未开始', link: '/', startAt: iso(day) },
          { image: img, title: '进行中', link: '/zones/gas', startAt: iso(-day), endAt: iso(day) },
          { image: img, title: '长期', link: 'https://www.sczwfw.gov.cn/' },
        ],
      },
      { id: 'b2', type: 'banner', items: [{ image: img, title: '过期', link: '/', startAt: iso(-2 * day), endAt: iso(-day) }] },
      title('t'),
    ];
    expect((await call(t, xhOperator.cookie, 'PUT', '/api/admin/pages/home?site=511722', { blocks })).statusCode).toBe(200);
    const res = (await page('home', '511722')).json();
    expect(res.blocks.map((b: Block) => b.id)).toEqual(['b1', 't']);
    expect(res.blocks[0].items.map((i: { title: string }) => i.title)).toEqual(['进行中', '长期']);
    // the console still sees every image, windows included
    const admin = (await call(t, xhOperator.cookie, 'GET', '/api/admin/pages/home?site=511722')).json();
    expect(admin.blocks[0].items).toHaveLength(4);
    expect(admin.blocks[1].id).toBe('b2');
  });
});
