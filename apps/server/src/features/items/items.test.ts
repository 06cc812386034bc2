import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEMES, type ItemCard, type ItemGuide } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';

let t: TestApp;
let admin: StaffSession;
let tcOp: StaffSession;
let xhOp: StaffSession;

const get = (url: string) => t.app.inject({ url });
type Page = { items: ItemCard[]; total: number; page: number; pageSize: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  tcOp = await createStaff(t, admin, { username: 'tc_op', siteCode: '511702', roles: ['operator'] });
  xhOp = await createStaff(t, admin, { username: 'xh_op', siteCode: '511722', roles: ['operator'] });
});
afterAll(async () => {
  await t.close();
});

describe('seeded items', () => {
  it('at least 60 city items over at least 12 departments, both audiences, with full guides', async () => {
    const rows = await t.app.ctx.db.selectFrom('items').selectAll().where('site_code', '=', '511700').execute();
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map((r) => r.department_id)).size).toBeGreaterThanOrEqual(12);
    expect(new Set(rows.map((r) => r.audience))).toEqual(new Set(['person', 'corp', 'both']));
    expect(rows.every((r) => r.theme in THEMES)).toBe(true);
    expect(rows.every((r) => /^511700-[A-Z]+-\d{3}$/.test(r.code))).toBe(true);
    for (const r of rows) {
      const materials = JSON.parse(r.materials) as unknown[];
      const steps = JSON.parse(r.steps) as unknown[];
      expect(materials.length, r.name).toBeGreaterThanOrEqual(1);
      expect(materials.length).toBeLessThanOrEqual(5);
      expect(steps.length).toBeGreaterThanOrEqual(3);
      expect(steps.length).toBeLessThanOrEqual(5);
      expect(JSON.parse(r.windows)).toHaveLength(1);
      expect(r.legal_basis).toMatch(/《.+》/);
    }
    expect(rows.filter((r) => r.online === 1).length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.bookable === 1).length).toBeGreaterThan(rows.length / 2);
    const departments = await t.app.ctx.db.selectFrom('departments').select('code').where('site_code', '=', '511700').execute();
    expect(departments.length).toBeGreaterThanOrEqual(12);
  });
});

