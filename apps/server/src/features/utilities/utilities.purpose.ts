/**
 * 水费 and 燃气费 as purposes of the payments core: a paid order is written off at the company (销账)
 * with the order id as idempotency key; the company refusing because the bills were already paid
 * (at its counter, or by another order) has the order refunded; a refund is reversed there first
 * (冲正), so the bills are due again before the money goes back. The calls go through the typed
 * UtilityConnector (answers checked at run time).
 */
import { BizCode, type WriteOffRequest } from '@dz/partner-protocol';
import type { AppContext } from '../../infra/context.js';
import { partnerUnavailable } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import { UtilityConnector } from '../../partners/connectors/utilities.js';
import { PartnerRefusal } from '../../partners/partner-client.js';
import type { PaymentPurpose, PurposeOrder } from '../payments/purposes.js';
import type { UtilityKind } from './utilities.service.js';

export function utilityPurpose(ctx: AppContext, kind: UtilityKind): PaymentPurpose {
  const biz = kind.biz;
  const company = new UtilityConnector(ctx.partners);
  return {
    biz,
    name: kind.subject,
    async settle(o: PurposeOrder) {
      const body: WriteOffRequest = { accountNo: o.ref, billIds: o.items, amountFen: o.amountFen, orderId: o.orderId, tradeNo: o.tradeNo ?? '', paidAt: o.paidAt ?? nowIso() };
      try {
        const r = await company.writeOff(biz, body, `writeoff-${o.orderId}`, { site: o.siteCode });
        return { receipt: r.receiptNo };
      } catch (err) {
        // Someone else paid these bills first: the money of this order is returned, never kept twice.
        if (err instanceof PartnerRefusal && err.partnerCode === BizCode.STATE_CONFLICT) return { refund: '账单已由其他渠道缴清，系统自动退款' };
        throw err;
      }
    },
    async reverse(o: PurposeOrder, reason: string) {
      try {
        await company.reverse(biz, { orderId: o.orderId, reason }, `reverse-${o.orderId}`, { site: o.siteCode });
      } catch (err) {
        // Nothing written off there after all: nothing to reverse.
        if (err instanceof PartnerRefusal && err.partnerCode === BizCode.NOT_FOUND) return;
        throw err instanceof PartnerRefusal ? err : partnerUnavailable('缴费单位系统暂不可用，冲正未完成，未退款，请稍后重试');
      }
    },
    describe: (o: PurposeOrder) => `${kind.label} ${o.ref} · ${o.items.length} 期账单`,
  };
}
