/**
 * The three modes of 路线规划 from RAPTOR's candidates, and the journeys turned into the
 * itineraries the H5 shows (legs with times, stops, lines on the map, a one-line summary).
 *
 * - 较快捷 (fastest): the earliest arrival; ties: fewer transfers, then less walking.
 * - 少步行 (least-walk): the least walking among candidates arriving at most max(10 min, 30 %) of
 *   the fastest's duration after it. RAPTOR runs a second time with every walk counted three times
 *   its duration, which finds journeys that wait for a bus instead of walking to another line.
 * - 少换乘 (fewest-transfers): the fewest transfers among candidates arriving at most
 *   max(15 min, 50 %) after the fastest. RAPTOR's rounds already give the best journey for each
 *   number of rides, so no second run is needed.
 * The best for the mode comes first, then the other distinct candidates (at most 5 in all).
 */
import type { Itinerary, PlanLeg } from '@dz/contracts';
import {
  ACCESS_MAX_STOPS,
  ACCESS_RADIUS_M,
  DIRECT_WALK_MAX_M,
  distanceMeters,
  pathLength,
  walkMeters,
  walkSeconds,
} from './geo.js';
import { raptor, type Journey } from './raptor.js';
import { compactDate, DAY_S, hms, legMode, routeDisplayName, type StopLink, type Timetable } from './timetable.js';
import type { PlanPlace, PlanRequest, PlanResult } from './types.js';

export const NO_PLAN_MESSAGE = '暂无可乘坐的公交方案，建议调整出发时间或地点';
/** 少步行's walking reluctance: a minute of walking weighs as three minutes of riding or waiting. */
export const LEAST_WALK_FACTOR = 3;
const MAX_ITINERARIES = 5;

interface Resolved {
  lat: number;
  lng: number;
  name: string;
  stopId?: string;
  links: StopLink[];
}

/** The stops a place starts from (access) or ends at (egress), with the walk to / from each. */
export function placeLinks(tt: Timetable, place: PlanPlace, direction: 'access' | 'egress'): Resolved | null {
  if ('stopId' in place) {
    const stop = tt.stop(place.stopId);
    const group = tt.stopGroup(place.stopId);
    if (!stop || !group.length) return null;
    const best = new Map<number, StopLink>();
    const add = (l: StopLink) => {
      const old = best.get(l.stop);
      if (!old || l.walkS < old.walkS) best.set(l.stop, l);
    };
    for (const g of group) {
      const d = distanceMeters(stop.lat, stop.lng, tt.lats[g]!, tt.lngs[g]!);
      const base = { walkS: walkSeconds(d), walkM: walkMeters(d) };
      add({ stop: g, ...base });
      // the stops a footpath links to it (out of it for the origin, into it for the destination)
      const [start, other, time, dist] =
        direction === 'access' ? [tt.fpStart, tt.fpTo, tt.fpTime, tt.fpDist] : [tt.rfpStart, tt.rfpFrom, tt.rfpTime, tt.rfpDist];
      for (let i = start[g]!; i < start[g + 1]!; i++) add({ stop: other[i]!, walkS: base.walkS + time[i]!, walkM: base.walkM + dist[i]! });
    }
    return { lat: stop.lat, lng: stop.lng, name: stop.name, stopId: stop.id, links: [...best.values()] };
  }
  const links = tt.grid
    .near(place.lat, place.lng, ACCESS_RADIUS_M, ACCESS_MAX_STOPS)
    .map((h) => ({ stop: h.idx, walkS: walkSeconds(h.distance), walkM: walkMeters(h.distance) }));
  return { lat: place.lat, lng: place.lng, name: place.name ?? (direction === 'access' ? '起点' : '终点'), links };
}

/** Origin and destination close enough to walk: the walk's seconds and metres, else null. */
export function directWalk(from: { lat: number; lng: number }, to: { lat: number; lng: number }): { walkS: number; walkM: number } | null {
  const d = distanceMeters(from.lat, from.lng, to.lat, to.lng);
  return d <= DIRECT_WALK_MAX_M ? { walkS: walkSeconds(d), walkM: walkMeters(d) } : null;
}

interface Candidate {
  itinerary: Itinerary;
  arrival: number;
  key: string;
}

