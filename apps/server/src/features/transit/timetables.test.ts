/**
 * The planner on the demo feed as imported into the database (SQLite or MariaDB per DZ_TEST_DB):
 * the loader's keyset pages read every stop_time once, in order; the per-site cache shares one
 * build, serves a county from the city's feed, keeps answering from the old timetable while a new
 * feed builds and switches once it is ready; plans from 达州站 to 达州市中心医院 in every mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { seedTransit } from '../../db/seed/transit.js';
import { importFeed } from './feeds/import.js';
import { DEMO_FEED_DIR } from '../../db/seed/transit.js';
import { loadFeedData } from './planner/load.js';
import { TimetableCache } from './timetables.js';

let t: TestApp;
let feedId: number;
const quietLog = { info: () => undefined, error: () => undefined };

beforeAll(async () => {
  t = await createTestApp();
  feedId = (await seedTransit(t.app.ctx))!;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('loadFeedData', () => {
  it('reads every stop_time once, in stop_sequence order, whatever the page size', async () => {
    const rows = Number(
      (await t.app.ctx.db.selectFrom('transit_stop_times').select((eb) => eb.fn.countAll<number>().as('n')).where('feed_id', '=', feedId).executeTakeFirstOrThrow()).n,
    );
    const whole = await loadFeedData(t.app.ctx.db, feedId);
    const paged = await loadFeedData(t.app.ctx.db, feedId, { pageSize: 499 });
    expect(whole.times.reduce((n, tt) => n + tt.stopIds.length, 0)).toBe(rows);
    expect(paged.times).toEqual(whole.times);
    for (const tt of whole.times) for (let i = 1; i < tt.sequences.length; i++) expect(tt.sequences[i]!).toBeGreaterThan(tt.sequences[i - 1]!);
    expect(whole.agencyName).toContain('演示');
    expect(whole.stops.find((s) => s.id === 'TC001')).toMatchObject({ locationType: 1, parentId: null });
    expect(whole.frequencies.some((f) => f.tripId === 'K1-WD-0')).toBe(true);
    expect(whole.services.find((s) => s.id === 'WD')!.removed).toContain('20270101');
    expect(whole.shapes.size).toBeGreaterThan(0);
  });
});

describe('TimetableCache', () => {
  it('builds a feed once for concurrent callers and serves a county from the city’s feed', async () => {
    const cache = new TimetableCache(t.app.ctx, t.app.contentVersion, quietLog);
    const [a, b, c] = await Promise.all([cache.forSite('511700'), cache.forSite('511700'), cache.forSite('511702')]);
    expect(a!.feedId).toBe(feedId);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(cache.stats().builds).toBe(1);
    // the province has no feed and no ancestor with one
    expect(await cache.forSite('510000')).toBeNull();
    // the version moved but the active feed did not: no rebuild
    await t.app.contentVersion.bump();
    expect(await cache.forSite('511700')).toBe(a);
    expect(cache.stats().builds).toBe(1);
  });

  it('keeps answering from the old timetable while a new feed builds, then switches', async () => {
    const cache = new TimetableCache(t.app.ctx, t.app.contentVersion, quietLog);
    const old = await cache.forSite('511700');
    const result = await importFeed(t.app.ctx, { siteCode: '511700', source: DEMO_FEED_DIR, fileName: 'again.zip', createdBy: 'test' });
    if ('errors' in result) throw new Error(JSON.stringify(result.errors));
    // without a version bump nobody is told (the console's import bumps it: CONTENT_WRITES)
    expect(await cache.forSite('511700')).toBe(old);
    await t.app.contentVersion.bump();
    // the first request after the bump still gets the old timetable, the new one builds meanwhile
    expect(await cache.forSite('511700')).toBe(old);
    for (let i = 0; i < 200 && cache.stats().builds < 2; i++) await new Promise((r) => setTimeout(r, 10));
    const fresh = await cache.forSite('511700');
    expect(fresh!.feedId).toBe(result.feedId);
    expect(await cache.forSite('511703')).toBe(fresh);
    expect(cache.stats().feeds).toEqual([result.feedId]);
    feedId = result.feedId;
  });
});

describe('plans on the demo feed', () => {
  it('达州站 → 达州市中心医院 in each mode, with legs that explain themselves', async () => {
    const tt = (await new TimetableCache(t.app.ctx, t.app.contentVersion, quietLog).forSite('511700'))!;
    for (const mode of ['fastest', 'least-walk', 'fewest-transfers'] as const) {
      const res = tt.plan({ from: { stopId: 'TC001' }, to: { stopId: 'TC030' }, date: '2026-12-07', time: 8 * 3600, mode });
      expect(res.itineraries.length, mode).toBeGreaterThan(0);
      const best = res.itineraries[0]!;
      expect(best.legs.some((l) => l.mode === 'bus')).toBe(true);
      expect(best.legs.at(-1)!.to.stopId).toBe('TC030');
      expect(best.summary).toMatch(/路 \d+ 站/);
      for (const leg of best.legs) expect(leg.path.length).toBeGreaterThanOrEqual(2);
    }
    const fastest = tt.plan({ from: { stopId: 'TC001' }, to: { stopId: 'TC030' }, date: '2026-12-07', time: 8 * 3600, mode: 'fastest' }).itineraries;
    const fewest = tt.plan({ from: { stopId: 'TC001' }, to: { stopId: 'TC030' }, date: '2026-12-07', time: 8 * 3600, mode: 'fewest-transfers' }).itineraries;
    expect(fewest[0]!.transfers).toBeLessThanOrEqual(fastest[0]!.transfers);
  });

  it('runs the weekend timetable on the 元旦 holiday and the night line past midnight', async () => {
    const tt = (await new TimetableCache(t.app.ctx, t.app.contentVersion, quietLog).forSite('511700'))!;
    const holiday = tt.plan({ from: { stopId: 'TC001' }, to: { stopId: 'TC030' }, date: '2027-01-01', time: 8 * 3600, mode: 'fastest' });
    const trips = holiday.itineraries.flatMap((i) => i.legs.map((l) => l.tripId).filter(Boolean));
    expect(trips.length).toBeGreaterThan(0);
    expect(trips.every((id) => !id!.includes('-WD-'))).toBe(true);
    // 00:20 on a Tuesday: yesterday's N1 at 24:30 from 达州站 reaches 中心医院 at 24:40:40
    const night = tt.plan({ from: { stopId: 'TC001A' }, to: { stopId: 'TC030' }, date: '2026-12-08', time: 20 * 60, mode: 'fastest' });
    expect(night.itineraries[0]!.legs.find((l) => l.mode === 'bus')!.tripId).toBe('N1-WD-0-2430');
    expect(night.itineraries[0]!.arrival).toBe('00:40:40');
    // K1 runs by frequency: its departures carry the instance's start time
    const k1 = tt.departures('TC001B', '2026-12-07', 8 * 3600, { limit: 3, horizonS: 3600, routeId: 'K1' });
    expect(k1.length).toBeGreaterThan(0);
    expect(k1.every((c) => c.startTime !== null && c.tripId.startsWith('K1-WD'))).toBe(true);
  });

  it('answers the line and stop pages: nearby stops, the lines at a stop, a line’s directions, 首末班', async () => {
    const tt = (await new TimetableCache(t.app.ctx, t.app.contentVersion, quietLog).forSite('511700'))!;
    const xiwai = tt.stop('TC010')!;
    const near = tt.stopsNear(xiwai.lat, xiwai.lng, 300, 5);
    expect(near[0]).toMatchObject({ stop: { id: 'TC010' }, distanceMeters: 0 });
    expect(near.every((n, i) => n.distanceMeters <= 300 && (i === 0 || n.distanceMeters >= near[i - 1]!.distanceMeters))).toBe(true);
    const lines = tt.routesAt('TC010');
    expect(lines.filter((l) => l.route.id === '1').map((l) => l.directionId).sort()).toEqual([0, 1]);
    expect(lines.every((l) => l.headsign.length > 0)).toBe(true);
    const dirs = tt.patterns('1');
    expect(dirs.map((d) => d.directionId)).toEqual([0, 1]);
    expect(dirs[0]!.stopIds).toContain('TC030');
    expect(dirs[0]!.path.length).toBeGreaterThan(dirs[0]!.stopIds.length);
    expect(tt.firstLast('TC010', '1', 0, '2026-12-07')).toMatchObject({ first: expect.stringMatching(/^\d\d:\d\d$/), last: expect.stringMatching(/^\d\d:\d\d$/) });
    expect(tt.patterns('no-such-line')).toEqual([]);
  });
});
