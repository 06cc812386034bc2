/**
 * The planner against a brute-force reference on generated feeds, and hand-made cases for what
 * the issue names: across midnight, exception dates, frequency lines, transfers.txt, points as
 * origin / destination, overtaking trips, and the three modes differing where they should.
 */
import { describe, expect, it } from 'vitest';
import { GENERATED_DATES, at, generateFeed, rng } from './generated-feed.js';
import { directWalk, placeLinks } from './modes.js';
import { HORIZON_S } from './raptor.js';
import { buildTimetable, compactDate, addDays, weekday, DAY_S, type Timetable } from './timetable.js';
import type { FeedData, FeedService, PlanPlace, PlanRequest } from './types.js';

const secs = (hms: string) => {
  const [h, m, s] = hms.split(':').map(Number) as [number, number, number?];
  return h * 3600 + m * 60 + (s ?? 0);
};

// ---- the reference ---------------------------------------------------------------------------------

/**
 * Earliest arrival by a time-dependent Dijkstra over (stop, time) events, written independently of
 * the planner: it expands every trip instance itself (frequencies, the three service days around
 * the query date, its own calendar reading), scans all of them at each settled stop (no patterns,
 * no FIFO assumption, no rounds, no transfer limit), and uses the timetable's footpaths, same-stop
 * change times and access / egress walks — the rules both must share.
 */
function referenceEarliest(tt: Timetable, data: FeedData, req: PlanRequest): number | null {
  const date = compactDate(req.date);
  const runs = (s: FeedService, ymd: string) => {
    if (s.removed.includes(ymd)) return false;
    if (s.added.includes(ymd)) return true;
    return s.start !== null && s.end !== null && s.start <= ymd && ymd <= s.end && !!(s.days & (1 << weekday(ymd)));
  };
  const services = new Map(data.services.map((s) => [s.id, s]));
  const timesOf = new Map(data.times.map((t) => [t.tripId, t]));
  // calls[stop] = [instanceTimes, position]
  type Inst = { stops: number[]; arr: number[]; dep: number[] };
  const calls = new Map<number, [Inst, number][]>();
  for (const trip of data.trips) {
    const times = timesOf.get(trip.id);
    const svc = services.get(trip.serviceId);
    if (!times || !svc) continue;
    const freqs = data.frequencies.filter((f) => f.tripId === trip.id);
    const shifts: number[] = [];
    if (freqs.length) for (const f of freqs) for (let s = f.start; s < f.end; s += f.headway) shifts.push(s - times.departures[0]!);
    else shifts.push(0);
    for (let day = -1; day <= 1; day++) {
      if (!runs(svc, addDays(date, day))) continue;
      for (const shift of shifts) {
        const o = shift + day * DAY_S;
        const inst: Inst = { stops: times.stopIds.map((id) => tt.stopIndex.get(id)!), arr: times.arrivals.map((a) => a + o), dep: times.departures.map((d) => d + o) };
        inst.stops.forEach((s, p) => {
          const list = calls.get(s);
          if (list) list.push([inst, p]);
          else calls.set(s, [[inst, p]]);
        });
      }
    }
  }
  const from = placeLinks(tt, req.from, 'access')!;
  const to = placeLinks(tt, req.to, 'egress')!;
  const egress = new Map<number, number>();
  for (const l of to.links) egress.set(l.stop, Math.min(egress.get(l.stop) ?? Infinity, l.walkS));
  let best = Infinity;
  const walk = directWalk(from, to);
  if (walk) best = req.time + walk.walkS;

  // a binary heap of [time, kind (0 ready, 1 by vehicle), stop]
  const heap: [number, number, number][] = [];
  const push = (e: [number, number, number]) => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]![0] <= e[0]) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = e;
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        const v = (k: number) => (k === i ? last[0] : heap[k]![0]);
        if (l < heap.length && heap[l]![0] < v(m)) m = l;
        if (r < heap.length && heap[r]![0] < v(m)) m = r;
        if (m === i) break;
        heap[i] = heap[m]!;
        i = m;
      }
      heap[i] = last;
    }
    return top;
  };
  for (const a of from.links) push([req.time + a.walkS, 0, a.stop]);
  const doneReady = new Set<number>();
  const doneVeh = new Set<number>();
  while (heap.length) {
    const [t, kind, s] = pop();
    if (t >= best) break;
    if (kind === 0) {
      if (doneReady.has(s)) continue;
      doneReady.add(s);
      for (const [inst, p] of calls.get(s) ?? []) {
        if (p === inst.stops.length - 1 || inst.dep[p]! < t) continue;
        for (let q = p + 1; q < inst.stops.length; q++) push([inst.arr[q]!, 1, inst.stops[q]!]);
      }
    } else {
      if (doneVeh.has(s)) continue;
      doneVeh.add(s);
      const e = egress.get(s);
      if (e !== undefined) best = Math.min(best, t + e);
      if (tt.sameStop[s]! >= 0) push([t + tt.sameStop[s]!, 0, s]);
      for (let i = tt.fpStart[s]!; i < tt.fpStart[s + 1]!; i++) push([t + tt.fpTime[i]!, 0, tt.fpTo[i]!]);
    }
  }
  return best >= req.time + HORIZON_S ? null : best;
}

