/**
 * 统一支付服务: orders in integer 分 for the bills of the water and gas companies, paid through the
 * unified payment gateway.
 *
 * States: pending → paid | closed, paid → refunded. An order becomes paid only on the gateway's
 * word — a notification whose signature verifies and whose amount matches, or the gateway's answer
 * to our query — never on the browser coming back from the cashier. Every transition is one
 * conditional UPDATE, so a duplicate notification changes nothing. Once paid, the company is told
 * (销账) with the order id as idempotency key, retried in the background until it confirms; if it
 * refuses because another order already paid those bills, the duplicate payment is refunded.
 */
import { randomInt } from 'node:crypto';
import {
  BizCode,
  EnvelopeCode,
  verifyRequest,
  type CreatePayOrder,
  type CreatePayOrderResult,
  type GatewayOrder,
  type NonceStore,
  type PayNotification,
  type RefundResult,
  type ReverseResult,
  type WriteOffRequest,
  type WriteOffResult,
} from '@dz/partner-protocol';
import { ORDER_TTL_MINUTES, UtilityErrorCodes, maskName, type AdminPaymentView, type CreatePaymentResponse, type PayChannel, type PaymentBiz, type PaymentOrderView } from '@dz/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../infra/context.js';
import { AppError, conflict, notFound, partnerUnavailable } from '../../infra/errors.js';
import { beijingStamp, nowIso } from '../../infra/time.js';
import { PartnerRefusal } from '../../partners/partner-client.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import type { SitesService } from '../sites/sites.service.js';
import { PaymentsRepository, type AdminOrderFilter, type OrderRow } from './payments.repository.js';

const MINUTE = 60_000;
/** A pending order is asked about at the gateway when its owner looks at it after this long. */
const QUERY_AFTER_MS = 3000;
const SYNC_EVERY_MS = 5000;
const WRITEOFF_MAX_ATTEMPTS = 20;

export interface NewOrder {
  userId: number;
  biz: PaymentBiz;
  accountNo: string;
  billIds: string[];
  amountFen: number;
  subject: string;
  channel: PayChannel;
  site: string;
  /** Origin the citizen's browser uses, for the cashier's way back. */
  origin: string;
  requestId: string;
}

