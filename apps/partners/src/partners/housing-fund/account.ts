/**
 * The 公积金 centre's accounts and their history, derived from the ID number (one in five people
 * has no account), plus what the portal's cases changed: an approved 提取 lowers the balance and
 * the withdrawable balance by its amount, so what the citizen withdrew shows the next time the
 * account is asked. A test may pin an account (or none) per sandbox.
 */
import type { HousingFundAccountRow } from '@dz/partner-protocol';
import { RESIDENTS } from '../../demo/residents.js';
import type { BureauEnv } from '../bureau/module.js';
import { Demo, beijingDay } from '../bureau/demo.js';
import { perSandbox, type PartnerContext } from '../types.js';
import { DEMO_CITIZEN_ID, generatedHousehold } from '../real-estate/registry.js';

export const REASONS: Record<string, string> = {
  purchase: '购买自住住房',
  loan: '偿还自住住房贷款本息',
  rent: '租赁自住住房',
  resign: '离职（与单位终止劳动关系）',
  retire: '离休、退休',
  illness: '本人或家庭成员患重大疾病',
};
/** Chinese words a form may send instead of the option value. */
const REASON_WORDS: Record<string, string> = { 购房: 'purchase', 还贷: 'loan', 租房: 'rent', 离职: 'resign', 退休: 'retire', 大病: 'illness' };

/** The reason code of a form's value (rent, 租房, 租赁自住住房…), or null. */
export function reasonCode(value: string): string | null {
  const v = value.trim();
  if (Object.hasOwn(REASONS, v.toLowerCase())) return v.toLowerCase();
  if (Object.hasOwn(REASON_WORDS, v)) return REASON_WORDS[v]!;
  return Object.entries(REASONS).find(([, label]) => label === v)?.[0] ?? null;
}

/** 租房提取: at most 14,400 元 a calendar year (1,200 元 a month), in fen. */
export const RENT_LIMIT_FEN = 1_440_000;

export const BANKS = ['中国建设银行达州分行', '中国工商银行达州分行', '中国农业银行达州分行', '中国银行达州分行', '达州银行', '四川银行达州分行'] as const;

