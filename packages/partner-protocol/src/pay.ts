/**
 * The unified payment gateway (统一支付平台, `pay`): orders, the cashier, notifications, closes,
 * refunds and the daily statement. Served under the signed protocol of index.ts; refusals use
 * BizCode (systems.ts).
 */

export type PayChannel = 'wechat' | 'alipay' | 'unionpay';
export type GatewayOrderStatus = 'pending' | 'paid' | 'closed' | 'refunded';

/** POST /v1/pay/orders (idempotency key = orderId). Same orderId again → the same trade. */
export interface CreatePayOrder {
  orderId: string;
  amountFen: number;
  subject: string;
  channel: PayChannel;
  /** Where the gateway POSTs PayNotification (signed, retried until it gets envelope 0000). */
  notifyUrl: string;
  /** Where the cashier sends the browser after paying or cancelling (?orderId= appended). */
  returnUrl: string;
  expireAt: string;
}

export interface CreatePayOrderResult {
  tradeNo: string;
  /** The cashier page for the browser: shows subject and amount and a 确认支付 button. */
  cashierUrl: string;
}

/** GET /v1/pay/orders/:orderId → unknown → 2001. A pending order past its expireAt reads as closed. */
export interface GatewayOrder {
  orderId: string;
  tradeNo: string;
  amountFen: number;
  status: GatewayOrderStatus;
  channel: PayChannel;
  paidAt: string | null;
  refundedAmountFen: number;
}

/**
 * POST /v1/pay/orders/:orderId/close → GatewayOrder with status closed. Already paid → 2002
 * with message 订单已支付 (the server then queries and accepts the payment).
 */

/** POST /v1/pay/refunds (idempotency key = refundId): full refund of a paid order. */
export interface RefundRequest {
  orderId: string;
  refundId: string;
  amountFen: number;
  reason: string;
}

export interface RefundResult {
  refundId: string;
  orderId: string;
  status: 'refunded';
  refundedAt: string;
}

/**
 * The gateway's notification: POST to notifyUrl, signed with the protocol headers using the
 * merchant's app key and secret (the same pair the server calls the gateway with), body JSON of
 * this shape. The server answers envelope 0000 once it has recorded it (also for a duplicate);
 * anything else (another code, a non-2xx status, no answer within 5 s) and the gateway retries:
 * first delivery about 0.3 s after the payment, then after 1 s, 2 s, 4 s, 8 s, 16 s and every
 * 60 s — 10 tries in all. The signed path is the notifyUrl's path and query.
 */
export interface PayNotification {
  orderId: string;
  tradeNo: string;
  amountFen: number;
  status: 'paid';
  channel: PayChannel;
  paidAt: string;
}

/**
 * GET /v1/pay/statements?date=YYYY-MM-DD (Beijing day, UTC+8) → the day's settled movements:
 * one 'pay' entry per paid order (by paidAt) and one 'refund' entry per refund (by refundedAt).
 */
export interface StatementEntry {
  orderId: string;
  tradeNo: string;
  type: 'pay' | 'refund';
  amountFen: number;
  at: string;
}

export interface Statement {
  date: string;
  entries: StatementEntry[];
}
