/**
 * The water and gas companies' invented customers and their bills. Everything is deterministic:
 * the accounts are fixed, and a bill's usage is derived from a hash of its account number and
 * period, so the server's tests and the browser tests can compute what the sandbox will answer
 * (demoBillHistory) for any "now". Account holders are people of the roster (residents.ts).
 *
 * Bills: for every account the 12 monthly bills of the 12 periods ending with the calendar month
 * before "now" (Beijing time). The latest `unpaidBills` are unpaid; the older ones were paid a few
 * days before their due date (the 20th of the month after the period) at 营业厅 or by 银行代扣.
 */
import { createHash } from 'node:crypto';
import type { PaymentRecord, UtilityAccount, UtilityBill } from '@dz/partner-protocol';
import { beijingDate, beijingInstant, calendarDate, lastPeriods, periodCompact, periodLabel, type Period } from '../lib/beijing.js';
import { RESIDENTS } from './residents.js';

export type UtilityKind = 'water' | 'gas';

export interface PayUnitInfo {
  code: string;
  name: string;
}

export const WATER_UNITS: readonly PayUnitInfo[] = [
  { code: 'TC', name: '达州市自来水公司通川营业所' },
  { code: 'DC', name: '达州市自来水公司达川营业所' },
  { code: 'XH', name: '达州市自来水公司宣汉营业所' },
  { code: 'KJ', name: '达州市自来水公司开江营业所' },
  { code: 'DZ', name: '达州市自来水公司大竹营业所' },
  { code: 'QX', name: '达州市自来水公司渠县营业所' },
  { code: 'WY', name: '达州市自来水公司万源营业所' },
];

export const GAS_UNITS: readonly PayUnitInfo[] = [
  { code: 'TC', name: '达州市燃气公司通川分公司' },
  { code: 'DC', name: '达州市燃气公司达川分公司' },
  { code: 'XH', name: '达州市燃气公司宣汉分公司' },
];

/** Unit prices, 分 per m³. */
export const WATER_PRICE_FEN = 295;
export const GAS_PRICE_FEN = 252;
/** Monthly bills every account has. */
export const BILL_MONTHS = 12;

export const ZHANG_SAN_ID = '511702199001011231';
export const LI_SI_ID = '511702199203152438';

/** Water cards (用水卡号) of the demo. */
export const DEMO_WATER = {
  /** 张三, 通川营业所, 2 unpaid bills. */
  zhangSan: '3100012345',
  /** 张三, 达川营业所, 1 unpaid bill. */
  zhangSanDachuan: '3100012346',
  /** 李四, 1 unpaid bill. */
  liSi: '3100022345',
  wangWu: '3100032345',
  zhaoMin: '3100042345',
  chenXiuying: '3100052345',
  /** No roster owner: found by number only. */
  unowned: '3100099999',
} as const;

/** Gas customer numbers (燃气用户编号) of the demo. */
export const DEMO_GAS = {
  /** 张三, 通川分公司, 1 unpaid bill. */
  zhangSan: '8800012345',
  liSi: '8800022345',
  /** No roster owner: found by number only. */
  unowned: '8800099999',
} as const;

export interface DemoUtilityAccount extends UtilityAccount {
  kind: UtilityKind;
  /** ID number of the roster resident whose query finds it; null: findable by number only. */
  ownerIdNumber: string | null;
  /** How many of the latest bills are unpaid. */
  unpaidBills: number;
}

/** 张三 → 张*: how the companies show a holder's name. */
export function maskHolderName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

function holder(idNumber: string): string {
  const resident = RESIDENTS.find((r) => r.idNumber === idNumber);
  if (!resident) throw new Error(`demo utility account holder ${idNumber} is not on the roster`);
  return maskHolderName(resident.name);
}

function account(kind: UtilityKind, accountNo: string, owner: string | null, unitCode: string, address: string, unpaidBills: number): DemoUtilityAccount {
  const unit = (kind === 'water' ? WATER_UNITS : GAS_UNITS).find((u) => u.code === unitCode);
  if (!unit) throw new Error(`unknown ${kind} unit ${unitCode}`);
  return {
    kind,
    accountNo,
    holderName: owner ? holder(owner) : maskHolderName('周建华'),
    address,
    unitCode,
    unitName: unit.name,
    ownerIdNumber: owner,
    unpaidBills,
  };
}

const ZHANG_HOME = '达州市通川区朝阳东路88号3栋2单元501';
const LI_HOME = '达州市通川区西外镇金龙大道166号2栋1单元302';
const UNOWNED_HOME = '达州市通川区凤凰大道300号1栋101';

