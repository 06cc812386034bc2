/**
 * A feed built once into RAPTOR's arrays (Delling, Pajor, Werneck: "Round-Based Public Transit
 * Routing", 2012): stops numbered 0..n-1; trips grouped into patterns (same route, same stop
 * sequence) whose times sit in flat Int32Arrays, trips sorted by departure; for each stop the
 * patterns calling there (stop → pattern, position); the footpaths between stops. Everything a
 * request needs — plans, next departures, nearby stops — is answered from these, never from SQL.
 *
 * Patterns are FIFO: a trip that overtakes another of the same pattern is put into a separate
 * sub-pattern, so "the first trip departing after t" (a binary search) is also the first to arrive
 * everywhere downstream — the property RAPTOR's route scan relies on.
 */
import {
  distanceMeters,
  FOOTPATH_RADIUS_M,
  SAME_STOP_TRANSFER_S,
  StopGrid,
  walkMeters,
  walkSeconds,
} from './geo.js';
import { planJourneys } from './modes.js';
import type {
  FeedData,
  FeedRoute,
  FeedStop,
  FeedTrip,
  FeedTripTimes,
  PlanRequest,
  PlanResult,
  StopCall,
  TransitTimetable,
} from './types.js';

export const DAY_S = 86_400;
/** 1路 < 2路 < 10路 < K1: numbers in route names compare as numbers */
const ROUTE_ORDER = new Intl.Collator('zh', { numeric: true });
export const INF = 0x7fffffff;

/** One FIFO group of trip instances with the same route and stop sequence. */
export interface Pattern {
  routeIdx: number;
  directionId: 0 | 1;
  /** stop indices, in order */
  stops: Int32Array;
  nTrips: number;
  /** departure of trip t at position p: dep[t * stops.length + p] (service-day seconds) */
  dep: Int32Array;
  arr: Int32Array;
  /** per trip: the instance (see Timetable.instTrip / instStart) */
  inst: Int32Array;
  /** per trip: the service index */
  service: Int32Array;
  /** the latest departure anywhere in the pattern: no trip of yesterday is boardable when this minus a day is in the past */
  maxDep: number;
}

/** 'YYYY-MM-DD' or 'YYYYMMDD' → 'YYYYMMDD' */
export function compactDate(date: string): string {
  return date.length === 8 ? date : date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
}
/** 'YYYYMMDD' shifted by whole days. */
export function addDays(ymd: string, days: number): string {
  const d = new Date(Date.UTC(+ymd.slice(0, 4), +ymd.slice(4, 6) - 1, +ymd.slice(6, 8) + days));
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}
/** Weekday of 'YYYYMMDD', 0 = Monday … 6 = Sunday (GTFS calendar order). */
export function weekday(ymd: string): number {
  const d = new Date(Date.UTC(+ymd.slice(0, 4), +ymd.slice(4, 6) - 1, +ymd.slice(6, 8)));
  return (d.getUTCDay() + 6) % 7;
}
/** Seconds → 'HH:MM:SS' (hours may exceed 24, as in GTFS). */
export function hms(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}
/** Seconds → 'HH:MM' on the clock (a 24:30 last bus reads 00:30, as on a stop's sign). */
export function clockHm(s: number): string {
  const t = ((s % DAY_S) + DAY_S) % DAY_S;
  return `${String(Math.floor(t / 3600)).padStart(2, '0')}:${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}`;
}

/** What riders call a line: 1路, K1路; a name that is not a number stays as it is. */
export function routeDisplayName(route: FeedRoute): string {
  const s = route.shortName.trim();
  if (s && /^[A-Za-z]*\d+[A-Za-z]*$/.test(s)) return `${s}路`;
  return s || route.longName;
}
/** The leg mode of a GTFS route_type (basic and extended types). */
export function legMode(routeType: number): string {
  if (routeType === 3 || routeType === 11 || (routeType >= 700 && routeType < 800) || routeType === 800) return 'bus';
  if (routeType === 0 || (routeType >= 900 && routeType < 1000)) return 'tram';
  if (routeType === 1 || routeType === 2 || routeType === 12 || (routeType >= 100 && routeType < 500)) return 'rail';
  if (routeType === 4 || (routeType >= 1000 && routeType < 1300)) return 'ferry';
  return 'other';
}

