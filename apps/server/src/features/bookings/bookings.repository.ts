/**
 * All SQL of the bookings core. Every status change is one conditional UPDATE with the expected
 * status in its WHERE: two racing transitions (a payment confirming while the expiry job runs, a
 * double-tapped cancel) cannot both win, on SQLite (one writer) or InnoDB (the row's X lock
 * re-checks the WHERE) alike.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { BookingRow, BookingsTable, BookingStatus, DB } from '../../db/schema.js';

export type NewBooking = Insertable<BookingsTable>;
type Db = Kysely<DB> | Transaction<DB>;

/** 我的预约's two tabs: what still needs the citizen, and what is over. */
const ACTIVE: BookingStatus[] = ['held', 'confirmed'];
const HISTORY: BookingStatus[] = ['cancelled', 'expired'];

export interface BookingListFilter {
  kind?: string | undefined;
  status?: 'active' | 'history' | undefined;
}

export class BookingsRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewBooking): Promise<number> {
    const res = await this.db.insertInto('bookings').values(row).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  byId(id: number): Promise<BookingRow | undefined> {
    return this.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The newest booking paid for by an order (an order pays for one booking; the newest wins if data was repaired by hand). */
  byOrder(orderId: string): Promise<BookingRow | undefined> {
    return this.db.selectFrom('bookings').selectAll().where('order_id', '=', orderId).orderBy('id', 'desc').executeTakeFirst();
  }

  /** The booking that mirrors a row of the kind's own table (appointments.id for kind item). */
  byRef(kind: string, refId: number): Promise<BookingRow | undefined> {
    return this.db.selectFrom('bookings').selectAll().where('kind', '=', kind).where('ref_id', '=', refId).orderBy('id', 'desc').executeTakeFirst();
  }

  async setOrder(id: number, orderId: string, at: string): Promise<void> {
    await this.db.updateTable('bookings').set({ order_id: orderId, updated_at: at }).where('id', '=', id).execute();
  }

  /**
   * held → confirmed; the detail is written in the same statement so a confirmed row always
   * carries it, and only over the detail the caller merged into (`before`), so a merge at the same
   * moment is not lost: the caller re-reads and tries again.
   */
  async confirm(id: number, values: { partner_ref?: string | undefined; before: string; detail: string; at: string }): Promise<boolean> {
    const res = await this.db
      .updateTable('bookings')
      .set({ status: 'confirmed', confirmed_at: values.at, updated_at: values.at, detail: values.detail, ...(values.partner_ref !== undefined ? { partner_ref: values.partner_ref } : {}) })
      .where('id', '=', id)
      .where('status', '=', 'held')
      .where('detail', '=', values.before)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async expire(id: number, at: string): Promise<boolean> {
    const res = await this.db.updateTable('bookings').set({ status: 'expired', updated_at: at }).where('id', '=', id).where('status', '=', 'held').executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** `from` is the status the caller saw: the caller learns whether the place was still only held. */
  async cancel(id: number, from: BookingStatus, refund: 'none' | 'pending', at: string): Promise<boolean> {
    const res = await this.db
      .updateTable('bookings')
      .set({ status: 'cancelled', refund_status: refund, cancelled_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async setRefund(id: number, refund: 'pending' | 'done', at: string): Promise<void> {
    await this.db.updateTable('bookings').set({ refund_status: refund, updated_at: at }).where('id', '=', id).execute();
  }

  /** Compare-and-set on the detail text, so two merges never lose each other's keys. */
  async replaceDetail(id: number, before: string, after: string, at: string): Promise<boolean> {
    const res = await this.db.updateTable('bookings').set({ detail: after, updated_at: at }).where('id', '=', id).where('detail', '=', before).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Held bookings whose lock ran out, oldest first; bounded so one pass stays short (ix_bookings_hold). */
  overdueHolds(now: string, limit: number): Promise<BookingRow[]> {
    return this.db
      .selectFrom('bookings')
      .selectAll()
      .where('status', '=', 'held')
      .where('hold_expires_at', '<=', now)
      .orderBy('hold_expires_at')
      .limit(limit)
      .execute();
  }

  async listForUser(userId: number, f: BookingListFilter, offset: number, limit: number): Promise<{ rows: BookingRow[]; total: number }> {
    let base = this.db.selectFrom('bookings').where('user_id', '=', userId);
    if (f.kind !== undefined) base = base.where('kind', '=', f.kind);
    if (f.status !== undefined) base = base.where('status', 'in', f.status === 'active' ? ACTIVE : HISTORY);
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
    return { rows, total: Number(count.n) };
  }
}
