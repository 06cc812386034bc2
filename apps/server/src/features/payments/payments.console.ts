/** 支付订单 in the console: orders of the staff member's sites and below, and refunds (audited). */
import { UtilityErrorCodes, maskName, type AdminPaymentView } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { conflict, notFound } from '../../infra/errors.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import type { SitesService } from '../sites/sites.service.js';
import { toView } from './payments.orders.js';
import type { AdminOrderFilter, OrderRow, PaymentsRepository } from './payments.repository.js';
import type { Settlement } from './payments.settlement.js';
import type { PurposeRegistry } from './purposes.js';

export class PaymentsConsole {
  private readonly auditor: StaffAuditor;

  constructor(
    private readonly ctx: AppContext,
    private readonly sites: SitesService,
    private readonly repo: PaymentsRepository,
    private readonly purposes: PurposeRegistry,
    private readonly settlement: Settlement,
  ) {
    this.auditor = new StaffAuditor(ctx.audit);
  }

  private async adminView(rows: OrderRow[]): Promise<AdminPaymentView[]> {
    const ids = [...new Set(rows.map((r) => r.user_id))];
    const users = ids.length ? await this.ctx.db.selectFrom('users').select(['id', 'name_enc']).where('id', 'in', ids).execute() : [];
    const names = new Map(users.map((u) => [u.id, u.name_enc ? maskName(this.ctx.gm.decrypt(u.name_enc)) : '—']));
    return rows.map((r) => ({ ...toView(r, this.purposes), userName: names.get(r.user_id) ?? '—', siteCode: r.site_code, refundReason: r.refund_reason }));
  }

  async list(actor: Actor, q: Omit<AdminOrderFilter, 'sites'> & { site?: string; page: number; pageSize: number }): Promise<{ items: AdminPaymentView[]; total: number }> {
    const site = q.site ?? actor.staff.siteCode;
    await this.auditor.requireSite(actor, site, { action: 'payments.list', objectType: 'payment' });
    const { rows, total } = await this.repo.listAdmin({ ...q, sites: await this.sites.subtree(site) }, q.page, q.pageSize);
    return { items: await this.adminView(rows), total };
  }

  /** A refund by staff: the order's site must be theirs; the outcome, failed or not, is audited. */
  async refund(actor: Actor, orderId: string, reason: string): Promise<AdminPaymentView> {
    const row = await this.repo.byOrderId(orderId);
    if (!row) throw notFound('订单不存在');
    await this.auditor.requireSite(actor, row.site_code, { action: 'payments.refund', objectType: 'payment', objectId: orderId });
    // In the console a second refund is a mistake to point out (the order shows 已退款), not a no-op.
    if (row.status !== 'paid') throw conflict(UtilityErrorCodes.ORDER_NOT_REFUNDABLE, '只有已支付的订单可以退款');
    let after: OrderRow;
    try {
      after = await this.settlement.refund(row, reason);
    } catch (err) {
      await this.auditor.record(actor, { action: 'payments.refund', siteCode: row.site_code, objectType: 'payment', objectId: orderId, summary: `退款失败：${(err as Error).message}` }, 'failed');
      throw err;
    }
    await this.auditor.record(actor, { action: 'payments.refund', siteCode: row.site_code, objectType: 'payment', objectId: orderId, summary: `退款 ${(row.amount_fen / 100).toFixed(2)} 元：${reason}` });
    return (await this.adminView([after]))[0]!;
  }
}