/** A walk between a place and a stop (access / egress), in seconds and metres. */
export interface StopLink {
  stop: number;
  walkS: number;
  walkM: number;
}

export class Timetable implements TransitTimetable {
  readonly feedId: number;
  readonly agencyName: string;
  // ---- stops -----------------------------------------------------------------------------------------
  /** served stops (the ones indexed 0..n-1) */
  readonly stopList: FeedStop[];
  readonly stopIndex = new Map<string, number>();
  readonly lats: Float64Array;
  readonly lngs: Float64Array;
  private readonly allStops = new Map<string, FeedStop>();
  /** station id → its served children */
  private readonly children = new Map<string, number[]>();
  readonly grid: StopGrid;
  // ---- routes, trips ---------------------------------------------------------------------------------
  readonly routeList: FeedRoute[];
  private readonly routeIndex = new Map<string, number>();
  readonly tripList: FeedTrip[];
  private readonly tripIndex = new Map<string, number>();
  readonly tripTimesList: FeedTripTimes[];
  readonly shapes: Map<string, [number, number][]>;
  /** trip instances: the trip (index into tripList) and, for a frequency instance, its start (else -1) */
  readonly instTrip: Int32Array;
  readonly instStart: Int32Array;
  // ---- patterns --------------------------------------------------------------------------------------
  readonly pats: Pattern[] = [];
  /** stop → (pattern, position) pairs, CSR */
  readonly spStart: Int32Array;
  readonly spPattern: Int32Array;
  readonly spPos: Int32Array;
  // ---- transfers -------------------------------------------------------------------------------------
  /** footpaths out of a stop (CSR): target, seconds, metres */
  readonly fpStart: Int32Array;
  readonly fpTo: Int32Array;
  readonly fpTime: Int32Array;
  readonly fpDist: Int32Array;
  /** footpaths into a stop (CSR, the same paths reversed), for a destination stop's egress */
  readonly rfpStart: Int32Array;
  readonly rfpFrom: Int32Array;
  readonly rfpTime: Int32Array;
  readonly rfpDist: Int32Array;
  /** seconds needed to change buses at the same stop; -1 when transfers.txt forbids it */
  readonly sameStop: Int32Array;
  // ---- services --------------------------------------------------------------------------------------
  private readonly services: FeedData['services'];
  private readonly activeCache = new Map<string, Uint8Array>();

