/**
 * The bus company's own timetable: the GTFS feed its buses run (by default the demo feed in
 * data/gtfs/dazhou-demo at the repository root, the same files the console imports; env
 * BUS_GTFS_DIR points elsewhere). Read once, lazily — most sandboxes are built by tests that never
 * call the bus — with csv-parse, into the arrays the simulation walks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** data/gtfs/dazhou-demo from the repository root (same depth from src/ and dist/). */
export const DEMO_GTFS_DIR = fileURLToPath(new URL('../../../../../data/gtfs/dazhou-demo/', import.meta.url));

export function busFeedDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.BUS_GTFS_DIR?.trim();
  return dir ? resolve(dir) : DEMO_GTFS_DIR;
}

export interface Shape {
  /** [lat, lng] per point */
  points: [number, number][];
  /** metres from the start, per point */
  dist: number[];
}

export interface Trip {
  tripId: string;
  routeId: string;
  serviceId: string;
  directionId: number;
  /** stop ids in stop_sequence order */
  stopIds: string[];
  /** the stop_sequence values (GTFS allows gaps) */
  sequences: number[];
  /** seconds after the service day's midnight; may exceed 86 400 */
  arrivals: number[];
  departures: number[];
  /** metres along `shape` of each stop */
  stopDist: number[];
  shape: Shape;
}

export interface Frequency {
  /** seconds */
  start: number;
  end: number;
  headway: number;
}

export interface BusFeed {
  trips: Map<string, Trip>;
  /** trip id → its windows, for the trips run by frequency */
  frequencies: Map<string, Frequency[]>;
  /** service id → [monday..sunday] and the span 'YYYYMMDD' */
  calendar: Map<string, { days: boolean[]; start: string; end: string }>;
  /** `${serviceId}|${date}` → true (added, type 1) or false (removed, type 2) */
  exceptions: Map<string, boolean>;
  /** the longest trip, seconds: bounds which frequency instances can be on the road */
  longestTripS: number;
}

type Row = Record<string, string>;

function readTable(dir: string, name: string, required: boolean): Row[] {
  const file = join(dir, name);
  if (!existsSync(file)) {
    if (required) throw new Error(`公交时刻表缺少 ${name}（目录 ${dir}）`);
    return [];
  }
  return parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Row[];
}

