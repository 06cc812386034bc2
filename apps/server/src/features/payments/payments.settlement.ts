/**
 * Settlement: once paid, the purpose's owner is told (销账 at the company, 确认挂号 at the hospital),
 * retried in the background until it confirms. An owner that refuses for good (the bills were paid
 * by another order, the lock expired) gets the money returned rather than kept — nothing is ever
 * charged for what was not delivered. A refund of a settled order is undone at the owner first
 * (冲正 / 退号), so nothing is refunded that the owner still counts as paid.
 */
import { UtilityErrorCodes } from '@dz/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, conflict, partnerUnavailable } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import type { PaymentGateway } from './payments.gateway.js';
import type { OrderRow, PaymentsRepository } from './payments.repository.js';
import { toPurposeOrder, type PurposeRegistry } from './purposes.js';

const SETTLE_MAX_ATTEMPTS = 20;
/** A settlement is retried once it has been left alone this long (the first try runs at once). */
const RETRY_AFTER_MS = 10_000;

export class Settlement {
  constructor(
    private readonly repo: PaymentsRepository,
    private readonly purposes: PurposeRegistry,
    private readonly gateway: PaymentGateway,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Settles a paid order at its owner. Safe to repeat: purposes settle idempotently by the order id. */
  async settle(orderId: string): Promise<void> {
    const row = await this.repo.byOrderId(orderId);
    if (!row || row.status !== 'paid' || row.settle_status !== 'pending') return;
    const o = toPurposeOrder(row);
    try {
      const purpose = this.purposes.of(row.biz);
      const r = await purpose.settle(o);
      if ('refund' in r) {
        await this.repo.update(orderId, { settle_error: r.refund.slice(0, 300), updated_at: nowIso() });
        this.log.warn({ orderId, reason: r.refund }, '业务方拒绝入账，自动退款');
        // Still pending if the gateway cannot be reached: the next round settles again, is refused again, refunds.
        await this.gateway.refund(row, r.refund).catch((e: unknown) => this.log.error({ err: e, orderId }, '自动退款失败，请在控制台处理'));
        return;
      }
      // The hook before the mark: if it fails, the next round settles (idempotent) and calls it again.
      await purpose.settled?.(o, r.receipt);
      await this.repo.update(orderId, { settle_status: 'done', settle_receipt: r.receipt, settle_error: null, updated_at: nowIso() });
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 300) : '入账失败';
      await this.repo.update(orderId, { settle_attempts: row.settle_attempts + 1, settle_error: message, updated_at: nowIso() });
      this.log.warn({ err, orderId }, '业务方入账未成功，稍后重试');
    }
  }

  /** Settlements still to do, oldest attempts first; each is one settle(). */
  async retry(): Promise<void> {
    for (const row of await this.repo.settlementsDue(new Date(Date.now() - RETRY_AFTER_MS).toISOString(), SETTLE_MAX_ATTEMPTS, 50)) await this.settle(row.order_id);
  }

  /**
   * Full refund of a paid order: undone at the owner first when it was settled there; if the owner
   * cannot be reached, nothing is refunded and the order stays paid. A refunded order is returned
   * as it is (refunding twice refunds once).
   */
  async refund(row: OrderRow, reason: string): Promise<OrderRow> {
    if (row.status === 'refunded') return row;
    if (row.status !== 'paid') throw conflict(UtilityErrorCodes.ORDER_NOT_REFUNDABLE, '只有已支付的订单可以退款');
    try {
      if (row.settle_status === 'done') {
        await this.purposes.of(row.biz).reverse(toPurposeOrder(row), reason);
        await this.repo.update(row.order_id, { settle_status: 'none', updated_at: nowIso() });
      }
      return await this.gateway.refund(row, reason);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw partnerUnavailable('统一支付平台暂不可用，退款未完成，请稍后重试');
    }
  }
}