describe('public lists and guide', () => {
  it('个人办事 includes items for both; 法人办事 likewise; pages', async () => {
    const person = (await get('/api/items?audience=person&pageSize=100')).json() as Page;
    expect(person.items.every((i) => i.audience === 'person' || i.audience === 'both')).toBe(true);
    expect(person.items.some((i) => i.audience === 'both')).toBe(true);
    const corp = (await get('/api/items?audience=corp&pageSize=100')).json() as Page;
    expect(corp.items.every((i) => i.audience === 'corp' || i.audience === 'both')).toBe(true);
    const all = (await get('/api/items?pageSize=5&page=2')).json() as Page;
    expect(all).toMatchObject({ page: 2, pageSize: 5 });
    expect(all.items).toHaveLength(5);
    expect(all.total).toBe(person.total + corp.total - person.items.filter((i) => i.audience === 'both').length);
    expect((await get('/api/items?pageSize=101')).statusCode).toBe(400);
  });

  it('filters by department and theme, and by keyword', async () => {
    const deps = (await get('/api/departments')).json() as { id: number; name: string; code: string; siteCode: string; itemCount: number }[];
    expect(deps.length).toBeGreaterThanOrEqual(12);
    const gjj = deps.find((d) => d.name === '达州市住房公积金管理中心')!;
    expect(gjj).toMatchObject({ code: 'SGJJ', siteCode: '511700', itemCount: 5 });
    const byDep = (await get(`/api/items?departmentId=${gjj.id}`)).json() as Page;
    expect(byDep.total).toBe(5);
    expect(byDep.items.every((i) => i.departmentName === '达州市住房公积金管理中心')).toBe(true);
    const byTheme = (await get('/api/items?theme=justice')).json() as Page;
    expect(byTheme.items.map((i) => i.name)).toEqual(expect.arrayContaining(['法律援助申请', '公证事项办理']));
    const kw = (await get(`/api/items?keyword=${encodeURIComponent('公租房')}`)).json() as Page;
    expect(kw.items.map((i) => i.name)).toEqual(['公共租赁住房申请']);
    // wildcard characters are taken literally
    expect(((await get(`/api/items?keyword=${encodeURIComponent('%')}`)).json() as Page).total).toBe(0);
  });

  it('returns the full guide', async () => {
    const list = (await get(`/api/items?keyword=${encodeURIComponent('居住证签发')}`)).json() as Page;
    const res = await get(`/api/items/${list.items[0]!.id}`);
    expect(res.statusCode).toBe(200);
    const g = res.json() as ItemGuide;
    expect(g).toMatchObject({
      code: '511700-SGA-001',
      name: '居住证签发',
      departmentName: '达州市公安局',
      audience: 'person',
      theme: 'household',
      subject: '达州市公安局',
      // a 掌上办 item: its guide is written out (seed/portal/palm-guides.ts) and its form is the app's
      timeLimit: '法定15个工作日，承诺15个工作日',
      online: true,
      bookable: true,
      onlineUrl: null,
      siteCode: '511700',
      formCode: 'residence-permit',
    });
    expect(g.legalBasis).toContain('居住证暂行条例');
    expect(g.materials[0]).toEqual({ name: '居民身份证', form: '原件', copies: 1, required: true, sampleUrl: null });
    expect(g.steps.map((s) => s.title)).toEqual(['在线申请', '受理', '审查', '决定', '办结领证']);
    // handled at the demo hall: where and when are the hall's (see the next test)
    expect(g.windows[0]).toMatchObject({ name: '达州市政务服务中心 4号窗口·公安户政', hours: '工作日 9:00-12:00，14:00-17:00（法定节假日除外）' });
    expect(g.windows[0]!.address).toMatch(/^达州市通川区/);
    expect((await get('/api/items/999999')).statusCode).toBe(404);
  });

  it('an item handled at a service hall shows the hall’s place and 办公时间 — the ones the booking page shows — and follows a console edit', async () => {
    const list = (await get(`/api/items?keyword=${encodeURIComponent('居住证签发')}`)).json() as Page;
    const itemId = list.items[0]!.id;
    type Hall = { id: number; name: string; address: string; hours: string; phone: string };
    const bookingHalls = async () => ((await get(`/api/items/${itemId}/booking`)).json() as { halls: Hall[] }).halls;
    const guideOf = async () => (await get(`/api/items/${itemId}`)).json() as ItemGuide;

    // The item also carries a window typed for the same centre with other hours (13:30-17:30).
    await t.app.ctx.db
      .updateTable('items')
      .set({ windows: JSON.stringify([{ name: '达州市政务服务中心 公安综合窗口', address: '达州市通川区西外镇达州大道（演示地址）', hours: '工作日 9:00-12:00，13:30-17:30', phone: '0818-2380110' }, { name: '派出所户籍室', address: '各派出所', hours: '工作日 9:00-17:00', phone: '110' }]) })
      .where('id', '=', itemId)
      .execute();
    // Written behind the console's back: tell the published bytes, as a console write does.
    await t.app.contentVersion.bump();
    const [hall] = await bookingHalls();
    expect(hall).toBeDefined();
    const guide = await guideOf();
    expect(guide.windows[0]).toEqual({ name: expect.stringMatching(new RegExp(`^${hall!.name} `)), address: hall!.address, hours: hall!.hours, phone: hall!.phone });
    expect(guide.windows.map((w) => w.hours)).not.toContain('工作日 9:00-12:00，13:30-17:30');
    // a place that is not a hall stays
    expect(guide.windows.at(-1)).toEqual({ name: '派出所户籍室', address: '各派出所', hours: '工作日 9:00-17:00', phone: '110' });

    const edit = await call(t, admin.cookie, 'PUT', `/api/admin/halls/${hall!.id}`, { hours: '工作日 8:30-12:00，14:00-17:30' });
    expect(edit.statusCode).toBe(200);
    expect((await guideOf()).windows[0]!.hours).toBe('工作日 8:30-12:00，14:00-17:30');
    expect((await bookingHalls()).find((h) => h.id === hall!.id)!.hours).toBe('工作日 8:30-12:00，14:00-17:30');
  });

  it('a county sees its own items and the city’s, not another county’s', async () => {
    const tc = (await get('/api/items?site=511702&pageSize=100')).json() as Page;
    const xh = (await get('/api/items?site=511722&pageSize=100')).json() as Page;
    const city = (await get('/api/items?site=511700&pageSize=100')).json() as Page;
    expect(tc.items.map((i) => i.name)).toContain('通川区老年人优待证办理');
    expect(tc.items.map((i) => i.name)).not.toContain('宣汉县农村村民住宅建设审批');
    expect(xh.items.map((i) => i.name)).toContain('宣汉县农村村民住宅建设审批');
    expect(city.items.map((i) => i.name)).not.toContain('通川区老年人优待证办理');
    expect(tc.total).toBe(city.total + 2);
    const xhDeps = (await get('/api/departments?site=511722')).json() as { code: string; siteCode: string }[];
    // the county's own departments come first
    expect(xhDeps.slice(0, 2).map((d) => d.siteCode)).toEqual(['511722', '511722']);
    expect(xhDeps.map((d) => d.code)).toContain('SGA');
    expect((await get('/api/items?site=123456')).statusCode).toBe(404);
  });
});

