/**
 * The citizen's orders: created for a purpose by the feature that sells (水费, 挂号费 …), read in
 * 缴费记录 and on the result page, closed when unpaid (the 15-minute sweep, a changed selection, a
 * cancelled registration). Orders are in integer 分; states pending → paid | closed, paid → refunded.
 */
import { randomInt } from 'node:crypto';
import type { CreatePayOrder, CreatePayOrderResult } from '@dz/partner-protocol';
import { ORDER_TTL_MINUTES, UtilityErrorCodes, type CreatePaymentResponse, type PayChannel, type PaymentOrderView } from '@dz/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../infra/context.js';
import { badRequest, conflict, notFound, partnerUnavailable } from '../../infra/errors.js';
import { beijingStamp, nowIso } from '../../infra/time.js';
import { PartnerRefusal } from '../../partners/partner-client.js';
import type { PaymentGateway } from './payments.gateway.js';
import type { OrderRow, PaymentsRepository } from './payments.repository.js';
import type { PurposeRegistry } from './purposes.js';

const MINUTE = 60_000;
/** A pending order is asked about at the gateway when its owner looks at it after this long. */
const QUERY_AFTER_MS = 3000;
const SYNC_EVERY_MS = 5000;
/** The ref column's width (migration 0003). */
const REF_MAX = 32;

export interface NewOrder {
  userId: number;
  /** A registered purpose. */
  biz: string;
  /** The purpose's reference (户号, booking code …), ≤ 32 characters. */
  ref: string;
  /** What is paid for under the reference (bill ids, a slot …). */
  items: string[];
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

export const parseItems = (row: OrderRow): string[] => JSON.parse(row.items) as string[];

export function toView(row: OrderRow, purposes: PurposeRegistry): PaymentOrderView {
  return {
    orderId: row.order_id,
    status: row.status,
    biz: row.biz,
    bizName: purposes.name(row.biz),
    description: purposes.describe(row),
    subject: row.subject,
    accountNo: row.ref,
    billIds: parseItems(row),
    amountFen: row.amount_fen,
    channel: row.channel,
    payUrl: row.status === 'pending' ? row.pay_url : null,
    tradeNo: row.trade_no,
    writeOff: row.settle_status,
    receiptNo: row.settle_receipt,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    paidAt: row.paid_at,
    closedAt: row.closed_at,
    refundedAt: row.refunded_at,
  };
}

export class CitizenOrders {
  constructor(
    private readonly ctx: AppContext,
    private readonly repo: PaymentsRepository,
    private readonly purposes: PurposeRegistry,
    private readonly gateway: PaymentGateway,
    private readonly log: FastifyBaseLogger,
    /** Base URL at which the gateway reaches this server (notifications). */
    private readonly notifyBase: () => string,
  ) {}

  /**
   * Creates the order at the gateway and returns the cashier. The same user asking again for the
   * same items while an order is open gets that order back, so a double tap does not make two; an
   * open order of the same reference sharing an item is closed first (or refused, if it is another
   * user's or already paid), so nothing is paid twice.
   */
  async create(o: NewOrder): Promise<CreatePaymentResponse> {
    this.purposes.of(o.biz);
    if (!o.ref || o.ref.length > REF_MAX) throw badRequest('业务参考号不正确');
    const itemsKey = JSON.stringify([...o.items].sort());
    const now = Date.now();
    for (const open of await this.repo.openForRef(o.biz, o.ref)) {
      const taken = parseItems(open).some((b) => o.items.includes(b));
      if (!taken) continue;
      if (open.status === 'paid') throw conflict(UtilityErrorCodes.BILL_NOT_PAYABLE, '所选账单已缴费，缴费单位正在销账，请勿重复缴费');
      if (open.user_id !== o.userId) throw conflict(UtilityErrorCodes.PAYMENT_IN_PROGRESS, `该账单正在由他人缴纳，请${ORDER_TTL_MINUTES}分钟后再查询`);
      if (open.items === itemsKey && open.pay_url && Date.parse(open.expires_at) > now + MINUTE) {
        return { orderId: open.order_id, payUrl: open.pay_url, amountFen: open.amount_fen, expiresAt: open.expires_at };
      }
      // The citizen changed the selection: the older order is closed at the gateway first, so it
      // can no longer be paid alongside the new one.
      await this.gateway.close(open, o.requestId);
      const after = await this.repo.byOrderId(open.order_id);
      if (after?.status === 'paid') throw conflict(UtilityErrorCodes.BILL_NOT_PAYABLE, '所选账单刚刚已缴费成功，请刷新后查看');
    }

    const orderId = newOrderId(now);
    const expiresAt = new Date(now + ORDER_TTL_MINUTES * MINUTE).toISOString();
    const created = new Date(now).toISOString();
    const row: OrderRow = {
      id: 0,
      order_id: orderId,
      user_id: o.userId,
      biz: o.biz,
      ref: o.ref,
      items: itemsKey,
      amount_fen: o.amountFen,
      subject: o.subject,
      channel: o.channel,
      status: 'pending',
      trade_no: null,
      pay_url: null,
      settle_status: 'none',
      settle_attempts: 0,
      settle_error: null,
      settle_receipt: null,
      refund_id: null,
      refund_reason: null,
      site_code: o.site,
      created_at: created,
      updated_at: created,
      expires_at: expiresAt,
      paid_at: null,
      closed_at: null,
      refunded_at: null,
    };
    const { id: _id, ...insert } = row;
    await this.repo.insert(insert);
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
      result = await this.gateway.create(body, o.site, o.requestId);
    } catch (err) {
      // Nothing can have been charged: the order never reached a cashier. It is closed (and what
      // it held released) so that it does not wait 15 minutes, and the citizen may try again at once.
      await this.gateway.markClosed(row);
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
      await this.gateway.sync(row, requestId).catch((err: unknown) => this.log.warn({ err, orderId }, '查询支付平台订单状态失败'));
      row = (await this.repo.byOrderId(orderId))!;
    }
    return toView(row, this.purposes);
  }

  async list(userId: number, page: number, pageSize: number): Promise<{ items: PaymentOrderView[]; total: number }> {
    const { rows, total } = await this.repo.listByUser(userId, page, pageSize);
    return { items: rows.map((r) => toView(r, this.purposes)), total };
  }

  /**
   * Closes an unpaid order at the gateway and here (a registration cancelled before payment).
   * 'paid' when the gateway says it was paid after all (the caller then treats it as paid);
   * an order already closed or refunded is 'closed'.
   */
  async close(orderId: string, requestId: string): Promise<'closed' | 'paid'> {
    const row = await this.repo.byOrderId(orderId);
    if (!row) throw notFound('订单不存在');
    if (row.status === 'pending') await this.gateway.close(row, requestId);
    const after = (await this.repo.byOrderId(orderId))!;
    if (after.status === 'paid') return 'paid';
    if (after.status === 'pending') throw partnerUnavailable('统一支付平台暂不可用，订单未能关闭，请稍后重试');
    return 'closed';
  }

  /** Unpaid orders close after ORDER_TTL_MINUTES; a gateway that cannot be reached is retried next round. */
  async closeExpired(): Promise<number> {
    let closed = 0;
    for (const row of await this.repo.expiredPending(nowIso(), 100)) {
      try {
        await this.gateway.close(row);
        closed += 1;
      } catch (err) {
        this.log.warn({ err, orderId: row.order_id }, '关闭超时订单失败，稍后重试');
      }
    }
    return closed;
  }
}