describe('RAPTOR against the brute-force reference', () => {
  it('finds the same earliest arrival on 320 random queries over 8 generated feeds (and "no journey" agrees)', () => {
    let compared = 0;
    let found = 0;
    let overtaking = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const data = generateFeed({ seed, size: 6, routes: 12, tripsPerDirection: 8 });
      const tt = buildTimetable(data);
      overtaking += tt.pats.length - new Set(tt.pats.map((p) => `${p.routeIdx}|${p.directionId}|${p.stops.join(',')}`)).size;
      const r = rng(seed * 1000);
      const served = tt.stops();
      const place = (): PlanPlace => {
        if (r() < 0.7) return { stopId: served[Math.floor(r() * served.length)]!.id };
        const p = at(r() * 1800 - 100, r() * 1800 - 100);
        return { lat: p.lat, lng: p.lng };
      };
      const dates = Object.values(GENERATED_DATES);
      for (let q = 0; q < 40; q++) {
        const req: PlanRequest = {
          from: place(),
          to: place(),
          date: dates[Math.floor(r() * dates.length)]!,
          // a third of the queries after 22:00 or before 02:00, where yesterday's and tomorrow's trips matter
          time: r() < 0.33 ? (r() < 0.5 ? 22 * 3600 + Math.floor(r() * 7200) : Math.floor(r() * 7200)) : Math.floor(r() * DAY_S),
          mode: 'fastest',
          maxTransfers: 20,
        };
        const want = referenceEarliest(tt, data, req);
        const got = tt.plan(req);
        const arrival = got.itineraries[0] ? secs(got.itineraries[0].arrival) : null;
        expect({ seed, q, req, arrival }).toEqual({ seed, q, req, arrival: want });
        compared++;
        if (want !== null) found++;
      }
    }
    expect(compared).toBe(320);
    // the comparison means something only if most queries have a journey and some patterns were split
    expect(found).toBeGreaterThan(200);
    expect(overtaking).toBeGreaterThan(0);
  });
});

// ---- hand-made feeds -------------------------------------------------------------------------------

interface Spec {
  stops: [id: string, x: number, y: number, parent?: string][];
  trips: [id: string, route: string, service: string, calls: [stop: string, time: string][]][];
  services?: FeedService[];
  frequencies?: FeedData['frequencies'];
  transfers?: FeedData['transfers'];
}
const ALL_DAYS: FeedService = { id: 'ALL', days: 0b1111111, start: '20260101', end: '20301231', added: [], removed: [] };
function feed(spec: Spec): Timetable {
  const routes = [...new Set(spec.trips.map((t) => t[1]))];
  return buildTimetable({
    feedId: 1,
    agencyName: '测试',
    stops: spec.stops.map(([id, x, y, parent]) => ({ id, name: id, ...at(x, y), locationType: 0, parentId: parent ?? null })),
    routes: routes.map((id) => ({ id, agencyId: 'A', shortName: id, longName: `${id}线`, type: 3, color: null })),
    trips: spec.trips.map(([id, route, service]) => ({ id, routeId: route, serviceId: service, headsign: '', directionId: 0, shapeId: null })),
    times: spec.trips.map(([id, , , calls]) => ({
      tripId: id,
      stopIds: calls.map((c) => c[0]),
      arrivals: calls.map((c) => secs(c[1])),
      departures: calls.map((c) => secs(c[1])),
      sequences: calls.map((_, i) => i + 1),
    })),
    services: spec.services ?? [ALL_DAYS],
    frequencies: spec.frequencies ?? [],
    transfers: spec.transfers ?? [],
    shapes: new Map(),
  });
}
const plan = (tt: Timetable, from: string | PlanPlace, to: string | PlanPlace, date: string, time: string, mode: PlanRequest['mode'] = 'fastest') =>
  tt.plan({ from: typeof from === 'string' ? { stopId: from } : from, to: typeof to === 'string' ? { stopId: to } : to, date, time: secs(time), mode });

