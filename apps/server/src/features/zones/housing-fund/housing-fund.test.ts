/**
 * 公积金 against the real sandbox 住房公积金管理中心 (SQLite or MariaDB per DZ_TEST_DB): 账户信息 by
 * identity (found, none, 实名 required, the centre down), the public 合作楼盘 / 服务网点 lists, the
 * seeded rates a county inherits, and the console's rates CRUD with permission, site scope,
 * validation in Chinese and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HousingFundAccountView, HousingFundRate, HousingFundRatesResponse } from '@dz/contracts';
import type { HousingFundAccountRow, HousingFundEstateRow, HousingFundServicePointRow } from '@dz/partner-protocol';
import { idNumber, login, newIp, registerPerson, sessionCookie } from '../../auth/test-kit.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../../admin-auth/test-support.js';
import { harness, type Harness } from '../../utilities/test-support.js';

let h: Harness;
let admin: StaffSession;
let cityOp: StaffSession;
let xhOp: StaffSession;
let handler: StaffSession;
const api = (cookie: string | null, url: string) => h.t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const control = (path: string, body: unknown = {}) => fetch(`${h.sandboxUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const rate = (over: Partial<HousingFundRate> = {}) => ({ kind: 'fund', termLabel: '测试期限', minYears: 0, maxYears: 5, rateBp: 225, effectiveFrom: '2026-01-01', sort: 9, ...over });

beforeAll(async () => {
  h = await harness();
  admin = await setupAdmin(h.t);
  cityOp = await createStaff(h.t, admin, { username: 'hf_city_op', siteCode: '511700', roles: ['operator'] });
  xhOp = await createStaff(h.t, admin, { username: 'hf_xh_op', siteCode: '511722', roles: ['operator'] });
  handler = await createStaff(h.t, admin, { username: 'hf_handler', siteCode: '511700', roles: ['case_handler'] });
}, 90_000);
afterAll(async () => {
  await h?.close();
});

describe('公积金账户信息', () => {
  it('the demo citizen’s account: amounts in fen, account number and name masked', async () => {
    const res = await api(h.demo, '/api/housing-fund/account');
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json<HousingFundAccountView>();
    expect(a).toMatchObject({ status: 'normal', statusName: '正常缴存', name: '张*', balance: 5_678_912, withdrawable: 5_678_912 });
    expect(a.accountNo).toContain('*');
    expect(a.monthlyDeposit).toBeGreaterThan(0);
    expect(res.body).not.toContain('张三');
  });

  it('a pinned account is read by the login’s own ID number; none → 404 FUND_ACCOUNT_NOT_FOUND', async () => {
    const u = await registerPerson(h.t.app, { name: '刘伟', idNumber: idNumber('19880808', '611') });
    await h.t.app.ctx.db.updateTable('users').set({ real_name_verified: 1 }).where('id', '=', u.userId).execute();
    const account: HousingFundAccountRow = {
      accountNo: '511700123456789012',
      name: '刘伟',
      status: 'sealed',
      employer: '达州市某某科技有限公司（演示）',
      base: 600_000,
      monthlyDeposit: 144_000,
      balance: 1_234_567,
      withdrawable: 1_000_000,
      employerRate: 12,
      personalRate: 12,
      openedOn: '2015-03-01',
      lastDepositPeriod: '2026-06',
    };
    expect((await control('/_control/housing-fund/account', { idNumber: u.idNumber, account })).status).toBe(200);
    const a = (await api(u.cookie, '/api/housing-fund/account')).json<HousingFundAccountView>();
    expect(a).toMatchObject({ accountNo: '5117********9012', name: '刘*', status: 'sealed', statusName: '封存', balance: 1_234_567, withdrawable: 1_000_000, employerRate: 12, lastDepositPeriod: '2026-06' });

    expect((await control('/_control/housing-fund/account', { idNumber: u.idNumber, account: null })).status).toBe(200);
    const none = await api(u.cookie, '/api/housing-fund/account');
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'FUND_ACCOUNT_NOT_FOUND', message: expect.stringMatching(/^未查询到您的住房公积金账户/) });
  });

  it('needs a login and 实名认证', async () => {
    expect((await api(null, '/api/housing-fund/account')).statusCode).toBe(401);
    const u = await registerPerson(h.t.app, { name: '杨光', idNumber: idNumber('19900909', '621') });
    expect((await api(u.cookie, '/api/housing-fund/account')).json()).toMatchObject({ code: 'REALNAME_REQUIRED', message: expect.stringContaining('实名认证') });
    const corp = await login(h.t.app, '13900000004', 'Demo@2026', newIp(), 'corp');
    expect((await api(sessionCookie(corp)!, '/api/housing-fund/account')).json()).toMatchObject({ code: 'PERSONAL_ACCOUNT_REQUIRED' });
  });

  it('the centre down: 503 in Chinese within 3 s', async () => {
    h.sandbox.faults.set('housing-fund', { errorRate: 1 });
    try {
      const started = Date.now();
      const res = await api(h.demo, '/api/housing-fund/account');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'PARTNER_UNAVAILABLE', message: '住房公积金系统暂时无法连接，请稍后再试' });
    } finally {
      h.sandbox.faults.reset('housing-fund');
      h.t.app.ctx.partners.resetBreaker('housing-fund');
    }
  });
});

describe('合作楼盘 and 服务网点 (public)', () => {
  it('lists estates (searchable) and service points (a county its own) with coordinates for the map', async () => {
    const all = await api(null, '/api/housing-fund/estates');
    expect(all.statusCode, all.body).toBe(200);
    const estates = all.json<{ items: HousingFundEstateRow[] }>().items;
    expect(estates.length).toBeGreaterThan(0);
    expect(estates[0]).toMatchObject({ name: expect.any(String), developer: expect.any(String), lat: expect.any(Number), lng: expect.any(Number) });
    const word = estates[0]!.name.slice(0, 2);
    const found = (await api(null, `/api/housing-fund/estates?q=${encodeURIComponent(word)}`)).json<{ items: HousingFundEstateRow[] }>().items;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((e) => JSON.stringify(e).includes(word))).toBe(true);

    const points = (await api(null, '/api/housing-fund/service-points')).json<{ items: HousingFundServicePointRow[] }>().items;
    expect(points.length).toBeGreaterThan(1);
    const county = (await api(null, '/api/housing-fund/service-points?site=511722')).json<{ items: HousingFundServicePointRow[] }>().items;
    expect(county.length).toBeGreaterThan(0);
    expect(county.every((p) => p.county === '宣汉县')).toBe(true);

    expect((await api(null, '/api/housing-fund/service-points?site=12')).statusCode).toBe(400);
    expect((await api(null, '/api/housing-fund/service-points?site=999999')).statusCode).toBe(404);
  });

  it('keeps a list a few minutes: the centre down does not hide a list already read', async () => {
    expect((await api(null, '/api/housing-fund/service-points?site=511700')).statusCode).toBe(200);
    h.sandbox.faults.set('housing-fund', { errorRate: 1 });
    try {
      expect((await api(null, '/api/housing-fund/service-points?site=511700')).statusCode).toBe(200);
      // A query never asked is not in the cache: the centre's unavailability shows.
      expect((await api(null, `/api/housing-fund/estates?q=${encodeURIComponent('不存在的楼盘名')}`)).statusCode).toBe(503);
    } finally {
      h.sandbox.faults.reset('housing-fund');
      h.t.app.ctx.partners.resetBreaker('housing-fund');
    }
  });
});

describe('公积金利率', () => {
  it('the seeded 达州市 rates, inherited by a county', async () => {
    const city = (await api(null, '/api/housing-fund/rates')).json<HousingFundRatesResponse>();
    expect(city.siteCode).toBe('511700');
    const bp = (kind: string, max: number) => city.items.find((r) => r.kind === kind && r.maxYears === max)?.rateBp;
    expect([bp('fund', 5), bp('fund', 30), bp('commercial', 5), bp('commercial', 30), bp('deposit', 30)]).toEqual([210, 260, 300, 350, 150]);
    expect(city.items.find((r) => r.kind === 'fund')!.effectiveFrom).toBe('2025-05-08');
    expect(city.items.every((r) => r.termLabel.includes('演示'))).toBe(true);
    const county = (await api(null, '/api/housing-fund/rates?site=511781')).json<HousingFundRatesResponse>();
    expect(county).toEqual(city);
  });

  it('console CRUD: content permission and site scope, Chinese validation, audited; a county’s own rates replace the city’s', async () => {
    const url = '/api/admin/housing-fund/rates';
    // No content permission: 403.
    expect((await call(h.t, handler.cookie, 'GET', url)).statusCode).toBe(403);
    expect((await call(h.t, null, 'GET', url)).statusCode).toBe(401);
    // A county operator may not touch the city's rates.
    expect((await call(h.t, xhOp.cookie, 'GET', `${url}?site=511700`)).statusCode).toBe(403);
    expect((await call(h.t, xhOp.cookie, 'POST', `${url}?site=511700`, rate())).statusCode).toBe(403);

    // Validation: max ≤ min, an overlap with the seeded 5年以下, a day that does not exist.
    const inverted = await call(h.t, cityOp.cookie, 'POST', url, rate({ minYears: 5, maxYears: 5 }));
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json()).toMatchObject({ fields: { maxYears: expect.stringContaining('期限上限应大于期限下限') } });
    const overlap = await call(h.t, cityOp.cookie, 'POST', url, rate({ minYears: 3, maxYears: 10 }));
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json()).toMatchObject({ fields: { minYears: expect.stringContaining('期限重叠') } });
    expect((await call(h.t, cityOp.cookie, 'POST', url, rate({ kind: 'deposit', effectiveFrom: '2026-02-30' }))).statusCode).toBe(400);
    const bad = await call(h.t, cityOp.cookie, 'POST', url, { ...rate(), rateBp: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);

    // 宣汉县 sets its own 公积金 rate: its citizens see its list, not the city's.
    const created = await call(h.t, xhOp.cookie, 'POST', url, rate({ termLabel: '5年以下（含5年）', rateBp: 215 }));
    expect(created.statusCode, created.body).toBe(201);
    const r = created.json<HousingFundRate>();
    expect(r).toMatchObject({ kind: 'fund', rateBp: 215, minYears: 0, maxYears: 5 });
    expect((await call(h.t, xhOp.cookie, 'GET', url)).json<HousingFundRatesResponse>()).toEqual({ siteCode: '511722', items: [r] });
    expect((await api(null, '/api/housing-fund/rates?site=511722')).json<HousingFundRatesResponse>()).toEqual({ siteCode: '511722', items: [r] });
    // A city operator may manage the county (its subtree); the county may not edit the city's rows.
    const cityRow = (await api(null, '/api/housing-fund/rates')).json<HousingFundRatesResponse>().items[0]!;
    const { id: _cityId, ...cityInput } = cityRow;
    expect((await call(h.t, xhOp.cookie, 'PUT', `${url}/${cityRow.id}`, cityInput)).statusCode).toBe(403);
    expect((await call(h.t, xhOp.cookie, 'DELETE', `${url}/${cityRow.id}`)).statusCode).toBe(403);

    // Update: its own range does not count as an overlap with itself.
    const { id, ...input } = r;
    const updated = await call(h.t, cityOp.cookie, 'PUT', `${url}/${id}`, { ...input, rateBp: 220 });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ id, rateBp: 220 });
    expect((await call(h.t, cityOp.cookie, 'PUT', `${url}/999999`, input)).json()).toMatchObject({ code: 'RATE_NOT_FOUND' });

    expect((await call(h.t, xhOp.cookie, 'DELETE', `${url}/${id}`)).statusCode).toBe(204);
    expect((await call(h.t, xhOp.cookie, 'DELETE', `${url}/${id}`)).statusCode).toBe(404);
    // Back to inheriting the city's.
    expect((await api(null, '/api/housing-fund/rates?site=511722')).json<HousingFundRatesResponse>().siteCode).toBe('511700');

    const trail = await h.t.app.ctx.db.selectFrom('audit_log').select(['action', 'result', 'site_code']).where('action', 'like', 'housing-fund.rate.%').orderBy('id').execute();
    expect(trail.filter((a) => a.result === 'ok').map((a) => a.action)).toEqual(expect.arrayContaining(['housing-fund.rate.create', 'housing-fund.rate.update', 'housing-fund.rate.delete']));
    expect(trail.some((a) => a.result === 'denied' && a.site_code === '511700')).toBe(true);
  });
});
