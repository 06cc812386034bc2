import { describe, expect, it } from 'vitest';
import { combineLoans, computeLoan, formatFenGrouped, loanPartError, rateForTerm, type LoanPart } from './loan.js';

/** The textbook formulas, written out again here (not imported), in 元 and unrounded. */
function textbookInstallment(principalYuan: number, years: number, ratePercent: number) {
  const r = ratePercent / 100 / 12;
  const n = years * 12;
  const m = (principalYuan * r * Math.pow(1 + r, n)) / (Math.pow(1 + r, n) - 1);
  return { monthly: m, totalInterest: m * n - principalYuan };
}
function textbookPrincipal(principalYuan: number, years: number, ratePercent: number) {
  const r = ratePercent / 100 / 12;
  const n = years * 12;
  return { first: principalYuan / n + principalYuan * r, decrease: (principalYuan / n) * r, totalInterest: (principalYuan * r * (n + 1)) / 2 };
}
const toFen = (yuan: number) => Math.round(yuan * 100);
const part = (yuan: number, years: number, rate: number, method: LoanPart['method']): LoanPart => ({
  principalFen: yuan * 100,
  months: years * 12,
  annualRatePercent: rate,
  method,
});

function expectColumnsAddUp(res: ReturnType<typeof computeLoan>) {
  expect(res.rows.reduce((s, r) => s + r.principalFen, 0)).toBe(res.principalFen);
  expect(res.rows.reduce((s, r) => s + r.interestFen, 0)).toBe(res.totalInterestFen);
  expect(res.rows.reduce((s, r) => s + r.paymentFen, 0)).toBe(res.totalPaymentFen);
  expect(res.rows.at(-1)?.balanceFen).toBe(0);
  for (const r of res.rows) {
    expect(Number.isInteger(r.paymentFen) && Number.isInteger(r.interestFen) && Number.isInteger(r.balanceFen)).toBe(true);
    expect(r.paymentFen).toBe(r.principalFen + r.interestFen);
  }
}

describe('等额本息', () => {
  it('1,000,000 元, 30 年, 4.90 %: 月供 5,307.27, 总利息 910,616.19', () => {
    const res = computeLoan(part(1_000_000, 30, 4.9, 'equal-installment'));
    const ref = textbookInstallment(1_000_000, 30, 4.9);
    expect(res.firstPaymentFen).toBe(toFen(ref.monthly));
    expect(res.firstPaymentFen).toBe(530727);
    expect(res.totalInterestFen).toBe(toFen(ref.totalInterest));
    expect(res.totalInterestFen).toBe(91061619);
    expect(res.totalPaymentFen).toBe(191061619);
    expect(res.rows).toHaveLength(360);
    // every month but the last pays the rounded textbook payment; the last absorbs the rounding of M
    expect(res.rows.slice(0, -1).every((r) => r.paymentFen === 530727)).toBe(true);
    expect(Math.abs((res.rows.at(-1)?.paymentFen ?? 0) - 530727)).toBeLessThan(200);
    expect(res.rows[0]).toMatchObject({ interestFen: 408333, principalFen: 122394, balanceFen: 100000000 - 122394 });
    expect(res.monthlyDecreaseFen).toBe(0);
    expectColumnsAddUp(res);
  });

  it('公积金 500,000 元, 20 年, 3.10 %: 月供 2,798.08 (the textbook formula), 总利息 171,540.28', () => {
    const res = computeLoan(part(500_000, 20, 3.1, 'equal-installment'));
    const ref = textbookInstallment(500_000, 20, 3.1);
    expect(res.firstPaymentFen).toBe(toFen(ref.monthly));
    expect(res.firstPaymentFen).toBe(279808);
    expect(res.totalInterestFen).toBe(toFen(ref.totalInterest));
    expectColumnsAddUp(res);
  });

  it('a zero rate repays the principal in equal parts', () => {
    const res = computeLoan(part(12_000, 1, 0, 'equal-installment'));
    expect(res.firstPaymentFen).toBe(100000);
    expect(res.totalInterestFen).toBe(0);
    expectColumnsAddUp(res);
  });
});

