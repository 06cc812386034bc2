/**
 * The gateway's side of an order: its creation at the 统一支付平台, the gateway's word on payment
 * (a notification whose signature verifies and whose amount matches, or the answer to our query —
 * never the browser coming back from the cashier), closing and refunding there. Every transition is
 * one conditional UPDATE, so a duplicate notification or a second refund changes nothing.
 */
import { BizCode, EnvelopeCode, verifyRequest, type CreatePayOrder, type CreatePayOrderResult, type NonceStore, type PayNotification } from '@dz/partner-protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../infra/context.js';
import { nowIso } from '../../infra/time.js';
import type { PayConnector } from '../../partners/connectors/pay.js';
import { PartnerRefusal } from '../../partners/partner-client.js';
import type { OrderRow, PaymentsRepository } from './payments.repository.js';
import { toPurposeOrder, type PurposeRegistry } from './purposes.js';

/** Replays are refused across instances: the nonce is remembered in the shared store. */
export class KvNonceStore implements NonceStore {
  constructor(private readonly ctx: AppContext) {}
  remember(appKey: string, nonce: string, ttlMs: number): Promise<boolean> {
    return this.ctx.kv.setIfAbsent(`pay-nonce:${appKey}:${nonce}`, '1', ttlMs);
  }
}

export type NotifyOutcome = 'accepted' | 'late' | 'duplicate' | 'bad_signature' | 'amount_mismatch' | 'unknown_order';

export class PaymentGateway {
  private readonly nonces: NonceStore;

  constructor(
    private readonly ctx: AppContext,
    private readonly pay: PayConnector,
    private readonly repo: PaymentsRepository,
    private readonly purposes: PurposeRegistry,
    private readonly log: FastifyBaseLogger,
    /** Called once an order became paid: settlement at the purpose's owner starts. */
    private readonly onPaid: (orderId: string) => void,
  ) {
    this.nonces = new KvNonceStore(ctx);
  }

  /** The order at the gateway: its trade and cashier. Idempotent by the order id. */
  create(body: CreatePayOrder, site: string, requestId: string): Promise<CreatePayOrderResult> {
    return this.pay.create(body, { site, requestId });
  }

  /**
   * The gateway's asynchronous notification. Answers the envelope the gateway expects: 0000 once
   * recorded (a duplicate too, so it stops retrying); anything else makes it retry.
   */
  async notify(headers: Record<string, string | string[] | undefined>, pathWithQuery: string, raw: string): Promise<{ code: string; message: string; outcome: NotifyOutcome }> {
    let n: PayNotification;
    try {
      n = JSON.parse(raw) as PayNotification;
    } catch {
      return { code: EnvelopeCode.BAD_REQUEST, message: 'body is not JSON', outcome: 'bad_signature' };
    }
    const orderId = typeof n.orderId === 'string' ? n.orderId : '';
    const row = orderId ? await this.repo.byOrderId(orderId) : undefined;
    // The gateway's key as the platform configured it, whatever site the order belongs to: a key
    // of a county's choosing must never be able to declare an order paid.
    const ep = await this.ctx.partnerEndpoints.resolve('pay', undefined);
    const v = await verifyRequest({ headers, method: 'POST', pathWithQuery, body: raw, secretFor: (k) => (k === ep.appKey ? ep.secret : undefined), nonces: this.nonces });
    const record = (outcome: NotifyOutcome) => this.repo.recordNotification(orderId || '?', String(n.tradeNo ?? ''), Number.isSafeInteger(n.amountFen) ? n.amountFen : -1, outcome);
    if (!v.ok) {
      await record('bad_signature');
      this.log.warn({ orderId, code: v.code }, '支付通知签名校验失败，已拒绝');
      return { code: v.code, message: v.message, outcome: 'bad_signature' };
    }
    if (!row) {
      await record('unknown_order');
      return { code: BizCode.NOT_FOUND, message: 'unknown order', outcome: 'unknown_order' };
    }
    if (n.status !== 'paid' || n.amountFen !== row.amount_fen || (row.trade_no && n.tradeNo !== row.trade_no)) {
      await record('amount_mismatch');
      this.log.error({ orderId, expected: row.amount_fen, got: n.amountFen }, '支付通知金额或交易号不符，未入账');
      return { code: BizCode.AMOUNT_MISMATCH, message: 'amount or trade does not match the order', outcome: 'amount_mismatch' };
    }
    const outcome = await this.markPaid(row, n.tradeNo, n.paidAt);
    await record(outcome);
    return { code: EnvelopeCode.OK, message: 'ok', outcome };
  }

