/**
 * RAPTOR (Delling, Pajor, Werneck 2012): round k finds the earliest arrival at every stop with k
 * rides, by scanning each pattern touched in round k-1 once and hopping on the earliest catchable
 * trip. No graph, no priority queue: arrays of the timetable, walked in order.
 *
 * Across midnight: times are seconds after the query date's midnight; a trip of the day before
 * (its 24:10 is 00:10 today) and of the day after are boardable too, each with the services that
 * run on *its* service day — so a query at 00:20 catches yesterday's 24:30 trip and an exception
 * date removes exactly that day's trips.
 *
 * `walkFactor` > 1 makes every walk count that many times its duration (the 少步行 search); the
 * labels are then costs, not clock times, and the journey's real times are worked out from its
 * trips and walks when it is rebuilt.
 */
import { DAY_S, INF, type Timetable, type StopLink } from './timetable.js';

/**
 * A plan is for a trip about to be made: nothing arriving 16 h or more after the asked time is
 * offered (a query at 23:00 still finds the first bus of the morning; a Sunday query does not
 * offer Monday's). It also bounds the search.
 */
export const HORIZON_S = 16 * 3600;

/** One ride of a journey: a trip instance of a pattern, on a service day relative to the query date. */
export interface Ride {
  pattern: number;
  trip: number;
  day: number;
  boardPos: number;
  alightPos: number;
}
/** A journey as RAPTOR found it: access walk, rides, the walks between them, egress walk. */
export interface Journey {
  access: StopLink;
  rides: Ride[];
  /** walks between ride i and ride i+1: the stops and the walk (0 m for a change at the same stop) */
  transfers: { from: number; to: number; walkS: number; walkM: number }[];
  egress: StopLink;
  /** real clock times, seconds after the query date's midnight */
  departure: number;
  arrival: number;
}

/** Scratch arrays reused across queries of one timetable (plans are synchronous, one at a time). */
class Scratch {
  arr: Int32Array;
  ready: Int32Array;
  bestArr: Int32Array;
  bestReady: Int32Array;
  lPat: Int32Array;
  lTrip: Int32Array;
  lDay: Int8Array;
  lBoard: Int32Array;
  lAlight: Int32Array;
  rFrom: Int32Array;
  rWalkS: Int32Array;
  rWalkM: Int32Array;
  marked: Uint8Array;
  queuePos: Int32Array;
  constructor(
    readonly n: number,
    readonly rounds: number,
    nPatterns: number,
  ) {
    const size = n * (rounds + 1);
    this.arr = new Int32Array(size);
    this.ready = new Int32Array(size);
    this.bestArr = new Int32Array(n);
    this.bestReady = new Int32Array(n);
    this.lPat = new Int32Array(size);
    this.lTrip = new Int32Array(size);
    this.lDay = new Int8Array(size);
    this.lBoard = new Int32Array(size);
    this.lAlight = new Int32Array(size);
    this.rFrom = new Int32Array(size);
    this.rWalkS = new Int32Array(size);
    this.rWalkM = new Int32Array(size);
    this.marked = new Uint8Array(n);
    this.queuePos = new Int32Array(nPatterns).fill(-1);
  }
  reset(): void {
    this.arr.fill(INF);
    this.ready.fill(INF);
    this.bestArr.fill(INF);
    this.bestReady.fill(INF);
    this.marked.fill(0);
  }
}
const scratches = new WeakMap<Timetable, Scratch>();

/**
 * The Pareto set over (arrival, rides) from `access` stops at `t0` to `egress` stops, at most
 * `maxRounds` rides: one journey per number of rides that arrives earlier than every journey with
 * fewer. Sorted by rides.
 */