/** '56,789.12元' */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}元`;
}

function lastPeriod(now: number): string {
  const d = new Date(now + 8 * 3_600_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth(); // 0-based: the month before this one
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/** The account as the centre opened and kept it, before any of this sandbox's cases. */
export function generatedAccount(idNumber: string, now: number): HousingFundAccountRow | null {
  const last = lastPeriod(now);
  if (idNumber === DEMO_CITIZEN_ID) {
    return {
      accountNo: '511700326851',
      name: '张三',
      status: 'normal',
      employer: '达州凤凰电子科技有限公司（演示）',
      base: 680_000,
      monthlyDeposit: 163_200,
      balance: 5_678_912,
      withdrawable: 5_678_912,
      employerRate: 12,
      personalRate: 12,
      openedOn: '2014-07-01',
      lastDepositPeriod: last,
    };
  }
  const demo = new Demo(`housing-fund|account|${idNumber}`);
  if (demo.int(0, 4, 1) === 0) return null;
  const rate = demo.pick([5, 8, 10, 12, 12, 12], 2);
  const base = demo.int(2_500, 15_000, 3) * 100;
  const sealed = demo.int(0, 9, 4) === 0;
  const balance = demo.int(500_000, 18_000_000, 5);
  // The same name the registry has for the person (the roster's, or the one derived from the ID number).
  const name = RESIDENTS.find((r) => r.idNumber === idNumber)?.name ?? generatedHousehold(idNumber, now)[0]!.name;
  return {
    accountNo: `5117${demo.digits(8, 6)}`,
    name,
    status: sealed ? 'sealed' : 'normal',
    employer: `达州${demo.pick(['川东', '巴山', '凤凰', '明月', '莲湖', '翠屏', '宕渠', '州河'], 7)}${demo.pick(['建筑工程', '商贸', '食品', '物流', '电子科技', '医药'], 8)}有限公司（演示）`,
    base,
    // 单位与个人各按比例，合计月缴存额
    monthlyDeposit: Math.round((base * rate * 2) / 100),
    balance,
    withdrawable: balance,
    employerRate: rate,
    personalRate: rate,
    openedOn: demo.date(2006, 2022, 9),
    lastDepositPeriod: sealed ? `${demo.int(2020, 2024, 10)}-${String(demo.int(1, 12, 11)).padStart(2, '0')}` : last,
  };
}

/** A 提取 the portal handed to the centre for this person. */
export interface PortalWithdrawal {
  ref: string;
  title: string;
  reason: string | null;
  amountFen: number;
  status: 'pending' | 'approved' | 'denied';
  comment: string | null;
  receivedAt: string;
  decidedAt: string | null;
}

/** The 提取 cases of this applicant (a case with a positive amount), as the centre decided them now. */
export function portalWithdrawals(env: BureauEnv, idNumber: string): PortalWithdrawal[] {
  return env.cases.ofApplicant(idNumber).flatMap((c) => {
    const amount = Number(c.submit.data.amount ?? c.submit.data.amountYuan);
    const isWithdrawal = c.submit.formCode.includes('withdraw') || c.submit.data.reason !== undefined;
    if (!isWithdrawal || !Number.isFinite(amount) || amount <= 0) return [];
    const reason = typeof c.submit.data.reason === 'string' ? reasonCode(c.submit.data.reason) : null;
    return [{ ref: c.ref, title: c.submit.title, reason, amountFen: Math.round(amount * 100), status: c.status, comment: c.comment, receivedAt: c.receivedAt, decidedAt: c.decidedAt }];
  });
}

export class FundState {
  readonly pins = new Map<string, HousingFundAccountRow | null>();
  constructor(private readonly now: () => number) {}

  /** The account as opened (pinned or generated), before this sandbox's withdrawals. */
  opened(idNumber: string): HousingFundAccountRow | null {
    return this.pins.has(idNumber) ? this.pins.get(idNumber)! : generatedAccount(idNumber, this.now());
  }

  /** The account now: pinned or generated, less what approved withdrawals took. */
  account(env: BureauEnv, idNumber: string): HousingFundAccountRow | null {
    const base = this.opened(idNumber);
    if (!base) return null;
    const taken = portalWithdrawals(env, idNumber)
      .filter((w) => w.status === 'approved')
      .reduce((s, w) => s + w.amountFen, 0);
    return { ...base, balance: Math.max(0, base.balance - taken), withdrawable: Math.max(0, base.withdrawable - taken) };
  }

  reset(): void {
    this.pins.clear();
  }
}

export const fundOf = perSandbox((ctx: PartnerContext) => new FundState(ctx.now));

/** Withdrawals before the portal existed: 0–3 in past years, stable per person. */
export function pastWithdrawals(idNumber: string, now: number): { date: string; reason: string; amountFen: number; bank: string }[] {
  const demo = new Demo(`housing-fund|withdrawals|${idNumber}`);
  const thisYear = Number(beijingDay(now).slice(0, 4));
  const n = idNumber === DEMO_CITIZEN_ID ? 2 : demo.int(0, 3, 1);
  return Array.from({ length: n }, (_, i) => {
    const year = thisYear - 1 - i * demo.int(1, 2, 10 + i);
    const reason = idNumber === DEMO_CITIZEN_ID ? (i === 0 ? 'loan' : 'rent') : demo.pick(Object.keys(REASONS), 20 + i);
    const amountFen = reason === 'rent' ? demo.int(60, 144, 30 + i) * 10_000 : demo.int(3_000, 40_000, 30 + i) * 100;
    return { date: `${year}-${String(demo.int(1, 12, 40 + i)).padStart(2, '0')}-${String(demo.int(1, 28, 50 + i)).padStart(2, '0')}`, reason, amountFen, bank: demo.pick(BANKS, 60 + i) };
  });
}

export interface Loan {
  loanNo: string;
  principalFen: number;
  termMonths: number;
  /** yearly, percent */
  rate: number;
  startDate: string;
  bank: string;
}

/** The person's 公积金贷款, if any: the demo citizen's for his 住宅 (mortgaged), one in three of the others'. */
export function loanOf(idNumber: string, hasAccount: boolean): Loan | null {
  if (!hasAccount) return null;
  if (idNumber === DEMO_CITIZEN_ID) return { loanNo: 'GJD5117202306018', principalFen: 40_000_000, termMonths: 240, rate: 2.85, startDate: '2023-07-20', bank: '中国建设银行达州分行' };
  const demo = new Demo(`housing-fund|loan|${idNumber}`);
  if (demo.int(0, 2, 1) !== 0) return null;
  const year = demo.int(2016, 2024, 2);
  return {
    loanNo: `GJD5117${year}${demo.digits(5, 3)}`,
    principalFen: demo.int(15, 60, 4) * 1_000_000,
    termMonths: demo.pick([120, 180, 240, 300, 360], 5),
    rate: year >= 2023 ? 2.85 : 3.25,
    startDate: `${year}-${String(demo.int(1, 12, 6)).padStart(2, '0')}-${String(demo.int(1, 28, 7)).padStart(2, '0')}`,
    bank: demo.pick(BANKS, 8),
  };
}

/** 等额本息: the k-th payment (1-based) split into principal and interest, and the balance after it, in fen. */
export function instalment(loan: Loan, k: number): { principal: number; interest: number; total: number; balance: number } {
  const r = loan.rate / 100 / 12;
  const n = loan.termMonths;
  const p = loan.principalFen;
  const monthly = Math.round((p * r * (1 + r) ** n) / ((1 + r) ** n - 1));
  const before = k === 1 ? p : instalmentBalance(p, r, monthly, k - 1);
  const interest = Math.round(before * r);
  const principal = k === n ? before : monthly - interest;
  return { principal, interest, total: principal + interest, balance: before - principal };
}

function instalmentBalance(p: number, r: number, monthly: number, paid: number): number {
  let balance = p;
  for (let i = 0; i < paid; i++) balance -= monthly - Math.round(balance * r);
  return balance;
}

/** Months since the loan started that have been repaid by `now` (payment on the start day each month). */
export function paidMonths(loan: Loan, now: number): number {
  const [y, m, d] = loan.startDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = beijingDay(now).split('-').map(Number) as [number, number, number];
  const months = (ty - y) * 12 + (tm - m) - (td < d ? 1 : 0);
  return Math.max(0, Math.min(loan.termMonths, months));
}

/** 'YYYY-MM' of the k-th payment. */
export function periodOf(loan: Loan, k: number): string {
  const [y, m] = loan.startDate.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + k;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}
