/**
 * Migration 0015: payment_orders' columns say what the core now means (ref, items, settle_*). An
 * order paid before it reads the same after it, through the same index; down puts the old names
 * back with the data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest } from '../../infra/db.js';
import { createTestApp, migrationHandles, testDb, type TestApp } from '../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());
const { legacyDb, migrator } = migrationHandles(() => t);


/** The columns of ix_payment_orders_account, in order. */
async function indexColumns(): Promise<string[]> {
  if (testDb === 'mysql') {
    const r = await sql<{ Column_name: string; Seq_in_index: number }>`SHOW INDEX FROM payment_orders WHERE Key_name = 'ix_payment_orders_account'`.execute(t.app.ctx.db);
    return r.rows.sort((a, b) => a.Seq_in_index - b.Seq_in_index).map((c) => c.Column_name);
  }
  const r = await sql<{ name: string; seqno: number }>`PRAGMA index_info('ix_payment_orders_account')`.execute(t.app.ctx.db);
  return r.rows.sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
}

describe('migration 0015: payment purposes', () => {
  it('keeps an order written before it, under the new names and the same index; down renames back', async () => {
    expect((await migrator().migrateTo('0014_bookings_medical')).error).toBeUndefined();
    const now = new Date().toISOString();
    await legacyDb()
      .insertInto('payment_orders')
      .values({ order_id: 'DZ20261207000000000015', user_id: 1, biz: 'water', account_no: '3100012345', bill_ids: '["B1","B2"]', amount_fen: 4200, subject: '水费 3100012345 2026-10至2026-11', channel: 'wechat', status: 'paid', trade_no: 'T15', pay_url: null, writeoff_status: 'done', writeoff_attempts: 2, writeoff_error: null, receipt_no: 'SF15', refund_id: null, refund_reason: null, site_code: '511700', created_at: now, updated_at: now, expires_at: now, paid_at: now, closed_at: null, refunded_at: null })
      .execute();
    expect(await indexColumns()).toEqual(['biz', 'account_no', 'status']);

    await migrateToLatest(t.app.ctx.db);
    const row = await t.app.payments.repo.byOrderId('DZ20261207000000000015');
    expect(row).toMatchObject({ biz: 'water', ref: '3100012345', items: '["B1","B2"]', settle_status: 'done', settle_attempts: 2, settle_receipt: 'SF15', settle_error: null });
    expect(await indexColumns()).toEqual(['biz', 'ref', 'status']);

    expect((await migrator().migrateTo('0014_bookings_medical')).error).toBeUndefined();
    const old = await legacyDb().selectFrom('payment_orders').select(['account_no', 'bill_ids', 'writeoff_status', 'receipt_no']).where('order_id', '=', 'DZ20261207000000000015').executeTakeFirst();
    expect(old).toEqual({ account_no: '3100012345', bill_ids: '["B1","B2"]', writeoff_status: 'done', receipt_no: 'SF15' });
    await migrateToLatest(t.app.ctx.db);
  });
});