  constructor(data: FeedData) {
    this.feedId = data.feedId;
    this.agencyName = data.agencyName;
    this.shapes = data.shapes;
    this.services = data.services;

    // stops: served = platforms / plain stops, plus anything a trip calls at
    for (const s of data.stops) this.allStops.set(s.id, s);
    const called = new Set<string>();
    for (const t of data.times) for (const id of t.stopIds) called.add(id);
    this.stopList = [];
    for (const s of data.stops) {
      if (s.locationType !== 0 && !called.has(s.id)) continue;
      const parent = s.parentId ? this.allStops.get(s.parentId) : undefined;
      // a platform without a name of its own is known by its station's
      const stop = !s.name && parent ? { ...s, name: parent.name } : s;
      this.stopIndex.set(s.id, this.stopList.length);
      this.stopList.push(stop);
      if (s.parentId) {
        const list = this.children.get(s.parentId);
        if (list) list.push(this.stopList.length - 1);
        else this.children.set(s.parentId, [this.stopList.length - 1]);
      }
    }
    const n = this.stopList.length;
    this.lats = Float64Array.from(this.stopList, (s) => s.lat);
    this.lngs = Float64Array.from(this.stopList, (s) => s.lng);
    this.grid = new StopGrid(this.lats, this.lngs);

    this.routeList = data.routes;
    data.routes.forEach((r, i) => this.routeIndex.set(r.id, i));
    this.tripList = data.trips;
    data.trips.forEach((t, i) => this.tripIndex.set(t.id, i));
    this.tripTimesList = new Array<FeedTripTimes>(data.trips.length);
    for (const tt of data.times) {
      const i = this.tripIndex.get(tt.tripId);
      if (i !== undefined) this.tripTimesList[i] = tt;
    }
    const serviceIdx = new Map<string, number>();
    data.services.forEach((s, i) => serviceIdx.set(s.id, i));

    // trip instances: a trip, or each start of a trip run by frequency (exact_times 0 or 1 alike:
    // the headway is what riders wait; GTFS-RT names an instance by its start_time)
    const freqByTrip = new Map<string, FeedData['frequencies']>();
    for (const f of data.frequencies) {
      const list = freqByTrip.get(f.tripId);
      if (list) list.push(f);
      else freqByTrip.set(f.tripId, [f]);
    }
    const instTrip: number[] = [];
    const instStart: number[] = [];
    const instShift: number[] = [];
    const byPattern = new Map<string, number[]>();
    for (let ti = 0; ti < data.trips.length; ti++) {
      const trip = data.trips[ti]!;
      const times = this.tripTimesList[ti];
      const route = this.routeIndex.get(trip.routeId);
      if (!times || times.stopIds.length < 2 || route === undefined || !serviceIdx.has(trip.serviceId)) continue;
      const stopIdx = times.stopIds.map((id) => this.stopIndex.get(id)!);
      const key = `${route}|${trip.directionId ?? 0}|${stopIdx.join(',')}`;
      let list = byPattern.get(key);
      if (!list) byPattern.set(key, (list = []));
      const freqs = freqByTrip.get(trip.id);
      if (freqs) {
        const first = times.departures[0]!;
        for (const f of freqs) {
          if (f.headway <= 0) continue;
          for (let s = f.start; s < f.end; s += f.headway) {
            list.push(instTrip.length);
            instTrip.push(ti);
            instStart.push(s);
            instShift.push(s - first);
          }
        }
      } else {
        list.push(instTrip.length);
        instTrip.push(ti);
        instStart.push(-1);
        instShift.push(0);
      }
    }
    this.instTrip = Int32Array.from(instTrip);
    this.instStart = Int32Array.from(instStart);

    for (const [key, insts] of byPattern) {
      const [routeStr, dirStr, stopsStr] = key.split('|');
      const stops = Int32Array.from(stopsStr!.split(','), Number);
      const ns = stops.length;
      const depOf = (inst: number, p: number) => this.tripTimesList[instTrip[inst]!]!.departures[p]! + instShift[inst]!;
      const arrOf = (inst: number, p: number) => this.tripTimesList[instTrip[inst]!]!.arrivals[p]! + instShift[inst]!;
      insts.sort((a, b) => depOf(a, 0) - depOf(b, 0) || arrOf(a, ns - 1) - arrOf(b, ns - 1));
      // FIFO split: each instance joins the first sub-pattern whose last trip it never overtakes
      const subs: number[][] = [];
      for (const inst of insts) {
        let placed = false;
        for (const sub of subs) {
          const last = sub[sub.length - 1]!;
          let ok = true;
          for (let p = 0; p < ns && ok; p++) ok = depOf(last, p) <= depOf(inst, p) && arrOf(last, p) <= arrOf(inst, p);
          if (ok) {
            sub.push(inst);
            placed = true;
            break;
          }
        }
        if (!placed) subs.push([inst]);
      }
      for (const sub of subs) {
        const nt = sub.length;
        const dep = new Int32Array(nt * ns);
        const arr = new Int32Array(nt * ns);
        const service = new Int32Array(nt);
        let maxDep = 0;
        sub.forEach((inst, t) => {
          for (let p = 0; p < ns; p++) {
            dep[t * ns + p] = depOf(inst, p);
            arr[t * ns + p] = arrOf(inst, p);
            if (dep[t * ns + p]! > maxDep) maxDep = dep[t * ns + p]!;
          }
          service[t] = serviceIdx.get(data.trips[instTrip[inst]!]!.serviceId)!;
        });
        this.pats.push({
          routeIdx: Number(routeStr),
          directionId: dirStr === '1' ? 1 : 0,
          stops,
          nTrips: nt,
          dep,
          arr,
          inst: Int32Array.from(sub),
          service,
          maxDep,
        });
      }
    }

    // stop → patterns (CSR)
    const spCount = new Int32Array(n + 1);
    for (const pat of this.pats) for (const s of pat.stops) spCount[s + 1]!++;
    for (let i = 0; i < n; i++) spCount[i + 1]! += spCount[i]!;
    this.spStart = spCount;
    this.spPattern = new Int32Array(spCount[n]!);
    this.spPos = new Int32Array(spCount[n]!);
    const fill = spCount.slice(0, n);
    this.pats.forEach((pat, pi) => {
      pat.stops.forEach((s, p) => {
        this.spPattern[fill[s]!] = pi;
        this.spPos[fill[s]!] = p;
        fill[s]!++;
      });
    });

    // transfers: stops within FOOTPATH_RADIUS_M walk; transfers.txt type 2 sets a minimum, type 3
    // forbids, type 0/1 adds a link even beyond the radius. A station id stands for its children.
    this.sameStop = new Int32Array(n).fill(SAME_STOP_TRANSFER_S);
    const rules = new Map<number, { type: number; minTime: number | null }>();
    const expand = (id: string): number[] => {
      const i = this.stopIndex.get(id);
      return i !== undefined ? [i] : (this.children.get(id) ?? []);
    };
    for (const tr of data.transfers) {
      for (const a of expand(tr.from)) {
        for (const b of expand(tr.to)) {
          if (a === b) {
            if (tr.type === 3) this.sameStop[a] = -1;
            else if (tr.type === 2 && tr.minTime !== null) this.sameStop[a] = tr.minTime;
          } else rules.set(a * n + b, { type: tr.type, minTime: tr.minTime });
        }
      }
    }
    const links: { from: number; to: number; time: number; dist: number }[] = [];
    const linked = new Set<number>();
    const addLink = (a: number, b: number, straight: number) => {
      const rule = rules.get(a * n + b);
      if (rule?.type === 3) return;
      let time = walkSeconds(straight);
      if (rule?.type === 2 && rule.minTime !== null) time = Math.max(time, rule.minTime);
      links.push({ from: a, to: b, time, dist: walkMeters(straight) });
      linked.add(a * n + b);
    };
    for (let a = 0; a < n; a++) {
      for (const { idx: b, distance } of this.grid.near(this.lats[a]!, this.lngs[a]!, FOOTPATH_RADIUS_M)) if (b !== a) addLink(a, b, distance);
    }
    for (const [key, rule] of rules) {
      if (linked.has(key) || rule.type === 3) continue;
      const a = Math.floor(key / n);
      const b = key % n;
      addLink(a, b, distanceMeters(this.lats[a]!, this.lngs[a]!, this.lats[b]!, this.lngs[b]!));
    }
    const csr = (keyOf: (l: (typeof links)[number]) => number, other: (l: (typeof links)[number]) => number) => {
      const start = new Int32Array(n + 1);
      for (const l of links) start[keyOf(l) + 1]!++;
      for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
      const to = new Int32Array(links.length);
      const time = new Int32Array(links.length);
      const dist = new Int32Array(links.length);
      const pos = start.slice(0, n);
      for (const l of links) {
        const k = pos[keyOf(l)]!++;
        to[k] = other(l);
        time[k] = l.time;
        dist[k] = l.dist;
      }
      return { start, to, time, dist };
    };
    const out = csr((l) => l.from, (l) => l.to);
    this.fpStart = out.start;
    this.fpTo = out.to;
    this.fpTime = out.time;
    this.fpDist = out.dist;
    const inn = csr((l) => l.to, (l) => l.from);
    this.rfpStart = inn.start;
    this.rfpFrom = inn.to;
    this.rfpTime = inn.time;
    this.rfpDist = inn.dist;
  }