/** 'HH:MM:SS' (hours may exceed 24) → seconds. */
export function gtfsTime(s: string): number {
  const m = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(s);
  if (!m) throw new Error(`时刻格式不正确：${s}`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** seconds → 'HH:MM:SS' (hours may exceed 24, as GTFS writes them). */
export function formatGtfsTime(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function metres(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLng = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

function shapeFrom(points: [number, number][]): Shape {
  const dist = [0];
  for (let i = 1; i < points.length; i++) dist.push(dist[i - 1]! + metres(points[i - 1]!, points[i]!));
  return { points, dist };
}

/**
 * Where each stop lies along the shape when the feed gives no shape_dist_traveled: the nearest
 * shape point at or after the previous stop's (a bus does not go back along its own shape).
 */
function projectStops(shape: Shape, stops: [number, number][]): number[] {
  let from = 0;
  return stops.map((p) => {
    let best = from;
    let bestD = Infinity;
    for (let i = from; i < shape.points.length; i++) {
      const d = metres(p, shape.points[i]!);
      if (d < bestD) [best, bestD] = [i, d];
    }
    from = best;
    return shape.dist[best]!;
  });
}

export function loadBusFeed(dir: string): BusFeed {
  const stops = new Map(readTable(dir, 'stops.txt', true).map((r) => [r.stop_id!, [Number(r.stop_lat), Number(r.stop_lon)] as [number, number]]));

  const shapePoints = new Map<string, { seq: number; p: [number, number]; d: number | null }[]>();
  for (const r of readTable(dir, 'shapes.txt', false)) {
    const list = shapePoints.get(r.shape_id!) ?? [];
    const d = r.shape_dist_traveled ? Number(r.shape_dist_traveled) : null;
    list.push({ seq: Number(r.shape_pt_sequence), p: [Number(r.shape_pt_lat), Number(r.shape_pt_lon)], d: Number.isFinite(d) ? d : null });
    shapePoints.set(r.shape_id!, list);
  }
  const shapes = new Map<string, { shape: Shape; ownDist: boolean }>();
  for (const [id, list] of shapePoints) {
    list.sort((a, b) => a.seq - b.seq);
    const ownDist = list.every((x) => x.d !== null);
    shapes.set(id, { shape: ownDist ? { points: list.map((x) => x.p), dist: list.map((x) => x.d!) } : shapeFrom(list.map((x) => x.p)), ownDist });
  }

  const calls = new Map<string, { seq: number; stopId: string; arr: string; dep: string; dist: string }[]>();
  for (const r of readTable(dir, 'stop_times.txt', true)) {
    const list = calls.get(r.trip_id!) ?? [];
    list.push({ seq: Number(r.stop_sequence), stopId: r.stop_id!, arr: r.arrival_time ?? '', dep: r.departure_time ?? '', dist: r.shape_dist_traveled ?? '' });
    calls.set(r.trip_id!, list);
  }

  const trips = new Map<string, Trip>();
  let longestTripS = 0;
  for (const r of readTable(dir, 'trips.txt', true)) {
    const list = calls.get(r.trip_id!);
    if (!list || list.length < 2) continue;
    list.sort((a, b) => a.seq - b.seq);
    // Stops without times (allowed between timepoints) take the time interpolated by position.
    const timed = list.map((c) => (c.arr || c.dep ? { arr: gtfsTime(c.arr || c.dep), dep: gtfsTime(c.dep || c.arr) } : null));
    const coords = list.map((c): [number, number] => {
      const p = stops.get(c.stopId);
      if (!p) throw new Error(`车次 ${r.trip_id} 经停的站点 ${c.stopId} 不在 stops.txt 中`);
      return p;
    });
    const own = r.shape_id ? shapes.get(r.shape_id) : undefined;
    const shape = own?.shape ?? shapeFrom(coords);
    const stopDist = own?.ownDist && list.every((c) => c.dist !== '') ? list.map((c) => Number(c.dist)) : projectStops(shape, coords);
    fillUntimed(timed, stopDist);
    const arrivals = timed.map((t) => t!.arr);
    const departures = timed.map((t) => t!.dep);
    longestTripS = Math.max(longestTripS, arrivals[arrivals.length - 1]! - departures[0]!);
    trips.set(r.trip_id!, {
      tripId: r.trip_id!,
      routeId: r.route_id!,
      serviceId: r.service_id!,
      directionId: Number(r.direction_id || 0),
      stopIds: list.map((c) => c.stopId),
      sequences: list.map((c) => c.seq),
      arrivals,
      departures,
      stopDist,
      shape,
    });
  }

  const frequencies = new Map<string, Frequency[]>();
  for (const r of readTable(dir, 'frequencies.txt', false)) {
    const list = frequencies.get(r.trip_id!) ?? [];
    list.push({ start: gtfsTime(r.start_time!), end: gtfsTime(r.end_time!), headway: Number(r.headway_secs) });
    frequencies.set(r.trip_id!, list);
  }

  const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const calendar = new Map(
    readTable(dir, 'calendar.txt', false).map((r) => [r.service_id!, { days: DAYS.map((d) => r[d] === '1'), start: r.start_date!, end: r.end_date! }]),
  );
  const exceptions = new Map(readTable(dir, 'calendar_dates.txt', false).map((r) => [`${r.service_id}|${r.date}`, r.exception_type === '1']));

  return { trips, frequencies, calendar, exceptions, longestTripS };
}

/** Fills the stops GTFS left without times, in proportion to the distance between timed stops. */
function fillUntimed(timed: ({ arr: number; dep: number } | null)[], dist: number[]): void {
  if (!timed[0] || !timed[timed.length - 1]) throw new Error('车次的首末站必须有时刻');
  let prev = 0;
  for (let i = 1; i < timed.length; i++) {
    if (timed[i]) {
      for (let j = prev + 1; j < i; j++) {
        const span = dist[i]! - dist[prev]!;
        const f = span > 0 ? (dist[j]! - dist[prev]!) / span : (j - prev) / (i - prev);
        const t = Math.round(timed[prev]!.dep + f * (timed[i]!.arr - timed[prev]!.dep));
        timed[j] = { arr: t, dep: t };
      }
      prev = i;
    }
  }
}

/** Whether a service runs on a date ('YYYYMMDD'): calendar_dates first, then calendar. */
export function serviceRuns(feed: BusFeed, serviceId: string, date: string): boolean {
  const exception = feed.exceptions.get(`${serviceId}|${date}`);
  if (exception !== undefined) return exception;
  const c = feed.calendar.get(serviceId);
  if (!c || date < c.start || date > c.end) return false;
  const weekday = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)))).getUTCDay();
  return c.days[(weekday + 6) % 7]!;
}

const cache = new Map<string, BusFeed>();

/** The feed of `dir`, read on first use and kept for the process (the files do not change under it). */
export function busFeed(dir = busFeedDir()): BusFeed {
  let feed = cache.get(dir);
  if (!feed) {
    feed = loadBusFeed(dir);
    cache.set(dir, feed);
  }
  return feed;
}
