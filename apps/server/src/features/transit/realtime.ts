/**
 * Real-time buses (issue 13): one poller across instances, and the arrival prediction.
 *
 * - The poller is a recurring job of the jobs core (`transit.realtime`, every 10 s, run by the
 *   leader only): it asks the bus company's GTFS-Realtime feed for every site with a timetable in
 *   service and writes the snapshot to the shared store (`transit:rt:<site>`, 90 s), so every
 *   instance reads the same buses and the bus company sees one client, not one per process. A poll
 *   that fails is logged and skipped: the snapshot ages, and after 60 s the pages say 计划.
 * - The store's values are short without Redis (the database's kv_entries holds 255 characters),
 *   so a snapshot is written as numbered pieces, each stamped with its generation, and the key
 *   itself names the generation last: a reader sees the old snapshot or the new one, never a mix.
 *   Two sets of piece keys take turns, so a poll updates rows that exist instead of adding new ones.
 * - Requests read it through a per-process memo of at most 2 s.
 * - Prediction: a scheduled call whose trip instance is in the snapshot is moved by the delay that
 *   holds at its stop (the stop's own update, else the last one before it, else the trip's — the
 *   GTFS-Realtime propagation rule), dropped once the bus has passed the stop, and counted in stops
 *   from where the bus is.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Arrival, StopRouteArrivals, VehicleView } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import type { BusConnector, RtSnapshot, RtTrip } from '../../partners/connectors/bus.js';
import { tripKey } from '../../partners/connectors/bus.js';
import { routeDisplayName } from './planner/timetable.js';
import type { StopCall, TransitTimetable } from './planner/types.js';
import { formatTime } from './transit-time.js';

export const REALTIME_JOB = 'transit.realtime';
export const POLL_EVERY_MS = 10_000;
/** How long a written snapshot lives in the shared store. */
const STORE_TTL_MS = 90_000;
/** Older than this, a snapshot no longer counts: arrivals are the timetable's (计划). */
export const STALE_MS = 60_000;
/** The per-process memo of the shared snapshot. */
const MEMO_MS = 2000;
/** Characters per stored piece: with its generation stamp, below kv_entries' 255. */
const PIECE = 220;

const keyOf = (site: string) => `transit:rt:${site}`;
/** The piece keys of a generation: slot a or b, whichever the previous generation did not use. */
const pieceKey = (site: string, gen: string, i: number) => `transit:rt:${site}:${gen[0]}:${i}`;

interface Stored {
  t: number;
  v: RtSnapshot['vehicles'];
  r: [string, RtTrip][];
}

function pieces(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + PIECE);
    // Never split a surrogate pair across two pieces.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** The shared real-time snapshots, per site that owns a feed. */
export class RealtimeStore {
  private readonly memo = new Map<string, { at: number; manifest: string | null; snap: RtSnapshot | null }>();
  private readonly reads = new Map<string, Promise<RtSnapshot | null>>();
  /** Sites whose last poll failed (in the polling process), so an outage is logged once, not every 10 s. */
  readonly failing = new Set<string>();

  constructor(
    private readonly ctx: Pick<AppContext, 'kv'>,
    private readonly now: () => number = Date.now,
  ) {}

