/**
 * 水费 / 燃气费: accounts matched by the citizen's identity at the company, bills by account number,
 * and payment of chosen bills through the unified payments. The two companies differ only in names
 * (their APIs are one, behind the UtilityConnector), so one service serves both, configured by a
 * UtilityKind.
 */
import type { BilledUtility, BillsResult, UtilityAccount } from '@dz/partner-protocol';
import { BizCode } from '@dz/partner-protocol';
import { UtilityErrorCodes, maskAddress, type BillView, type CreatePaymentResponse, type PayChannel, type PayUnit, type PaymentBiz, type PaymentRecordView } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, conflict, tooMany } from '../../infra/errors.js';
import { beijingDay } from '../../infra/time.js';
import { TtlCache } from '../../infra/ttl-cache.js';
import { PartnerRefusal } from '../../partners/partner-client.js';
import type { UtilityConnector } from '../../partners/connectors/utilities.js';
import type { PaymentsService } from '../payments/payments.service.js';
import { UtilitiesRepository } from './utilities.repository.js';
import { verifiedIdentity } from './verified-identity.js';

export interface UtilityKind {
  /** The company (its partner system) and the payment purpose of its bills. */
  biz: BilledUtility & PaymentBiz;
  /** What the account number is called on screen. */
  label: string;
  subject: string;
}

export const WATER: UtilityKind = { biz: 'water', label: '卡号', subject: '水费' };

export const GAS: UtilityKind = { biz: 'gas', label: '燃气用户编号', subject: '燃气费' };

export interface CallMeta {
  site: string;
  requestId: string;
}

export interface Bills {
  accountNo: string;
  holderName: string;
  address: string;
  unitName: string;
  amountDueFen: number;
  bills: BillView[];
  payments: PaymentRecordView[];
}

/** A lock per account for the moment an order is created, so two taps cannot make two orders. */
const CREATE_LOCK_MS = 5000;
/**
 * Anyone may look up bills by account number (the seed asks for it), so one citizen may look up
 * at most this many different account numbers a day: enough for a family and its landlord, too few
 * to walk the number space.
 */
export const DISTINCT_ACCOUNTS_PER_DAY = 30;
const DAY_MS = 86_400_000;
/**
 * A citizen flipping between 水费 pages asks for the same account's bills again and again; the
 * company's answer is kept this long per (site, account) in the process. A payment made through
 * us shows at once all the same: an entry is served only while our orders for that account are
 * exactly as they were when it was stored (see `ordersStamp`). A payment at the company's own
 * counter shows after at most this long. Failures are never kept.
 */
export const BILLS_TTL_MS = 30_000;
const BILLS_MAX = 5_000;

export class UtilitiesService {
  constructor(
    private readonly ctx: AppContext,
    private readonly payments: PaymentsService,
    private readonly company: UtilityConnector,
    readonly kind: UtilityKind,
  ) {}

  private readonly billCache = new TtlCache<BillsResult>(BILLS_TTL_MS, BILLS_MAX);
  private readonly inFlight = new Map<string, Promise<BillsResult>>();
  /** Accounts already counted today by this process: the shared store is asked once per day, not per query. */
  private counted = { day: '', keys: new Set<string>() };

  async accounts(userId: number, meta: CallMeta): Promise<{ accounts: UtilityAccount[]; units: PayUnit[] }> {
    const who = await verifiedIdentity(this.ctx, userId, `${this.kind.subject}户号自动匹配`);
    const [accounts, units] = await Promise.all([this.company.accounts(this.kind.biz, who.idNumber, meta), this.company.units(this.kind.biz, meta)]);
    return { accounts: accounts.accounts, units: units.units };
  }

  private async fetchBills(accountNo: string, meta: CallMeta): Promise<BillsResult> {
    try {
      return await this.company.bills(this.kind.biz, accountNo, meta);
    } catch (err) {
      if (err instanceof PartnerRefusal && err.partnerCode === BizCode.NOT_FOUND) {
        throw new AppError(404, UtilityErrorCodes.ACCOUNT_NOT_FOUND, `未查询到该${this.kind.label}，请核对后重新输入`);
      }
      throw err;
    }
  }

  private async countDistinct(userId: number, accountNo: string): Promise<void> {
    const day = beijingDay();
    const seen = `billq:${this.kind.biz}:${userId}:${day}`;
    if (this.counted.day !== day) this.counted = { day, keys: new Set() };
    if (this.counted.keys.has(`${seen}:${accountNo}`)) return;
    if (!(await this.ctx.kv.setIfAbsent(`${seen}:${accountNo}`, '1', DAY_MS))) {
      this.remember(`${seen}:${accountNo}`);
      return;
    }
    if ((await this.ctx.kv.incr(seen, DAY_MS)) > DISTINCT_ACCOUNTS_PER_DAY) {
      await this.ctx.kv.del(`${seen}:${accountNo}`);
      throw tooMany(`今天查询的${this.kind.label}已达${DISTINCT_ACCOUNTS_PER_DAY}个，请明天再试`, 3600);
    }
    this.remember(`${seen}:${accountNo}`);
  }

