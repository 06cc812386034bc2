import { SqliteAdapter, type Kysely } from 'kysely';

/**
 * issue 15, 旅游 / 文体教育:
 * - `public_files`: the console's file centre — pictures and PDFs staff publish (景点实景图, 政策附件),
 *   served to anyone; the bytes are a blob of the files store, the row says what and whose site.
 * - `scenic_spots`: 景点 as content per site (introduction, photos, tickets…), each optionally linked
 *   to the 文旅预约平台's resource that owns its quota. `name_pinyin` / `name_initials` are written
 *   with the row so a search never runs the pinyin dictionary over the table.
 * - `aid_policies`: 资助政策 per site, rich text sanitised on write, pinyin like the spots.
 * - `saved_visitors`: a citizen's 常用游客 (name and ID number SM4-encrypted, a keyed digest for
 *   uniqueness per user).
 * - `bookings.reminded_at`: the day-before reminder of a venue / spot booking was sent (the job
 *   takes bookings of the next day through `ix_bookings_remind`, never the whole ledger).
 * Places, slots and the 中考 scores stay in the partner systems.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  const ts = (n: string) => [n, 'varchar(30)'] as const;

  await db.schema
    .createTable('public_files')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('mime', 'varchar(60)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('blob_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('deleted_at'))
    .execute();
  await db.schema.createIndex('ix_public_files_site').on('public_files').columns(['site_code', 'created_at']).execute();

  await db.schema
    .createTable('scenic_spots')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('name_pinyin', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('name_initials', 'varchar(60)', (c) => c.notNull().defaultTo(''))
    .addColumn('county', 'varchar(12)', (c) => c.notNull())
    .addColumn('level', 'varchar(4)', (c) => c.notNull().defaultTo(''))
    .addColumn('summary', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('open_hours', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('tickets', 'varchar(800)', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'varchar(60)', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    /** JSON array of public_files ids, in the order shown. */
    .addColumn('photo_file_ids', 'text', (c) => c.notNull())
    .addColumn('partner_resource_id', 'varchar(40)')
    /** JSON array of short tags. */
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_scenic_spots_site').on('scenic_spots').columns(['site_code', 'published', 'sort']).execute();

  await db.schema
    .createTable('aid_policies')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('title', 'varchar(120)', (c) => c.notNull())
    .addColumn('title_pinyin', 'varchar(600)', (c) => c.notNull().defaultTo(''))
    .addColumn('title_initials', 'varchar(120)', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'varchar(16)', (c) => c.notNull())
    .addColumn('summary', 'varchar(400)', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull())
    /** The body as plain text, for keyword search (written with the row). */
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('issuer', 'varchar(120)', (c) => c.notNull().defaultTo(''))
    .addColumn('doc_no', 'varchar(120)', (c) => c.notNull().defaultTo(''))
    .addColumn('effective_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('effective_to', 'varchar(10)')
    .addColumn('attachment_file_ids', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_aid_policies_site').on('aid_policies').columns(['site_code', 'published', 'category']).execute();

  await db.schema
    .createTable('saved_visitors')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('name_enc', 'varchar(200)', (c) => c.notNull())
    .addColumn('id_number_enc', 'varchar(200)', (c) => c.notNull())
    .addColumn('id_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ux_saved_visitors_user_id').on('saved_visitors').columns(['user_id', 'id_hash']).unique().execute();

  await db.schema.alterTable('bookings').addColumn('reminded_at', 'varchar(30)').execute();
  await db.schema.createIndex('ix_bookings_remind').on('bookings').columns(['kind', 'status', 'starts_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // MariaDB names the table of an index to drop (DROP INDEX … ON t); SQLite's syntax has no ON.
  const dropRemind = db.schema.dropIndex('ix_bookings_remind');
  await (db.getExecutor().adapter instanceof SqliteAdapter ? dropRemind : dropRemind.on('bookings')).execute();
  await db.schema.alterTable('bookings').dropColumn('reminded_at').execute();
  for (const t of ['saved_visitors', 'aid_policies', 'scenic_spots', 'public_files']) await db.schema.dropTable(t).ifExists().execute();
}
