/**
 * BusConnector (app.bus): the bus company's live data (partner `bus`), a standard GTFS-Realtime
 * FeedMessage in protobuf (partner-protocol's transit.ts), read over the one signed partner client
 * with `expect: 'bytes'` and decoded with the maintained bindings (gtfs-realtime-bindings).
 *
 * The answer becomes a plain, JSON-friendly snapshot the real-time poller keeps in the shared store:
 * the vehicles on the road and, per trip instance, its delays. A trip instance is keyed as GTFS-RT
 * identifies it — trip id, service date and, for a trip run by frequency, its start time.
 *
 * Errors: down, slow or switched off → 503 PARTNER_UNAVAILABLE with 公交实时数据暂时无法获取; a body
 * that is not a FeedMessage → 502 PARTNER_BAD_ANSWER (connectors/common.ts).
 */
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { BUS_RT_PATH } from '@dz/partner-protocol';
import { AppError, partnerUnavailable } from '../../infra/errors.js';
import type { PartnerClient } from '../partner-client.js';
import { badAnswer, type CallMeta } from './common.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;

declare module 'fastify' {
  interface FastifyInstance {
    bus: BusConnector;
  }
}

export const BUS_UNAVAILABLE = '公交实时数据暂时无法获取，请稍后再试';
const BAD_ANSWER = '公交实时数据格式有误，请稍后重试';

export interface RtVehicle {
  vehicleId: string;
  label?: string;
  tripId: string;
  routeId?: string;
  directionId?: number;
  /** 'YYYYMMDD' */
  startDate: string;
  /** 'HH:MM:SS' of a trip run by frequency */
  startTime?: string;
  lat: number;
  lng: number;
  bearing?: number;
  /** the stop it is at or heading to */
  stopId?: string;
  currentSequence?: number;
  /** true: stopped at `stopId`; false: on the way to it */
  atStop: boolean;
  /** seconds since the epoch of the position */
  timestamp: number;
}

export interface RtTrip {
  /** the trip's delay (s) when the feed gives one, else the first stop update's */
  delayS: number | null;
  /**
   * [stop_sequence, delay s] where the delay changes, in sequence order. GTFS-Realtime's rule: a
   * stop's delay holds for the stops after it until the next update, so only the changes are kept.
   */
  stopDelays: [number, number][];
  vehicleId?: string;
  /** the vehicle's current stop_sequence, when a VehiclePosition says it */
  currentSequence?: number;
  /** true: the vehicle stands at currentSequence's stop; false: on its way to it */
  atStop?: boolean;
}

export interface RtSnapshot {
  /** the feed's header timestamp, ms since the epoch */
  timestamp: number;
  vehicles: RtVehicle[];
  trips: Map<string, RtTrip>;
}

