/**
 * PayConnector: the typed client of the 统一支付平台 (`pay`) for the payments core — orders, queries,
 * closes, refunds and the daily statement — over the one signed partner client (timeouts, retries
 * of idempotent calls, breaker, call log, 接口管理's endpoint, which for the gateway is the
 * platform's own). The API is partner-protocol's pay.ts; notifications come the other way and are
 * verified by the payments core.
 *
 * Errors, as the payments core sees them:
 *   - a gateway that is down, slow or switched off → the partner client's 503 PARTNER_UNAVAILABLE;
 *   - a refusal (unknown order 2001, already paid 2002 on a close) → PartnerRefusal with `partnerCode`;
 *   - an answer without the protocol's shape → 502 PARTNER_BAD_ANSWER, checked here at run time: an
 *     order is never marked paid or refunded on an answer we could not read.
 *
 * Every path of the gateway is built here and nowhere else.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { CreatePayOrder, CreatePayOrderResult, GatewayOrder, RefundRequest, RefundResult, Statement } from '@dz/partner-protocol';
import type { PartnerClient } from '../partner-client.js';
import { checked, type Agrees, type CallMeta } from './common.js';

const BAD_ANSWER = '统一支付平台返回的数据格式有误，请稍后重试';

// ---- answer shapes, checked at run time (they mirror partner-protocol's interfaces) ------------

const Fen = Type.Integer({ minimum: 0 });
const Channel = Type.Union([Type.Literal('wechat'), Type.Literal('alipay'), Type.Literal('unionpay')]);
export const CreateAnswer = Type.Object({ tradeNo: Type.String({ minLength: 1, maxLength: 64 }), cashierUrl: Type.String({ minLength: 1, maxLength: 500, pattern: '^https?://' }) });
export const OrderAnswer = Type.Object({
  orderId: Type.String({ minLength: 1 }),
  tradeNo: Type.String(),
  amountFen: Fen,
  status: Type.Union([Type.Literal('pending'), Type.Literal('paid'), Type.Literal('closed'), Type.Literal('refunded')]),
  channel: Channel,
  paidAt: Type.Union([Type.String(), Type.Null()]),
  refundedAmountFen: Fen,
});
export const RefundAnswer = Type.Object({ refundId: Type.String({ minLength: 1 }), orderId: Type.String({ minLength: 1 }), status: Type.Literal('refunded'), refundedAt: Type.String({ minLength: 1 }) });
export const StatementAnswer = Type.Object({
  date: Type.String(),
  entries: Type.Array(
    Type.Object({ orderId: Type.String({ minLength: 1 }), tradeNo: Type.String(), type: Type.Union([Type.Literal('pay'), Type.Literal('refund')]), amountFen: Fen, at: Type.String() }),
    { maxItems: 200_000 },
  ),
});

// Compile-time check that the schemas and the protocol's interfaces agree.
const agree: [
  Agrees<Static<typeof CreateAnswer>, CreatePayOrderResult>,
  Agrees<Static<typeof OrderAnswer>, GatewayOrder>,
  Agrees<Static<typeof RefundAnswer>, RefundResult>,
  Agrees<Static<typeof StatementAnswer>, Statement>,
] = [true, true, true, true];
void agree;

// ---- the connector -----------------------------------------------------------------------------

const orderPath = (orderId: string) => `/v1/pay/orders/${encodeURIComponent(orderId)}`;

export class PayConnector {
  constructor(private readonly partners: PartnerClient) {}

  private async call<S extends TSchema>(operation: string, schema: S, call: { method: 'GET' | 'POST'; path: string; body?: unknown; idempotencyKey?: string }, meta: CallMeta): Promise<Static<S>> {
    // Reads, and writes that carry an idempotency key (or are idempotent by nature, like a close), are safe to retry.
    const answer = await this.partners.call<unknown>({ partner: 'pay', operation: `pay.${operation}`, idempotent: true, ...call, ...meta });
    return checked(schema, answer, 'pay', operation, BAD_ANSWER);
  }

  /** The order at the gateway: its trade and cashier. The same orderId again answers the same trade. */
  create(order: CreatePayOrder, meta: CallMeta): Promise<CreatePayOrderResult> {
    return this.call('create', CreateAnswer, { method: 'POST', path: '/v1/pay/orders', body: order, idempotencyKey: `order-${order.orderId}` }, meta);
  }

  /** The gateway's state of an order (a pending one past its expiry reads as closed). Unknown → PartnerRefusal 2001. */
  query(orderId: string, meta: CallMeta): Promise<GatewayOrder> {
    return this.call('query', OrderAnswer, { method: 'GET', path: orderPath(orderId) }, meta);
  }

  /** Closes an unpaid order so the cashier refuses it. Already paid → PartnerRefusal 2002. */
  close(orderId: string, meta: CallMeta): Promise<GatewayOrder> {
    return this.call('close', OrderAnswer, { method: 'POST', path: `${orderPath(orderId)}/close`, body: {} }, meta);
  }

  /** Full refund; the same refundId again answers the first refund, so money goes back once. */
  refund(request: RefundRequest, meta: CallMeta): Promise<RefundResult> {
    return this.call('refund', RefundAnswer, { method: 'POST', path: '/v1/pay/refunds', body: request, idempotencyKey: `refund-${request.refundId}` }, meta);
  }

  /** The settled movements of a Beijing day (YYYY-MM-DD): one entry per payment and per refund. */
  statement(day: string, meta: CallMeta): Promise<Statement> {
    return this.call('statement', StatementAnswer, { method: 'GET', path: `/v1/pay/statements?date=${encodeURIComponent(day)}` }, meta);
  }
}