  /** pending (or closed, when the gateway took the money anyway) → paid; 'duplicate' when already so. */
  private async markPaid(row: OrderRow, tradeNo: string, paidAt: string): Promise<NotifyOutcome> {
    const at = Number.isNaN(Date.parse(paidAt)) ? nowIso() : new Date(paidAt).toISOString();
    const set = { status: 'paid' as const, trade_no: tradeNo, paid_at: at, settle_status: 'pending' as const, updated_at: nowIso() };
    if (await this.repo.transition(row.order_id, ['pending'], set)) {
      this.onPaid(row.order_id);
      return 'accepted';
    }
    // A closed order's purpose has released what it held; its settle refuses, and the order is refunded.
    if (await this.repo.transition(row.order_id, ['closed'], set)) {
      this.log.warn({ orderId: row.order_id }, '已关闭的订单收到支付成功通知，按支付平台结果入账');
      this.onPaid(row.order_id);
      return 'late';
    }
    return 'duplicate';
  }

  /** Asks the gateway about a pending order and takes its word: paid → paid, closed → closed. */
  async sync(row: OrderRow, requestId?: string): Promise<void> {
    const g = await this.pay.query(row.order_id, { site: row.site_code, requestId, timeoutMs: 2000 });
    if (g.status === 'paid' && g.amountFen === row.amount_fen && g.paidAt) await this.markPaid(row, g.tradeNo, g.paidAt);
    else if (g.status === 'closed') await this.markClosed(row);
  }

  /**
   * pending → closed here, and the purpose releases what the order held. Only the caller whose
   * UPDATE moved the order calls the hook, so it runs once whoever closes (sweep, replace, cancel).
   */
  async markClosed(row: OrderRow): Promise<boolean> {
    if (!(await this.repo.transition(row.order_id, ['pending'], { status: 'closed', closed_at: nowIso(), updated_at: nowIso() }))) return false;
    const hook = this.purposes.find(row.biz)?.closed;
    // The close stands whatever the hook does: what it holds has its own expiry (a lock, a hold).
    if (hook) await hook(toPurposeOrder(row)).catch((err: unknown) => this.log.warn({ err, orderId: row.order_id }, '订单关闭后释放占用失败'));
    return true;
  }

  /** Closes an order at the gateway, then here; if the gateway says it was paid, it is paid. */
  async close(row: OrderRow, requestId?: string): Promise<void> {
    try {
      if (row.trade_no) await this.pay.close(row.order_id, { site: row.site_code, requestId });
      await this.markClosed(row);
    } catch (err) {
      if (err instanceof PartnerRefusal && err.partnerCode === BizCode.STATE_CONFLICT) {
        await this.sync(row, requestId);
        return;
      }
      if (err instanceof PartnerRefusal && err.partnerCode === BizCode.NOT_FOUND) {
        await this.markClosed(row);
        return;
      }
      throw err;
    }
  }

  /**
   * Full refund at the gateway, then paid → refunded here. The refund id is derived from the order,
   * so the gateway answers a second request with the first refund: money goes back once, and only
   * the caller whose UPDATE moved the order runs the purpose's `refunded` hook.
   */
  async refund(row: OrderRow, reason: string): Promise<OrderRow> {
    const refundId = row.refund_id ?? `RF${row.order_id.slice(2)}`;
    await this.repo.update(row.order_id, { refund_id: refundId });
    const r = await this.pay.refund({ orderId: row.order_id, refundId, amountFen: row.amount_fen, reason }, { site: row.site_code });
    const moved = await this.repo.markRefunded(row.order_id, { refunded_at: r.refundedAt, refund_reason: reason, updated_at: nowIso() });
    const after = (await this.repo.byOrderId(row.order_id))!;
    const hook = this.purposes.find(row.biz)?.refunded;
    if (moved && hook) await hook(toPurposeOrder(after)).catch((err: unknown) => this.log.error({ err, orderId: row.order_id }, '退款后通知业务失败'));
    return after;
  }
}
