import type { Kysely } from 'kysely';

/**
 * issue 9 (performance), console work off the request thread:
 * - `jobs` gains what a one-off job started from the console needs: who started it (staff id and
 *   the site they acted for — only they may read it), its progress and Chinese status message, its
 *   result (JSON, e.g. the CSV file it wrote) and until when that result is kept; `active_key` marks
 *   a key that is unique only while the job is queued or running (立即对账 of one day: a second click
 *   joins the running job, a click after it finished starts a new one).
 * - `audit_log` gets indexes for the console's search, so every filter it offers is answered by an
 *   index in id order (keyset pages) instead of a scan of the whole log.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('owner_staff_id', 'integer').execute();
  await db.schema.alterTable('jobs').addColumn('owner_site', 'varchar(12)').execute();
  await db.schema.alterTable('jobs').addColumn('active_key', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('jobs').addColumn('progress_done', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('jobs').addColumn('progress_total', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('jobs').addColumn('message', 'varchar(200)').execute();
  await db.schema.alterTable('jobs').addColumn('result', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('result_expires_at', 'bigint').execute();
  await db.schema.createIndex('ix_jobs_result_expiry').on('jobs').column('result_expires_at').execute();

  await db.schema.createIndex('ix_audit_site_id').on('audit_log').columns(['site_code', 'id']).execute();
  await db.schema.createIndex('ix_audit_action_id').on('audit_log').columns(['action', 'id']).execute();
  await db.schema.createIndex('ix_audit_actor_id').on('audit_log').columns(['actor_name', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ix_audit_actor_id').on('audit_log').execute();
  await db.schema.dropIndex('ix_audit_action_id').on('audit_log').execute();
  await db.schema.dropIndex('ix_audit_site_id').on('audit_log').execute();
  await db.schema.dropIndex('ix_jobs_result_expiry').on('jobs').execute();
  for (const c of ['result_expires_at', 'result', 'message', 'progress_total', 'progress_done', 'active_key', 'owner_site', 'owner_staff_id'])
    await db.schema.alterTable('jobs').dropColumn(c).execute();
}
