/**
 * The buses on the road at a given instant, run from the timetable: every trip instance whose
 * service runs today or ran yesterday (a trip of yesterday's service day may still be out past
 * midnight, at times like 24:40:00), plus one instance per headway of the trips run by
 * frequency. Each bus carries a delay — deterministic per trip instance, 0–4 minutes, drifting
 * slowly so a bus never runs backwards — or the delay a test pinned; its position is interpolated
 * along the trip's shape between the stop it left and the stop it is heading to.
 */
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { formatGtfsTime, serviceRuns, type BusFeed, type Shape, type Trip } from './feed.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** Bounds of a pinned delay (control route): also how far around a trip's times we look for it. */
export const MIN_PINNED_DELAY_S = -600;
export const MAX_PINNED_DELAY_S = 3_600;
/** The natural delay: a per-instance base plus a slow swing, kept within 0–4 minutes. */
const MAX_NATURAL_DELAY_S = 240;
const SWING_S = 60;
/** Within this many seconds of the next stop a bus is INCOMING_AT rather than IN_TRANSIT_TO. */
const INCOMING_S = 30;

export interface BusRun {
  vehicleId: string;
  /** 川S·D1234 — a demo plate */
  label: string;
  trip: Trip;
  /** the service day, 'YYYYMMDD' */
  serviceDate: string;
  /** 'HH:MM:SS' of an instance of a trip run by frequency */
  startTime?: string;
  /** seconds added to the trip's stop times (a frequency instance's shift; 0 otherwise) */
  offsetS: number;
  /** seconds since the epoch of the service day's midnight (Beijing) */
  dayStartS: number;
  delayS: number;
  lat: number;
  lng: number;
  bearing: number;
  /** metres per second */
  speed: number;
  /** index in trip.stopIds of the stop it stands at or is heading to */
  stopIndex: number;
  atStop: boolean;
  incoming: boolean;
}

/** FNV-1a: a stable 32-bit hash, so each trip instance keeps its own plate and delay pattern. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** 'YYYYMMDD' and the epoch second of midnight, Beijing, of the day containing `ms`. */
function beijingDay(ms: number): { date: string; startS: number } {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  const date = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return { date, startS: (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - BEIJING_OFFSET_MS) / 1000 };
}

/**
 * The delay of an instance at epoch second `t`: a base of 0–3 minutes plus a ±1 minute swing over
 * 15–25 minutes. The swing changes by well under a second per second, so the bus's schedule
 * position (now − delay) always moves forward.
 */
function naturalDelay(key: string, t: number): number {
  const base = hash(key) % 181;
  const period = 900 + (hash(`${key}#p`) % 600);
  const phase = ((hash(`${key}#f`) % 1000) / 1000) * 2 * Math.PI;
  return Math.min(MAX_NATURAL_DELAY_S, Math.max(0, base + SWING_S * Math.sin((2 * Math.PI * t) / period + phase)));
}

/** The point `d` metres along the shape and the bearing there (degrees clockwise from north). */
function alongShape(shape: Shape, d: number): { lat: number; lng: number; bearing: number } {
  const { points, dist } = shape;
  if (points.length === 1) return { lat: points[0]![0], lng: points[0]![1], bearing: 0 };
  let lo = 0;
  let hi = points.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (dist[mid]! <= d) lo = mid;
    else hi = mid - 1;
  }
  const a = points[lo]!;
  const b = points[lo + 1]!;
  const span = dist[lo + 1]! - dist[lo]!;
  const f = span > 0 ? Math.min(1, Math.max(0, (d - dist[lo]!) / span)) : 0;
  return { lat: a[0] + f * (b[0] - a[0]), lng: a[1] + f * (b[1] - a[1]), bearing: bearingOf(a, b) };
}

function bearingOf(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const y = Math.sin((b[1] - a[1]) * rad) * Math.cos(b[0] * rad);
  const x = Math.cos(a[0] * rad) * Math.sin(b[0] * rad) - Math.sin(a[0] * rad) * Math.cos(b[0] * rad) * Math.cos((b[1] - a[1]) * rad);
  return Math.round(((Math.atan2(y, x) / rad + 360) % 360) * 10) / 10;
}

/**
 * The bus of one trip instance at `tS` (seconds after its service day's midnight), or null when it
 * is not on the road (not yet left, or arrived at its last stop).
 */