export function planJourneys(tt: Timetable, req: PlanRequest): PlanResult {
  const from = placeLinks(tt, req.from, 'access');
  const to = placeLinks(tt, req.to, 'egress');
  if (!from || !to) return { itineraries: [], message: NO_PLAN_MESSAGE };
  const date = compactDate(req.date);
  const rounds = (req.maxTransfers ?? 5) + 1;
  const journeys = raptor(tt, date, req.time, from.links, to.links, rounds, 1);
  if (req.mode === 'least-walk') {
    // a walk-free journey may take one ride more than the most the fastest ones took, rarely two:
    // capping the second run's rounds there halves its cost on a city feed
    const most = journeys.reduce((m, j) => Math.max(m, j.rides.length), 0);
    journeys.push(...raptor(tt, date, req.time, from.links, to.links, Math.min(rounds, Math.max(2, most + 1)), LEAST_WALK_FACTOR));
  }

  const seen = new Set<string>();
  const cands: Candidate[] = [];
  for (const j of journeys) {
    const key = j.rides.map((r) => `${r.pattern}.${r.trip}.${r.day}.${r.boardPos}.${r.alightPos}`).join('|') + `|${j.access.stop}|${j.egress.stop}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cands.push({ itinerary: toItinerary(tt, j, from, to), arrival: j.arrival, key });
  }
  const walk = directWalk(from, to);
  if (walk) {
    const dep = req.time;
    cands.push({
      key: 'walk',
      arrival: dep + walk.walkS,
      itinerary: {
        departure: hms(dep),
        arrival: hms(dep + walk.walkS),
        durationS: walk.walkS,
        transfers: 0,
        walkMeters: walk.walkM,
        summary: `步行 ${walk.walkM} 米`,
        legs: [walkLeg(place(from), place(to), dep, walk.walkS, walk.walkM)],
      },
    });
  }
  if (!cands.length) return { itineraries: [], message: NO_PLAN_MESSAGE };
  return { itineraries: chooseForMode(cands, req.mode).slice(0, MAX_ITINERARIES).map((c) => c.itinerary) };
}

/** Orders candidates for a mode: the mode's best first. Exported for the tests. */
export function chooseForMode<T extends { arrival: number; itinerary: Itinerary }>(cands: T[], mode: PlanRequest['mode']): T[] {
  const byFastest = (a: T, b: T) =>
    a.arrival - b.arrival || a.itinerary.transfers - b.itinerary.transfers || a.itinerary.walkMeters - b.itinerary.walkMeters;
  const sorted = [...cands].sort(byFastest);
  if (mode === 'fastest') return sorted;
  const fastest = sorted[0]!;
  const slack = mode === 'least-walk' ? Math.max(600, 0.3 * fastest.itinerary.durationS) : Math.max(900, 0.5 * fastest.itinerary.durationS);
  const within = sorted.filter((c) => c.arrival <= fastest.arrival + slack);
  const beyond = sorted.filter((c) => c.arrival > fastest.arrival + slack);
  within.sort(
    mode === 'least-walk'
      ? (a, b) => a.itinerary.walkMeters - b.itinerary.walkMeters || byFastest(a, b)
      : (a, b) => a.itinerary.transfers - b.itinerary.transfers || byFastest(a, b),
  );
  return [...within, ...beyond];
}

function place(r: Resolved): PlanLeg['from'] {
  return r.stopId ? { stopId: r.stopId, name: r.name, lat: r.lat, lng: r.lng } : { name: r.name, lat: r.lat, lng: r.lng };
}
function stopPlace(tt: Timetable, idx: number): PlanLeg['from'] {
  const s = tt.stopList[idx]!;
  return { stopId: s.id, name: s.name, lat: s.lat, lng: s.lng };
}
function walkLeg(from: PlanLeg['from'], to: PlanLeg['from'], dep: number, walkS: number, walkM: number): PlanLeg {
  return {
    mode: 'walk',
    from,
    to,
    departure: hms(dep),
    arrival: hms(dep + walkS),
    distanceMeters: walkM,
    path: [
      [from.lat, from.lng],
      [to.lat, to.lng],
    ],
  };
}

/** The piece of a shape between the points nearest the boarding and the alighting stop. */
function cutShape(shape: [number, number][], a: { lat: number; lng: number }, b: { lat: number; lng: number }): [number, number][] | null {
  const nearest = (p: { lat: number; lng: number }, from: number) => {
    let best = -1;
    let bestD = Infinity;
    for (let i = from; i < shape.length; i++) {
      // squared degrees are enough to compare nearby points (scaled for the latitude)
      const dy = shape[i]![0] - p.lat;
      const dx = (shape[i]![1] - p.lng) * Math.cos((p.lat * Math.PI) / 180);
      const d = dx * dx + dy * dy;
      if (d < bestD) [best, bestD] = [i, d];
    }
    return best;
  };
  const i = nearest(a, 0);
  if (i < 0) return null;
  const j = nearest(b, i);
  if (j <= i) return null;
  return [[a.lat, a.lng], ...shape.slice(i, j + 1), [b.lat, b.lng]];
}

export function toItinerary(tt: Timetable, j: Journey, from: Resolved, to: Resolved): Itinerary {
  const legs: PlanLeg[] = [];
  const parts: string[] = [];
  let walked = 0;
  const addWalk = (a: PlanLeg['from'], b: PlanLeg['from'], dep: number, walkS: number, walkM: number) => {
    // a point given exactly at a stop: no walk to show
    if (walkM === 0 && walkS === 0) return;
    legs.push(walkLeg(a, b, dep, walkS, walkM));
    walked += walkM;
    if (walkM > 0) parts.push(`步行 ${walkM} 米`);
  };
  const firstStop = tt.pats[j.rides[0]!.pattern]!.stops[j.rides[0]!.boardPos]!;
  if (!from.stopId || tt.stopList[firstStop]!.id !== from.stopId || j.access.walkM > 0) {
    addWalk(place(from), stopPlace(tt, firstStop), j.departure, j.access.walkS, j.access.walkM);
  }
  let lastArrival = j.departure;
  j.rides.forEach((ride, i) => {
    const pat = tt.pats[ride.pattern]!;
    const ns = pat.stops.length;
    const inst = pat.inst[ride.trip]!;
    const trip = tt.tripList[tt.instTrip[inst]!]!;
    const route = tt.routeList[pat.routeIdx]!;
    const dep = pat.dep[ride.trip * ns + ride.boardPos]! + ride.day * DAY_S;
    const arr = pat.arr[ride.trip * ns + ride.alightPos]! + ride.day * DAY_S;
    const a = stopPlace(tt, pat.stops[ride.boardPos]!);
    const b = stopPlace(tt, pat.stops[ride.alightPos]!);
    const shape = trip.shapeId ? tt.shapes.get(trip.shapeId) : undefined;
    const stopsLine = Array.from(pat.stops.subarray(ride.boardPos, ride.alightPos + 1), (s) => [tt.lats[s], tt.lngs[s]] as [number, number]);
    const path = (shape && shape.length >= 2 && cutShape(shape, a, b)) || stopsLine;
    const name = routeDisplayName(route);
    legs.push({
      mode: legMode(route.type),
      routeId: route.id,
      routeName: name,
      headsign: trip.headsign || tt.headsignOf(pat.routeIdx, pat.directionId),
      ...(route.color ? { color: route.color } : {}),
      tripId: trip.id,
      from: a,
      to: b,
      departure: hms(dep),
      arrival: hms(arr),
      distanceMeters: Math.round(pathLength(path)),
      intermediateStops: Array.from(pat.stops.subarray(ride.boardPos + 1, ride.alightPos), (s) => stopPlace(tt, s)),
      path,
    });
    parts.push(`${name} ${ride.alightPos - ride.boardPos} 站`);
    lastArrival = arr;
    const tr = j.transfers[i];
    if (tr && tr.from !== tr.to) addWalk(stopPlace(tt, tr.from), stopPlace(tt, tr.to), arr, tr.walkS, tr.walkM);
  });
  const lastStop = tt.pats[j.rides[j.rides.length - 1]!.pattern]!.stops[j.rides[j.rides.length - 1]!.alightPos]!;
  if (!to.stopId || tt.stopList[lastStop]!.id !== to.stopId || j.egress.walkM > 0) {
    addWalk(stopPlace(tt, lastStop), place(to), lastArrival, j.egress.walkS, j.egress.walkM);
  }
  return {
    departure: hms(j.departure),
    arrival: hms(j.arrival),
    durationS: j.arrival - j.departure,
    transfers: j.rides.length - 1,
    walkMeters: walked,
    summary: parts.join(' → '),
    legs,
  };
}