describe('等额本金', () => {
  it('1,000,000 元, 30 年, 4.90 %: 首月 6,861.11, 每月递减 11.34, 总利息 737,041.67', () => {
    const res = computeLoan(part(1_000_000, 30, 4.9, 'equal-principal'));
    const ref = textbookPrincipal(1_000_000, 30, 4.9);
    expect(res.firstPaymentFen).toBe(toFen(ref.first));
    expect(res.firstPaymentFen).toBe(686111);
    expect(res.monthlyDecreaseFen).toBe(toFen(ref.decrease));
    expect(res.monthlyDecreaseFen).toBe(1134);
    expect(res.totalInterestFen).toBe(toFen(ref.totalInterest));
    expect(res.totalInterestFen).toBe(73704167);
    // each month's principal within a fen of P/n, each month's decrease within a fen of the textbook one
    for (const r of res.rows) expect(Math.abs(r.principalFen - 100000000 / 360)).toBeLessThan(1);
    for (let k = 1; k < res.rows.length; k++) {
      const d = (res.rows[k - 1]?.paymentFen ?? 0) - (res.rows[k]?.paymentFen ?? 0);
      expect(Math.abs(d - 1134)).toBeLessThanOrEqual(2);
    }
    expectColumnsAddUp(res);
  });
});

describe('组合贷款', () => {
  it('is the sum of its parts, month by month', () => {
    const commercial = computeLoan(part(600_000, 25, 4.9, 'equal-installment'));
    const fund = computeLoan(part(400_000, 25, 3.1, 'equal-installment'));
    const both = combineLoans([commercial, fund]);
    expect(both.principalFen).toBe(100000000);
    expect(both.firstPaymentFen).toBe(commercial.firstPaymentFen + fund.firstPaymentFen);
    expect(both.firstPaymentFen).toBe(toFen(textbookInstallment(600_000, 25, 4.9).monthly) + toFen(textbookInstallment(400_000, 25, 3.1).monthly));
    expect(both.totalInterestFen).toBe(commercial.totalInterestFen + fund.totalInterestFen);
    expect(both.rows[100]?.paymentFen).toBe((commercial.rows[100]?.paymentFen ?? 0) + (fund.rows[100]?.paymentFen ?? 0));
    expectColumnsAddUp(both);
  });

  it('adds 等额本金 parts with their decreases', () => {
    const a = computeLoan(part(600_000, 30, 4.9, 'equal-principal'));
    const b = computeLoan(part(400_000, 30, 3.1, 'equal-principal'));
    const both = combineLoans([a, b]);
    expect(both.monthlyDecreaseFen).toBe(a.monthlyDecreaseFen + b.monthlyDecreaseFen);
    expect(both.firstPaymentFen).toBe(a.firstPaymentFen + b.firstPaymentFen);
  });
});

describe('input and rates', () => {
  it('refuses what cannot be computed, in Chinese', () => {
    expect(loanPartError(part(0, 30, 4.9, 'equal-installment'))).toContain('贷款金额');
    expect(loanPartError({ ...part(100, 30, 4.9, 'equal-installment'), months: 372 })).toContain('1至30年');
    expect(loanPartError(part(100, 30, -1, 'equal-installment'))).toContain('年利率');
    expect(() => computeLoan(part(0, 30, 4.9, 'equal-installment'))).toThrow(RangeError);
  });

  it('picks the rate of the term (minYears < years ≤ maxYears), newest first', () => {
    const rates = [
      { kind: 'fund', minYears: 0, maxYears: 5, rateBp: 260, effectiveFrom: '2025-05-08' },
      { kind: 'fund', minYears: 5, maxYears: 30, rateBp: 310, effectiveFrom: '2025-05-08' },
      { kind: 'fund', minYears: 5, maxYears: 30, rateBp: 325, effectiveFrom: '2024-05-18' },
      { kind: 'commercial', minYears: 5, maxYears: 30, rateBp: 350, effectiveFrom: '2025-05-20' },
    ];
    expect(rateForTerm(rates, 'fund', 5)?.rateBp).toBe(260);
    expect(rateForTerm(rates, 'fund', 6)?.rateBp).toBe(310);
    expect(rateForTerm(rates, 'commercial', 3)).toBeUndefined();
  });
});

describe('formatFenGrouped', () => {
  it('prints 元 with thousands separators', () => {
    expect(formatFenGrouped(91061619)).toBe('910,616.19');
    expect(formatFenGrouped(530727)).toBe('5,307.27');
    expect(formatFenGrouped(5)).toBe('0.05');
    expect(formatFenGrouped(-123456)).toBe('-1,234.56');
  });
});
