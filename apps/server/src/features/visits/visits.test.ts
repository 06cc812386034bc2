import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { login, sessionCookie } from '../auth/test-kit.js';
import { ensureZone, insertApp, insertItem } from '../pages/test-support.js';
import { VisitBuffer, beijingDay } from './visits.service.js';

let t: TestApp;
let admin: StaffSession;
let dzOperator: StaffSession;
let xhOperator: StaffSession;
let citizen: string;
let fundApp: number;
let item: number;

const DEV_A = 'device-aaaaaaaaaaaaaaaa';
const DEV_B = 'device-bbbbbbbbbbbbbbbb';
const visit = (body: object, headers: Record<string, string> = {}, app: FastifyInstance = t.app) => app.inject({ method: 'POST', url: '/api/visits', payload: body, headers });
/** Writes buffered visits and folds them into the rollups now (the job does it every 2 s). */
const settle = async () => {
  await t.app.visits.buffer.flush();
  await t.app.visits.rollups.fold();
};
const visitCount = async () => Number((await t.app.ctx.db.selectFrom('visits').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  dzOperator = await createStaff(t, admin, { username: 'dz_op', siteCode: '511700', roles: ['operator'] });
  xhOperator = await createStaff(t, admin, { username: 'xh_op', siteCode: '511722', roles: ['operator'] });
  await ensureZone(t.app, 'housing-fund', '公积金服务');
  fundApp = await insertApp(t.app, { name: '公积金查询', zone_code: 'housing-fund' });
  item = await insertItem(t.app, { name: '户口迁移' });
  const res = await login(t.app, '13900000001', 'Demo@2026');
  citizen = sessionCookie(res)!;
});
afterAll(async () => {
  await t.close();
});

describe('recording', () => {
  it('buffers rows and writes them in one go, at the batch size or on flush', async () => {
    // A buffer of its own with a long timer, so the 2-second flush cannot interfere.
    const buffer = new VisitBuffer(t.app.ctx.db, t.app.log, { flushEveryMs: 3_600_000, flushAt: 3 });
    const row = { site_code: '511700', type: 'page' as const, ref: 'affairs', user_id: null, visitor: 'd:test', day: beijingDay(), at: new Date().toISOString() };
    const before = await visitCount();
    buffer.add(row);
    buffer.add(row);
    expect(buffer.pending).toBe(2);
    expect(await visitCount()).toBe(before);
    buffer.add(row); // the third reaches the batch size and starts a write by itself
    for (let i = 0; i < 100 && (await visitCount()) < before + 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await visitCount()).toBe(before + 3);
    expect(buffer.pending).toBe(0);
    buffer.add(row);
    await buffer.close();
    expect(await visitCount()).toBe(before + 4);
    await t.app.ctx.db.deleteFrom('visits').where('visitor', '=', 'd:test').execute();
  });

  it('answers 204 and records the visit with a digest of the device id', async () => {
    const before = await visitCount();
    const res = await visit({ type: 'zone', ref: 'housing-fund', site: '511702' }, { 'x-device-id': DEV_A });
    expect(res.statusCode).toBe(204);
    await t.app.visits.buffer.flush();
    expect(await visitCount()).toBe(before + 1);
    const row = await t.app.ctx.db.selectFrom('visits').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ site_code: '511702', type: 'zone', ref: 'housing-fund', user_id: null, day: beijingDay() });
    expect(row.visitor).toMatch(/^d:[0-9a-f]{40}$/);
    expect(row.visitor).not.toContain('aaaa');
  });

  it('writes buffered visits by itself (batch size or timer), no explicit flush needed', async () => {
    const before = await visitCount();
    for (let i = 0; i < 200; i++) await visit({ type: 'page', ref: 'home', site: '511700' }, { 'x-device-id': `device-batch-${String(i).padStart(8, '0')}` });
    for (let i = 0; i < 100 && (await visitCount()) < before + 200; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await visitCount()).toBe(before + 200);
  });

  it('rejects unknown types and sites', async () => {
    expect((await visit({ type: 'banner', ref: 'x', site: '511700' })).statusCode).toBe(400);
    expect((await visit({ type: 'app', ref: '1', site: '999999' })).statusCode).toBe(400);
    expect((await visit({ type: 'app', ref: '<script>', site: '511700' })).statusCode).toBe(400);
  });

  it('flushes what is buffered when the instance closes', async () => {
    const other = await buildApp({ config: t.config, prepare: false });
    await other.ready();
    const before = await visitCount();
    expect((await visit({ type: 'news', ref: '1', site: '511700' }, {}, other)).statusCode).toBe(204);
    await other.close();
    expect(await visitCount()).toBe(before + 1);
  });
});