export const WATER_ACCOUNTS: readonly DemoUtilityAccount[] = [
  account('water', DEMO_WATER.zhangSan, ZHANG_SAN_ID, 'TC', ZHANG_HOME, 2),
  account('water', DEMO_WATER.zhangSanDachuan, ZHANG_SAN_ID, 'DC', '达州市达川区南外镇翠屏路12号', 1),
  account('water', DEMO_WATER.liSi, LI_SI_ID, 'TC', LI_HOME, 1),
  account('water', DEMO_WATER.wangWu, '511722198506063310', 'XH', '达州市宣汉县东乡街道北门路23号', 1),
  account('water', DEMO_WATER.zhaoMin, '511703198008182465', 'DC', '达州市达川区三里坪街道长田路56号8栋301', 1),
  account('water', DEMO_WATER.chenXiuying, '511725194805204022', 'QX', '达州市渠县渠江街道文化街15号', 1),
  account('water', DEMO_WATER.unowned, null, 'TC', UNOWNED_HOME, 1),
];

export const GAS_ACCOUNTS: readonly DemoUtilityAccount[] = [
  account('gas', DEMO_GAS.zhangSan, ZHANG_SAN_ID, 'TC', ZHANG_HOME, 1),
  account('gas', DEMO_GAS.liSi, LI_SI_ID, 'TC', LI_HOME, 1),
  account('gas', DEMO_GAS.unowned, null, 'TC', UNOWNED_HOME, 1),
];

export function demoAccounts(kind: UtilityKind): readonly DemoUtilityAccount[] {
  return kind === 'water' ? WATER_ACCOUNTS : GAS_ACCOUNTS;
}

export const BILL_ID_PREFIX: Record<UtilityKind, string> = { water: 'W', gas: 'G' };
export const PRICE_FEN: Record<UtilityKind, number> = { water: WATER_PRICE_FEN, gas: GAS_PRICE_FEN };
/** Monthly usage range in m³ (inclusive, one decimal). */
export const USAGE_RANGE: Record<UtilityKind, readonly [number, number]> = { water: [8, 25], gas: [15, 40] };

function hash(accountNo: string, period: string): Buffer {
  return createHash('sha256').update(`${accountNo}${period}`).digest();
}

/** m³ used in a period ('YYYY-MM'): water 8.0–25.0, gas 15.0–40.0, from a hash of accountNo + period. */
export function demoUsage(kind: UtilityKind, accountNo: string, period: string): number {
  const [min, max] = USAGE_RANGE[kind];
  const tenths = min * 10 + (hash(accountNo, period).readUInt32BE(0) % ((max - min) * 10 + 1));
  return tenths / 10;
}

/** `W3100012345-202601` / `G8800012345-202601` */
export function billIdOf(kind: UtilityKind, accountNo: string, p: Period): string {
  return `${BILL_ID_PREFIX[kind]}${accountNo}-${periodCompact(p)}`;
}

/**
 * The 12 bills (newest first) and the historical payments (newest first) of an account as of
 * `nowMs`: the deterministic starting state of the sandbox.
 */
export function demoBillHistory(acct: DemoUtilityAccount, nowMs: number): { bills: UtilityBill[]; payments: PaymentRecord[] } {
  const priceFen = PRICE_FEN[acct.kind];
  const bills: UtilityBill[] = [];
  const payments: PaymentRecord[] = [];
  lastPeriods(nowMs, BILL_MONTHS).forEach((p, index) => {
    const period = periodLabel(p);
    const usage = demoUsage(acct.kind, acct.accountNo, period);
    const billId = billIdOf(acct.kind, acct.accountNo, p);
    const bill: UtilityBill = {
      billId,
      period,
      usage,
      priceFen,
      amountFen: Math.round(usage * priceFen),
      status: 'unpaid',
      paidAt: null,
      dueDate: calendarDate(p.year, p.month + 1, 20),
    };
    if (index >= acct.unpaidBills) {
      // Paid 2–6 days before the due date, during office hours (Beijing).
      const h = hash(acct.accountNo, period);
      const paidMs = beijingInstant(p.year, p.month + 1, 20 - (2 + (h.readUInt8(4) % 5)), 9 + (h.readUInt8(5) % 8), h.readUInt8(6) % 60);
      bill.status = 'paid';
      bill.paidAt = new Date(paidMs).toISOString();
      payments.push({
        receiptNo: `${BILL_ID_PREFIX[acct.kind]}R${beijingDate(paidMs).replaceAll('-', '')}${String(h.readUInt32BE(8) % 90_000_000).padStart(8, '0')}`,
        paidAt: bill.paidAt,
        amountFen: bill.amountFen,
        billIds: [billId],
        channel: h.readUInt8(7) % 3 === 0 ? '银行代扣' : '营业厅',
      });
    }
    bills.push(bill);
  });
  return { bills, payments };
}
