/**
 * 贷款计算器 (issue 14): 等额本息 and 等额本金 for 商业贷款, 公积金贷款 and 组合贷款, computed in the
 * browser. Pure functions, no TypeBox, so the H5 page pulls nothing else from the contracts.
 *
 * Money is integer 分 everywhere a user sees it; rates are annual percentages (4.9 = 4.90 %), the
 * monthly rate is annual / 12. Rounding, chosen so the figures are the textbook ones to the fen and
 * every column of the schedule adds up exactly:
 * - Interest: the textbook schedule is computed unrounded; month k's interest is the running total
 *   of the textbook interest rounded to the fen minus that of month k − 1. Each month is within one
 *   fen of its textbook interest (and round(P·r) in month 1), and the total interest is exactly the
 *   textbook total rounded to the fen: 1,000,000 元 / 30 年 / 4.90 % 等额本息 → 910,616.19 元
 *   (M·n − P), 等额本金 → 737,041.67 元 (P·r·(n+1)/2). Rounding each month's interest on its own
 *   instead drifts: the balance carries the rounding forward and compounds it (a yuan over 30 years).
 * - 等额本息: the textbook payment M = P·r·(1+r)^n / ((1+r)^n − 1) rounded to the fen is paid every
 *   month (5,307.27 元 in the example); its principal is the payment minus the month's interest; the
 *   last month repays the whole remaining balance plus its interest, so it absorbs what the rounding
 *   of M left over (a few fen per year of term) and the principal sums to the loan exactly.
 * - 等额本金: month k repays round(P·k/n) − round(P·(k−1)/n) of principal (each month within one fen
 *   of P/n, the months summing to P exactly, month 1 being round(P/n) like the textbook). 每月递减 is
 *   (P/n)·r rounded to the fen, the textbook figure (a month's actual decrease may differ by a fen).
 * - 组合贷款: the parts are computed apart and added period by period (what the banks print).
 */

export const LOAN_METHODS = ['equal-installment', 'equal-principal'] as const;
export type LoanMethod = (typeof LOAN_METHODS)[number];
export const LOAN_METHOD_NAMES: Record<LoanMethod, string> = { 'equal-installment': '等额本息', 'equal-principal': '等额本金' };

export const LOAN_KINDS = ['commercial', 'fund', 'combination'] as const;
export type LoanKind = (typeof LOAN_KINDS)[number];
export const LOAN_KIND_NAMES: Record<LoanKind, string> = { commercial: '商业贷款', fund: '公积金贷款', combination: '组合贷款' };

/** The terms the calculator offers, in years. */
export const LOAN_MIN_YEARS = 1;
export const LOAN_MAX_YEARS = 30;

export interface LoanPart {
  /** the amount borrowed, 分 (a positive integer) */
  principalFen: number;
  /** the number of monthly payments (1 … 360) */
  months: number;
  /** the annual rate in percent (4.9 = 4.90 %), ≥ 0 */
  annualRatePercent: number;
  method: LoanMethod;
}

export interface LoanRow {
  /** 1-based month number */
  period: number;
  paymentFen: number;
  principalFen: number;
  interestFen: number;
  /** what is left to repay after this month */
  balanceFen: number;
}

export interface LoanResult {
  principalFen: number;
  months: number;
  /** 首月月供 */
  firstPaymentFen: number;
  /** 每月递减 (等额本金; 0 for 等额本息) */
  monthlyDecreaseFen: number;
  totalInterestFen: number;
  /** 还款总额 = principal + total interest */
  totalPaymentFen: number;
  rows: LoanRow[];
}

/** Half-up to the integer fen; amounts here are positive, so Math.round is half up. */
const fen = (x: number): number => Math.round(x);

/** Why a part cannot be computed, in Chinese, or null when it can. */
export function loanPartError(p: LoanPart): string | null {
  if (!Number.isInteger(p.principalFen) || p.principalFen <= 0) return '请输入贷款金额';
  if (!Number.isInteger(p.months) || p.months < LOAN_MIN_YEARS * 12 || p.months > LOAN_MAX_YEARS * 12) return `贷款年限为${LOAN_MIN_YEARS}至${LOAN_MAX_YEARS}年`;
  if (!Number.isFinite(p.annualRatePercent) || p.annualRatePercent < 0 || p.annualRatePercent > 20) return '请输入0至20之间的年利率（%）';
  return null;
}

