/**
 * 统一支付服务 (app.payments): the payments core. An order pays for a purpose — a biz registered by
 * the feature that sells (水费 and 燃气费 by utilities, 挂号费 by the medical zone) and a reference of
 * that purpose — in integer 分, through the unified payment gateway. The work is split by concern:
 *   - payments.orders.ts     the citizen's orders: create, read, close (15-minute sweep included);
 *   - payments.gateway.ts    the gateway's word: notifications, queries, closes, refunds;
 *   - payments.settlement.ts settling at the purpose's owner, its retries, reversing before a refund;
 *   - payments.console.ts    支付订单 in the console.
 * This class wires them and is what other features call.
 */
import type { AdminPaymentView, CreatePaymentResponse, PaymentOrderView } from '@dz/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../infra/context.js';
import { notFound } from '../../infra/errors.js';
import { PayConnector } from '../../partners/connectors/pay.js';
import type { Actor } from '../admin-auth/staff-guard.js';
import type { SitesService } from '../sites/sites.service.js';
import { PaymentsConsole } from './payments.console.js';
import { PaymentGateway, type NotifyOutcome } from './payments.gateway.js';
import { CitizenOrders, toView, type NewOrder } from './payments.orders.js';
import { PaymentsRepository, type AdminOrderFilter } from './payments.repository.js';
import { Settlement } from './payments.settlement.js';
import { PurposeRegistry, type PaymentPurpose } from './purposes.js';

export type { NewOrder } from './payments.orders.js';
export type { NotifyOutcome } from './payments.gateway.js';
export type { PaymentPurpose, PurposeOrder } from './purposes.js';

/** Who asks for a refund: the citizen who paid (their own order only), or staff (site-scoped, audited). */
export type RefundBy = { kind: 'citizen'; userId: number } | { kind: 'staff'; actor: Actor };

export class PaymentsService {
  readonly repo: PaymentsRepository;
  /** The registered purposes (对账 names each difference's purpose with them). */
  readonly purposes = new PurposeRegistry();
  private readonly gateway: PaymentGateway;
  private readonly settlement: Settlement;
  private readonly orders: CitizenOrders;
  private readonly console: PaymentsConsole;

  constructor(
    ctx: AppContext,
    sites: SitesService,
    private readonly log: FastifyBaseLogger,
    /** Base URL at which the gateway reaches this server (notifications). */
    notifyBase: () => string,
  ) {
    this.repo = new PaymentsRepository(ctx.db);
    // Settlement starts as soon as an order is paid; the sweep retries whatever did not settle.
    this.gateway = new PaymentGateway(ctx, new PayConnector(ctx.partners), this.repo, this.purposes, log, (orderId) => void this.settle(orderId));
    this.settlement = new Settlement(this.repo, this.purposes, this.gateway, log);
    this.orders = new CitizenOrders(ctx, this.repo, this.purposes, this.gateway, log, notifyBase);
    this.console = new PaymentsConsole(ctx, sites, this.repo, this.purposes, this.settlement);
  }

  // ---- for the features that sell --------------------------------------------------------------

  registerPurpose(p: PaymentPurpose): void {
    this.purposes.register(p);
  }

  /** An order for a registered purpose, at the gateway; the citizen pays at the returned cashier. */
  createOrder(o: NewOrder): Promise<CreatePaymentResponse> {
    return this.orders.create(o);
  }

  /** Closes an unpaid order at the gateway; 'paid' if it turned out paid. */
  closeOrder(orderId: string, requestId: string): Promise<'closed' | 'paid'> {
    return this.orders.close(orderId, requestId);
  }

  /**
   * Reverses at the purpose's owner, then refunds at the gateway. Refunding a refunded order is a
   * no-op returning it; anything but paid is 409 ORDER_NOT_REFUNDABLE.
   */
  async refundOrder(orderId: string, reason: string, by: RefundBy): Promise<PaymentOrderView> {
    const row = await this.repo.byOrderId(orderId);
    if (!row || (by.kind === 'citizen' && row.user_id !== by.userId)) throw notFound('订单不存在');
    if (row.status === 'refunded') return toView(row, this.purposes);
    if (by.kind === 'staff') return this.console.refund(by.actor, orderId, reason);
    return toView(await this.settlement.refund(row, reason), this.purposes);
  }

  // ---- citizen ---------------------------------------------------------------------------------

  get(userId: number, orderId: string, requestId: string): Promise<PaymentOrderView> {
    return this.orders.get(userId, orderId, requestId);
  }

  list(userId: number, page: number, pageSize: number): Promise<{ items: PaymentOrderView[]; total: number }> {
    return this.orders.list(userId, page, pageSize);
  }

  // ---- the gateway -----------------------------------------------------------------------------

  notify(headers: Record<string, string | string[] | undefined>, pathWithQuery: string, raw: string): Promise<{ code: string; message: string; outcome: NotifyOutcome }> {
    return this.gateway.notify(headers, pathWithQuery, raw);
  }

  // ---- background work -------------------------------------------------------------------------

  /** Settles a paid order at its owner now (also what the sweep retries). */
  async settle(orderId: string): Promise<void> {
    await this.settlement.settle(orderId).catch((err: unknown) => this.log.error({ err, orderId }, '入账处理出错'));
  }

  closeExpired(): Promise<number> {
    return this.orders.closeExpired();
  }

  retrySettlements(): Promise<void> {
    return this.settlement.retry();
  }

  // ---- console ---------------------------------------------------------------------------------

  adminList(actor: Actor, q: Omit<AdminOrderFilter, 'sites'> & { site?: string; page: number; pageSize: number }): Promise<{ items: AdminPaymentView[]; total: number }> {
    return this.console.list(actor, q);
  }

  adminRefund(actor: Actor, orderId: string, reason: string): Promise<AdminPaymentView> {
    return this.console.refund(actor, orderId, reason);
  }
}
