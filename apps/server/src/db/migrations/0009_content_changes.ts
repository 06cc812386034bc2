import type { Kysely } from 'kysely';

/**
 * issue 9 (performance): `content_changes`, the change feed of searchable content. Every write to
 * an app, item, news article or department appends (kind, ref_id, at) here right after the write
 * (features/search/content-changes.ts), so each instance patches its search index with just the
 * documents that changed instead of rebuilding it. The autoincrement id is the feed position; `at`
 * (epoch ms) lets old rows be purged. Rows are tiny and console writes are rare.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    /** app | item | news | department (a department's name is searched in its items) | all (rebuild) */
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_content_changes_at').on('content_changes').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('content_changes').execute();
}
