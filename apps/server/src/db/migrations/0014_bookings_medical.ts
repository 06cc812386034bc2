import type { Kysely } from 'kysely';

/**
 * issue 12, the bookings core and the 医疗就诊 zone:
 * - `bookings` is the one ledger of places in time a citizen holds: an item's hall window
 *   (kind `item`, inventory owned by us), a doctor's 号源 (kind `medical`, inventory owned by the
 *   hospital's HIS), scenic spots and library rooms next. A booking is `held` (a place locked,
 *   waiting for payment, until `hold_expires_at`), `confirmed`, `cancelled` or `expired`. Who owns
 *   the inventory is `owner` (`local` | `partner`); a partner's own number for the lock or the
 *   registration is `partner_ref`. What the kind needs besides (doctor, patient, 取号 details) is
 *   the JSON `detail`, written by the kind. 我的预约 reads only this table.
 * - `patients` are 就诊人 a user manages (family members): name, ID number and phone SM4-encrypted,
 *   the ID's keyed hash so the same person is added once per user.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  const ts = (n: string) => [n, 'varchar(30)'] as const;

  await db.schema
    .createTable('bookings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    /** The public number shown to the citizen and at the window. */
    .addColumn('code', 'varchar(24)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    /** item | medical | spot | venue … (a registered resource type) */
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    /** local | partner: who holds the inventory */
    .addColumn('owner', 'varchar(8)', (c) => c.notNull())
    /** The place booked, as its owner names it (a slot id). */
    .addColumn('resource_ref', 'varchar(64)', (c) => c.notNull())
    /** The row of the kind's own table, where it has one (appointments.id for kind item). */
    .addColumn('ref_id', 'integer')
    /** The partner's number for the lock, then for the confirmed booking. */
    .addColumn('partner_ref', 'varchar(64)')
    /** held | confirmed | cancelled | expired */
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn(...ts('hold_expires_at'))
    /** The payment order while a fee is due or paid (payment_orders.order_id). */
    .addColumn('order_id', 'varchar(32)')
    .addColumn('amount_fen', 'integer', (c) => c.notNull().defaultTo(0))
    /** none | pending | done: the refund of a paid fee after a cancel. */
    .addColumn('refund_status', 'varchar(12)', (c) => c.notNull().defaultTo('none'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('place', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn(...ts('starts_at'), (c) => c.notNull())
    .addColumn(...ts('ends_at'))
    /** Who the place is for, masked for display (张*); the kind keeps the rest encrypted. */
    .addColumn('subject_name', 'varchar(40)')
    .addColumn('subject_id', 'integer')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .addColumn(...ts('updated_at'), (c) => c.notNull())
    .addColumn(...ts('confirmed_at'))
    .addColumn(...ts('cancelled_at'))
    .execute();
  await db.schema.createIndex('ix_bookings_user').on('bookings').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('ix_bookings_hold').on('bookings').columns(['status', 'hold_expires_at']).execute();
  await db.schema.createIndex('ix_bookings_kind_ref').on('bookings').columns(['kind', 'ref_id']).execute();
  await db.schema.createIndex('ix_bookings_order').on('bookings').columns(['order_id']).execute();
  await db.schema.createIndex('ix_bookings_resource').on('bookings').columns(['kind', 'resource_ref', 'status']).execute();

  await db.schema
    .createTable('patients')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('name_enc', 'varchar(255)', (c) => c.notNull())
    .addColumn('id_number_enc', 'varchar(255)', (c) => c.notNull())
    /** Keyed hash of the ID number: one entry per person per user. */
    .addColumn('id_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('phone_enc', 'varchar(255)', (c) => c.notNull())
    /** spouse | child | parent | other */
    .addColumn('relation', 'varchar(12)', (c) => c.notNull())
    .addColumn(...ts('created_at'), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ux_patients_user_id').on('patients').columns(['user_id', 'id_hash']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('patients').ifExists().execute();
  await db.schema.dropTable('bookings').ifExists().execute();
}
