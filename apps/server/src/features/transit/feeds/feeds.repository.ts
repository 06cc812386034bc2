/** transit_feeds and the rows of each feed: listing, and deleting a feed's rows without one huge statement. */
import type { Kysely } from 'kysely';
import type { FeedView, GtfsProblem } from '@dz/contracts';
import type { DB } from '../../../db/schema.js';

const FEED_TABLES = ['transit_agencies', 'transit_stops', 'transit_routes', 'transit_calendar', 'transit_calendar_dates', 'transit_frequencies', 'transit_transfers', 'transit_shapes'] as const;
/** Trips per delete of their stop_times: a few tens of thousands of rows per statement at city scale. */
const TRIP_CHUNK = 500;

/**
 * Deletes every row of a feed (not the feed row itself). stop_times — a million rows for a city —
 * go a chunk of trips at a time, so no statement holds the table for long and the event loop turns.
 */
export async function deleteFeedRows(db: Kysely<DB>, feedId: number): Promise<void> {
  for (;;) {
    const trips = await db.selectFrom('transit_trips').select('trip_id').where('feed_id', '=', feedId).orderBy('trip_id').limit(TRIP_CHUNK).execute();
    if (!trips.length) break;
    const ids = trips.map((t) => t.trip_id);
    await db.deleteFrom('transit_stop_times').where('feed_id', '=', feedId).where('trip_id', 'in', ids).execute();
    await db.deleteFrom('transit_trips').where('feed_id', '=', feedId).where('trip_id', 'in', ids).execute();
    await new Promise<void>((r) => setImmediate(r));
  }
  // Rows staged for trips that never made it into trips.txt (a broken feed).
  await db.deleteFrom('transit_stop_times').where('feed_id', '=', feedId).execute();
  for (const t of FEED_TABLES) await db.deleteFrom(t).where('feed_id', '=', feedId).execute();
}

const parseProblems = (s: string): GtfsProblem[] => {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? (v as GtfsProblem[]) : [];
  } catch {
    return [];
  }
};

export class FeedsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(siteCode: string, limit = 20): Promise<FeedView[]> {
    const rows = await this.db.selectFrom('transit_feeds').selectAll().where('site_code', '=', siteCode).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      feedId: r.id,
      siteCode: r.site_code,
      status: r.status,
      fileName: r.file_name,
      agencyName: r.agency_name,
      ...(r.start_date ? { startDate: r.start_date } : {}),
      ...(r.end_date ? { endDate: r.end_date } : {}),
      stops: Number(r.stops),
      routes: Number(r.routes),
      trips: Number(r.trips),
      stopTimes: Number(r.stop_times),
      warnings: parseProblems(r.warnings),
      errors: parseProblems(r.errors),
      createdBy: r.created_by,
      createdAt: r.created_at,
      ...(r.activated_at ? { activatedAt: r.activated_at } : {}),
    }));
  }

  async activeFeedId(siteCode: string): Promise<number | null> {
    const row = await this.db.selectFrom('transit_feeds').select('id').where('site_code', '=', siteCode).where('status', '=', 'active').orderBy('id', 'desc').executeTakeFirst();
    return row?.id ?? null;
  }
}
