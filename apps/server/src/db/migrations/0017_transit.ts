import type { Kysely } from 'kysely';

/**
 * issue 13, 公共交通: a site's timetable is a GTFS feed, kept as the feed's own tables keyed by
 * `feed_id`. An import writes its rows under a new feed in status `importing`; only a feed that
 * validated becomes `active` (the site's previous one `replaced`, its rows deleted), so a broken
 * upload never touches the feed in service. Times of day are seconds after the service day's
 * noon-minus-12h ("midnight"), and may exceed 86,400 as GTFS allows; dates 'YYYYMMDD' as in GTFS.
 * The planner reads a feed once into arrays (features/transit/planner) — these tables are its
 * source, not its query path.
 *
 * `transit_history` is 最近使用 (per user, or per device for anonymous users); `transit_places`
 * the landmarks 路线规划 offers besides stops (达州站, 达州市中心医院 …).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  const ts = (n: string) => [n, 'varchar(30)'] as const;
  const id = (n: string) => [n, 'varchar(64)'] as const;

  await db.schema
    .createTable('transit_feeds')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    /** importing | active | replaced | failed */
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('agency_name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('start_date', 'varchar(10)')
    .addColumn('end_date', 'varchar(10)')
    .addColumn('stops', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('routes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('trips', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stop_times', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON GtfsProblem[] */
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('activated_at'))
    .execute();
  await db.schema.createIndex('ix_transit_feeds_site').on('transit_feeds').columns(['site_code', 'status']).execute();

  await db.schema
    .createTable('transit_agencies')
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn(...id('agency_id'), (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('url', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
    .addColumn('phone', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('pk_transit_agencies', ['feed_id', 'agency_id'])
    .execute();

  await db.schema
    .createTable('transit_stops')
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn(...id('stop_id'), (c) => c.notNull())
    .addColumn('code', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    /** 0 stop / platform, 1 station, 2 entrance … (GTFS location_type) */
    .addColumn('location_type', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...id('parent_station'))
    .addPrimaryKeyConstraint('pk_transit_stops', ['feed_id', 'stop_id'])
    .execute();

  await db.schema
    .createTable('transit_routes')
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn(...id('route_id'), (c) => c.notNull())
    .addColumn(...id('agency_id'), (c) => c.notNull().defaultTo(''))
    .addColumn('short_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('long_name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('route_type', 'integer', (c) => c.notNull())
    .addColumn('color', 'varchar(8)')
    .addColumn('text_color', 'varchar(8)')
    .addColumn('sort_order', 'integer')
    .addPrimaryKeyConstraint('pk_transit_routes', ['feed_id', 'route_id'])
    .execute();

  await db.schema
    .createTable('transit_trips')
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn(...id('trip_id'), (c) => c.notNull())
    .addColumn(...id('route_id'), (c) => c.notNull())
    .addColumn(...id('service_id'), (c) => c.notNull())
    .addColumn('headsign', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('direction_id', 'integer')
    .addColumn(...id('shape_id'))
    .addColumn(...id('block_id'))
    .addPrimaryKeyConstraint('pk_transit_trips', ['feed_id', 'trip_id'])
    .execute();

  await db.schema
    .createTable('transit_stop_times')
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn(...id('trip_id'), (c) => c.notNull())
    .addColumn('stop_sequence', 'integer', (c) => c.notNull())
    .addColumn(...id('stop_id'), (c) => c.notNull())
    /** seconds after the service day's start; interpolated by the import where the feed left them empty */
    .addColumn('arrival_s', 'integer', (c) => c.notNull())
    .addColumn('departure_s', 'integer', (c) => c.notNull())
    .addColumn('pickup_type', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('drop_off_type', 'integer', (c) => c.notNull().defaultTo(0))
    /** shape_dist_traveled, metres, when given */
    .addColumn('dist', 'double precision')
    .addPrimaryKeyConstraint('pk_transit_stop_times', ['feed_id', 'trip_id', 'stop_sequence'])
    .execute();

  await db.schema
    .createTable('transit_calendar')
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn(...id('service_id'), (c) => c.notNull())
    /** bit 0 = Monday … bit 6 = Sunday */
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'varchar(8)', (c) => c.notNull())
    .addColumn('end_date', 'varchar(8)', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_transit_calendar', ['feed_id', 'service_id'])
    .execute();

  await db.schema
    .createTable('transit_calendar_dates')
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn(...id('service_id'), (c) => c.notNull())
    .addColumn('date', 'varchar(8)', (c) => c.notNull())
    /** 1 added, 2 removed */
    .addColumn('exception_type', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_transit_calendar_dates', ['feed_id', 'service_id', 'date'])
    .execute();

  await db.schema
    .createTable('transit_frequencies')
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn(...id('trip_id'), (c) => c.notNull())
    .addColumn('start_s', 'integer', (c) => c.notNull())
    .addColumn('end_s', 'integer', (c) => c.notNull())
    .addColumn('headway_s', 'integer', (c) => c.notNull())
    .addColumn('exact_times', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('pk_transit_frequencies', ['feed_id', 'trip_id', 'start_s'])
    .execute();

  await db.schema
    .createTable('transit_transfers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn(...id('from_stop_id'), (c) => c.notNull())
    .addColumn(...id('to_stop_id'), (c) => c.notNull())
    /** 0 recommended, 1 timed, 2 minimum time, 3 not possible */
    .addColumn('transfer_type', 'integer', (c) => c.notNull())
    .addColumn('min_transfer_time', 'integer')
    .execute();
  await db.schema.createIndex('ix_transit_transfers_feed').on('transit_transfers').columns(['feed_id']).execute();

  await db.schema
    .createTable('transit_shapes')
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn(...id('shape_id'), (c) => c.notNull())
    /** JSON [[lat, lng], …] in shape_pt_sequence order */
    .addColumn('points', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_transit_shapes', ['feed_id', 'shape_id'])
    .execute();

  await db.schema
    .createTable('transit_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer')
    .addColumn('device_id', 'varchar(64)')
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    /** stop | route | plan */
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('ref', 'varchar(200)', (c) => c.notNull())
    .addColumn('title', 'varchar(60)', (c) => c.notNull())
    .addColumn('subtitle', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn(...ts('viewed_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_transit_history_user').on('transit_history').columns(['user_id', 'viewed_at']).execute();
  await db.schema.createIndex('ix_transit_history_device').on('transit_history').columns(['device_id', 'viewed_at']).execute();

  await db.schema
    .createTable('transit_places')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('address', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    /** name's pinyin and initials, for the place search */
    .addColumn('keywords', 'varchar(400)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('ix_transit_places_site').on('transit_places').columns(['site_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'transit_places',
    'transit_history',
    'transit_shapes',
    'transit_transfers',
    'transit_frequencies',
    'transit_calendar_dates',
    'transit_calendar',
    'transit_stop_times',
    'transit_trips',
    'transit_routes',
    'transit_stops',
    'transit_agencies',
    'transit_feeds',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