export function raptor(tt: Timetable, date: string, t0: number, access: StopLink[], egress: StopLink[], maxRounds: number, walkFactor = 1): Journey[] {
  const n = tt.stopList.length;
  let sc = scratches.get(tt);
  if (!sc || sc.rounds < maxRounds) scratches.set(tt, (sc = new Scratch(n, maxRounds, tt.pats.length)));
  sc.reset();
  const { arr, ready, bestArr, bestReady, lPat, lTrip, lDay, lBoard, lAlight, rFrom, rWalkS, rWalkM, marked, queuePos } = sc;
  const actives = [tt.active(addDaysLocal(date, -1)), tt.active(date), tt.active(addDaysLocal(date, 1))];

  const egressS = new Int32Array(n).fill(-1);
  for (const e of egress) {
    const c = Math.round(e.walkS * walkFactor);
    if (egressS[e.stop]! < 0 || c < egressS[e.stop]!) egressS[e.stop] = c;
  }
  const egressStops = [...new Set(egress.map((e) => e.stop))];

  // round 0: the walk to the first stops
  let markedList: number[] = [];
  for (const a of access) {
    const t = t0 + Math.round(a.walkS * walkFactor);
    if (t < ready[a.stop]!) {
      ready[a.stop] = t;
      bestReady[a.stop] = t;
      rFrom[a.stop] = -1;
      rWalkS[a.stop] = a.walkS;
      rWalkM[a.stop] = a.walkM;
      if (!marked[a.stop]) {
        marked[a.stop] = 1;
        markedList.push(a.stop);
      }
    }
  }

  let target = t0 + HORIZON_S;
  const found: { k: number; stop: number; cost: number }[] = [];
  const queued: number[] = [];

  for (let k = 1; k <= maxRounds && markedList.length; k++) {
    const base = k * n;
    const prev = (k - 1) * n;
    // the patterns to scan, each from the first position a marked stop has in it
    for (const s of markedList) {
      marked[s] = 0;
      for (let i = tt.spStart[s]!; i < tt.spStart[s + 1]!; i++) {
        const pi = tt.spPattern[i]!;
        const pos = tt.spPos[i]!;
        if (queuePos[pi]! < 0) {
          queuePos[pi] = pos;
          queued.push(pi);
        } else if (pos < queuePos[pi]!) queuePos[pi] = pos;
      }
    }
    const improved: number[] = [];
    for (const pi of queued) {
      const pat = tt.pats[pi]!;
      const from = queuePos[pi];
      queuePos[pi] = -1;
      const ns = pat.stops.length;
      let cur = -1;
      let curDay = 0;
      let board = -1;
      for (let p = from!; p < ns!; p++) {
        const s = pat.stops[p]!;
        if (cur >= 0) {
          const a = pat.arr[cur * ns + p]! + curDay * DAY_S;
          if (a < bestArr[s]! && a < target) {
            if (arr[base + s] === INF) improved.push(s);
            arr[base + s] = a;
            bestArr[s] = a;
            lPat[base + s] = pi;
            lTrip[base + s] = cur;
            lDay[base + s] = curDay;
            lBoard[base + s] = board;
            lAlight[base + s]! = p;
          }
        }
        const r = ready[prev + s]!;
        if (r === INF || p === ns - 1) continue;
        if (cur >= 0) {
          const curDep = pat.dep[cur * ns + p]! + curDay * DAY_S;
          if (r > curDep) continue;
          if (curDay === 0 && pat.maxDep - DAY_S < r) {
            // usually the trip on board or one just before it: step back instead of a binary search
            const active = actives[1]!;
            let earlier = -1;
            for (let i = cur - 1; i >= 0 && pat.dep[i * ns + p]! >= r; i--) if (active[pat.service[i]!]) earlier = i;
            if (earlier >= 0) {
              cur = earlier;
              board = p;
            }
            continue;
          }
        }
        // the earliest trip of any of the three service days leaving here at or after r
        let bestDep = cur >= 0 ? pat.dep[cur * ns + p]! + curDay * DAY_S : INF;
        for (let day = -1; day <= 1; day++) {
          if (day === -1 && pat.maxDep - DAY_S < r) continue;
          // tomorrow's trips all leave after midnight: no use when one leaves before
          if (day === 1 && bestDep <= DAY_S) continue;
          const t = tt.earliestTrip(pat, p, r, day, actives[day + 1]!);
          if (t < 0) continue;
          const d = pat.dep[t * ns + p]! + day * DAY_S;
          if (d < bestDep) {
            bestDep = d;
            cur = t;
            curDay = day;
            board = p!;
          }
        }
      }
    }
    queued.length = 0;

    // walks after the rides: the same stop after a change time, or a footpath
    const next: number[] = [];
    for (const s of improved) {
      const a = arr[base + s]!;
      if (tt.sameStop[s]! >= 0) relax(s, s, a + tt.sameStop[s]!, tt.sameStop[s]!, 0);
      for (let i = tt.fpStart[s]!; i < tt.fpStart[s + 1]!; i++) {
        relax(s, tt.fpTo[i]!, a + Math.round(tt.fpTime[i]! * walkFactor), tt.fpTime[i]!, tt.fpDist[i]!);
      }
    }
    function relax(from: number, to: number, t: number, walkS: number, walkM: number) {
      if (t >= bestReady[to]! || t >= target) return;
      ready[base + to] = t;
      bestReady[to] = t;
      rFrom[base + to] = from;
      rWalkS[base + to] = walkS;
      rWalkM[base + to] = walkM;
      if (!marked[to]) {
        marked[to] = 1;
        next.push(to);
      }
    }
    markedList = next;

    // the destination with k rides
    let bestStop = -1;
    let bestCost = target;
    for (const e of egressStops) {
      const a = arr[base + e]!;
      if (a === INF) continue;
      const c = a + egressS[e]!;
      if (c < bestCost) {
        bestCost = c;
        bestStop = e;
      }
    }
    if (bestStop >= 0) {
      target = bestCost;
      found.push({ k, stop: bestStop, cost: bestCost });
    }
  }
  for (const s of markedList) marked[s] = 0;

  const egressOf = new Map<number, StopLink>();
  for (const e of egress) {
    const old = egressOf.get(e.stop);
    if (!old || e.walkS < old.walkS) egressOf.set(e.stop, e);
  }
  return found.map(({ k, stop }) => rebuild(tt, sc, k, stop, egressOf.get(stop)!));
}

