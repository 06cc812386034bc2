import type { Kysely } from 'kysely';

/**
 * The portal (issue: sites, zero-code pages, catalog, zones, items, appointments, search, visits).
 * JSON-shaped fields (lists of themes, materials, steps, blocks) are stored as JSON text: they are
 * always read and written whole, and both SQLite and MySQL store text the same way.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  const ts = (n: string) => [n, 'varchar(30)'] as const;

  await db.schema
    .createTable('zones')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('code', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('icon', 'varchar(64)', (c) => c.notNull())
    .addColumn('color', 'varchar(16)', (c) => c.notNull())
    .addColumn('intro', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('banner_url', 'varchar(500)')
    /** JSON array of group titles in display order, e.g. ["我要查","我要办","我要咨询"]. */
    .addColumn('groups', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('online'))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addUniqueConstraint('uq_zones_site_code', ['site_code', 'code'])
    .execute();

  await db.schema
    .createTable('apps')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('icon', 'varchar(64)', (c) => c.notNull())
    .addColumn('zone_code', 'varchar(32)')
    .addColumn('group_title', 'varchar(32)')
    /** JSON array of 便民 theme codes. */
    .addColumn('themes', 'text', (c) => c.notNull())
    /** JSON array: "person", "corp". */
    .addColumn('audience', 'varchar(32)', (c) => c.notNull())
    .addColumn('keywords', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('target', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('is_palm', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('popularity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addUniqueConstraint('uq_apps_site_code', ['site_code', 'code'])
    .execute();
  await db.schema.createIndex('ix_apps_zone').on('apps').columns(['zone_code', 'site_code']).execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.notNull())
    /** person | corp | both */
    .addColumn('audience', 'varchar(8)', (c) => c.notNull())
    .addColumn('theme', 'varchar(32)', (c) => c.notNull())
    .addColumn('subject', 'varchar(200)', (c) => c.notNull())
    .addColumn('time_limit', 'varchar(100)', (c) => c.notNull())
    .addColumn('charge', 'varchar(200)', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    /** JSON [{ name, form, copies, required, sampleUrl }] */
    .addColumn('materials', 'text', (c) => c.notNull())
    /** JSON [{ title, description }] */
    .addColumn('steps', 'text', (c) => c.notNull())
    /** JSON [{ name, address, hours, phone }] */
    .addColumn('windows', 'text', (c) => c.notNull())
    .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('online_url', 'varchar(500)')
    .addColumn('bookable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('keywords', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('online'))
    .addColumn('popularity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addUniqueConstraint('uq_items_site_code', ['site_code', 'code'])
    .execute();
  await db.schema.createIndex('ix_items_department').on('items').column('department_id').execute();

  await db.schema
    .createTable('news')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('cover_url', 'varchar(500)')
    .addColumn('summary', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn(...ts('published_at'))
    .addColumn('popularity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    /** null with user_id null = every citizen; a site code = that site and below; user_id = one citizen. */
    .addColumn('site_code', 'varchar(12)')
    .addColumn('user_id', 'integer')
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'varchar(500)')
    .addColumn('created_by', 'integer')
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('message_reads')
    .addColumn('message_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn(...ts('read_at'), (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_message_reads', ['message_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('pages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    /** JSON array of typed blocks. */
    .addColumn('blocks', 'text', (c) => c.notNull())
    .addColumn('note', 'varchar(200)')
    .addColumn('published_by', 'integer')
    .addColumn(...ts('published_at'), (c) => c.notNull())
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('uq_pages_version', ['site_code', 'channel', 'version'])
    .execute();

  await db.schema
    .createTable('search_terms')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('term', 'varchar(64)', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addUniqueConstraint('uq_search_terms', ['site_code', 'term'])
    .execute();

  await db.schema
    .createTable('search_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    /** "u:<userId>" or "d:<device id digest>" */
    .addColumn('owner_key', 'varchar(80)', (c) => c.notNull())
    .addColumn('term', 'varchar(64)', (c) => c.notNull())
    .addColumn(...ts('at'), (c) => c.notNull())
    .addUniqueConstraint('uq_search_history', ['owner_key', 'term'])
    .execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('app_id', 'integer', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_subscriptions', ['user_id', 'app_id'])
    .execute();

  await db.schema
    .createTable('footprints')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('owner_key', 'varchar(80)', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('ref_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn(...ts('at'), (c) => c.notNull())
    .addUniqueConstraint('uq_footprints', ['owner_key', 'type', 'ref_id'])
    .execute();

  await db.schema
    .createTable('visits')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    /** zone | app | item | palm | page | news */
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('ref', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('visitor', 'varchar(80)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn(...ts('at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_visits_day').on('visits').columns(['day', 'type', 'site_code']).execute();

  await db.schema
    .createTable('halls')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('address', 'varchar(200)', (c) => c.notNull())
    .addColumn('phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('hours', 'varchar(100)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('hall_windows')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('hall_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    /** JSON array of item ids served at this window. */
    .addColumn('item_ids', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('slots')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('hall_id', 'integer', (c) => c.notNull())
    .addColumn('window_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('start_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('end_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('uq_slots', ['window_id', 'day', 'start_time'])
    .execute();
  await db.schema
    .createTable('appointments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('slot_id', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('cancelled_at'))
    .execute();
  await db.schema.createIndex('ix_appointments_user').on('appointments').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['appointments', 'slots', 'hall_windows', 'halls', 'visits', 'footprints', 'subscriptions', 'search_history', 'search_terms', 'pages', 'message_reads', 'messages', 'news', 'items', 'apps', 'zones']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