describe('across midnight', () => {
  const tt = feed({
    stops: [
      ['A', 0, 0],
      ['B', 3000, 0],
    ],
    trips: [
      ['late', 'N1', 'ALL', [['A', '24:10:00'], ['B', '24:30:00']]],
      ['once', 'N2', 'ONLY', [['A', '24:30:00'], ['B', '24:50:00']]],
    ],
    services: [ALL_DAYS, { id: 'ONLY', days: 0, start: null, end: null, added: ['20261207'], removed: [] }],
  });

  it('at 23:50 boards the same day’s 24:10 trip', () => {
    const it0 = plan(tt, 'A', 'B', '2026-12-07', '23:50').itineraries[0]!;
    expect(it0.arrival).toBe('24:30:00');
    expect(it0.legs[0]!.tripId).toBe('late');
  });
  it('at 00:20 boards yesterday’s 24:30 trip, which runs only on yesterday’s service day', () => {
    const it0 = plan(tt, 'A', 'B', '2026-12-08', '00:20').itineraries[0]!;
    expect(it0.legs[0]!.tripId).toBe('once');
    expect(it0.departure).toBe('00:30:00');
    expect(it0.arrival).toBe('00:50:00');
    // the day after, that service day does not run it; tonight's 24:10 is beyond the planning horizon
    expect(plan(tt, 'A', 'B', '2026-12-09', '00:20').itineraries).toEqual([]);
    expect(plan(tt, 'A', 'B', '2026-12-09', '09:00').itineraries[0]!.arrival).toBe('24:30:00');
  });
  it('lists yesterday’s trips among a stop’s departures after midnight, with their service date', () => {
    const calls = tt.departures('A', '2026-12-08', 0, { limit: 5, horizonS: 3600 });
    expect(calls.map((c) => [c.tripId, c.serviceDate, c.time])).toEqual([
      ['late', '20261207', 600],
      ['once', '20261207', 1800],
    ]);
  });
});

describe('exception dates', () => {
  const tt = feed({
    stops: [
      ['A', 0, 0],
      ['B', 3000, 0],
    ],
    trips: [
      ['wk', 'R1', 'WK', [['A', '08:00:00'], ['B', '08:20:00']]],
      ['hol', 'R1', 'HOL', [['A', '09:00:00'], ['B', '09:20:00']]],
    ],
    services: [
      { id: 'WK', days: 0b0011111, start: '20260101', end: '20301231', added: [], removed: ['20270101'] },
      { id: 'HOL', days: 0, start: null, end: null, added: ['20270101'], removed: [] },
    ],
  });
  it('runs the holiday timetable on the holiday, the weekday one on another Friday, nothing on a Sunday', () => {
    expect(plan(tt, 'A', 'B', '2027-01-01', '07:30').itineraries[0]!.legs[0]!.tripId).toBe('hol');
    expect(plan(tt, 'A', 'B', '2027-01-08', '07:30').itineraries[0]!.legs[0]!.tripId).toBe('wk');
    const sunday = plan(tt, 'A', 'B', '2027-01-03', '07:30');
    expect(sunday.itineraries).toEqual([]);
    expect(sunday.message).toBe('暂无可乘坐的公交方案，建议调整出发时间或地点');
    expect(tt.firstLast('A', 'R1', 0, '2027-01-01')).toEqual({ first: '09:00', last: '09:00' });
    expect(tt.firstLast('A', 'R1', 0, '2027-01-03')).toBeNull();
  });
});

