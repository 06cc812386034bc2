/**
 * 公共交通's API against the demo GTFS feed (data/gtfs/dazhou-demo, imported for 达州市 511700) and
 * the real sandbox bus company and charging operator, on SQLite or MariaDB per DZ_TEST_DB:
 * 路线规划 in the three modes, on the holiday exception date, past midnight and on the frequency
 * line, from a point; 附近线路 and a stop with real-time arrivals after one poll (a pinned delay
 * shows), and 计划 when the bus company is gone; lines and places; 最近使用 per device and per user;
 * 充电桩 by county, search and distance; bad input in Chinese.
 *
 * Plans ask for fixed dates and times (the README's reference times). Arrivals are "now": the
 * sandbox runs its buses on the real clock, so the real-time test takes a bus that is on the road.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChargerListResponse, HistoryItem, HistoryResponse, Itinerary, NearbyResponse, PlaceListResponse, PlanResponse, RouteListResponse, RouteResponse, StopResponse } from '@dz/contracts';
import { DEVICE_HEADER } from '@dz/contracts';
import { registerPerson } from '../auth/test-kit.js';
import { harness, type Harness } from '../utilities/test-support.js';
import { seedTransit } from '../../db/seed/transit.js';

let h: Harness;
const get = (url: string, headers: Record<string, string> = {}) => h.t.app.inject({ method: 'GET', url, headers });
const json = async <T>(url: string, headers: Record<string, string> = {}): Promise<T> => {
  const res = await get(url, headers);
  if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body}`);
  return res.json<T>();
};
const control = (path: string, body: unknown = {}) => fetch(`${h.sandboxUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const plan = (q: string) => json<PlanResponse>(`/api/transit/plan?${q}`);
const busLegs = (it: Itinerary) => it.legs.filter((l) => l.mode !== 'walk');
const seconds = (t: string) => t.split(':').reduce((s, x) => s * 60 + Number(x), 0);

beforeAll(async () => {
  h = await harness();
  expect(await seedTransit(h.t.app.ctx)).toEqual(expect.any(Number));
  // As the console's import does (CONTENT_WRITES): the timetables notice the new feed.
  await h.t.app.contentVersion.bump();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('路线规划', () => {
  const q = (mode: string, date = '2026-12-07', time = '08:00') => `from=stop:TC001&to=stop:TC030&date=${date}&time=${time}&mode=${mode}`;

  it('达州站 → 达州市中心医院: the three modes choose differently where the feed allows', async () => {
    const fastest = await plan(q('fastest'));
    const fewest = await plan(q('fewest-transfers'));
    const leastWalk = await plan(q('least-walk'));
    for (const r of [fastest, fewest, leastWalk]) {
      expect(r.itineraries.length).toBeGreaterThan(0);
      expect(r.date).toBe('2026-12-07');
      expect(r.time).toBe('08:00:00');
      for (const it of r.itineraries) {
        expect(seconds(it.departure)).toBeGreaterThanOrEqual(8 * 3600);
        expect(it.summary).toMatch(/[\u4e00-\u9fa5]/);
        expect(busLegs(it).every((l) => l.routeName && l.tripId && l.path.length >= 2)).toBe(true);
      }
    }
    expect([fastest.mode, fewest.mode, leastWalk.mode]).toEqual(['fastest', 'fewest-transfers', 'least-walk']);
    const [f, n, w] = [fastest.itineraries[0]!, fewest.itineraries[0]!, leastWalk.itineraries[0]!];
    const everything = [fastest, fewest, leastWalk].flatMap((r) => r.itineraries);
    // 较快捷: nothing arrives earlier — K1 (a few stops) to 朝阳中路, then 1路's 08:00 bus (README: 08:18:20 at the hospital).
    expect(everything.every((it) => seconds(it.arrival) >= seconds(f.arrival))).toBe(true);
    expect(busLegs(f).map((l) => l.routeId)).toEqual(['K1', '1']);
    expect(busLegs(f)[1]).toMatchObject({ tripId: '1-WD-0-0800', arrival: '08:18:20' });
    // 少换乘: no change of bus, where 较快捷 changes once.
    expect(n.transfers).toBe(0);
    expect(f.transfers).toBe(1);
    // 少步行: the direct 1路 from the 1站台, the least walking of all.
    expect(busLegs(w).map((l) => l.routeId)).toEqual(['1']);
    expect(everything.every((it) => it.walkMeters >= w.walkMeters)).toBe(true);
    expect(w.walkMeters).toBeLessThan(n.walkMeters);
    expect(new Set([f.summary, n.summary, w.summary]).size).toBe(3);
  });

  it('on the holiday exception date the weekend timetable runs (元旦 2027-01-01 is a Friday)', async () => {
    const friday = await plan(q('fewest-transfers', '2026-12-11'));
    expect(busLegs(friday.itineraries[0]!)[0]!.tripId).toMatch(/-WD-/);
    const holiday = await plan(q('fewest-transfers', '2027-01-01'));
    expect(holiday.itineraries.length).toBeGreaterThan(0);
    expect(holiday.itineraries.flatMap(busLegs).every((l) => !/-WD-/.test(l.tripId!))).toBe(true);
    expect(busLegs(holiday.itineraries[0]!)[0]!.tripId).toMatch(/-WE-/);
    // and the 调休 Saturday 2026-12-19 runs the weekday one
    const saturday = await plan(q('fewest-transfers', '2026-12-19'));
    expect(busLegs(saturday.itineraries[0]!)[0]!.tripId).toMatch(/-WD-/);
  });

  it('past midnight: at 00:25 the night bus N1 of the previous service day (24:30) still runs', async () => {
    const r = await plan('from=stop:TC001&to=stop:TC030&date=2026-12-08&time=00:25');
    const leg = busLegs(r.itineraries[0]!)[0]!;
    expect(leg).toMatchObject({ routeId: 'N1', tripId: 'N1-WD-0-2430', departure: '00:30:00', arrival: '00:40:40' });
    // The same trip asked on its own service day, as GTFS writes it.
    const late = await plan('from=stop:TC001&to=stop:TC030&date=2026-12-07&time=24:25');
    expect(busLegs(late.itineraries[0]!)[0]).toMatchObject({ tripId: 'N1-WD-0-2430', departure: '24:30:00' });
    // N1 runs all night: at 01:30 the next one is the previous service day's 26:00 trip (the
    // 25:30 leaves at the very second asked, from a platform a few steps away inside 达州站).
    const early = await plan('from=stop:TC001&to=stop:TC030&date=2026-12-08&time=01:30&mode=least-walk');
    expect(busLegs(early.itineraries[0]!)[0]).toMatchObject({ routeId: 'N1', tripId: 'N1-WD-0-2600', departure: '02:00:00' });
    // A day the feed does not cover: none, with a Chinese reason.
    const none = await plan('from=stop:TC001&to=stop:TC030&date=2031-03-04&time=08:00');
    expect(none.itineraries).toEqual([]);
    expect(none.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('on the frequency line: K1 leaves every 10 minutes from 09:30 on weekdays', async () => {
    const r = await plan('from=stop:TC001B&to=stop:DC001&date=2026-12-07&time=10:02&mode=fastest');
    const leg = busLegs(r.itineraries[0]!)[0]!;
    expect(leg).toMatchObject({ routeId: 'K1', departure: '10:10:00', arrival: '10:27:50' });
  });

  it('from a point (the 达州站 landmark): walks to a stop first', async () => {
    const places = await json<PlaceListResponse>(`/api/transit/places?q=${encodeURIComponent('达州站')}`);
    const landmark = places.items.find((p) => p.kind === 'place' && p.name === '达州站')!;
    expect(landmark.value).toMatch(/^31\.\d+,107\.\d+$/);
    const r = await plan(`from=${landmark.value}&to=stop:TC030&date=2026-12-07&time=08:00`);
    const first = r.itineraries[0]!;
    expect(first.legs[0]!.mode).toBe('walk');
    expect(first.legs[0]!.from.name).toBe('达州站');
    expect(busLegs(first).length).toBeGreaterThan(0);
  });

  it('an unknown stop is a 404, bad input a 400 in Chinese, a site without any feed a 404', async () => {
    const nope = await get('/api/transit/plan?from=stop:NOPE&to=stop:TC030');
    expect([nope.statusCode, nope.json<{ code: string }>().code]).toEqual([404, 'TRANSIT_STOP_NOT_FOUND']);
    for (const bad of ['from=abc&to=stop:TC030', 'from=stop:TC001&to=stop:TC030&date=2026-02-30', 'from=stop:TC001&to=stop:TC030&mode=slowest', 'from=stop:TC001&to=stop:TC030&time=25:99', 'from=stop:TC001&to=95.1,107.1']) {
      const res = await get(`/api/transit/plan?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const province = await get('/api/transit/plan?from=stop:TC001&to=stop:TC030&site=510000');
    expect([province.statusCode, province.json<{ code: string }>().code]).toEqual([404, 'TRANSIT_NO_FEED']);
    expect((await get('/api/transit/plan?from=stop:TC001&to=stop:TC030&site=999999')).statusCode).toBe(400);
    // A county without a feed of its own rides the city's buses.
    expect((await get('/api/transit/plan?from=stop:TC001&to=stop:TC030&site=511703&date=2026-12-07&time=08:00')).statusCode).toBe(200);
  });
});

describe('附近线路, 站点, 线路 and real-time', () => {
  it('nearby at a 通川区 point: stops nearest first with their lines, directions and arrivals', async () => {
    const r = await json<NearbyResponse>('/api/transit/stops/nearby?lat=31.2136&lng=107.4962');
    expect(r.stops.length).toBeGreaterThan(1);
    expect(r.stops[0]!.stopId).toBe('TC020');
    const d = r.stops.map((s) => s.distanceMeters!);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(d.every((x) => x <= 800)).toBe(true);
    const lines = r.stops[0]!.routes;
    expect(lines.map((l) => l.routeName)).toEqual(expect.arrayContaining(['1路', '2路', '5路']));
    for (const l of lines) {
      expect(l.headsign).toBeTruthy();
      expect(l.arrivals.length).toBeLessThanOrEqual(3);
      const at = l.arrivals.map((a) => a.minutes);
      expect(at).toEqual([...at].sort((a, b) => a - b));
    }
    expect((await get('/api/transit/stops/nearby?lat=31.2136&lng=107.4962')).headers['cache-control']).toBe('no-store');
    expect((await get('/api/transit/stops/nearby?lat=abc&lng=107.4962')).statusCode).toBe(400);
    expect((await get('/api/transit/stops/nearby?lat=31.2&lng=107.4&radius=5000')).statusCode).toBe(400);
  });

  it('after one poll the arrivals are real-time; a delay pinned at the bus company shows at the next stops', async () => {
    const polled = await h.t.app.transit.poll();
    expect(polled).toEqual([{ site: '511700', ok: true, vehicles: expect.any(Number) }]);
    const snap = (await h.t.app.transit.realtime.read('511700'))!;
    expect(snap).not.toBeNull();
    const nearby = await json<NearbyResponse>('/api/transit/stops/nearby?lat=31.2136&lng=107.4962');
    expect(nearby.realtime).toBe(true);

    const tt = (await h.t.app.transit.timetables.forSite('511700'))!;
    // A bus on the road with at least two calls ahead that are not its terminus.
    const bus = snap.vehicles.find((v) => {
      const times = tt.tripTimes(v.tripId);
      const i = times && v.currentSequence !== undefined ? times.sequences.indexOf(v.currentSequence) : -1;
      return times !== undefined && i >= 0 && i + 2 < times.sequences.length - 1;
    });
    if (!bus) {
      // At night (after the last N1, 00:52, before 06:00) no bus, or none with stops ahead, is on
      // the road: the feed is fresh all the same, and only a bus it carries makes an arrival real-time.
      const ids = new Set(snap.vehicles.map((v) => v.vehicleId));
      expect(nearby.stops.flatMap((s) => s.routes.flatMap((r) => r.arrivals)).every((a) => !a.realtime || ids.has(a.vehicleId!))).toBe(true);
      return;
    }
    expect((await control('/_control/bus/delays', { tripId: bus.tripId, delayS: 300 })).status).toBe(200);
    await h.t.app.transit.poll();
    const after = (await h.t.app.transit.realtime.read('511700'))!;
    const moved = after.vehicles.find((v) => v.vehicleId === bus.vehicleId)!;
    const times = tt.tripTimes(bus.tripId)!;
    const stopId = times.stopIds[times.sequences.indexOf(moved.currentSequence!) + 1]!;
    const stop = await json<StopResponse>(`/api/transit/stops/${encodeURIComponent(stopId)}`);
    expect(stop.realtime).toBe(true);
    const arrival = stop.routes.flatMap((r) => r.arrivals).find((a) => a.tripId === bus.tripId);
    expect(arrival).toMatchObject({ realtime: true, delayS: 300, vehicleId: bus.vehicleId, stopsAway: expect.any(Number) });
    // The line page shows the bus, late.
    const route = await json<RouteResponse>(`/api/transit/routes/${encodeURIComponent(tt.trip(bus.tripId)!.routeId)}`);
    expect(route.vehicles.find((v) => v.vehicleId === bus.vehicleId)).toMatchObject({ tripId: bus.tripId, delayS: 300 });
    await control('/_control/bus/reset');
  });

  it('the bus company down: the poll fails quietly, and once the snapshot is gone the arrivals are 计划', async () => {
    h.sandbox.faults.set('bus', { errorRate: 1 });
    try {
      expect(await h.t.app.transit.poll()).toEqual([{ site: '511700', ok: false, vehicles: 0 }]);
      // What the 90 s expiry does, without waiting for it.
      await h.t.app.ctx.kv.del('transit:rt:511700');
      await new Promise((r) => setTimeout(r, 2100));
      const r = await json<NearbyResponse>('/api/transit/stops/nearby?lat=31.2136&lng=107.4962');
      expect(r.realtime).toBe(false);
      expect(r.stops.flatMap((s) => s.routes.flatMap((x) => x.arrivals)).every((a) => !a.realtime && a.delayS === undefined)).toBe(true);
      expect((await json<RouteResponse>('/api/transit/routes/1')).vehicles).toEqual([]);
    } finally {
      h.sandbox.faults.reset('bus');
      h.t.app.ctx.partners.resetBreaker('bus');
    }
  });

  it('a stop page: a station stands for its platforms; an unknown stop is a 404', async () => {
    const station = await json<StopResponse>('/api/transit/stops/TC001');
    expect(station.name).toBe('达州站');
    expect(new Set(station.routes.map((r) => r.routeId))).toEqual(new Set(['1', '3', '8', 'K1', 'N1']));
    const k1 = station.routes.find((r) => r.routeId === 'K1' && r.directionId === 0);
    expect(k1?.headsign).toBeTruthy();
    const res = await get('/api/transit/stops/NOPE');
    expect([res.statusCode, res.json<{ code: string; message: string }>().code]).toEqual([404, 'TRANSIT_STOP_NOT_FOUND']);
  });

  it('lines: search by number, a line page with both directions, stops, path and 首末班', async () => {
    const all = await json<RouteListResponse>('/api/transit/routes');
    expect(all.items.map((r) => r.routeId).slice(0, 8)).toEqual(['1', '2', '3', '5', '6', '8', '10', '12']);
    expect(all.items.map((r) => r.routeId).sort()).toEqual(['1', '10', '12', '2', '3', '5', '6', '8', 'K1', 'N1']);
    const one = await json<RouteListResponse>('/api/transit/routes?q=1');
    expect(one.items[0]).toMatchObject({ routeId: '1', name: '1路', mode: 'bus', color: expect.stringMatching(/^#?[0-9A-Fa-f]{6}$/) });
    expect((await get('/api/transit/routes')).headers['cache-control']).toBe('public, max-age=60');
    const line = await json<RouteResponse>('/api/transit/routes/1');
    expect(line).toMatchObject({ routeId: '1', name: '1路', agencyName: expect.stringContaining('演示') });
    expect(line.directions.map((d) => d.directionId)).toEqual([0, 1]);
    const out = line.directions[0]!;
    expect(out.stops[0]!.stopId).toBe('TC001A');
    expect(out.stops.at(-1)!.stopId).toBe('DC001');
    expect(out.path.length).toBeGreaterThan(out.stops.length);
    const res = await get('/api/transit/routes/NOPE');
    expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([404, 'TRANSIT_ROUTE_NOT_FOUND']);
  });

  it('places: stops once per station and landmarks, in Chinese, pinyin and initials', async () => {
    const byName = await json<PlaceListResponse>(`/api/transit/places?q=${encodeURIComponent('中心医院')}`);
    expect(byName.items.map((p) => [p.kind, p.name])).toEqual(expect.arrayContaining([['place', '达州市中心医院'], ['stop', '达州市中心医院']]));
    const stop = byName.items.find((p) => p.kind === 'stop')!;
    expect(stop).toMatchObject({ value: 'stop:TC030', detail: expect.stringContaining('1路') });
    const station = await json<PlaceListResponse>('/api/transit/places?q=dazhouzhan');
    expect(station.items.filter((p) => p.kind === 'stop').map((p) => p.value)).toEqual(['stop:TC001']);
    const initials = await json<PlaceListResponse>('/api/transit/places?q=zxyy');
    expect(initials.items.map((p) => p.name)).toContain('达州市中心医院');
    expect((await get('/api/transit/places?q=')).statusCode).toBe(400);
  });
});

describe('最近使用', () => {
  const device = (id: string) => ({ [DEVICE_HEADER]: id });
  const post = (headers: Record<string, string>, body: object) => h.t.app.inject({ method: 'POST', url: '/api/transit/history', headers, payload: body });
  const list = async (headers: Record<string, string>) => (await json<HistoryResponse>('/api/transit/history', headers)).items;

  it('per device: the same view again moves to the top, one or all deleted, another device sees nothing', async () => {
    const a = device('device-aaaaaaaaaaaaaaaa');
    const b = device('device-bbbbbbbbbbbbbbbb');
    expect((await post(a, { kind: 'stop', ref: 'TC020', title: '朝阳中路' })).statusCode).toBe(201);
    expect((await post(a, { kind: 'route', ref: '1', title: '1路', subtitle: '达州站—三里坪' })).statusCode).toBe(201);
    const again = await post(a, { kind: 'stop', ref: 'TC020', title: '朝阳中路' });
    expect(again.statusCode).toBe(201);
    const items = await list(a);
    expect(items.map((i) => [i.kind, i.ref])).toEqual([['stop', 'TC020'], ['route', '1']]);
    expect(again.json<HistoryItem>().id).toBe(items[0]!.id);
    expect(await list(b)).toEqual([]);
    // Only a digest of the device id is kept.
    const rows = await h.t.app.ctx.db.selectFrom('transit_history').select('device_id').execute();
    expect(rows.every((r) => r.device_id !== 'device-aaaaaaaaaaaaaaaa' && r.device_id!.startsWith('d:'))).toBe(true);
    // Another device cannot delete it.
    const foreign = await h.t.app.inject({ method: 'DELETE', url: `/api/transit/history/${items[1]!.id}`, headers: b });
    expect([foreign.statusCode, foreign.json<{ code: string }>().code]).toEqual([404, 'TRANSIT_HISTORY_NOT_FOUND']);
    expect((await h.t.app.inject({ method: 'DELETE', url: `/api/transit/history/${items[1]!.id}`, headers: a })).statusCode).toBe(204);
    expect((await list(a)).map((i) => i.ref)).toEqual(['TC020']);
    expect((await h.t.app.inject({ method: 'DELETE', url: '/api/transit/history', headers: a })).statusCode).toBe(204);
    expect(await list(a)).toEqual([]);
  });

  it('per user whatever the device; at most 30; without user or device an empty list and a 400', async () => {
    const u = await registerPerson(h.t.app);
    const me = { cookie: u.cookie, ...device('device-cccccccccccccccc') };
    for (let i = 0; i < 32; i++) expect((await post(me, { kind: 'plan', ref: `stop:TC001|stop:TC0${10 + i}`, title: `达州站 → ${i}` })).statusCode).toBe(201);
    const mine = await list({ cookie: u.cookie });
    expect(mine).toHaveLength(30);
    expect(mine[0]!.title).toBe('达州站 → 31');
    // Signed in, the device's own (anonymous) list is not this one.
    expect(await list(device('device-cccccccccccccccc'))).toEqual([]);
    expect(await list({})).toEqual([]);
    const anon = await post({}, { kind: 'stop', ref: 'TC020', title: '朝阳中路' });
    expect(anon.statusCode).toBe(400);
    expect(anon.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    const bad = await post(device('device-dddddddddddddddd'), { kind: 'bus', ref: 'x', title: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    // The user's entry is not the device's to delete.
    const other = await h.t.app.inject({ method: 'DELETE', url: `/api/transit/history/${mine[0]!.id}`, headers: device('device-cccccccccccccccc') });
    expect(other.statusCode).toBe(404);
  });
});

describe('充电桩', () => {
  it('a county lists only its stations with counts per kind; a search matches name or address; a point sorts by distance', async () => {
    const dachuan = await json<ChargerListResponse>('/api/transit/chargers?site=511703');
    expect(dachuan.stations.length).toBeGreaterThan(0);
    expect(dachuan.stations.every((s) => s.siteCode === '511703' && s.siteName === '达川区')).toBe(true);
    for (const s of dachuan.stations) {
      expect(s.fastTotal + s.slowTotal).toBe(s.connectors.length);
      expect(s.fastFree).toBe(s.connectors.filter((c) => c.kind === 'fast' && c.status === 'free').length);
    }
    const all = await json<ChargerListResponse>('/api/transit/chargers');
    expect(new Set(all.stations.map((s) => s.siteCode)).size).toBeGreaterThan(1);
    const word = [...dachuan.stations[0]!.name].slice(0, 2).join('');
    const found = await json<ChargerListResponse>(`/api/transit/chargers?site=511703&q=${encodeURIComponent(word)}`);
    expect(found.stations.length).toBeGreaterThan(0);
    expect(found.stations.every((s) => s.name.includes(word) || s.address.includes(word))).toBe(true);
    const near = await json<ChargerListResponse>('/api/transit/chargers?lat=31.1935&lng=107.514');
    const d = near.stations.map((s) => s.distanceMeters!);
    expect(d.every((x) => Number.isInteger(x))).toBe(true);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect((await get('/api/transit/chargers')).headers['cache-control']).toBe('no-store');
  });

  it('bad input → 400 in Chinese; the operator down → 503 with its message', async () => {
    for (const bad of ['site=999999', 'site=510000', 'lat=31.2', 'q=' + 'x'.repeat(40)]) {
      const res = await get(`/api/transit/chargers?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    h.sandbox.faults.set('charging', { errorRate: 1 });
    try {
      const res = await get('/api/transit/chargers?site=511703');
      expect(res.statusCode).toBe(503);
      expect(res.json<{ code: string; message: string }>()).toMatchObject({ code: 'PARTNER_UNAVAILABLE', message: expect.stringContaining('充电桩') });
    } finally {
      h.sandbox.faults.reset('charging');
      h.t.app.ctx.partners.resetBreaker('charging');
    }
  });
});