/** The textbook 等额本息 monthly payment, unrounded, in 分. */
export function equalInstallmentPayment(principalFen: number, months: number, annualRatePercent: number): number {
  const r = annualRatePercent / 100 / 12;
  if (r === 0) return principalFen / months;
  const f = Math.pow(1 + r, months);
  return (principalFen * r * f) / (f - 1);
}

/** One loan's schedule and totals; throws on input loanPartError refuses. */
export function computeLoan(p: LoanPart): LoanResult {
  const err = loanPartError(p);
  if (err) throw new RangeError(err);
  const { principalFen: P, months: n } = p;
  const r = p.annualRatePercent / 100 / 12;
  // The unrounded textbook schedule: exact balance and interest of every month.
  const exactPayment = equalInstallmentPayment(P, n, p.annualRatePercent);
  const exactInterest: number[] = [];
  let exactBalance = P;
  for (let k = 1; k <= n; k++) {
    const i = exactBalance * r;
    exactInterest.push(i);
    exactBalance -= p.method === 'equal-installment' ? exactPayment - i : P / n;
  }
  const payment = fen(exactPayment);
  const rows: LoanRow[] = [];
  let balance = P;
  let cumExact = 0;
  let cumRounded = 0;
  for (let k = 1; k <= n; k++) {
    cumExact += exactInterest[k - 1] ?? 0;
    const interest = fen(cumExact) - cumRounded;
    cumRounded += interest;
    let principal: number;
    if (k === n) principal = balance;
    else if (p.method === 'equal-installment') principal = Math.min(balance, payment - interest);
    else principal = fen((P * k) / n) - fen((P * (k - 1)) / n);
    balance -= principal;
    rows.push({ period: k, paymentFen: principal + interest, principalFen: principal, interestFen: interest, balanceFen: balance });
  }
  return summarise(P, rows, p.method === 'equal-principal' ? fen((P / n) * r) : 0);
}

function summarise(principalFen: number, rows: LoanRow[], monthlyDecreaseFen: number): LoanResult {
  const totalInterestFen = rows.reduce((s, row) => s + row.interestFen, 0);
  return {
    principalFen,
    months: rows.length,
    firstPaymentFen: rows[0]?.paymentFen ?? 0,
    monthlyDecreaseFen,
    totalInterestFen,
    totalPaymentFen: principalFen + totalInterestFen,
    rows,
  };
}

/** 组合贷款: the parts added month by month (a shorter part simply ends earlier). */
export function combineLoans(parts: LoanResult[]): LoanResult {
  const months = Math.max(0, ...parts.map((p) => p.months));
  const rows: LoanRow[] = [];
  for (let k = 1; k <= months; k++) {
    const row: LoanRow = { period: k, paymentFen: 0, principalFen: 0, interestFen: 0, balanceFen: 0 };
    for (const part of parts) {
      const x = part.rows[k - 1];
      if (!x) continue;
      row.paymentFen += x.paymentFen;
      row.principalFen += x.principalFen;
      row.interestFen += x.interestFen;
      row.balanceFen += x.balanceFen;
    }
    rows.push(row);
  }
  const principal = parts.reduce((s, p) => s + p.principalFen, 0);
  return summarise(principal, rows, parts.reduce((s, p) => s + p.monthlyDecreaseFen, 0));
}

/**
 * The rate of a kind for a term from the console's list (minYears < years ≤ maxYears), the newest
 * 执行日期 first when several apply; undefined when none does.
 */
export function rateForTerm<T extends { kind: string; minYears: number; maxYears: number; rateBp: number; effectiveFrom: string }>(
  rates: readonly T[],
  kind: string,
  years: number,
): T | undefined {
  return rates
    .filter((x) => x.kind === kind && x.minYears < years && years <= x.maxYears)
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
}

/** 分 as 元 with thousands separators, as the calculator prints them: 91061619 → '910,616.19'. */
export function formatFenGrouped(fenAmount: number): string {
  const sign = fenAmount < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fenAmount));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
