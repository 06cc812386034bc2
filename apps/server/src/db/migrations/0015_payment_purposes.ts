import type { Kysely } from 'kysely';

/**
 * issue 12, the payments core with purposes: an order pays for a purpose (biz) and a reference of
 * that purpose, not for a utility account's bills. The columns are renamed to say so; the data and
 * the indexes stay (a renamed column keeps its indexes on SQLite ≥ 3.25 and MariaDB ≥ 10.5, so
 * ix_payment_orders_account now covers biz, ref, status). `biz` was a varchar already: a purpose
 * added later (挂号费 today) needs no migration.
 */
const RENAMES: [from: string, to: string][] = [
  ['account_no', 'ref'],
  ['bill_ids', 'items'],
  ['writeoff_status', 'settle_status'],
  ['writeoff_attempts', 'settle_attempts'],
  ['writeoff_error', 'settle_error'],
  ['receipt_no', 'settle_receipt'],
];

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  // One statement per column: SQLite's ALTER TABLE takes a single action.
  for (const [from, to] of RENAMES) await db.schema.alterTable('payment_orders').renameColumn(from, to).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [from, to] of [...RENAMES].reverse()) await db.schema.alterTable('payment_orders').renameColumn(to, from).execute();
}