/** The key of one trip instance: as GTFS-RT's TripDescriptor identifies it. */
export const tripKey = (tripId: string, startDate: string, startTime?: string | null): string => `${tripId}|${startDate}|${startTime ?? ''}`;

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A decoded FeedMessage (longs as numbers) → the snapshot. Exported for the poller's tests. */
export function snapshotOf(bytes: Uint8Array, now = Date.now()): RtSnapshot {
  const msg = rt.FeedMessage.toObject(rt.FeedMessage.decode(bytes), { longs: Number, enums: Number, defaults: false }) as {
    header?: { timestamp?: number };
    entity?: {
      id: string;
      isDeleted?: boolean;
      vehicle?: {
        trip?: { tripId?: string; routeId?: string; directionId?: number; startTime?: string; startDate?: string };
        vehicle?: { id?: string; label?: string };
        position?: { latitude: number; longitude: number; bearing?: number };
        currentStopSequence?: number;
        stopId?: string;
        currentStatus?: number;
        timestamp?: number;
      };
      tripUpdate?: {
        trip?: { tripId?: string; startTime?: string; startDate?: string };
        vehicle?: { id?: string };
        stopTimeUpdate?: { stopSequence?: number; arrival?: { delay?: number }; departure?: { delay?: number } }[];
        delay?: number;
      };
    }[];
  };
  const headerTs = msg.header?.timestamp ? msg.header.timestamp * 1000 : now;
  const vehicles: RtVehicle[] = [];
  const trips = new Map<string, RtTrip>();
  const tripOf = (key: string): RtTrip => {
    let t = trips.get(key);
    if (!t) trips.set(key, (t = { delayS: null, stopDelays: [] }));
    return t;
  };
  for (const e of msg.entity ?? []) {
    if (e.isDeleted) continue;
    const v = e.vehicle;
    if (v?.trip?.tripId && v.trip.startDate && v.position) {
      const vehicleId = v.vehicle?.id ?? e.id;
      // VehicleStopStatus: 0 INCOMING_AT, 1 STOPPED_AT, 2 IN_TRANSIT_TO (the default when absent).
      const atStop = v.currentStatus === 1;
      vehicles.push({
        vehicleId,
        ...(v.vehicle?.label ? { label: v.vehicle.label } : {}),
        tripId: v.trip.tripId,
        ...(v.trip.routeId ? { routeId: v.trip.routeId } : {}),
        ...(v.trip.directionId !== undefined ? { directionId: v.trip.directionId } : {}),
        startDate: v.trip.startDate,
        ...(v.trip.startTime ? { startTime: v.trip.startTime } : {}),
        // float32 on the wire: six decimals (≈ 0.1 m) is all it carries.
        lat: round6(v.position.latitude),
        lng: round6(v.position.longitude),
        ...(v.position.bearing !== undefined ? { bearing: v.position.bearing } : {}),
        ...(v.stopId ? { stopId: v.stopId } : {}),
        ...(v.currentStopSequence !== undefined ? { currentSequence: v.currentStopSequence } : {}),
        atStop,
        timestamp: v.timestamp ?? Math.floor(headerTs / 1000),
      });
      const t = tripOf(tripKey(v.trip.tripId, v.trip.startDate, v.trip.startTime));
      t.vehicleId = vehicleId;
      if (v.currentStopSequence !== undefined) {
        t.currentSequence = v.currentStopSequence;
        t.atStop = atStop;
      }
    }
    const u = e.tripUpdate;
    if (u?.trip?.tripId && u.trip.startDate) {
      const t = tripOf(tripKey(u.trip.tripId, u.trip.startDate, u.trip.startTime));
      if (u.vehicle?.id) t.vehicleId ??= u.vehicle.id;
      const updates = (u.stopTimeUpdate ?? [])
        .map((s) => ({ seq: s.stopSequence, delay: s.arrival?.delay ?? s.departure?.delay }))
        .filter((s): s is { seq: number; delay: number } => s.seq !== undefined && s.delay !== undefined)
        .sort((a, b) => a.seq - b.seq);
      const changes: [number, number][] = [];
      for (const s of updates) if (changes.length === 0 || changes[changes.length - 1]![1] !== s.delay) changes.push([s.seq, s.delay]);
      t.stopDelays = changes;
      t.delayS = u.delay ?? changes[0]?.[1] ?? null;
    }
  }
  return { timestamp: headerTs, vehicles, trips };
}

export class BusConnector {
  constructor(private readonly partners: PartnerClient) {}

  /** The bus company's current FeedMessage for a site (its 接口管理 endpoint), as a snapshot. */
  async feed(site: string, meta: Omit<CallMeta, 'site'> = {}): Promise<RtSnapshot> {
    let body: unknown;
    try {
      body = await this.partners.call<unknown>({ partner: 'bus', operation: 'bus.gtfs-rt', method: 'GET', path: BUS_RT_PATH, idempotent: true, expect: 'bytes', site, ...meta });
    } catch (err) {
      if (err instanceof AppError && err.code === 'PARTNER_UNAVAILABLE') throw partnerUnavailable(BUS_UNAVAILABLE);
      throw err;
    }
    // A JSON 0000 answer (a system that is not GTFS-Realtime) resolves to its data, not bytes.
    if (!Buffer.isBuffer(body)) throw badAnswer('bus', 'gtfs-rt', 'not a protobuf body', BAD_ANSWER);
    try {
      return snapshotOf(body);
    } catch (err) {
      throw badAnswer('bus', 'gtfs-rt', `FeedMessage does not decode: ${err instanceof Error ? err.message : String(err)}`, BAD_ANSWER);
    }
  }
}
