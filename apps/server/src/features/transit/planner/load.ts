/**
 * Reads one feed from the transit_* tables into FeedData, the planner's input. Run once per feed
 * per process (features/transit/timetables.ts), never on a request's path.
 *
 * stop_times is by far the largest table (a city: millions of rows), so it is read in keyset pages
 * ordered by its primary key (trip_id, stop_sequence) — each page an indexed range scan, no OFFSET
 * — and every page is awaited, so the event loop keeps answering requests between pages. Stop ids
 * are interned: a million rows share the few thousand id strings of the stops.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { FeedData, FeedService, FeedTripTimes } from './types.js';

/** Rows per stop_times page: ~1 MB of rows, a few tens of milliseconds per query. */
export const STOP_TIMES_PAGE = 20_000;

export async function loadFeedData(db: Kysely<DB>, feedId: number, opts: { pageSize?: number } = {}): Promise<FeedData> {
  const pageSize = opts.pageSize ?? STOP_TIMES_PAGE;
  const feed = await db.selectFrom('transit_feeds').select(['agency_name']).where('id', '=', feedId).executeTakeFirst();
  const agencies = await db.selectFrom('transit_agencies').select(['name']).where('feed_id', '=', feedId).orderBy('agency_id').execute();
  const stopRows = await db
    .selectFrom('transit_stops')
    .select(['stop_id', 'name', 'lat', 'lng', 'location_type', 'parent_station'])
    .where('feed_id', '=', feedId)
    .orderBy('stop_id')
    .execute();
  const routeRows = await db
    .selectFrom('transit_routes')
    .select(['route_id', 'agency_id', 'short_name', 'long_name', 'route_type', 'color', 'sort_order'])
    .where('feed_id', '=', feedId)
    .orderBy('sort_order')
    .orderBy('route_id')
    .execute();
  const tripRows = await db
    .selectFrom('transit_trips')
    .select(['trip_id', 'route_id', 'service_id', 'headsign', 'direction_id', 'shape_id'])
    .where('feed_id', '=', feedId)
    .orderBy('trip_id')
    .execute();
  const calendar = await db.selectFrom('transit_calendar').select(['service_id', 'days', 'start_date', 'end_date']).where('feed_id', '=', feedId).execute();
  const exceptions = await db.selectFrom('transit_calendar_dates').select(['service_id', 'date', 'exception_type']).where('feed_id', '=', feedId).execute();
  const freqRows = await db
    .selectFrom('transit_frequencies')
    .select(['trip_id', 'start_s', 'end_s', 'headway_s', 'exact_times'])
    .where('feed_id', '=', feedId)
    .orderBy('trip_id')
    .orderBy('start_s')
    .execute();
  const transferRows = await db
    .selectFrom('transit_transfers')
    .select(['from_stop_id', 'to_stop_id', 'transfer_type', 'min_transfer_time'])
    .where('feed_id', '=', feedId)
    .orderBy('id')
    .execute();
  const shapeRows = await db.selectFrom('transit_shapes').select(['shape_id', 'points']).where('feed_id', '=', feedId).execute();

  // services: calendar rows, then the exceptions (a service may exist only in calendar_dates)
  const services = new Map<string, FeedService>();
  for (const c of calendar) services.set(c.service_id, { id: c.service_id, days: c.days, start: c.start_date, end: c.end_date, added: [], removed: [] });
  for (const e of exceptions) {
    let s = services.get(e.service_id);
    if (!s) services.set(e.service_id, (s = { id: e.service_id, days: 0, start: null, end: null, added: [], removed: [] }));
    (e.exception_type === 1 ? s.added : s.removed).push(e.date);
  }

  // stop_times, page by page
  const interned = new Map<string, string>();
  for (const s of stopRows) interned.set(s.stop_id, s.stop_id);
  const times = new Map<string, FeedTripTimes>();
  let lastTrip: string | null = null;
  let lastSeq = 0;
  for (;;) {
    let q = db
      .selectFrom('transit_stop_times')
      .select(['trip_id', 'stop_sequence', 'stop_id', 'arrival_s', 'departure_s'])
      .where('feed_id', '=', feedId);
    if (lastTrip !== null) {
      const t = lastTrip;
      const seq = lastSeq;
      // `trip_id >= t` bounds the index range scan; the OR only trims the rest of trip t's calls
      q = q.where('trip_id', '>=', t).where((eb) => eb.or([eb('trip_id', '>', t), eb('stop_sequence', '>', seq)]));
    }
    const page = await q.orderBy('trip_id').orderBy('stop_sequence').limit(pageSize).execute();
    let cur: FeedTripTimes | undefined;
    for (const r of page) {
      if (cur?.tripId !== r.trip_id) {
        cur = times.get(r.trip_id);
        if (!cur) times.set(r.trip_id, (cur = { tripId: r.trip_id, stopIds: [], arrivals: [], departures: [], sequences: [] }));
      }
      let stopId = interned.get(r.stop_id);
      if (stopId === undefined) interned.set(r.stop_id, (stopId = r.stop_id));
      cur.stopIds.push(stopId);
      cur.arrivals.push(r.arrival_s);
      cur.departures.push(r.departure_s);
      cur.sequences.push(r.stop_sequence);
    }
    if (page.length < pageSize) break;
    const last = page[page.length - 1]!;
    lastTrip = last.trip_id;
    lastSeq = last.stop_sequence;
  }
  // pages are in key order, but a case-insensitive collation may interleave two trip ids that
  // differ only in case: make sure every trip's calls are in stop_sequence order
  for (const t of times.values()) {
    let sorted = true;
    for (let i = 1; i < t.sequences.length && sorted; i++) sorted = t.sequences[i - 1]! < t.sequences[i]!;
    if (sorted) continue;
    const order = t.sequences.map((_, i) => i).sort((a, b) => t.sequences[a]! - t.sequences[b]!);
    t.stopIds = order.map((i) => t.stopIds[i]!);
    t.arrivals = order.map((i) => t.arrivals[i]!);
    t.departures = order.map((i) => t.departures[i]!);
    t.sequences = order.map((i) => t.sequences[i]!);
  }

  return {
    feedId,
    agencyName: agencies[0]?.name ?? feed?.agency_name ?? '',
    stops: stopRows.map((s) => ({
      id: s.stop_id,
      name: s.name,
      lat: Number(s.lat),
      lng: Number(s.lng),
      locationType: Number(s.location_type),
      parentId: s.parent_station || null,
    })),
    routes: routeRows.map((r) => ({
      id: r.route_id,
      agencyId: r.agency_id,
      shortName: r.short_name,
      longName: r.long_name,
      type: Number(r.route_type),
      color: r.color ? (r.color.startsWith('#') ? r.color : `#${r.color}`) : null,
    })),
    trips: tripRows.map((t) => ({
      id: t.trip_id,
      routeId: t.route_id,
      serviceId: t.service_id,
      headsign: t.headsign,
      directionId: t.direction_id === null ? null : t.direction_id === 1 ? 1 : 0,
      shapeId: t.shape_id || null,
    })),
    times: [...times.values()],
    services: [...services.values()],
    frequencies: freqRows.map((f) => ({ tripId: f.trip_id, start: f.start_s, end: f.end_s, headway: f.headway_s, exactTimes: f.exact_times === 1 })),
    transfers: transferRows.map((t) => ({ from: t.from_stop_id, to: t.to_stop_id, type: t.transfer_type, minTime: t.min_transfer_time })),
    shapes: new Map(shapeRows.map((s) => [s.shape_id, JSON.parse(s.points) as [number, number][]])),
  };
}