function runOf(
  trip: Trip,
  day: { date: string; startS: number },
  offsetS: number,
  startTime: string | undefined,
  tS: number,
  pinned: ReadonlyMap<string, number>,
): BusRun | null {
  const first = trip.departures[0]! + offsetS;
  const last = trip.arrivals[trip.arrivals.length - 1]! + offsetS;
  if (tS < first + MIN_PINNED_DELAY_S || tS > last + MAX_PINNED_DELAY_S) return null;
  const key = `${trip.tripId}|${day.date}|${startTime ?? ''}`;
  const rawDelay = pinned.get(trip.tripId) ?? naturalDelay(key, day.startS + tS);
  // A late bus waits at its first stop; an early one leaves early. It leaves the road on arrival.
  if (tS < first + Math.min(rawDelay, 0) || tS > last + rawDelay) return null;
  const tau = Math.min(last, Math.max(first, tS - rawDelay)) - offsetS;

  let i = 0;
  while (i + 1 < trip.arrivals.length && trip.arrivals[i + 1]! <= tau) i++;
  const lastIndex = trip.stopIds.length - 1;
  let d: number;
  let stopIndex: number;
  let atStop: boolean;
  let incoming = false;
  let speed = 0;
  if (tau <= trip.departures[i]! || i === lastIndex) {
    [d, stopIndex, atStop] = [trip.stopDist[i]!, i, true];
  } else {
    const leave = trip.departures[i]!;
    const reach = trip.arrivals[i + 1]!;
    const f = reach > leave ? (tau - leave) / (reach - leave) : 1;
    d = trip.stopDist[i]! + f * (trip.stopDist[i + 1]! - trip.stopDist[i]!);
    [stopIndex, atStop] = [i + 1, false];
    incoming = reach - tau <= INCOMING_S;
    speed = reach > leave ? (trip.stopDist[i + 1]! - trip.stopDist[i]!) / (reach - leave) : 0;
  }
  // At the last stop the bus faces the way it came; elsewhere the way it is about to go.
  const p = alongShape(trip.shape, i === lastIndex ? Math.max(0, d - 1) : d);
  const plate = 1000 + (hash(`${key}#plate`) % 9000);
  return {
    vehicleId: `${trip.tripId}_${day.date}${startTime ? `_${startTime.replace(/:/g, '')}` : ''}`,
    label: `川S·D${plate}`,
    trip,
    serviceDate: day.date,
    ...(startTime ? { startTime } : {}),
    offsetS,
    dayStartS: day.startS,
    delayS: Math.round(rawDelay),
    lat: Math.round(p.lat * 1e6) / 1e6,
    lng: Math.round(p.lng * 1e6) / 1e6,
    bearing: p.bearing,
    speed: Math.round(speed * 10) / 10,
    stopIndex,
    atStop,
    incoming,
  };
}

/** Every bus on the road at `nowMs`; `pinned` maps a trip id to a delay (s) a test has fixed. */
export function busesAt(feed: BusFeed, nowMs: number, pinned: ReadonlyMap<string, number> = new Map()): BusRun[] {
  const runs: BusRun[] = [];
  const today = beijingDay(nowMs);
  const yesterday = beijingDay(nowMs - DAY_MS);
  for (const day of [yesterday, today]) {
    const tS = Math.floor(nowMs / 1000) - day.startS;
    const runsOn = new Map<string, boolean>();
    for (const trip of feed.trips.values()) {
      let running = runsOn.get(trip.serviceId);
      if (running === undefined) runsOn.set(trip.serviceId, (running = serviceRuns(feed, trip.serviceId, day.date)));
      if (!running) continue;
      const windows = feed.frequencies.get(trip.tripId);
      if (!windows) {
        const run = runOf(trip, day, 0, undefined, tS, pinned);
        if (run) runs.push(run);
        continue;
      }
      // A trip run by frequency: its stop times are a template, shifted to each instance's start.
      const template = trip.departures[0]!;
      for (const w of windows) {
        if (!(w.headway > 0)) continue;
        const earliest = tS - feed.longestTripS - MAX_PINNED_DELAY_S;
        const k0 = Math.max(0, Math.ceil((earliest - w.start) / w.headway));
        for (let start = w.start + k0 * w.headway; start < w.end && start <= tS - MIN_PINNED_DELAY_S; start += w.headway) {
          const run = runOf(trip, day, start - template, formatGtfsTime(start), tS, pinned);
          if (run) runs.push(run);
        }
      }
    }
  }
  return runs;
}

/** The FULL_DATASET FeedMessage of these buses (partner-protocol transit.ts). */
export function feedMessage(runs: readonly BusRun[], nowMs: number): Uint8Array {
  const timestamp = Math.floor(nowMs / 1000);
  const Status = rt.VehiclePosition.VehicleStopStatus;
  const entity = runs.flatMap((r) => {
    const trip = {
      tripId: r.trip.tripId,
      routeId: r.trip.routeId,
      directionId: r.trip.directionId,
      startDate: r.serviceDate,
      ...(r.startTime ? { startTime: r.startTime } : {}),
      scheduleRelationship: rt.TripDescriptor.ScheduleRelationship.SCHEDULED,
    };
    const vehicle = { id: r.vehicleId, label: r.label };
    const ahead = r.trip.stopIds.slice(r.stopIndex).map((stopId, k) => {
      const i = r.stopIndex + k;
      return {
        stopSequence: r.trip.sequences[i]!,
        stopId,
        arrival: { delay: r.delayS, time: r.dayStartS + r.trip.arrivals[i]! + r.offsetS + r.delayS },
        scheduleRelationship: rt.TripUpdate.StopTimeUpdate.ScheduleRelationship.SCHEDULED,
      };
    });
    return [
      {
        id: `v-${r.vehicleId}`,
        vehicle: {
          trip,
          vehicle,
          position: { latitude: r.lat, longitude: r.lng, bearing: r.bearing, speed: r.speed },
          currentStopSequence: r.trip.sequences[r.stopIndex]!,
          stopId: r.trip.stopIds[r.stopIndex]!,
          currentStatus: r.atStop ? Status.STOPPED_AT : r.incoming ? Status.INCOMING_AT : Status.IN_TRANSIT_TO,
          timestamp,
        },
      },
      { id: `t-${r.vehicleId}`, tripUpdate: { trip, vehicle, stopTimeUpdate: ahead, delay: r.delayS, timestamp } },
    ];
  });
  const message = rt.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp },
    entity,
  });
  return rt.FeedMessage.encode(message).finish();
}
