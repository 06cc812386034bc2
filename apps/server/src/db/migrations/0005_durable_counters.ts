import type { Kysely } from 'kysely';

/**
 * Counters that guard against abuse (SMS quotas per phone and network, login failures and
 * lockouts, real-name tries) must outlive a restart, or restarting the embedded server — or
 * crashing it on purpose — hands out a fresh quota. With Redis they live there; without, in this
 * table (see infra/kv.ts DbStore). Expiry is an epoch in milliseconds, compared in the query.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kv_entries')
    // 191 characters: the longest utf8mb4 primary key MySQL's default index limit allows.
    .addColumn('k', 'varchar(191)', (c) => c.primaryKey())
    .addColumn('v', 'varchar(255)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_kv_entries_expiry').on('kv_entries').columns(['expires_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kv_entries').execute();
}
