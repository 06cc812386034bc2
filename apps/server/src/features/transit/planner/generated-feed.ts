/**
 * Test-only: seeded random GTFS-like feeds for the planner's tests (a grid of stops ~300 m apart,
 * some with a second platform under a parent station; random lines over the grid; trips whose
 * speeds differ so some overtake others; trips starting up to 26:00; frequency-based trips;
 * weekday / weekend / dates-only services with exceptions; transfers.txt rules).
 * Deterministic for a seed, so a failing comparison can be replayed.
 */
import type { FeedData, FeedStop, FeedTrip, FeedTripTimes } from './types.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const BASE_LAT = 31.2;
export const BASE_LNG = 107.48;
/** A point x metres east and y metres north of the base point. */
export function at(x: number, y: number): { lat: number; lng: number } {
  return { lat: BASE_LAT + y / 111_195, lng: BASE_LNG + x / (111_195 * Math.cos((BASE_LAT * Math.PI) / 180)) };
}

export interface GeneratedFeedOptions {
  seed: number;
  /** grid size (stops per side) */
  size?: number;
  spacingM?: number;
  routes?: number;
  tripsPerDirection?: number;
}

/** Service ids: WK Mon–Fri, WE Sat–Sun, ALL every day, X only on added dates. See EXCEPTIONS. */
export const GENERATED_DATES = {
  /** Monday, a holiday: WK removed, WE added */
  holiday: '2026-12-07',
  /** Tuesday: X added */
  extra: '2026-12-08',
  saturday: '2026-12-12',
  monday: '2026-12-14',
};

export function generateFeed(opts: GeneratedFeedOptions): FeedData {
  const r = rng(opts.seed);
  const size = opts.size ?? 6;
  const spacing = opts.spacingM ?? 300;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

  const stops: FeedStop[] = [];
  const cell = (i: number, j: number) => `S${i}_${j}`;
  const platforms = new Map<string, string[]>();
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const p = at(j * spacing + (r() - 0.5) * 60, i * spacing + (r() - 0.5) * 60);
      const id = cell(i, j);
      if ((i * size + j) % 7 === 3) {
        // a station with two platforms 40 m apart
        stops.push({ id: `P${i}_${j}`, name: `站${i}${j}`, lat: p.lat, lng: p.lng, locationType: 1, parentId: null });
        const q = at(j * spacing + 40, i * spacing);
        stops.push({ id, name: `站${i}${j}A`, lat: p.lat, lng: p.lng, locationType: 0, parentId: `P${i}_${j}` });
        stops.push({ id: `${id}b`, name: '', lat: q.lat, lng: q.lng + (p.lng - at(j * spacing, 0).lng), locationType: 0, parentId: `P${i}_${j}` });
        platforms.set(id, [id, `${id}b`]);
      } else {
        stops.push({ id, name: `站${i}${j}`, lat: p.lat, lng: p.lng, locationType: 0, parentId: null });
        platforms.set(id, [id]);
      }
    }
  }

  const routes: FeedData['routes'] = [];
  const trips: FeedTrip[] = [];
  const times: FeedTripTimes[] = [];
  const frequencies: FeedData['frequencies'] = [];
  const nRoutes = opts.routes ?? 10;
  const perDir = opts.tripsPerDirection ?? 8;
  for (let ri = 0; ri < nRoutes; ri++) {
    const routeId = `R${ri}`;
    routes.push({ id: routeId, agencyId: 'A', shortName: String(ri + 1), longName: `线路${ri + 1}`, type: 3, color: null });
    // a random walk over the grid, no stop twice
    let i = int(0, size - 1);
    let j = int(0, size - 1);
    const path: string[] = [pick(platforms.get(cell(i, j))!)];
    const seen = new Set([cell(i, j)]);
    const len = int(3, 8);
    for (let k = 1; k < len; k++) {
      const moves = [
        [i + 1, j],
        [i - 1, j],
        [i, j + 1],
        [i, j - 1],
        [i + 1, j + 1],
      ].filter(([a, b]) => a! >= 0 && b! >= 0 && a! < size && b! < size && !seen.has(cell(a!, b!)));
      if (!moves.length) break;
      [i, j] = pick(moves) as [number, number];
      seen.add(cell(i, j));
      path.push(pick(platforms.get(cell(i, j))!));
    }
    if (path.length < 2) continue;
    const segs = path.slice(1).map(() => int(90, 300));
    const dirs = r() < 0.6 ? [0, 1] : [0];
    for (const dir of dirs) {
      const stopIds = dir === 0 ? path : [...path].reverse();
      const segTimes = dir === 0 ? segs : [...segs].reverse();
      const freqTemplate = r() < 0.15;
      const n = freqTemplate ? 1 : perDir;
      for (let t = 0; t < n; t++) {
        const tripId = `${routeId}-${dir}-${t}`;
        const service = pick(['WK', 'WK', 'WE', 'ALL', 'ALL', 'X']);
        trips.push({ id: tripId, routeId, serviceId: service, headsign: `往${stopIds[stopIds.length - 1]}`, directionId: dir as 0 | 1, shapeId: null });
        // starts spread over the day, some after 23:00 so they run past 24:00
        let clock = r() < 0.25 ? int(22 * 3600, 26 * 3600) : int(5 * 3600, 22 * 3600);
        const speed = 0.7 + r() * 0.8;
        const tt: FeedTripTimes = { tripId, stopIds: [], arrivals: [], departures: [], sequences: [] };
        stopIds.forEach((s, k) => {
          if (k > 0) clock += Math.round(segTimes[k - 1]! * speed);
          const dwell = k > 0 && k < stopIds.length - 1 ? int(0, 30) : 0;
          tt.stopIds.push(s);
          tt.arrivals.push(clock);
          tt.departures.push(clock + dwell);
          tt.sequences.push((k + 1) * 10);
          clock += dwell;
        });
        times.push(tt);
        if (freqTemplate) {
          const start = int(5 * 3600, 20 * 3600);
          frequencies.push({ tripId, start, end: start + int(1, 4) * 3600, headway: int(5, 20) * 60, exactTimes: r() < 0.5 });
          if (r() < 0.5) frequencies.push({ tripId, start: 23 * 3600, end: 25 * 3600 + 1800, headway: 1200, exactTimes: false });
        }
      }
    }
  }

  const services: FeedData['services'] = [
    { id: 'WK', days: 0b0011111, start: '20260101', end: '20271231', added: [], removed: ['20261207'] },
    { id: 'WE', days: 0b1100000, start: '20260101', end: '20271231', added: ['20261207'], removed: [] },
    { id: 'ALL', days: 0b1111111, start: '20260101', end: '20271231', added: [], removed: ['20261213'] },
    { id: 'X', days: 0, start: null, end: null, added: ['20261208', '20261213'], removed: [] },
  ];

  // transfers.txt: a few forbidden and minimum-time rules between neighbours and at a stop
  const served = stops.filter((s) => s.locationType === 0).map((s) => s.id);
  const transfers: FeedData['transfers'] = [];
  for (let k = 0; k < 6; k++) {
    const a = pick(served);
    const [ai, aj] = a.replace(/b$/, '').slice(1).split('_').map(Number) as [number, number];
    const b = r() < 0.4 ? a : cell(Math.min(size - 1, ai + 1), aj);
    transfers.push(r() < 0.5 ? { from: a, to: b, type: 3, minTime: null } : { from: a, to: b, type: 2, minTime: int(2, 12) * 60 });
  }

  return { feedId: opts.seed, agencyName: '测试公交', stops, routes, trips, times, services, frequencies, transfers, shapes: new Map() };
}