  private remember(key: string): void {
    // Bounded like the caches: past this many a day, the shared store is simply asked again.
    if (this.counted.keys.size < 50_000) this.counted.keys.add(key);
  }

  /**
   * Every order we hold for the account, as one string: a new order, a payment, a write-off, a
   * close or a refund each changes it, so it tells whether a kept answer from the company may
   * still be shown. Read from the shared database on every query (a few rows per account, on
   * ix_payment_orders_account), so it holds across instances.
   */
  private async orders(accountNo: string) {
    const rows = await new UtilitiesRepository(this.ctx.db).ordersOfAccount(this.kind.biz, accountNo);
    return {
      stamp: rows.map((o) => `${o.order_id}:${o.status}:${o.settle_status}`).join(','),
      // Paid through us, not yet written off at the company: shown as 正在销账, not payable.
      settling: new Set(rows.filter((o) => o.status === 'paid' && o.settle_status === 'pending').flatMap((o) => JSON.parse(o.items) as string[])),
    };
  }

  private async billsOf(accountNo: string, meta: CallMeta, stamp: string, fresh: boolean): Promise<BillsResult> {
    if (fresh) return this.fetchBills(accountNo, meta);
    const key = `${meta.site}:${accountNo}`;
    // The orders and the endpoint configuration both stamp the memo: either changing misses it.
    stamp = `${stamp}\u0000${await this.ctx.partnerEndpoints.identity(this.kind.biz, meta.site)}`;
    const kept = this.billCache.get(key, stamp);
    if (kept) return kept;
    // Queries of one account that miss together share one call to the company: when the memo of a
    // much-viewed account runs out under load, the company gets one question, not hundreds (which
    // at 500 users timed out into 503s). The call log names the first request's id.
    const flight = `${key}\u0000${stamp}`;
    let call = this.inFlight.get(flight);
    if (!call) {
      call = this.fetchBills(accountNo, meta).finally(() => this.inFlight.delete(flight));
      this.inFlight.set(flight, call);
    }
    const r = await call;
    this.billCache.set(key, stamp, r);
    return r;
  }

  /**
   * Bills as the company has them, with the ones our paid orders are settling marked as such. The
   * address is shown only to the street: the account may be anyone's.
   */
  async bills(userId: number, accountNo: string, meta: CallMeta, fresh = false): Promise<Bills> {
    await this.countDistinct(userId, accountNo);
    const { stamp, settling } = await this.orders(accountNo);
    const r = await this.billsOf(accountNo, meta, stamp, fresh);
    const bills: BillView[] = r.bills.map((b) => ({ ...b, settling: b.status === 'unpaid' && settling.has(b.billId) }));
    return {
      accountNo: r.account.accountNo,
      holderName: r.account.holderName,
      address: maskAddress(r.account.address),
      unitName: r.account.unitName,
      amountDueFen: bills.filter((b) => b.status === 'unpaid' && !b.settling).reduce((s, b) => s + b.amountFen, 0),
      bills,
      payments: r.payments,
    };
  }

  /**
   * Pays chosen bills. The amount is what the company says those bills come to, never a figure from
   * the client; bills already paid or being settled cannot be chosen.
   */
  async pay(userId: number, accountNo: string, billIds: string[], channel: PayChannel, origin: string, meta: CallMeta): Promise<CreatePaymentResponse> {
    const lock = `paylock:${this.kind.biz}:${accountNo}`;
    if (!(await this.ctx.kv.setIfAbsent(lock, String(userId), CREATE_LOCK_MS))) throw tooMany('正在为该户号创建订单，请稍候', Math.ceil(CREATE_LOCK_MS / 1000));
    try {
      // Fresh from the company: the amount charged is never a kept figure.
      const current = await this.bills(userId, accountNo, meta, true);
      const chosen = billIds.map((id) => current.bills.find((b) => b.billId === id));
      if (chosen.some((b) => !b)) throw conflict(UtilityErrorCodes.BILL_NOT_PAYABLE, '所选账单不属于该户号，请刷新后重新选择');
      const payable = chosen.filter((b): b is BillView => !!b && b.status === 'unpaid' && !b.settling);
      if (payable.length !== chosen.length) throw conflict(UtilityErrorCodes.BILL_NOT_PAYABLE, '所选账单中有已缴清或正在销账的账单，请刷新后重新选择');
      const amountFen = payable.reduce((s, b) => s + b.amountFen, 0);
      const periods = payable.map((b) => b.period).sort();
      const span = periods.length > 1 ? `${periods[0]}至${periods[periods.length - 1]}` : periods[0]!;
      return await this.payments.createOrder({
        userId,
        biz: this.kind.biz,
        ref: current.accountNo,
        items: billIds,
        amountFen,
        subject: `${this.kind.subject} ${current.accountNo} ${span}`,
        channel,
        site: meta.site,
        origin,
        requestId: meta.requestId,
      });
    } finally {
      await this.ctx.kv.del(lock);
    }
  }
}