describe('statistics', () => {
  beforeAll(async () => {
    // 专区 visits: two devices (one of them twice) and the citizen, on two sites
    await visit({ type: 'zone', ref: 'housing-fund', site: '511702' }, { 'x-device-id': DEV_A });
    await visit({ type: 'zone', ref: 'housing-fund', site: '511702' }, { 'x-device-id': DEV_B });
    await visit({ type: 'zone', ref: 'housing-fund', site: '511700' }, { cookie: citizen });
    await visit({ type: 'app', ref: String(fundApp), site: '511722' }, { 'x-device-id': DEV_A });
    await visit({ type: 'palm', ref: String(fundApp), site: '511700' }, { 'x-device-id': DEV_B });
    await visit({ type: 'item', ref: String(item), site: '511700' }, { cookie: citizen });
    await settle();
  });

  it('PV and UV per day, per object, per zone and per site for the city', async () => {
    const res = await call(t, dzOperator.cookie, 'GET', '/api/admin/stats/visits');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    const today = beijingDay();
    expect(s).toMatchObject({ site: '511700', to: today });
    // 1 earlier zone visit + 200 page views + 6 here, all today (the closed instance's news visit too)
    const day = s.daily.find((d: { day: string }) => d.day === today);
    expect(day.pv).toBe(1 + 200 + 1 + 6);
    expect(day.uv).toBe(200 + 2 + 1 + 1); // batch devices + DEV_A, DEV_B + citizen + the anonymous inject client

    const zone = s.top.find((r: { type: string; ref: string }) => r.type === 'zone' && r.ref === 'housing-fund');
    expect(zone).toMatchObject({ name: '公积金服务', pv: 4, uv: 3 });
    expect(s.top[0]).toMatchObject({ type: 'page', ref: 'home', name: '首页', pv: 200, uv: 200 });
    expect(s.top.find((r: { type: string }) => r.type === 'palm')).toMatchObject({ name: '公积金查询', pv: 1 });
    expect(s.top.find((r: { type: string }) => r.type === 'item')).toMatchObject({ name: '户口迁移', pv: 1, uv: 1 });
    expect(s.byZone).toEqual([{ code: 'housing-fund', name: '公积金服务', pv: 4, uv: 3 }]);
    const sites = Object.fromEntries(s.bySite.map((r: { site: string; pv: number; name: string }) => [r.site, r]));
    expect(sites['511702']).toMatchObject({ name: '通川区', pv: 3, uv: 2 });
    expect(sites['511722']).toMatchObject({ name: '宣汉县', pv: 1, uv: 1 });
  });

  it('filters by type, site and dates', async () => {
    const zones = (await call(t, dzOperator.cookie, 'GET', '/api/admin/stats/visits?type=zone')).json();
    expect(zones.top.every((r: { type: string }) => r.type === 'zone')).toBe(true);
    expect(zones.daily[0].pv).toBe(4);
    const tc = (await call(t, dzOperator.cookie, 'GET', '/api/admin/stats/visits?site=511702&type=zone')).json();
    expect(tc.byZone).toEqual([{ code: 'housing-fund', name: '公积金服务', pv: 3, uv: 2 }]);
    const past = (await call(t, dzOperator.cookie, 'GET', '/api/admin/stats/visits?from=2020-01-01&to=2020-01-31')).json();
    expect(past).toMatchObject({ daily: [], top: [], byZone: [], bySite: [] });
    const apps = (await call(t, dzOperator.cookie, 'GET', '/api/admin/stats/visits?type=app')).json();
    expect(apps.byZone).toEqual([]);
  });

  it('日均访客 is the mean daily UV over the range, two decimals: a few visitors in 30 days is not 0', async () => {
    // 宣汉县 apps over the default 30 days: DEV_A's one visit; then DEV_B twice
    const q = '/api/admin/stats/visits?site=511722&type=app';
    const one = (await call(t, dzOperator.cookie, 'GET', q)).json();
    expect(one.summary).toEqual({ days: 30, pv: 1, uv: 1, uvPerDay: 0.03 });
    await visit({ type: 'app', ref: String(fundApp), site: '511722' }, { 'x-device-id': DEV_B });
    await visit({ type: 'app', ref: String(fundApp), site: '511722' }, { 'x-device-id': DEV_B });
    await settle();
    const three = (await call(t, dzOperator.cookie, 'GET', q)).json();
    expect(three.summary).toEqual({ days: 30, pv: 3, uv: 2, uvPerDay: 0.07 });
    const week = (await call(t, dzOperator.cookie, 'GET', `${q}&from=${beijingDay(Date.now() - 6 * 86_400_000)}&to=${beijingDay()}`)).json();
    expect(week.summary).toMatchObject({ days: 7, uv: 2, uvPerDay: 0.29 });
    const city = (await call(t, dzOperator.cookie, 'GET', '/api/admin/stats/visits')).json();
    expect(city.summary.uv).toBeGreaterThanOrEqual(city.byZone[0].uv);
    expect(city.summary.uvPerDay).toBeGreaterThan(0);
    const past = (await call(t, dzOperator.cookie, 'GET', '/api/admin/stats/visits?from=2020-01-01&to=2020-01-31')).json();
    expect(past.summary).toEqual({ days: 31, pv: 0, uv: 0, uvPerDay: 0 });
  });

  it('a county operator sees only the county; other sites → 403; bad ranges → 400', async () => {
    const own = (await call(t, xhOperator.cookie, 'GET', '/api/admin/stats/visits')).json();
    expect(own.site).toBe('511722');
    expect(own.bySite.map((r: { site: string }) => r.site)).toEqual(['511722']);
    expect((await call(t, xhOperator.cookie, 'GET', '/api/admin/stats/visits?site=511702')).statusCode).toBe(403);
    expect((await call(t, xhOperator.cookie, 'GET', '/api/admin/stats/visits?site=511700')).statusCode).toBe(403);
    expect((await call(t, dzOperator.cookie, 'GET', '/api/admin/stats/visits?from=2026-02-01&to=2026-01-01')).statusCode).toBe(400);
    expect((await call(t, dzOperator.cookie, 'GET', '/api/admin/stats/visits?from=2020-01-01&to=2026-01-01')).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/admin/stats/visits' })).statusCode).toBe(401);
  });

  it('exports CSV with a BOM and a Chinese header', async () => {
    const res = await call(t, dzOperator.cookie, 'GET', '/api/admin/stats/visits.csv?type=zone');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(res.body.startsWith('\uFEFF日期,站点代码,站点,类型,对象编号,名称,访问量(PV),访客数(UV)\r\n')).toBe(true);
    const lines = res.body.trim().split('\r\n');
    expect(lines.slice(1).sort()).toEqual([`${beijingDay()},511700,达州市,专区,housing-fund,公积金服务,1,1`, `${beijingDay()},511702,通川区,专区,housing-fund,公积金服务,3,2`]);
    const audit = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'visits.export').execute();
    expect(audit).toHaveLength(1);
  });
});
