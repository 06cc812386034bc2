import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, PaymentOrdersTable } from '../../db/schema.js';

export type OrderRow = Selectable<PaymentOrdersTable>;

export interface AdminOrderFilter {
  sites: string[];
  status?: string;
  biz?: string;
  orderId?: string;
  from?: string;
  to?: string;
}

export class PaymentsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insert(row: Omit<OrderRow, 'id'>): Promise<unknown> {
    return this.db.insertInto('payment_orders').values(row).execute();
  }

  byOrderId(orderId: string): Promise<OrderRow | undefined> {
    return this.db.selectFrom('payment_orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  }

  update(orderId: string, set: Updateable<PaymentOrdersTable>): Promise<unknown> {
    return this.db.updateTable('payment_orders').set(set).where('order_id', '=', orderId).execute();
  }

  /**
   * One conditional UPDATE moves an order between states, so two notifications (or a notification
   * and a query) racing on it change it once: the caller learns whether it was the one.
   */
  async transition(orderId: string, from: OrderRow['status'][], set: Updateable<PaymentOrdersTable>): Promise<boolean> {
    const res = await this.db.updateTable('payment_orders').set(set).where('order_id', '=', orderId).where('status', 'in', from).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /**
   * paid → refunded in one UPDATE that also drops a settlement still waiting (a refunded order is
   * never settled): two writes let a reader see the order refunded and still pending settlement.
   */
  async markRefunded(orderId: string, set: Pick<Updateable<PaymentOrdersTable>, 'refunded_at' | 'refund_reason' | 'updated_at'>): Promise<boolean> {
    const res = await this.db
      .updateTable('payment_orders')
      .set({ ...set, status: 'refunded', settle_status: sql<PaymentOrdersTable['settle_status']>`CASE WHEN settle_status = 'pending' THEN 'none' ELSE settle_status END` })
      .where('order_id', '=', orderId)
      .where('status', '=', 'paid')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Orders of one reference still open or awaiting settlement at the owner (their items are taken). */
  openForRef(biz: string, ref: string): Promise<OrderRow[]> {
    return this.db
      .selectFrom('payment_orders')
      .selectAll()
      .where('biz', '=', biz)
      .where('ref', '=', ref)
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'paid'), eb('settle_status', '=', 'pending')])]))
      .execute();
  }

  async listByUser(userId: number, page: number, pageSize: number): Promise<{ rows: OrderRow[]; total: number }> {
    const base = this.db.selectFrom('payment_orders').where('user_id', '=', userId);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  async listAdmin(f: AdminOrderFilter, page: number, pageSize: number): Promise<{ rows: OrderRow[]; total: number }> {
    let q = this.db.selectFrom('payment_orders').where('site_code', 'in', f.sites);
    if (f.status) q = q.where('status', '=', f.status as OrderRow['status']);
    if (f.biz) q = q.where('biz', '=', f.biz);
    if (f.orderId) q = q.where('order_id', '=', f.orderId);
    if (f.from) q = q.where('created_at', '>=', f.from);
    if (f.to) q = q.where('created_at', '<=', f.to);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  expiredPending(nowIso: string, limit: number): Promise<OrderRow[]> {
    return this.db.selectFrom('payment_orders').selectAll().where('status', '=', 'pending').where('expires_at', '<', nowIso).orderBy('expires_at').limit(limit).execute();
  }

  /** Paid orders whose settlement at the owner is still to be done, untouched since `before`. */
  settlementsDue(before: string, maxAttempts: number, limit: number): Promise<OrderRow[]> {
    return this.db
      .selectFrom('payment_orders')
      .selectAll()
      .where('status', '=', 'paid')
      .where('settle_status', '=', 'pending')
      .where('settle_attempts', '<', maxAttempts)
      .where('updated_at', '<', before)
      .limit(limit)
      .execute();
  }

  /** Orders paid or refunded within [from, to): what the gateway's statement of that day should hold. */
  settledBetween(from: string, to: string): Promise<OrderRow[]> {
    return this.db
      .selectFrom('payment_orders')
      .selectAll()
      .where((eb) => eb.or([eb.and([eb('paid_at', '>=', from), eb('paid_at', '<', to)]), eb.and([eb('refunded_at', '>=', from), eb('refunded_at', '<', to)])]))
      .execute();
  }

  byOrderIds(ids: string[]): Promise<OrderRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('payment_orders').selectAll().where('order_id', 'in', ids).execute();
  }

  recordNotification(orderId: string, tradeNo: string, amountFen: number, outcome: string): Promise<unknown> {
    return this.db.insertInto('payment_notifications').values({ order_id: orderId.slice(0, 32), trade_no: tradeNo.slice(0, 64), amount_fen: amountFen, outcome, created_at: new Date().toISOString() }).execute();
  }
}