/** Walks the labels back from the destination stop of round k, then sets the real clock times. */
function rebuild(tt: Timetable, sc: Scratch, k: number, stop: number, egress: StopLink): Journey {
  const n = tt.stopList.length;
  const rides: Ride[] = [];
  const transfers: Journey['transfers'] = [];
  let s = stop;
  let access: StopLink | null = null;
  for (let r = k; r >= 1; r--) {
    const i = r * n + s;
    const ride: Ride = { pattern: sc.lPat[i]!, trip: sc.lTrip[i]!, day: sc.lDay[i]!, boardPos: sc.lBoard[i]!, alightPos: sc.lAlight[i]! };
    rides.unshift(ride);
    const boardStop = tt.pats[ride.pattern]!.stops[ride.boardPos]!;
    const j = (r - 1) * n + boardStop;
    if (r === 1) access = { stop: boardStop!, walkS: sc.rWalkS[j]!, walkM: sc.rWalkM[j]! };
    else {
      const from = sc.rFrom[j]!;
      transfers.unshift({ from, to: boardStop!, walkS: from === boardStop ? 0 : sc.rWalkS[j]!, walkM: from === boardStop ? 0 : sc.rWalkM[j]! });
      s = from;
    }
  }
  const first = rides[0]!;
  const fp = tt.pats[first.pattern]!;
  const last = rides[rides.length - 1]!;
  const lp = tt.pats[last.pattern]!;
  const departure = fp.dep[first.trip * fp.stops.length + first.boardPos]! + first.day * DAY_S - access!.walkS;
  const arrival = lp.arr[last.trip * lp.stops.length + last.alightPos]! + last.day * DAY_S + egress.walkS;
  return { access: access!, rides, transfers, egress, departure, arrival };
}

function addDaysLocal(ymd: string, days: number): string {
  const d = new Date(Date.UTC(+ymd.slice(0, 4), +ymd.slice(4, 6) - 1, +ymd.slice(6, 8) + days));
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}
