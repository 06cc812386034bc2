/** The signed API of the 统一支付平台: orders, close, refunds and the daily statement. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BizCode, ok, type CreatePayOrder, type CreatePayOrderResult, type PayChannel, type RefundRequest } from '@dz/partner-protocol';
import { httpUrl, isRecord, isoInstant, positiveInt, text } from '../../lib/body.js';
import { badRequest, idempotentWrites, refuse, sendEnvelope } from '../../protocol.js';
import type { Outcome } from '../utility/ledger.js';
import type { PartnerContext } from '../types.js';
import { PAY_CHANNELS, type PayGateway } from './gateway.js';

function answer<T>(reply: FastifyReply, outcome: Outcome<T>): FastifyReply {
  return outcome.ok ? sendEnvelope(reply, 200, ok(outcome.data)) : refuse(reply, outcome.code, outcome.message);
}

/** CreatePayOrder from a body, or the complaint (1004). Business limits are the gateway's (2004). */
function parseCreate(body: unknown): CreatePayOrder | string {
  if (!isRecord(body)) return '请求体应为 {orderId, amountFen, subject, channel, notifyUrl, returnUrl, expireAt}';
  const orderId = text(body.orderId, 64);
  if (!orderId) return 'orderId 必填，且不超过64个字符';
  const amountFen = positiveInt(body.amountFen);
  if (amountFen === null) return 'amountFen 应为正整数（分）';
  const subject = text(body.subject, 128);
  if (!subject) return 'subject 必填，且不超过128个字符';
  if (!PAY_CHANNELS.includes(body.channel as PayChannel)) return `channel 应为 ${PAY_CHANNELS.join('、')} 之一`;
  const notifyUrl = httpUrl(body.notifyUrl);
  if (!notifyUrl) return 'notifyUrl 应为 http(s) 地址';
  const returnUrl = httpUrl(body.returnUrl);
  if (!returnUrl) return 'returnUrl 应为 http(s) 地址';
  if (isoInstant(body.expireAt) === null) return 'expireAt 应为 ISO-8601 时间';
  return {
    orderId,
    amountFen,
    subject,
    channel: body.channel as PayChannel,
    notifyUrl: body.notifyUrl as string,
    returnUrl: body.returnUrl as string,
    expireAt: body.expireAt as string,
  };
}

function parseRefund(body: unknown): RefundRequest | string {
  if (!isRecord(body)) return '请求体应为 {orderId, refundId, amountFen, reason}';
  const orderId = text(body.orderId, 64);
  const refundId = text(body.refundId, 64);
  if (!orderId || !refundId) return 'orderId 与 refundId 必填，且不超过64个字符';
  const amountFen = positiveInt(body.amountFen);
  if (amountFen === null) return 'amountFen 应为正整数（分）';
  if (typeof body.reason !== 'string' || [...body.reason].length > 256) return 'reason 应为不超过256个字符的文本';
  return { orderId, refundId, amountFen, reason: body.reason };
}

/** Where browsers reach the sandbox: SANDBOX_PUBLIC_URL, else the host this request came to. */
function publicBase(ctx: PartnerContext, req: FastifyRequest): string {
  return ctx.publicUrl ?? `${req.protocol}://${req.host}`;
}

export async function payRoutes(app: FastifyInstance, ctx: PartnerContext, gateway: PayGateway): Promise<void> {
  const merchant = (req: FastifyRequest) => req.appKey ?? '';

  app.get<{ Params: { orderId: string } }>('/v1/pay/orders/:orderId', async (req, reply) => {
    const order = gateway.find(merchant(req), req.params.orderId);
    return order ? sendEnvelope(reply, 200, ok(gateway.view(order))) : refuse(reply, BizCode.NOT_FOUND, '订单不存在');
  });

  app.get<{ Querystring: { date?: string } }>('/v1/pay/statements', async (req, reply) => {
    const statement = typeof req.query.date === 'string' ? gateway.statement(merchant(req), req.query.date) : null;
    return statement ? sendEnvelope(reply, 200, ok(statement)) : badRequest(reply, 'date 应为 YYYY-MM-DD 格式的日期（北京时间）');
  });

  // Writes: Idempotency-Key required, a repeated key answers the stored result (protocol §4).
  await app.register(async (writes) => {
    idempotentWrites(writes, { now: ctx.now });

    writes.post('/v1/pay/orders', async (req, reply) => {
      const parsed = parseCreate(req.body);
      if (typeof parsed === 'string') return badRequest(reply, parsed);
      const created = gateway.create(merchant(req), parsed);
      if (!created.ok) return answer(reply, created);
      const result: CreatePayOrderResult = { tradeNo: created.data.tradeNo, cashierUrl: `${publicBase(ctx, req)}/cashier/${created.data.tradeNo}` };
      return sendEnvelope(reply, 200, ok(result));
    });

    writes.post<{ Params: { orderId: string } }>('/v1/pay/orders/:orderId/close', async (req, reply) => answer(reply, gateway.close(merchant(req), req.params.orderId)));

    writes.post('/v1/pay/refunds', async (req, reply) => {
      const parsed = parseRefund(req.body);
      if (typeof parsed === 'string') return badRequest(reply, parsed);
      return answer(reply, gateway.refund(merchant(req), parsed));
    });
  });
}
