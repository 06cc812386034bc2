/**
 * 访问统计 on rollups (issue 9): the statistics equal the raw aggregation, are read from rollups
 * only, fold exactly once, and raw visits are purged after the retention while statistics stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { createTestApp, testDb, type TestApp } from '../../test/helpers.js';
import { call, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { Hll, SPARSE_MAX } from './hll.js';
import { beijingDay } from './visits.service.js';
import { VisitsRepository, type NewVisit, type VisitType } from './visits.repository.js';

let t: TestApp;
let admin: StaffSession;
const DAY = 86_400_000;
const day = (ago: number) => beijingDay(Date.now() - ago * DAY);
const TYPES: VisitType[] = ['zone', 'app', 'item', 'page'];
const SITES = ['511700', '511702', '511722'];

/** A deterministic sample: 3 days × 3 sites × 4 types × 3 objects, 1,600 visitors, one object with more than SPARSE_MAX visitors. */
function sample(): NewVisit[] {
  const rows: NewVisit[] = [];
  let seed = 42;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let i = 0; i < 6000; i++) {
    const type = TYPES[rnd(TYPES.length)]!;
    const hot = i % 3 === 0; // a third of the visits go to one page, from many visitors
    rows.push({
      site_code: hot ? '511700' : SITES[rnd(SITES.length)]!,
      type: hot ? 'page' : type,
      ref: hot ? 'home' : `${type}-${rnd(3)}`,
      user_id: null,
      visitor: `d:${(hot ? i : rnd(1600)).toString(16).padStart(40, '0')}`,
      day: day(rnd(3)),
      at: new Date().toISOString(),
    });
  }
  return rows;
}

const stats = async (q = '') => {
  const res = await call(t, admin.cookie, 'GET', `/api/admin/stats/visits?from=${day(40)}&to=${day(0)}${q}`);
  expect(res.statusCode).toBe(200);
  return res.json();
};
const rawCount = async () => Number((await t.app.ctx.db.selectFrom('visits').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  await new VisitsRepository(t.app.ctx.db).insertMany(sample());
});
afterAll(async () => {
  await t.close();
});

describe('the visitor sketch', () => {
  it('is exact up to SPARSE_MAX, within 3 standard errors beyond, and a union counts a visitor once', () => {
    const small = new Hll();
    for (let i = 0; i < SPARSE_MAX; i++) small.add(`v${i}`);
    expect(Hll.decode(small.encode()).count()).toBe(SPARSE_MAX);
    expect(Hll.countEncoded(small.encode())).toBe(SPARSE_MAX);
    for (const n of [1_000, 20_000, 200_000]) {
      const a = new Hll();
      const b = new Hll();
      for (let i = 0; i < n; i++) (i % 2 ? a : b).add(`visitor-${i}`);
      for (let i = 0; i < n / 4; i++) a.add(`visitor-${i}`); // overlap: seen on both days
      const u = Hll.decode(a.encode()).merge(Hll.decode(b.encode())).count();
      expect(Math.abs(u - n) / n).toBeLessThan(3 * 0.0163);
      // Counting from the stored bytes and unioning from them give what the decoded sketch gives.
      expect(Hll.countEncoded(a.encode())).toBe(a.count());
      expect(new Hll().mergeEncoded(a.encode()).mergeEncoded(b.encode()).count()).toBe(u);
    }
  });
});

