import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** What 水费 / 燃气费 read of the payments core's orders: every order for one account, oldest first. */
export class UtilitiesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A few rows per account, on ix_payment_orders_account (biz, ref, status). */
  ordersOfAccount(biz: string, accountNo: string) {
    return this.db.selectFrom('payment_orders').select(['order_id', 'status', 'settle_status', 'items']).where('biz', '=', biz).where('ref', '=', accountNo).orderBy('id').execute();
  }
}