describe('a line run by frequency', () => {
  const tt = feed({
    stops: [
      ['A', 0, 0],
      ['B', 3000, 0],
    ],
    trips: [['f', 'K1', 'ALL', [['A', '06:00:00'], ['B', '06:12:00']]]],
    frequencies: [{ tripId: 'f', start: secs('06:00:00'), end: secs('08:00:00'), headway: 600, exactTimes: false }],
  });
  it('boards the next instance at the headway and names it by its start time', () => {
    const it0 = plan(tt, 'A', 'B', '2026-12-07', '06:05').itineraries[0]!;
    expect([it0.departure, it0.arrival]).toEqual(['06:10:00', '06:22:00']);
    const calls = tt.departures('A', '2026-12-07', secs('07:45'), { limit: 5, horizonS: 3600 });
    expect(calls.map((c) => c.startTime)).toEqual(['07:50:00']);
    expect(plan(tt, 'A', 'B', '2026-12-07', '07:55').itineraries).toEqual([]);
  });
});

describe('transfers', () => {
  const stops: Spec['stops'] = [
    ['A', 0, 0],
    ['B', 3000, 0],
    ['B2', 3000, 200],
    ['C', 6000, 0],
  ];
  const trips: Spec['trips'] = [
    ['r1', 'R1', 'ALL', [['A', '08:00:00'], ['B', '08:10:00']]],
    ['r2a', 'R2', 'ALL', [['B', '08:11:00'], ['C', '08:20:00']]],
    ['r2b', 'R2', 'ALL', [['B', '08:20:00'], ['C', '08:29:00']]],
    ['r3', 'R3', 'ALL', [['B2', '08:30:00'], ['C', '08:45:00']]],
  ];
  it('changes at the same stop after a minute by default', () => {
    expect(plan(feed({ stops, trips }), 'A', 'C', '2026-12-07', '07:55').itineraries[0]!.arrival).toBe('08:20:00');
  });
  it('honours a minimum transfer time (type 2)', () => {
    const tt = feed({ stops, trips, transfers: [{ from: 'B', to: 'B', type: 2, minTime: 300 }] });
    expect(plan(tt, 'A', 'C', '2026-12-07', '07:55').itineraries[0]!.arrival).toBe('08:29:00');
  });
  it('honours a forbidden transfer (type 3) at the stop and along a footpath', () => {
    const noChange = feed({ stops, trips, transfers: [{ from: 'B', to: 'B', type: 3, minTime: null }] });
    // no change at B: walk 200 m to B2 for R3
    const it0 = plan(noChange, 'A', 'C', '2026-12-07', '07:55').itineraries[0]!;
    expect(it0.arrival).toBe('08:45:00');
    expect(it0.legs.map((l) => l.mode)).toEqual(['bus', 'walk', 'bus']);
    const none = feed({
      stops,
      trips,
      transfers: [
        { from: 'B', to: 'B', type: 3, minTime: null },
        { from: 'B', to: 'B2', type: 3, minTime: null },
      ],
    });
    expect(plan(none, 'A', 'C', '2026-12-07', '07:55').itineraries).toEqual([]);
  });
});

describe('points and stations', () => {
  const tt = feed({
    stops: [
      ['A', 0, 0],
      ['B', 3000, 0],
      ['C', 6000, 0],
    ],
    trips: [['r', 'R1', 'ALL', [['A', '08:00:00'], ['B', '08:10:00'], ['C', '08:20:00']]]],
  });
  it('walks from a point to the nearest stops and on to a point, and explains the legs', () => {
    const from = at(0, 300);
    const to = at(6000, -200);
    const it0 = plan(tt, { ...from, name: '家' }, { ...to, name: '医院' }, '2026-12-07', '07:50').itineraries[0]!;
    expect(it0.legs.map((l) => [l.mode, l.from.name, l.to.name])).toEqual([
      ['walk', '家', 'A'],
      ['bus', 'A', 'C'],
      ['walk', 'C', '医院'],
    ]);
    // 300 m straight × 1.25 detour at 1.2 m/s (312 s): the walk starts as late as the 08:00 bus allows
    expect(it0.legs[0]!.distanceMeters).toBe(375);
    expect(it0.departure).toBe('07:54:48');
    expect(it0.legs[1]!.intermediateStops!.map((s) => s.stopId)).toEqual(['B']);
    expect(it0.summary).toBe('步行 375 米 → R1路 2 站 → 步行 250 米');
    expect(it0.walkMeters).toBe(625);
  });
  it('offers a walk when origin and destination are close', () => {
    const it0 = plan(tt, at(0, 0), at(0, 800), '2026-12-07', '07:50').itineraries[0]!;
    expect(it0.legs.map((l) => l.mode)).toEqual(['walk']);
    expect(it0.walkMeters).toBe(1000);
  });
  it('takes the express that overtakes the slower trip of the same line', () => {
    const ot = feed({
      stops: [
        ['A', 0, 0],
        ['B', 3000, 0],
        ['C', 6000, 0],
      ],
      trips: [
        ['slow', 'R1', 'ALL', [['A', '08:00:00'], ['B', '08:30:00'], ['C', '09:00:00']]],
        ['fast', 'R1', 'ALL', [['A', '08:05:00'], ['B', '08:15:00'], ['C', '08:25:00']]],
      ],
    });
    expect(ot.pats.length).toBe(2);
    expect(plan(ot, 'A', 'C', '2026-12-07', '07:59').itineraries[0]!.legs[0]!.tripId).toBe('fast');
  });
});

