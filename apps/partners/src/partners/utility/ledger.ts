/**
 * A utility company's customer ledger (water or gas): accounts, their monthly bills and payments,
 * and 销账 (writing off bills the payment gateway confirmed). One implementation for both
 * companies, parameterised by the kind. State lives in memory for the life of one sandbox: it
 * starts from the deterministic demo data (demo/utilities.ts) and a restart resets it.
 */
import { BizCode, type BillsResult, type PaymentRecord, type ReverseRequest, type ReverseResult, type UtilityAccount, type UtilityBill, type WriteOffRequest, type WriteOffResult } from '@dz/partner-protocol';
import { demoAccounts, demoBillHistory, BILL_ID_PREFIX, type UtilityKind } from '../../demo/utilities.js';
import { beijingDate } from '../../lib/beijing.js';

/** A business answer: data, or a 2xxx refusal with its Chinese message. */
export type Outcome<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

export const refusal = (code: string, message: string): Outcome<never> => ({ ok: false, code, message });

interface AccountState {
  account: UtilityAccount;
  ownerIdNumber: string | null;
  /** Newest first. */
  bills: UtilityBill[];
  /** Newest first. */
  payments: PaymentRecord[];
}

interface WriteOffRecord {
  accountNo: string;
  /** Sorted, to compare a repeated request's bills regardless of order. */
  billKey: string;
  result: WriteOffResult;
  /** Set once the payment was reversed (冲正); the order cannot be written off again. */
  reversal?: ReverseResult;
}

/** ¥12.34 */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}

export class UtilityLedger {
  private readonly accounts = new Map<string, AccountState>();
  /** orderId → its write-off, so the same order reported again gets the same receipt. */
  private readonly orders = new Map<string, WriteOffRecord>();
  private sequence = 0;

  constructor(
    private readonly kind: UtilityKind,
    /** How the company names the number in refusals: 户号 / 燃气用户编号. */
    private readonly accountLabel: string,
    private readonly now: () => number,
  ) {
    const builtAt = now();
    for (const demo of demoAccounts(kind)) {
      const { kind: _kind, ownerIdNumber, unpaidBills: _unpaid, ...account } = demo;
      this.accounts.set(demo.accountNo, { account, ownerIdNumber, ...demoBillHistory(demo, builtAt) });
    }
  }

  /** The accounts registered to a resident's ID number (the roster's people only). */
  accountsOf(idNumber: string): UtilityAccount[] {
    return [...this.accounts.values()].filter((s) => s.ownerIdNumber === idNumber).map((s) => ({ ...s.account }));
  }

  bills(accountNo: string): Outcome<BillsResult> {
    const state = this.accounts.get(accountNo);
    if (!state) return refusal(BizCode.NOT_FOUND, `未查询到该${this.accountLabel}，请核对后重新输入`);
    return {
      ok: true,
      data: structuredClone({
        account: state.account,
        amountDueFen: state.bills.filter((b) => b.status === 'unpaid').reduce((sum, b) => sum + b.amountFen, 0),
        bills: state.bills,
        payments: state.payments,
      }),
    };
  }

  /**
   * 销账. Checks in this order: the account exists (2001); the order was written off before (the
   * same receipt again if it covered the same bills, else 2002); every bill belongs to the account
   * (2004); none is paid already (2002); the amount is the sum of the bills (2003).
   */
  writeOff(req: WriteOffRequest): Outcome<WriteOffResult> {
    const state = this.accounts.get(req.accountNo);
    if (!state) return refusal(BizCode.NOT_FOUND, `未查询到该${this.accountLabel}，请核对后重新输入`);
    const billKey = [...req.billIds].sort().join(',');
    const previous = this.orders.get(req.orderId);
    if (previous) {
      if (previous.reversal) return refusal(BizCode.STATE_CONFLICT, `订单 ${req.orderId} 已冲正，不能再次销账`);
      if (previous.accountNo === req.accountNo && previous.billKey === billKey) return { ok: true, data: structuredClone(previous.result) };
      return refusal(BizCode.STATE_CONFLICT, `订单 ${req.orderId} 已用于其他账单的销账`);
    }
    const bills: UtilityBill[] = [];
    for (const id of req.billIds) {
      const bill = state.bills.find((b) => b.billId === id);
      if (!bill) return refusal(BizCode.INVALID_DATA, `账单 ${id} 不属于${this.accountLabel} ${req.accountNo}`);
      bills.push(bill);
    }
    const paid = bills.find((b) => b.status === 'paid');
    if (paid) return refusal(BizCode.STATE_CONFLICT, `${paid.period} 账单已缴清，请勿重复缴费`);
    const due = bills.reduce((sum, b) => sum + b.amountFen, 0);
    if (due !== req.amountFen) return refusal(BizCode.AMOUNT_MISMATCH, `缴费金额 ${yuan(req.amountFen)} 与账单金额 ${yuan(due)} 不符`);

    const paidAt = new Date(req.paidAt).toISOString();
    this.sequence += 1;
    const receiptNo = `${BILL_ID_PREFIX[this.kind]}R${beijingDate(this.now()).replaceAll('-', '')}${String(90_000_000 + this.sequence).padStart(8, '0')}`;
    for (const bill of bills) {
      bill.status = 'paid';
      bill.paidAt = paidAt;
    }
    state.payments.push({ receiptNo, paidAt, amountFen: req.amountFen, billIds: [...req.billIds], channel: '天府通办' });
    state.payments.sort((a, b) => b.paidAt.localeCompare(a.paidAt));
    const result: WriteOffResult = { receiptNo, paidBillIds: [...req.billIds] };
    this.orders.set(req.orderId, { accountNo: req.accountNo, billKey, result });
    return { ok: true, data: structuredClone(result) };
  }

  /**
   * 冲正: the order's payment is being refunded, so its bills are due again and its payment record
   * goes. Reversing the same order again answers the same result; an order never written off is 2001.
   */
  reverse(req: ReverseRequest): Outcome<ReverseResult> {
    const record = this.orders.get(req.orderId);
    if (!record) return refusal(BizCode.NOT_FOUND, `订单 ${req.orderId} 没有销账记录，无需冲正`);
    if (record.reversal) return { ok: true, data: structuredClone(record.reversal) };
    const state = this.accounts.get(record.accountNo)!;
    for (const id of record.result.paidBillIds) {
      const bill = state.bills.find((b) => b.billId === id);
      if (bill) {
        bill.status = 'unpaid';
        bill.paidAt = null;
      }
    }
    state.payments = state.payments.filter((p) => p.receiptNo !== record.result.receiptNo);
    record.reversal = { orderId: req.orderId, receiptNo: record.result.receiptNo, reversedBillIds: [...record.result.paidBillIds], reversedAt: new Date(this.now()).toISOString() };
    return { ok: true, data: structuredClone(record.reversal) };
  }
}