/** Orders are numbered DZ + Beijing time to the second + 6 random digits. */
function newOrderId(now = Date.now()): string {
  return `DZ${beijingStamp(now)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

export const parseBillIds = (row: OrderRow): string[] => JSON.parse(row.bill_ids) as string[];

export function toView(row: OrderRow): PaymentOrderView {
  return {
    orderId: row.order_id,
    status: row.status,
    biz: row.biz,
    subject: row.subject,
    accountNo: row.account_no,
    billIds: parseBillIds(row),
    amountFen: row.amount_fen,
    channel: row.channel,
    payUrl: row.status === 'pending' ? row.pay_url : null,
    tradeNo: row.trade_no,
    writeOff: row.writeoff_status,
    receiptNo: row.receipt_no,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    paidAt: row.paid_at,
    closedAt: row.closed_at,
    refundedAt: row.refunded_at,
  };
}

/** Replays are refused across instances: the nonce is remembered in the shared store. */
export class KvNonceStore implements NonceStore {
  constructor(private readonly ctx: AppContext) {}
  remember(appKey: string, nonce: string, ttlMs: number): Promise<boolean> {
    return this.ctx.kv.setIfAbsent(`pay-nonce:${appKey}:${nonce}`, '1', ttlMs);
  }
}

export type NotifyOutcome = 'accepted' | 'late' | 'duplicate' | 'bad_signature' | 'amount_mismatch' | 'unknown_order';

export class PaymentsService {
  readonly repo: PaymentsRepository;
  private readonly auditor: StaffAuditor;
  private readonly nonces: NonceStore;

  constructor(
    private readonly ctx: AppContext,
    private readonly sites: SitesService,
    private readonly log: FastifyBaseLogger,
    /** Base URL at which the gateway reaches this server (notifications). */
    private readonly notifyBase: () => string,
  ) {
    this.repo = new PaymentsRepository(ctx.db);
    this.auditor = new StaffAuditor(ctx.audit);
    this.nonces = new KvNonceStore(ctx);
  }

  // ---- citizen -----------------------------------------------------------------------------------

  /**
   * Creates the order at the gateway and returns the cashier. The same user asking again for the
   * same bills while an order is open gets that order back, so a double tap does not make two.
   */
  async create(o: NewOrder): Promise<CreatePaymentResponse> {
    const billKey = JSON.stringify([...o.billIds].sort());
    const now = Date.now();
    for (const open of await this.repo.openForAccount(o.biz, o.accountNo)) {
      const taken = parseBillIds(open).some((b) => o.billIds.includes(b));
      if (!taken) continue;
      if (open.status === 'paid') throw conflict(UtilityErrorCodes.BILL_NOT_PAYABLE, '所选账单已缴费，缴费单位正在销账，请勿重复缴费');
      if (open.user_id !== o.userId) throw conflict(UtilityErrorCodes.PAYMENT_IN_PROGRESS, `该账单正在由他人缴纳，请${ORDER_TTL_MINUTES}分钟后再查询`);
      if (open.bill_ids === billKey && open.pay_url && Date.parse(open.expires_at) > now + MINUTE) {
        return { orderId: open.order_id, payUrl: open.pay_url, amountFen: open.amount_fen, expiresAt: open.expires_at };
      }
      // The citizen changed the selection: the older order is closed at the gateway first, so it
      // can no longer be paid alongside the new one.
      await this.closeAtGateway(open, o.requestId);
      const after = await this.repo.byOrderId(open.order_id);
      if (after?.status === 'paid') throw conflict(UtilityErrorCodes.BILL_NOT_PAYABLE, '所选账单刚刚已缴费成功，请刷新后查看');
    }

    const orderId = newOrderId(now);
    const expiresAt = new Date(now + ORDER_TTL_MINUTES * MINUTE).toISOString();
    const created = new Date(now).toISOString();
    await this.repo.insert({
      order_id: orderId,
      user_id: o.userId,
      biz: o.biz,
      account_no: o.accountNo,
      bill_ids: billKey,
      amount_fen: o.amountFen,
      subject: o.subject,
      channel: o.channel,
      status: 'pending',
      trade_no: null,
      pay_url: null,
      writeoff_status: 'none',
      writeoff_attempts: 0,
      writeoff_error: null,
      receipt_no: null,
      refund_id: null,
      refund_reason: null,
      site_code: o.site,
      created_at: created,
      updated_at: created,
      expires_at: expiresAt,
      paid_at: null,
      closed_at: null,
      refunded_at: null,
    });
    const body: CreatePayOrder = {
      orderId,
      amountFen: o.amountFen,
      subject: o.subject,
      channel: o.channel,
      notifyUrl: `${this.notifyBase().replace(/\/$/, '')}/api/payments/notify`,
      returnUrl: `${o.origin}/payments/result?orderId=${orderId}`,
      expireAt: expiresAt,
    };
    let result: CreatePayOrderResult;
    try {
      result = await this.ctx.partners.call<CreatePayOrderResult>({
        partner: 'pay',
        operation: 'pay.create',
        method: 'POST',
        path: '/v1/pay/orders',
        body,
        idempotent: true,
        idempotencyKey: `order-${orderId}`,
        site: o.site,
        requestId: o.requestId,
      });
    } catch (err) {
      // Nothing can have been charged: the order never reached a cashier. It is closed so that it
      // does not wait 15 minutes, and the citizen may try again at once.
      await this.repo.transition(orderId, ['pending'], { status: 'closed', closed_at: nowIso(), updated_at: nowIso() });
      if (err instanceof PartnerRefusal) throw err;
      throw partnerUnavailable('统一支付平台暂不可用，本次未扣款，请稍后重试');
    }
    await this.repo.update(orderId, { trade_no: result.tradeNo, pay_url: result.cashierUrl, updated_at: nowIso() });
    return { orderId, payUrl: result.cashierUrl, amountFen: o.amountFen, expiresAt };
  }

  /** The owner's order. A pending one is asked about at the gateway, in case a notification is late. */
  async get(userId: number, orderId: string, requestId: string): Promise<PaymentOrderView> {
    let row = await this.repo.byOrderId(orderId);
    if (!row || row.user_id !== userId) throw notFound('订单不存在');
    // The result page polls; the gateway is asked at most once per SYNC_EVERY_MS per order.
    if (row.status === 'pending' && Date.now() - Date.parse(row.created_at) > QUERY_AFTER_MS && (await this.ctx.kv.setIfAbsent(`pay-sync:${orderId}`, '1', SYNC_EVERY_MS))) {
      await this.syncFromGateway(row, requestId).catch((err: unknown) => this.log.warn({ err, orderId }, '查询支付平台订单状态失败'));
      row = (await this.repo.byOrderId(orderId))!;
    }
    return toView(row);
  }

  async list(userId: number, page: number, pageSize: number): Promise<{ items: PaymentOrderView[]; total: number }> {
    const { rows, total } = await this.repo.listByUser(userId, page, pageSize);
    return { items: rows.map(toView), total };
  }

  // ---- the gateway's word --------------------------------------------------------------------------

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
    const set = { status: 'paid' as const, trade_no: tradeNo, paid_at: at, writeoff_status: 'pending' as const, updated_at: nowIso() };
    if (await this.repo.transition(row.order_id, ['pending'], set)) {
      void this.writeOff(row.order_id);
      return 'accepted';
    }
    if (await this.repo.transition(row.order_id, ['closed'], set)) {
      this.log.warn({ orderId: row.order_id }, '已关闭的订单收到支付成功通知，按支付平台结果入账');
      void this.writeOff(row.order_id);
      return 'late';
    }
    return 'duplicate';
  }

  /** Asks the gateway about a pending order and takes its word: paid → paid, closed → closed. */
  async syncFromGateway(row: OrderRow, requestId?: string): Promise<void> {
    const g = await this.ctx.partners.call<GatewayOrder>({
      partner: 'pay',
      operation: 'pay.query',
      method: 'GET',
      path: `/v1/pay/orders/${encodeURIComponent(row.order_id)}`,
      idempotent: true,
      timeoutMs: 2000,
      site: row.site_code,
      requestId,
    });
    if (g.status === 'paid' && g.amountFen === row.amount_fen && g.paidAt) await this.markPaid(row, g.tradeNo, g.paidAt);
    else if (g.status === 'closed') await this.repo.transition(row.order_id, ['pending'], { status: 'closed', closed_at: nowIso(), updated_at: nowIso() });
  }

  /** Closes an order at the gateway, then here; if the gateway says it was paid, it is paid. */
  private async closeAtGateway(row: OrderRow, requestId?: string): Promise<void> {
    try {
      if (row.trade_no) {
        await this.ctx.partners.call<GatewayOrder>({ partner: 'pay', operation: 'pay.close', method: 'POST', path: `/v1/pay/orders/${encodeURIComponent(row.order_id)}/close`, body: {}, idempotent: true, site: row.site_code, requestId });
      }
      await this.repo.transition(row.order_id, ['pending'], { status: 'closed', closed_at: nowIso(), updated_at: nowIso() });
    } catch (err) {
      if (err instanceof PartnerRefusal && err.partnerCode === BizCode.STATE_CONFLICT) {
        await this.syncFromGateway(row, requestId);
        return;
      }
      if (err instanceof PartnerRefusal && err.partnerCode === BizCode.NOT_FOUND) {
        await this.repo.transition(row.order_id, ['pending'], { status: 'closed', closed_at: nowIso(), updated_at: nowIso() });
        return;
      }
      throw err;
    }
  }

  /** Tells the company about the payment (销账). Safe to repeat: the order id is the idempotency key. */
  async writeOff(orderId: string): Promise<void> {
    const row = await this.repo.byOrderId(orderId);
    if (!row || row.status !== 'paid' || row.writeoff_status !== 'pending') return;
    const body: WriteOffRequest = { accountNo: row.account_no, billIds: parseBillIds(row), amountFen: row.amount_fen, orderId: row.order_id, tradeNo: row.trade_no ?? '', paidAt: row.paid_at ?? nowIso() };
    try {
      const r = await this.ctx.partners.call<WriteOffResult>({
        partner: row.biz,
        operation: `${row.biz}.writeoff`,
        method: 'POST',
        path: `/v1/${row.biz}/payments`,
        body,
        idempotent: true,
        idempotencyKey: `writeoff-${row.order_id}`,
        site: row.site_code,
      });
      await this.repo.update(row.order_id, { writeoff_status: 'done', receipt_no: r.receiptNo, writeoff_error: null, updated_at: nowIso() });
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 300) : '销账失败';
      await this.repo.update(row.order_id, { writeoff_attempts: row.writeoff_attempts + 1, writeoff_error: message, updated_at: nowIso() });
      if (err instanceof PartnerRefusal && err.partnerCode === BizCode.STATE_CONFLICT) {
        // Someone else paid these bills first (at the counter, or another order): the money of
        // this order is returned rather than kept — a bill is never charged twice.
        this.log.warn({ orderId }, '账单已由其他渠道缴清，自动退款');
        await this.refundAtGateway(row, '账单已由其他渠道缴清，系统自动退款').catch((e: unknown) => this.log.error({ err: e, orderId }, '自动退款失败，请在控制台处理'));
      } else {
        this.log.warn({ err, orderId }, '销账未成功，稍后重试');
      }
    }
  }

  private async reverseAtCompany(row: OrderRow, reason: string): Promise<void> {
    try {
      await this.ctx.partners.call<ReverseResult>({
        partner: row.biz,
        operation: `${row.biz}.reverse`,
        method: 'POST',
        path: `/v1/${row.biz}/payments/reverse`,
        body: { orderId: row.order_id, reason },
        idempotent: true,
        idempotencyKey: `reverse-${row.order_id}`,
        site: row.site_code,
      });
    } catch (err) {
      // Nothing written off there after all: nothing to reverse.
      if (!(err instanceof PartnerRefusal && err.partnerCode === BizCode.NOT_FOUND)) {
        throw err instanceof PartnerRefusal ? err : partnerUnavailable('缴费单位系统暂不可用，冲正未完成，未退款，请稍后重试');
      }
    }
    await this.repo.update(row.order_id, { writeoff_status: 'none', updated_at: nowIso() });
  }

  private async refundAtGateway(row: OrderRow, reason: string): Promise<OrderRow> {
    const refundId = row.refund_id ?? `RF${row.order_id.slice(2)}`;
    await this.repo.update(row.order_id, { refund_id: refundId });
    const r = await this.ctx.partners.call<RefundResult>({
      partner: 'pay',
      operation: 'pay.refund',
      method: 'POST',
      path: '/v1/pay/refunds',
      body: { orderId: row.order_id, refundId, amountFen: row.amount_fen, reason },
      idempotent: true,
      idempotencyKey: `refund-${refundId}`,
      site: row.site_code,
    });
    await this.repo.transition(row.order_id, ['paid'], { status: 'refunded', refunded_at: r.refundedAt, refund_reason: reason, updated_at: nowIso() });
    // A refunded order is never written off: a write-off still waiting is dropped.
    await this.repo.dropPendingWriteOff(row.order_id);
    return (await this.repo.byOrderId(row.order_id))!;
  }

  // ---- background work --------------------------------------------------------------------------------

  /** Unpaid orders close after ORDER_TTL_MINUTES; a gateway that cannot be reached is retried next round. */
  async closeExpired(): Promise<number> {
    let closed = 0;
    for (const row of await this.repo.expiredPending(nowIso(), 100)) {
      try {
        await this.closeAtGateway(row);
        closed += 1;
      } catch (err) {
        this.log.warn({ err, orderId: row.order_id }, '关闭超时订单失败，稍后重试');
      }
    }
    return closed;
  }

  async retryWriteOffs(): Promise<void> {
    for (const row of await this.repo.writeOffsDue(new Date(Date.now() - 10_000).toISOString(), WRITEOFF_MAX_ATTEMPTS, 50)) await this.writeOff(row.order_id);
  }

  // ---- console ------------------------------------------------------------------------------------

  private async adminView(rows: OrderRow[]): Promise<AdminPaymentView[]> {
    const ids = [...new Set(rows.map((r) => r.user_id))];
    const users = ids.length ? await this.ctx.db.selectFrom('users').select(['id', 'name_enc']).where('id', 'in', ids).execute() : [];
    const names = new Map(users.map((u) => [u.id, u.name_enc ? maskName(this.ctx.gm.decrypt(u.name_enc)) : '—']));
    return rows.map((r) => ({ ...toView(r), userName: names.get(r.user_id) ?? '—', siteCode: r.site_code, refundReason: r.refund_reason }));
  }

  async adminList(actor: Actor, q: Omit<AdminOrderFilter, 'sites'> & { site?: string; page: number; pageSize: number }): Promise<{ items: AdminPaymentView[]; total: number }> {
    const site = q.site ?? actor.staff.siteCode;
    await this.auditor.requireSite(actor, site, { action: 'payments.list', objectType: 'payment' });
    const { rows, total } = await this.repo.listAdmin({ ...q, sites: await this.sites.subtree(site) }, q.page, q.pageSize);
    return { items: await this.adminView(rows), total };
  }

  async adminRefund(actor: Actor, orderId: string, reason: string): Promise<AdminPaymentView> {
    const row = await this.repo.byOrderId(orderId);
    if (!row) throw notFound('订单不存在');
    await this.auditor.requireSite(actor, row.site_code, { action: 'payments.refund', objectType: 'payment', objectId: orderId });
    if (row.status !== 'paid') throw conflict(UtilityErrorCodes.ORDER_NOT_REFUNDABLE, '只有已支付的订单可以退款');
    let after: OrderRow;
    try {
      // A payment the company has written off is reversed there first (冲正), so the bills are due
      // again before the money goes back; if the company cannot be reached, nothing is refunded.
      if (row.writeoff_status === 'done') await this.reverseAtCompany(row, reason);
      after = await this.refundAtGateway(row, reason);
    } catch (err) {
      await this.auditor.record(actor, { action: 'payments.refund', siteCode: row.site_code, objectType: 'payment', objectId: orderId, summary: `退款失败：${(err as Error).message}` }, 'failed');
      if (err instanceof AppError) throw err;
      throw partnerUnavailable('统一支付平台暂不可用，退款未完成，请稍后重试');
    }
    await this.auditor.record(actor, { action: 'payments.refund', siteCode: row.site_code, objectType: 'payment', objectId: orderId, summary: `退款 ${(row.amount_fen / 100).toFixed(2)} 元：${reason}` });
    return (await this.adminView([after]))[0]!;
  }
}
