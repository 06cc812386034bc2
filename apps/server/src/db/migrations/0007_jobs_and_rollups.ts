import type { Kysely } from 'kysely';

/**
 * issue 9 (performance):
 * - `jobs`: the durable job runner's rows (features/jobs). A recurring schedule is one row keyed by
 *   its name; a one-off job is a row with its own key. Times are epoch milliseconds (bigint), so
 *   "due" and "lock expired" are plain comparisons on both databases.
 * - `visit_rollups`: 访问统计 per (day, site, type, ref) with PV and a HyperLogLog of the visitors
 *   (features/visits/hll.ts), plus the coarser grains type = '*' / ref = '*', so a statistics read
 *   touches at most days × sites × (objects + types + 1) rows whatever the traffic.
 * - `visit_rollup_state`: how far the raw `visits` table has been folded (an id watermark), updated
 *   in the same transaction as the rollups, which makes a fold apply exactly once.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    // 191: the longest utf8mb4 unique key MySQL's default index limit allows.
    .addColumn('job_key', 'varchar(191)', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    /** pending | running | done | failed */
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    /** A recurring schedule's period; null for a one-off job. */
    .addColumn('every_ms', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'varchar(64)')
    .addColumn('locked_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_started_at', 'bigint')
    .addColumn('last_finished_at', 'bigint')
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('ix_jobs_due').on('jobs').columns(['status', 'run_at']).execute();

  await db.schema
    .createTable('visit_rollups')
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    /** a visit type, or '*' for all types */
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    /** the object, or '*' for all objects of the type */
    .addColumn('ref', 'varchar(64)', (c) => c.notNull())
    .addColumn('pv', 'bigint', (c) => c.notNull())
    .addColumn('hll', 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_visit_rollups', ['day', 'site_code', 'type', 'ref'])
    .execute();

  await db.schema
    .createTable('visit_rollup_state')
    .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('last_id', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('visit_rollup_state').values({ name: 'visits', last_id: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('visit_rollup_state').execute();
  await db.schema.dropTable('visit_rollups').execute();
  await db.schema.dropTable('jobs').execute();
}
