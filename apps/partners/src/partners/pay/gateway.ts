/**
 * The 统一支付平台's orders, in memory for the life of one sandbox. Orders belong to the merchant
 * (app key) that created them: another merchant can neither read, close nor refund them, and its
 * statement does not list them. The cashier page finds an order by its trade number.
 */
import { randomInt } from 'node:crypto';
import {
  BizCode,
  type CreatePayOrder,
  type GatewayOrder,
  type GatewayOrderStatus,
  type PayChannel,
  type RefundRequest,
  type RefundResult,
  type Statement,
  type StatementEntry,
} from '@dz/partner-protocol';
import { beijingDate, beijingDayRange } from '../../lib/beijing.js';
import { refusal, yuan, type Outcome } from '../utility/ledger.js';

export const MAX_ORDER_FEN = 10_000_000;
export const PAY_CHANNELS: readonly PayChannel[] = ['wechat', 'alipay', 'unionpay'];

export interface OrderRecord {
  appKey: string;
  orderId: string;
  tradeNo: string;
  amountFen: number;
  subject: string;
  channel: PayChannel;
  notifyUrl: string;
  returnUrl: string;
  expireAt: number;
  createdAt: number;
  /** As stored; a pending order past expireAt reads as closed (see statusOf). */
  status: GatewayOrderStatus;
  paidAt: number | null;
  refund: { refundId: string; amountFen: number; reason: string; refundedAt: number } | null;
}

export type PayAttempt = 'paid' | 'already-paid' | 'closed' | 'unknown';

export class PayGateway {
  private readonly orders = new Map<string, OrderRecord>();
  private readonly trades = new Map<string, OrderRecord>();

  constructor(private readonly now: () => number) {}

  private key(appKey: string, orderId: string): string {
    return `${appKey}\n${orderId}`;
  }

  /** A new order, or the existing one when the merchant sends the same orderId and amount again. */
  create(appKey: string, input: CreatePayOrder): Outcome<OrderRecord> {
    const existing = this.orders.get(this.key(appKey, input.orderId));
    if (existing) {
      if (existing.amountFen !== input.amountFen) return refusal(BizCode.STATE_CONFLICT, `订单 ${input.orderId} 已以金额 ${yuan(existing.amountFen)} 下单，金额不能更改`);
      return { ok: true, data: existing };
    }
    const t = this.now();
    if (input.amountFen > MAX_ORDER_FEN) return refusal(BizCode.INVALID_DATA, `单笔支付金额不能超过 ${yuan(MAX_ORDER_FEN)}`);
    const expireAt = Date.parse(input.expireAt);
    if (expireAt <= t) return refusal(BizCode.INVALID_DATA, '订单失效时间（expireAt）应晚于当前时间');
    let tradeNo: string;
    do tradeNo = `T${beijingDate(t).replaceAll('-', '')}${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`;
    while (this.trades.has(tradeNo));
    const order: OrderRecord = { ...input, appKey, tradeNo, expireAt, createdAt: t, status: 'pending', paidAt: null, refund: null };
    this.orders.set(this.key(appKey, input.orderId), order);
    this.trades.set(tradeNo, order);
    return { ok: true, data: order };
  }

  find(appKey: string, orderId: string): OrderRecord | undefined {
    return this.orders.get(this.key(appKey, orderId));
  }

  byTradeNo(tradeNo: string): OrderRecord | undefined {
    return this.trades.get(tradeNo);
  }

  statusOf(order: OrderRecord): GatewayOrderStatus {
    return order.status === 'pending' && this.now() >= order.expireAt ? 'closed' : order.status;
  }

  view(order: OrderRecord): GatewayOrder {
    return {
      orderId: order.orderId,
      tradeNo: order.tradeNo,
      amountFen: order.amountFen,
      status: this.statusOf(order),
      channel: order.channel,
      paidAt: order.paidAt === null ? null : new Date(order.paidAt).toISOString(),
      refundedAmountFen: order.refund?.amountFen ?? 0,
    };
  }

  close(appKey: string, orderId: string): Outcome<GatewayOrder> {
    const order = this.find(appKey, orderId);
    if (!order) return refusal(BizCode.NOT_FOUND, '订单不存在');
    if (order.status === 'paid' || order.status === 'refunded') return refusal(BizCode.STATE_CONFLICT, '订单已支付');
    order.status = 'closed';
    return { ok: true, data: this.view(order) };
  }

  /** The cashier's 确认支付. Paying an already paid order changes nothing (a double click). */
  pay(tradeNo: string): PayAttempt {
    const order = this.trades.get(tradeNo);
    if (!order) return 'unknown';
    const status = this.statusOf(order);
    if (status === 'paid' || status === 'refunded') return 'already-paid';
    if (status !== 'pending') return 'closed';
    order.status = 'paid';
    order.paidAt = this.now();
    return 'paid';
  }

  /** Full refund of a paid order; the same refundId again answers the same result. */
  refund(appKey: string, req: RefundRequest): Outcome<RefundResult> {
    const order = this.find(appKey, req.orderId);
    if (!order) return refusal(BizCode.NOT_FOUND, '订单不存在');
    if (order.refund) {
      if (order.refund.refundId === req.refundId) return { ok: true, data: refundResult(order) };
      return refusal(BizCode.STATE_CONFLICT, '订单已退款');
    }
    if (order.status !== 'paid') return refusal(BizCode.STATE_CONFLICT, '订单未支付，不能退款');
    if (req.amountFen !== order.amountFen) return refusal(BizCode.AMOUNT_MISMATCH, `退款金额应为订单金额 ${yuan(order.amountFen)}（仅支持全额退款）`);
    order.status = 'refunded';
    order.refund = { refundId: req.refundId, amountFen: req.amountFen, reason: req.reason, refundedAt: this.now() };
    return { ok: true, data: refundResult(order) };
  }

  /** The merchant's movements of one Beijing day, or null when `date` is not a calendar date. */
  statement(appKey: string, date: string): Statement | null {
    const day = beijingDayRange(date);
    if (!day) return null;
    const within = (ms: number | null | undefined): ms is number => ms !== null && ms !== undefined && ms >= day.start && ms < day.end;
    const entries: StatementEntry[] = [];
    for (const o of this.orders.values()) {
      if (o.appKey !== appKey) continue;
      if (within(o.paidAt)) entries.push({ orderId: o.orderId, tradeNo: o.tradeNo, type: 'pay', amountFen: o.amountFen, at: new Date(o.paidAt).toISOString() });
      if (o.refund && within(o.refund.refundedAt)) {
        entries.push({ orderId: o.orderId, tradeNo: o.tradeNo, type: 'refund', amountFen: o.refund.amountFen, at: new Date(o.refund.refundedAt).toISOString() });
      }
    }
    entries.sort((a, b) => a.at.localeCompare(b.at) || (a.type === b.type ? 0 : a.type === 'pay' ? -1 : 1));
    return { date, entries };
  }
}

function refundResult(order: OrderRecord): RefundResult {
  const refund = order.refund;
  if (!refund) throw new Error('refundResult of an order without a refund');
  return { refundId: refund.refundId, orderId: order.orderId, status: 'refunded', refundedAt: new Date(refund.refundedAt).toISOString() };
}