  async write(site: string, snap: RtSnapshot): Promise<void> {
    const text = JSON.stringify({ t: snap.timestamp, v: snap.vehicles, r: [...snap.trips] } satisfies Stored);
    const parts = pieces(text);
    const previous = await this.ctx.kv.get(keyOf(site));
    const slot = previous?.startsWith('a') ? 'b' : 'a';
    const gen = `${slot}${snap.timestamp.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    await Promise.all(parts.map((p, i) => this.ctx.kv.set(pieceKey(site, gen, i), `${gen}|${p}`, STORE_TTL_MS)));
    const manifest = `${gen}:${parts.length}`;
    await this.ctx.kv.set(keyOf(site), manifest, STORE_TTL_MS);
    // The poller's own process knows the new snapshot at once.
    this.memo.set(site, { at: this.now(), manifest, snap });
  }

  /** The site's snapshot if one was written in the last 60 s (by its feed time), else null. */
  async read(site: string): Promise<RtSnapshot | null> {
    const kept = this.memo.get(site);
    const snap = kept && this.now() - kept.at < MEMO_MS ? kept.snap : await this.load(site);
    return snap && this.now() - snap.timestamp <= STALE_MS ? snap : null;
  }

  private load(site: string): Promise<RtSnapshot | null> {
    let read = this.reads.get(site);
    if (!read) {
      read = this.fetch(site).finally(() => this.reads.delete(site));
      this.reads.set(site, read);
    }
    return read;
  }

  private async fetch(site: string): Promise<RtSnapshot | null> {
    const at = this.now();
    const manifest = await this.ctx.kv.get(keyOf(site));
    const kept = this.memo.get(site);
    if (kept && kept.manifest === manifest) {
      this.memo.set(site, { ...kept, at });
      return kept.snap;
    }
    let snap: RtSnapshot | null = null;
    const m = manifest ? /^([a-z0-9]+):(\d+)$/.exec(manifest) : null;
    if (m) {
      const gen = m[1]!;
      const parts = await Promise.all(Array.from({ length: Number(m[2]) }, (_, i) => this.ctx.kv.get(pieceKey(site, gen, i))));
      // A piece gone, or already rewritten by a later poll: no snapshot rather than half of one.
      if (parts.every((p) => p?.startsWith(`${gen}|`))) {
        try {
          const s = JSON.parse(parts.map((p) => p!.slice(gen.length + 1)).join('')) as Stored;
          snap = { timestamp: s.t, vehicles: s.v, trips: new Map(s.r) };
        } catch {
          snap = null;
        }
      }
    }
    if (this.memo.size > 100) this.memo.clear();
    this.memo.set(site, { at, manifest, snap });
    return snap;
  }
}

/** Sites whose bus company is polled: those with a timetable in service. */
export async function pollSites(ctx: Pick<AppContext, 'db'>): Promise<string[]> {
  const rows = await ctx.db.selectFrom('transit_feeds').select('site_code').distinct().where('status', '=', 'active').execute();
  return rows.map((r) => r.site_code).sort();
}

/**
 * One poll of every site's bus company; the job's body, exported so tests can poll on demand.
 * Never throws for a partner's failure: it is logged, and that site's snapshot simply ages.
 */
export async function pollRealtime(deps: { ctx: Pick<AppContext, 'db'>; bus: BusConnector; store: RealtimeStore; log: FastifyBaseLogger }): Promise<{ site: string; ok: boolean; vehicles: number }[]> {
  const out: { site: string; ok: boolean; vehicles: number }[] = [];
  for (const site of await pollSites(deps.ctx)) {
    try {
      const snap = await deps.bus.feed(site, { timeoutMs: 5000 });
      await deps.store.write(site, snap);
      if (deps.store.failing.delete(site)) deps.log.info({ site }, '公交实时数据已恢复，站点 %s', site);
      out.push({ site, ok: true, vehicles: snap.vehicles.length });
    } catch (err) {
      // Once per outage as a warning; the repeats every 10 s are in the call log (接口管理) already.
      const first = !deps.store.failing.has(site);
      deps.store.failing.add(site);
      deps.log[first ? 'warn' : 'debug']({ err, site }, '公交实时数据拉取失败，站点 %s 暂按计划时刻显示', site);
      out.push({ site, ok: false, vehicles: 0 });
    }
  }
  return out;
}

// ---- prediction ----------------------------------------------------------------------------------

/** How far back scheduled calls are looked at: a late bus is still to come. */
const LOOKBACK_S = 20 * 60;
/** How far ahead arrivals are listed. */
const HORIZON_S = 3 * 3600;
/** Arrivals listed per route and direction. */
export const ARRIVALS_PER_DIRECTION = 3;

/** The delay that holds at a stop_sequence of a trip instance (GTFS-Realtime's propagation). */
export function delayAt(trip: RtTrip, sequence: number): number {
  let delay: number | null = null;
  for (const [seq, d] of trip.stopDelays) {
    if (seq > sequence) break;
    delay = d;
  }
  return delay ?? trip.delayS ?? 0;
}

/**
 * One call as an Arrival, or null when it is not to come (its bus has passed the stop, or its
 * time is over). `nowS` is seconds after the asked date's midnight, as `call.time`.
 */
export function predict(tt: TransitTimetable, snap: RtSnapshot | null, call: StopCall, nowS: number): (Arrival & { at: number }) | null {
  const trip = snap?.trips.get(tripKey(call.tripId, call.serviceDate, call.startTime));
  if (!trip) {
    if (call.time < nowS) return null;
    return { tripId: call.tripId, time: formatTime(call.time), minutes: Math.floor((call.time - nowS) / 60), realtime: false, at: call.time };
  }
  let stopsAway: number | undefined;
  if (trip.currentSequence !== undefined) {
    if (trip.currentSequence > call.stopSequence) return null;
    const seqs = tt.tripTimes(call.tripId)?.sequences;
    const from = seqs?.indexOf(trip.currentSequence) ?? -1;
    const to = seqs?.indexOf(call.stopSequence) ?? -1;
    if (from >= 0 && to >= 0) stopsAway = Math.max(0, to - from - (trip.atStop ? 1 : 0));
  }
  const delayS = delayAt(trip, call.stopSequence);
  const at = call.time + delayS;
  // A bus whose update says it is due a few seconds ago is arriving now (即将到站), not gone.
  if (at < nowS - 30) return null;
  return {
    tripId: call.tripId,
    time: formatTime(Math.max(0, at)),
    minutes: Math.max(0, Math.floor((at - nowS) / 60)),
    realtime: true,
    delayS,
    ...(stopsAway !== undefined ? { stopsAway } : {}),
    ...(trip.vehicleId ? { vehicleId: trip.vehicleId } : {}),
    at,
  };
}

/** A stop's routes per direction (the timetable's order: 1路 before 10路) with their next arrivals (soonest first, at most 3) and 首末班. */
export function stopArrivals(tt: TransitTimetable, snap: RtSnapshot | null, stopId: string, date: string, nowS: number): StopRouteArrivals[] {
  const out: StopRouteArrivals[] = [];
  for (const { route, directionId, headsign } of tt.routesAt(stopId)) {
    const calls = tt.departures(stopId, date, Math.max(0, nowS - LOOKBACK_S), { limit: 12, horizonS: HORIZON_S + LOOKBACK_S, routeId: route.id, directionId });
    const arrivals = calls
      .map((c) => predict(tt, snap, c, nowS))
      .filter((a): a is Arrival & { at: number } => a !== null)
      .sort((a, b) => a.at - b.at)
      .slice(0, ARRIVALS_PER_DIRECTION)
      .map(({ at: _at, ...a }) => a);
    const firstLast = tt.firstLast(stopId, route.id, directionId, date);
    out.push({
      routeId: route.id,
      routeName: routeDisplayName(route),
      ...(route.color ? { color: route.color } : {}),
      directionId,
      headsign,
      arrivals,
      ...(firstLast ? { firstLast } : {}),
    });
  }
  return out;
}

/** The buses on a line now, from the snapshot (trips the timetable knows only). */
export function vehiclesOn(tt: TransitTimetable, snap: RtSnapshot | null, routeId: string): VehicleView[] {
  if (!snap) return [];
  const out: VehicleView[] = [];
  for (const v of snap.vehicles) {
    const trip = tt.trip(v.tripId);
    if (!trip || trip.routeId !== routeId) continue;
    const rt = snap.trips.get(tripKey(v.tripId, v.startDate, v.startTime));
    const delayS = rt && v.currentSequence !== undefined ? delayAt(rt, v.currentSequence) : (rt?.delayS ?? undefined);
    out.push({
      vehicleId: v.vehicleId,
      ...(v.label ? { label: v.label } : {}),
      tripId: v.tripId,
      directionId: trip.directionId ?? (v.directionId === 1 ? 1 : 0),
      lat: v.lat,
      lng: v.lng,
      ...(v.bearing !== undefined ? { bearing: v.bearing } : {}),
      ...(delayS !== undefined && delayS !== null ? { delayS } : {}),
      ...(v.stopId ? { nextStopId: v.stopId } : {}),
      updatedAt: new Date(v.timestamp * 1000).toISOString(),
    });
  }
  return out.sort((a, b) => a.vehicleId.localeCompare(b.vehicleId));
}
