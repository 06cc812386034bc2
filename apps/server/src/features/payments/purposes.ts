/**
 * Purposes of the payments core: what an order pays for. Each feature that takes money registers
 * one under its biz (water, gas, medical …) and tells the core how to settle a paid order at the
 * owner (销账, 确认挂号), how to undo that before a refund (冲正, 退号), what to release when an unpaid
 * order closes, and how to describe the order in 缴费记录 and 对账. The core knows none of them by
 * name: the order's `biz` column is free text and picks the purpose at run time.
 */
import { PAYMENT_BIZ_NAMES, type PaymentBiz } from '@dz/contracts';
import type { OrderRow } from './payments.repository.js';

/** An order as a purpose sees it. */
export interface PurposeOrder {
  orderId: string;
  userId: number;
  biz: string;
  /** The purpose's reference: a 户号, a booking code … */
  ref: string;
  /** What is paid for under the reference: bill ids, a slot … */
  items: string[];
  amountFen: number;
  tradeNo: string | null;
  paidAt: string | null;
  siteCode: string;
  subject: string;
}

export interface PaymentPurpose {
  /** 'water' | 'gas' | 'medical' … (≤ 16 characters: the biz column). */
  biz: string;
  /** 缴费记录 label: 水费 / 燃气费 / 挂号费. */
  name: string;
  /**
   * After the gateway confirmed payment: tell the owner (销账 / 确认挂号). Retried in the background
   * while it throws; `{ refund: reason }` = the owner refuses for good (bills already paid by another
   * order, the lock expired) → the payment core refunds the order.
   */
  settle(o: PurposeOrder): Promise<{ receipt: string } | { refund: string }>;
  /** Before refunding a settled order: undo it at the owner (冲正 / 退号). Throw to stop the refund. */
  reverse(o: PurposeOrder, reason: string): Promise<void>;
  /** An unpaid order was closed (timeout, replaced, cancelled, never reached the cashier): release what it held. */
  closed?(o: PurposeOrder): Promise<void>;
  /** After settle succeeded (e.g. mark the booking confirmed). */
  settled?(o: PurposeOrder, receipt: string): Promise<void>;
  /** After a refund went through. */
  refunded?(o: PurposeOrder): Promise<void>;
  /** One line for 缴费记录, 支付订单 and 对账 (卡号 3100012345 · 2026-01至2026-03); the order's subject when absent. */
  describe?(o: PurposeOrder): string;
}

const BIZ = /^[a-z][a-z0-9-]{0,15}$/;

export function toPurposeOrder(row: OrderRow): PurposeOrder {
  return {
    orderId: row.order_id,
    userId: row.user_id,
    biz: row.biz,
    ref: row.ref,
    items: JSON.parse(row.items) as string[],
    amountFen: row.amount_fen,
    tradeNo: row.trade_no,
    paidAt: row.paid_at,
    siteCode: row.site_code,
    subject: row.subject,
  };
}

/** The purposes registered by the features, by biz. */
export class PurposeRegistry {
  private readonly byBiz = new Map<string, PaymentPurpose>();

  register(p: PaymentPurpose): void {
    if (!BIZ.test(p.biz)) throw new Error(`payment purpose biz "${p.biz}" must match ${BIZ}`);
    // Two features claiming one biz would settle each other's orders: a start-up error, not a silent override.
    if (this.byBiz.has(p.biz)) throw new Error(`payment purpose "${p.biz}" is registered twice`);
    this.byBiz.set(p.biz, p);
  }

  find(biz: string): PaymentPurpose | undefined {
    return this.byBiz.get(biz);
  }

  /** The purpose of an order that must be acted on; a biz nobody registered is a deployment error. */
  of(biz: string): PaymentPurpose {
    const p = this.byBiz.get(biz);
    if (!p) throw new Error(`no payment purpose registered for "${biz}"`);
    return p;
  }

  /** 水费 / 挂号费 …: the registered name, else the known name, else the biz itself (an order of a purpose since removed). */
  name(biz: string): string {
    return this.byBiz.get(biz)?.name ?? PAYMENT_BIZ_NAMES[biz as PaymentBiz] ?? biz;
  }

  describe(row: OrderRow): string {
    const p = this.byBiz.get(row.biz);
    return p?.describe ? p.describe(toPurposeOrder(row)) : row.subject;
  }
}
