import { sql, type Kysely } from 'kysely';

/**
 * The integration layer and the utility apps (issue 4): partner endpoints per site and their call
 * log, payment orders with their notifications and reconciliation, uploaded files, and 我的办件
 * (applications submitted to a partner). Money columns are integer 分.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  const ts = (n: string) => [n, 'varchar(30)'] as const;

  await db.schema
    .createTable('partner_endpoints')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('partner', 'varchar(32)', (c) => c.notNull())
    .addColumn('base_url', 'varchar(300)', (c) => c.notNull())
    .addColumn('app_key', 'varchar(64)', (c) => c.notNull())
    /** SM4-encrypted; never returned by the API. */
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('uq_partner_endpoints', ['site_code', 'partner'])
    .execute();

  await db.schema
    .createTable('partner_calls')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('partner', 'varchar(32)', (c) => c.notNull())
    .addColumn('operation', 'varchar(64)', (c) => c.notNull())
    .addColumn('method', 'varchar(8)', (c) => c.notNull())
    /** Path and query with personal numbers redacted. */
    .addColumn('path', 'varchar(300)', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('code', 'varchar(16)', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'varchar(64)')
    .addColumn('site_code', 'varchar(12)')
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_partner_calls_time').on('partner_calls').columns(['created_at']).execute();
  await db.schema.createIndex('ix_partner_calls_partner').on('partner_calls').columns(['partner', 'created_at']).execute();

  await db.schema
    .createTable('payment_orders')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('biz', 'varchar(16)', (c) => c.notNull())
    .addColumn('account_no', 'varchar(32)', (c) => c.notNull())
    /** JSON array of the partner's bill ids, sorted. */
    .addColumn('bill_ids', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('subject', 'varchar(100)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('trade_no', 'varchar(64)')
    .addColumn('pay_url', 'varchar(500)')
    .addColumn('writeoff_status', 'varchar(16)', (c) => c.notNull().defaultTo('none'))
    .addColumn('writeoff_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('writeoff_error', 'varchar(300)')
    .addColumn('receipt_no', 'varchar(64)')
    .addColumn('refund_id', 'varchar(40)')
    .addColumn('refund_reason', 'varchar(200)')
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addColumn(...ts('expires_at'), (c) => c.notNull())
    .addColumn(...ts('paid_at'))
    .addColumn(...ts('closed_at'))
    .addColumn(...ts('refunded_at'))
    .execute();
  await db.schema.createIndex('ix_payment_orders_user').on('payment_orders').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('ix_payment_orders_status').on('payment_orders').columns(['status', 'expires_at']).execute();
  await db.schema.createIndex('ix_payment_orders_account').on('payment_orders').columns(['biz', 'account_no', 'status']).execute();
  await db.schema.createIndex('ix_payment_orders_paid').on('payment_orders').columns(['paid_at']).execute();

  await db.schema
    .createTable('payment_notifications')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('trade_no', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    /** accepted | duplicate | late | bad_signature | amount_mismatch | unknown_order */
    .addColumn('outcome', 'varchar(32)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_payment_notifications_order').on('payment_notifications').columns(['order_id']).execute();

  await db.schema
    .createTable('recon_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('gateway_count', 'integer', (c) => c.notNull())
    .addColumn('gateway_amount_fen', 'integer', (c) => c.notNull())
    .addColumn('local_count', 'integer', (c) => c.notNull())
    .addColumn('local_amount_fen', 'integer', (c) => c.notNull())
    .addColumn('difference_count', 'integer', (c) => c.notNull())
    .addColumn('message', 'varchar(300)')
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_recon_runs_day').on('recon_runs').columns(['day']).execute();

  await db.schema
    .createTable('recon_diffs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('order_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('trade_no', 'varchar(64)')
    .addColumn('local_status', 'varchar(16)')
    .addColumn('local_amount_fen', 'integer')
    .addColumn('gateway_type', 'varchar(16)')
    .addColumn('gateway_amount_fen', 'integer')
    .execute();
  await db.schema.createIndex('ix_recon_diffs_run').on('recon_diffs').columns(['run_id']).execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('mime', 'varchar(32)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_files_user').on('files').columns(['user_id']).execute();

  await db.schema
    .createTable('applications')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('application_no', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    /** The form as JSON, SM4-encrypted (names, ID numbers, phones, addresses). */
    .addColumn('form_enc', 'text', (c) => c.notNull())
    /** JSON [{kind, fileId}] */
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('install_no', 'varchar(32)')
    /** JSON of the partner's steps, our last copy. */
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('last_error', 'varchar(300)')
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('submitted_at'))
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_applications_user').on('applications').columns(['user_id', 'updated_at']).execute();

  // The six utility apps were seeded 即将上线 by the portal; they are built now. (A fresh database
  // gets them online from the seed itself, which runs after the migrations.)
  await sql`UPDATE apps SET status = 'online' WHERE status = 'coming' AND code IN ('water-payment','water-bill-query','utility-install','gas-payment','gas-bill-query','gas-install')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['applications', 'files', 'recon_diffs', 'recon_runs', 'payment_notifications', 'payment_orders', 'partner_calls', 'partner_endpoints']) {
    await db.schema.dropTable(t).execute();
  }
}