  // ---- services --------------------------------------------------------------------------------------

  /** Which services run on a service day ('YYYYMMDD'): 1 per service index. Cached per date. */
  active(ymd: string): Uint8Array {
    let bits = this.activeCache.get(ymd);
    if (bits) return bits;
    bits = new Uint8Array(this.services.length);
    const wd = 1 << weekday(ymd);
    this.services.forEach((s, i) => {
      let on = (s.days & wd) && s.start !== null && s.end !== null && s.start <= ymd && ymd <= s.end;
      if (s.added.includes(ymd)) on = true;
      if (s.removed.includes(ymd)) on = false;
      bits[i] = on ? 1 : 0;
    });
    // a day's plans ask for the day before and after too; a handful of dates is all a process sees
    if (this.activeCache.size > 64) this.activeCache.clear();
    this.activeCache.set(ymd, bits);
    return bits;
  }

  /**
   * The earliest trip of a pattern leaving position p at or after `t` (seconds relative to the
   * query date) whose service runs on (query date + day): its index, or -1. Patterns are FIFO and
   * sorted, so a binary search finds the first candidate, then trips not running that day are skipped.
   */
  earliestTrip(pat: Pattern, p: number, t: number, day: number, active: Uint8Array): number {
    const ns = pat.stops.length;
    const want = t - day * DAY_S;
    let lo = 0;
    let hi = pat.nTrips;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pat.dep[mid * ns + p]! < want) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < pat.nTrips; i++) if (active[pat.service[i]!]) return i;
    return -1;
  }

  // ---- TransitTimetable ------------------------------------------------------------------------------

  stop(id: string): FeedStop | undefined {
    const i = this.stopIndex.get(id);
    return i !== undefined ? this.stopList[i] : this.allStops.get(id);
  }
  stops(): readonly FeedStop[] {
    return this.stopList;
  }
  route(id: string): FeedRoute | undefined {
    const i = this.routeIndex.get(id);
    return i === undefined ? undefined : this.routeList[i];
  }
  routes(): readonly FeedRoute[] {
    return this.routeList;
  }
  trip(id: string): FeedTrip | undefined {
    const i = this.tripIndex.get(id);
    return i === undefined ? undefined : this.tripList[i];
  }
  tripTimes(tripId: string): FeedTripTimes | undefined {
    const i = this.tripIndex.get(tripId);
    return i === undefined ? undefined : this.tripTimesList[i];
  }

  /** The served stops a stop id stands for: itself, a station's children, or a platform's siblings. */
  stopGroup(id: string): number[] {
    const i = this.stopIndex.get(id);
    const s = this.stop(id);
    if (!s) return [];
    if (i === undefined) return this.children.get(id) ?? [];
    return s.parentId ? (this.children.get(s.parentId) ?? [i]) : [i];
  }

  stopsNear(lat: number, lng: number, radiusM: number, limit: number): { stop: FeedStop; distanceMeters: number }[] {
    return this.grid.near(lat, lng, radiusM, limit).map((h) => ({ stop: this.stopList[h.idx]!, distanceMeters: Math.round(h.distance) }));
  }

  /** The most common headsign of the trips of a route / direction (a stop sign's 开往 …). */
  private headsignCache: Map<string, string> | null = null;
  headsignOf(routeIdx: number, directionId: 0 | 1): string {
    if (!this.headsignCache) {
      // one pass over the trips for every route and direction, the first time any is asked
      const counts = new Map<string, Map<string, number>>();
      for (const t of this.tripList) {
        if (!t.headsign) continue;
        const key = `${this.routeIndex.get(t.routeId)}|${t.directionId ?? 0}`;
        let c = counts.get(key);
        if (!c) counts.set(key, (c = new Map()));
        c.set(t.headsign, (c.get(t.headsign) ?? 0) + 1);
      }
      this.headsignCache = new Map();
      for (const [key, c] of counts) {
        let best = '';
        let bestN = 0;
        for (const [h, n] of c) if (n > bestN) [best, bestN] = [h, n];
        this.headsignCache.set(key, best);
      }
    }
    const key = `${routeIdx}|${directionId}`;
    const known = this.headsignCache.get(key);
    if (known !== undefined) return known;
    // no headsign in the feed: the last stop of the main pattern
    const main = this.mainPattern(routeIdx, directionId);
    const name = main ? this.stopList[main.stops[main.stops.length - 1]!]!.name : '';
    this.headsignCache.set(key, name);
    return name;
  }

  routesAt(stopId: string): { route: FeedRoute; directionId: 0 | 1; headsign: string }[] {
    const seen = new Set<string>();
    const out: { route: FeedRoute; directionId: 0 | 1; headsign: string }[] = [];
    for (const s of this.stopGroupOrSelf(stopId)) {
      for (let k = this.spStart[s]!; k < this.spStart[s + 1]!; k++) {
        const pat = this.pats[this.spPattern[k]!]!;
        // a terminus is where a direction ends: nobody boards it there
        if (this.spPos[k] === pat.stops.length - 1) continue;
        const key = `${pat.routeIdx}|${pat.directionId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ route: this.routeList[pat.routeIdx]!, directionId: pat.directionId, headsign: this.headsignOf(pat.routeIdx, pat.directionId) });
      }
    }
    return out.sort((a, b) => ROUTE_ORDER.compare(a.route.shortName, b.route.shortName) || a.directionId - b.directionId);
  }

  /** A station id means its platforms; a platform means itself. */
  private stopGroupOrSelf(stopId: string): number[] {
    const i = this.stopIndex.get(stopId);
    return i !== undefined ? [i] : (this.children.get(stopId) ?? []);
  }

  departures(stopId: string, date: string, fromTime: number, opts: { limit: number; horizonS: number; routeId?: string; directionId?: 0 | 1 }): StopCall[] {
    const ymd = compactDate(date);
    const until = fromTime + opts.horizonS;
    const routeIdx = opts.routeId !== undefined ? this.routeIndex.get(opts.routeId) : undefined;
    if (opts.routeId !== undefined && routeIdx === undefined) return [];
    const calls: StopCall[] = [];
    const lastDay = Math.floor(until / DAY_S);
    for (const s of this.stopGroupOrSelf(stopId)) {
      for (let k = this.spStart[s]!; k < this.spStart[s + 1]!; k++) {
        const pat = this.pats[this.spPattern[k]!]!;
        const p = this.spPos[k]!;
        if (p === pat.stops.length - 1) continue;
        if (routeIdx !== undefined && pat.routeIdx !== routeIdx) continue;
        if (opts.directionId !== undefined && pat.directionId !== opts.directionId) continue;
        const ns = pat.stops.length;
        for (let day = -1; day <= lastDay; day++) {
          if (day === -1 && pat.maxDep - DAY_S < fromTime) continue;
          const serviceDate = addDays(ymd, day);
          const active = this.active(serviceDate);
          let found = 0;
          for (let t = this.earliestTrip(pat, p, fromTime, day, active); t >= 0 && t < pat.nTrips && found < opts.limit; t++) {
            if (!active[pat.service[t]!]) continue;
            const time = pat.dep[t * ns + p]! + day * DAY_S;
            if (time > until) break;
            const inst = pat.inst[t]!;
            const ti = this.instTrip[inst]!;
            const trip = this.tripList[ti]!;
            calls.push({
              tripId: trip.id,
              routeId: trip.routeId,
              headsign: trip.headsign || this.headsignOf(pat.routeIdx, pat.directionId),
              directionId: pat.directionId,
              serviceDate,
              startTime: this.instStart[inst]! >= 0 ? hms(this.instStart[inst]!) : null,
              stopSequence: this.tripTimesList[ti]!.sequences[p]!,
              time: pat.arr[t * ns + p]! + day * DAY_S,
            });
            found++;
          }
        }
      }
    }
    calls.sort((a, b) => a.time - b.time || a.routeId.localeCompare(b.routeId));
    return calls.slice(0, opts.limit);
  }

  firstLast(stopId: string, routeId: string, directionId: 0 | 1, date: string): { first: string; last: string } | null {
    const routeIdx = this.routeIndex.get(routeId);
    if (routeIdx === undefined) return null;
    const active = this.active(compactDate(date));
    let first = INF;
    let last = -1;
    for (const s of this.stopGroupOrSelf(stopId)) {
      for (let k = this.spStart[s]!; k < this.spStart[s + 1]!; k++) {
        const pat = this.pats[this.spPattern[k]!]!;
        if (pat.routeIdx !== routeIdx || pat.directionId !== directionId) continue;
        const p = this.spPos[k]!;
        const ns = pat.stops.length;
        for (let t = 0; t < pat.nTrips; t++) {
          if (!active[pat.service[t]!]) continue;
          const d = pat.dep[t * ns + p]!;
          if (d < first) first = d;
          if (d > last) last = d;
        }
      }
    }
    return last < 0 ? null : { first: clockHm(first), last: clockHm(last) };
  }

  /** The pattern of a route / direction with the most trips (the line as drawn on its page). */
  mainPattern(routeIdx: number, directionId: 0 | 1): Pattern | null {
    // sub-patterns of the same stop sequence count together
    const bySeq = new Map<string, { pat: Pattern; n: number }>();
    for (const pat of this.pats) {
      if (pat.routeIdx !== routeIdx || pat.directionId !== directionId) continue;
      const key = pat.stops.join(',');
      const e = bySeq.get(key);
      if (e) e.n += pat.nTrips;
      else bySeq.set(key, { pat, n: pat.nTrips });
    }
    let best: { pat: Pattern; n: number } | null = null;
    for (const e of bySeq.values()) if (!best || e.n > best.n || (e.n === best.n && e.pat.stops.length > best.pat.stops.length)) best = e;
    return best?.pat ?? null;
  }

  patterns(routeId: string): { directionId: 0 | 1; headsign: string; stopIds: string[]; path: [number, number][] }[] {
    const routeIdx = this.routeIndex.get(routeId);
    if (routeIdx === undefined) return [];
    const out: { directionId: 0 | 1; headsign: string; stopIds: string[]; path: [number, number][] }[] = [];
    for (const dir of [0, 1] as const) {
      const pat = this.mainPattern(routeIdx, dir);
      if (!pat) continue;
      const trip = this.tripList[this.instTrip[pat.inst[0]!]!]!;
      const shape = trip.shapeId ? this.shapes.get(trip.shapeId) : undefined;
      const stopIds = Array.from(pat.stops, (s) => this.stopList[s]!.id);
      out.push({
        directionId: dir,
        headsign: this.headsignOf(routeIdx, dir),
        stopIds,
        path: shape && shape.length >= 2 ? shape : Array.from(pat.stops, (s) => [this.lats[s], this.lngs[s]] as [number, number]),
      });
    }
    return out;
  }

  plan(req: PlanRequest): PlanResult {
    return planJourneys(this, req);
  }
}

/** Builds a feed's timetable (synchronous: call it where a long CPU task is acceptable). */
export function buildTimetable(data: FeedData): Timetable {
  return new Timetable(data);
}