describe('the three modes', () => {
  // A fast journey with two transfers and long walks, a slower one with one transfer and no walk,
  // and a direct line slower still.
  const tt = feed({
    stops: [
      ['O', 0, 0],
      ['Z', 6000, 0],
      ['F1', 0, 350],
      ['F2', 3000, 350],
      ['F3', 3000, -30],
      ['F4', 4500, -30],
      ['F5', 6000, 350],
      ['M', 3000, -1500],
    ],
    trips: [
      ['direct', 'D', 'ALL', [['O', '08:00:00'], ['Z', '08:50:00']]],
      ['x', 'X', 'ALL', [['F1', '08:02:00'], ['F2', '08:10:00']]],
      ['y', 'Y', 'ALL', [['F3', '08:18:00'], ['F4', '08:23:00']]],
      ['w', 'W', 'ALL', [['F4', '08:25:00'], ['F5', '08:31:00']]],
      ['v', 'V', 'ALL', [['O', '08:05:00'], ['M', '08:20:00']]],
      ['u', 'U', 'ALL', [['M', '08:25:00'], ['Z', '08:40:00']]],
    ],
  });
  const O = at(0, 0);
  const Z = at(6000, 0);
  const first = (mode: PlanRequest['mode']) => plan(tt, O, Z, '2026-12-07', '07:50', mode).itineraries;

  it('较快捷 takes the earliest arrival, 少步行 the walk-free one within the delay, 少换乘 the direct line', () => {
    const fastest = first('fastest');
    const leastWalk = first('least-walk');
    const fewest = first('fewest-transfers');
    expect(fastest[0]!.legs.filter((l) => l.mode === 'bus').map((l) => l.routeId)).toEqual(['X', 'Y', 'W']);
    expect(fastest[0]!.transfers).toBe(2);
    expect(leastWalk[0]!.legs.filter((l) => l.mode === 'bus').map((l) => l.routeId)).toEqual(['V', 'U']);
    expect(leastWalk[0]!.walkMeters).toBe(0);
    expect(fewest[0]!.legs.map((l) => l.routeId)).toEqual(['D']);
    expect(fewest[0]!.transfers).toBe(0);
    expect(secs(fastest[0]!.arrival)).toBeLessThan(secs(leastWalk[0]!.arrival));
    expect(secs(leastWalk[0]!.arrival)).toBeLessThan(secs(fewest[0]!.arrival));
    // each mode also lists the others' answers after its own
    expect(fastest.length).toBe(3);
    expect(fewest.length).toBe(3);
  });
  it('gives 少步行 and 少换乘 the fastest answer when the others are too slow', () => {
    const slow = feed({
      stops: [
        ['O', 0, 0],
        ['Z', 6000, 0],
        ['F1', 0, 350],
        ['F2', 6000, 350],
      ],
      trips: [
        ['direct', 'D', 'ALL', [['O', '09:30:00'], ['Z', '10:20:00']]],
        ['x', 'X', 'ALL', [['F1', '08:02:00'], ['F2', '08:30:00']]],
      ],
    });
    for (const mode of ['least-walk', 'fewest-transfers'] as const) {
      expect(plan(slow, O, Z, '2026-12-07', '07:50', mode).itineraries[0]!.legs.find((l) => l.mode === 'bus')!.routeId).toBe('X');
    }
  });
});