describe('rollups', () => {
  it('equal the raw aggregation on a seeded sample: PV exact, UV exact below 512 visitors and within the sketch error above', async () => {
    await t.app.visits.rollups.fold();
    const raw = new VisitsRepository(t.app.ctx.db);
    const f = { from: day(40), to: day(0), sites: SITES };
    for (const type of [undefined, ...TYPES] as (VisitType | undefined)[]) {
      const s = await stats(type ? `&type=${type}` : '');
      const near = (got: number, want: number) => (want <= SPARSE_MAX ? expect(got).toBe(want) : expect(Math.abs(got - want) / want).toBeLessThan(0.05));
      const daily = await raw.daily({ ...f, type });
      expect(s.daily.map((d: { day: string; pv: number }) => [d.day, d.pv])).toEqual(daily.map((d) => [d.day, d.pv]));
      daily.forEach((d, i) => near(s.daily[i].uv, d.uv));
      const totals = await raw.totals({ ...f, type });
      expect(s.summary.pv).toBe(totals.pv);
      near(s.summary.uv, totals.uv);
      const bySite = await raw.bySite({ ...f, type });
      expect(s.bySite.map((r: { site: string; pv: number }) => [r.site, r.pv])).toEqual(bySite.map((r) => [r.site, r.pv]));
      bySite.forEach((r, i) => near(s.bySite[i].uv, r.uv));
      const top = await raw.top({ ...f, type }, 20);
      expect(s.top.map((r: { type: string; ref: string; pv: number }) => [r.type, r.ref, r.pv])).toEqual(top.map((r) => [r.type, r.ref, r.pv]));
      top.forEach((r, i) => near(s.top[i].uv, r.uv));
    }
    const zones = await raw.byRef({ ...f, type: 'zone' });
    expect((await stats()).byZone.map((z: { code: string; pv: number; uv: number }) => [z.code, z.pv, z.uv])).toEqual(zones.map((z) => [z.ref, z.pv, z.uv]));
  });

  it('a statistics request reads rollups only: with the raw rows gone the answer and the CSV are unchanged', async () => {
    await t.app.visits.rollups.fold();
    const before = await stats();
    const csv = (await call(t, admin.cookie, 'GET', `/api/admin/stats/visits.csv?from=${day(40)}&to=${day(0)}`)).body;
    expect(csv.trim().split('\r\n').length).toBeGreaterThan(10);
    await t.app.ctx.db.deleteFrom('visits').execute();
    expect(await stats()).toEqual(before);
    expect((await call(t, admin.cookie, 'GET', `/api/admin/stats/visits.csv?from=${day(40)}&to=${day(0)}`)).body).toBe(csv);
  });

  it('folds each visit exactly once, even when two instances fold at the same time', async () => {
    const other: FastifyInstance = await buildApp({ config: t.config, prepare: false });
    await other.ready();
    try {
      const before = (await stats('&type=news')).summary.pv;
      const rows = Array.from({ length: 500 }, (_, i) => ({ site_code: '511700', type: 'news' as const, ref: '7', user_id: null, visitor: `d:x${i % 50}`, day: day(0), at: new Date().toISOString() }));
      await new VisitsRepository(t.app.ctx.db).insertMany(rows);
      // Two SQLite connections in one process cannot overlap write transactions (the synchronous
      // driver's busy wait blocks the event loop the other one needs to commit); separate
      // processes can. So on SQLite the two instances fold one after the other.
      if (testDb === 'mysql') await Promise.all([t.app.visits.rollups.fold(), other.visits.rollups.fold(), t.app.visits.rollups.fold()]);
      else await Promise.all([t.app.visits.rollups.fold(), t.app.visits.rollups.fold()]).then(() => other.visits.rollups.fold());
      await other.visits.rollups.fold();
      const s = await stats('&type=news');
      expect(s.summary).toMatchObject({ pv: before + 500, uv: 50 });
    } finally {
      await other.close();
    }
  });

  it('the scheduled fold keeps statistics current by itself within a few seconds', async () => {
    const before = (await stats('&type=palm')).summary.pv;
    for (let i = 0; i < 3; i++) await t.app.inject({ method: 'POST', url: '/api/visits', payload: { type: 'palm', ref: '9', site: '511702' }, headers: { 'x-device-id': `device-fold-${i}-aaaaaaaaaaaa` } });
    let pv = before;
    for (let i = 0; i < 100 && pv < before + 3; i++) {
      await new Promise((r) => setTimeout(r, 200));
      pv = (await stats('&type=palm')).summary.pv;
    }
    expect(pv).toBe(before + 3);
  });

  it('purges raw visits past the retention (only folded ones) and keeps their statistics', async () => {
    const old = (n: number, ago: number) => Array.from({ length: n }, (_, i) => ({ site_code: '511722', type: 'item' as const, ref: '5', user_id: null, visitor: `d:old${i}`, day: day(ago), at: new Date().toISOString() }));
    await new VisitsRepository(t.app.ctx.db).insertMany([...old(4, 200), ...old(2, 30)]);
    await t.app.visits.rollups.fold();
    await new VisitsRepository(t.app.ctx.db).insertMany(old(3, 250)); // not folded yet: must survive the purge
    const range = `/api/admin/stats/visits?from=${day(365)}&to=${day(0)}&type=item&site=511722`;
    const before = (await call(t, admin.cookie, 'GET', range)).json();
    expect(before.daily.find((d: { day: string }) => d.day === day(200))).toMatchObject({ pv: 4, uv: 4 });

    expect(await t.app.visits.rollups.purge(180)).toBe(4);
    const left = await t.app.ctx.db.selectFrom('visits').select(['day']).where('ref', '=', '5').execute();
    expect(left.map((r) => r.day).sort()).toEqual([day(250), day(250), day(250), day(30), day(30)].sort());
    expect(await t.app.visits.rollups.purge(180)).toBe(0); // idempotent
    expect((await call(t, admin.cookie, 'GET', range)).json().daily.find((d: { day: string }) => d.day === day(200))).toMatchObject({ pv: 4, uv: 4 });
    expect(t.config.visitsRetentionDays).toBe(180);
    expect(await rawCount()).toBeGreaterThan(0);
  });
});