describe('console items', () => {
  const guide = {
    subject: '通川区政务服务和大数据管理局',
    timeLimit: '法定5个工作日，承诺1个工作日',
    charge: '不收费',
    legalBasis: '《中华人民共和国老年人权益保障法》',
    materials: [{ name: '居民身份证', form: '原件', copies: 1, required: true, sampleUrl: null }],
    steps: [
      { title: '申请', description: '到窗口申请。' },
      { title: '受理', description: '当场受理。' },
      { title: '办结', description: '当场办结。' },
    ],
    windows: [{ name: '通川区政务服务中心 综合窗口', address: '达州市通川区朝阳东路（演示地址）', hours: '工作日 9:00-12:00，13:30-17:30', phone: '0818-2380101' }],
  };
  let tcDep = 0;
  let itemId = 0;

  it('creates an item at 通川区 with a 通川区 department; it shows on 通川区 only', async () => {
    tcDep = (await t.app.ctx.db.selectFrom('departments').select('id').where('site_code', '=', '511702').where('code', '=', 'TCZW').executeTakeFirstOrThrow()).id;
    const res = await call(t, tcOp.cookie, 'POST', '/api/admin/items', { siteCode: '511702', code: '511702-TCZW-101', name: '通川区高龄老人助餐服务申请', departmentId: tcDep, audience: 'person', theme: 'social', bookable: true, ...guide });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ siteCode: '511702', departmentName: '通川区政务服务和大数据管理局', inherited: false, status: 'online', online: false, bookable: true });
    itemId = res.json().id;
    expect(((await get('/api/items?site=511702&pageSize=100')).json() as Page).items.map((i) => i.id)).toContain(itemId);
    expect(((await get('/api/items?site=511722&pageSize=100')).json() as Page).items.map((i) => i.id)).not.toContain(itemId);
    const dup = await call(t, tcOp.cookie, 'POST', '/api/admin/items', { siteCode: '511702', code: '511702-TCZW-101', name: '重复', departmentId: tcDep, audience: 'person', theme: 'social', ...guide });
    expect(dup.statusCode).toBe(409);
    // a department of another county is refused
    const xhDep = (await t.app.ctx.db.selectFrom('departments').select('id').where('site_code', '=', '511722').where('code', '=', 'XHZW').executeTakeFirstOrThrow()).id;
    const wrong = await call(t, tcOp.cookie, 'POST', '/api/admin/items', { siteCode: '511702', code: '511702-TCZW-102', name: '错部门', departmentId: xhDep, audience: 'person', theme: 'social', ...guide });
    expect(wrong.statusCode).toBe(400);
  });

  it('a 宣汉县 operator cannot change it (403, audited denied)', async () => {
    expect((await call(t, xhOp.cookie, 'PUT', `/api/admin/items/${itemId}`, { name: '改名' })).statusCode).toBe(403);
    expect((await call(t, xhOp.cookie, 'DELETE', `/api/admin/items/${itemId}`)).statusCode).toBe(403);
    const denied = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'site_code']).where('actor_name', '=', 'xh_op').where('result', '=', 'denied').execute();
    expect(denied).toEqual(expect.arrayContaining([{ action: 'item.update', site_code: '511702' }, { action: 'item.delete', site_code: '511702' }]));
  });

  it('edits, takes offline and deletes it; each change is audited and visible at once', async () => {
    const upd = await call(t, tcOp.cookie, 'PUT', `/api/admin/items/${itemId}`, { name: '通川区老年助餐服务申请', online: true, materials: [...guide.materials, { name: '户口簿', form: '复印件', copies: 1, required: false, sampleUrl: null }] });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ name: '通川区老年助餐服务申请', online: true });
    expect(((await get(`/api/items/${itemId}`)).json() as ItemGuide).materials).toHaveLength(2);
    const summary = (await t.app.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'item.update').where('result', '=', 'ok').executeTakeFirstOrThrow()).summary;
    expect(summary).toContain('名称：通川区高龄老人助餐服务申请→通川区老年助餐服务申请');
    expect(summary).toContain('申请材料：居民身份证→居民身份证、户口簿');
    expect(summary).toContain('可在线办理：否→是');

    expect((await call(t, tcOp.cookie, 'PUT', `/api/admin/items/${itemId}`, { status: 'offline' })).statusCode).toBe(200);
    expect((await get(`/api/items/${itemId}`)).statusCode).toBe(404);
    const consoleList = (await call(t, tcOp.cookie, 'GET', '/api/admin/items?status=offline')).json() as { items: { id: number; inherited: boolean }[]; total: number };
    expect(consoleList.items.map((i) => i.id)).toEqual([itemId]);
    expect((await call(t, tcOp.cookie, 'DELETE', `/api/admin/items/${itemId}`)).statusCode).toBe(204);
    expect((await call(t, tcOp.cookie, 'DELETE', `/api/admin/items/${itemId}`)).statusCode).toBe(404);
  });

  it('refuses to delete an item a 掌上办 form is filed under (409)', async () => {
    const form = await t.app.ctx.db.selectFrom('form_defs').select('item_id').where('code', '=', 'residence-permit').executeTakeFirstOrThrow();
    const res = await call(t, admin.cookie, 'DELETE', `/api/admin/items/${form.item_id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ITEM_IN_USE');
    expect(res.json().message).toContain('在线表单');
  });

  it('refuses to delete an item an app opens (409)', async () => {
    const item = await t.app.ctx.db.selectFrom('items').select('id').where('code', '=', '511700-SMZ-001').executeTakeFirstOrThrow();
    const created = await call(t, admin.cookie, 'POST', '/api/admin/apps', { siteCode: '511700', code: 'marriage-guide', name: '婚姻登记指南', kind: 'item', target: String(item.id), status: 'online' });
    expect(created.statusCode).toBe(201);
    const res = await call(t, admin.cookie, 'DELETE', `/api/admin/items/${item.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ITEM_IN_USE');
  });

  it('lists inherited items for a county, marked', async () => {
    const list = (await call(t, xhOp.cookie, 'GET', '/api/admin/items?pageSize=100&audience=both')).json() as { items: { siteCode: string; inherited: boolean; audience: string }[] };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i) => i.audience === 'both' && i.inherited === (i.siteCode !== '511722'))).toBe(true);
  });
});
