import { describe, expect, it } from 'vitest';
import { BizCode, type BureauCaseReceipt, type BureauCheckResult, type BureauInstantResult, type BureauQueryResult, type HousingFundAccountRow } from '@dz/partner-protocol';
import { ZHANG_SAN_ID } from '../../demo/utilities.js';
import { idCheckChar } from '../../lib/id-number.js';
import { TestClock, data, envelope, partnerClient, sandboxForFile } from '../../test/helpers.js';

const DEMO_BALANCE_FEN = 5_678_912;

describe('住房公积金管理中心 (housing-fund)', () => {
  const clock = new TestClock(Date.parse('2026-12-07T02:00:00Z'));
  const sb = sandboxForFile({ now: clock.now });
  const cl = () => partnerClient(sb.app, { now: clock.now });
  const query = async (op: string, body: Record<string, unknown>) => data<BureauQueryResult>(await cl().post(`/v1/housing-fund/query/${op}`, body)).rows;
  const account = async (idNumber: string) => (await query('account', { idNumber }))[0] as HousingFundAccountRow | undefined;
  const checkWithdraw = async (body: Record<string, unknown>) => data<BureauCheckResult>(await cl().post('/v1/housing-fund/check/withdraw', body));
  const control = (url: string, payload?: unknown) => sb.app.inject({ method: 'POST', url, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });

  it('answers the demo citizen’s account: 正常缴存, balance 56,789.12 元, all of it withdrawable', async () => {
    const a = await account(ZHANG_SAN_ID);
    expect(a).toMatchObject({ name: '张三', status: 'normal', balance: DEMO_BALANCE_FEN, withdrawable: DEMO_BALANCE_FEN, base: 680_000, monthlyDeposit: 163_200, employerRate: 12, personalRate: 12, lastDepositPeriod: '2026-11' });
    expect(a!.accountNo).toMatch(/^\d{8,20}$/);
    expect(a!.employer).toContain('（演示）');
    // The 缴存证明 and the 缴存明细 say the same as the account.
    const proof = data<BureauInstantResult>(await cl().post('/v1/housing-fund/instant/deposit-proof', { idNumber: ZHANG_SAN_ID }));
    expect(proof.rows).toContainEqual({ label: '账户余额', value: '56,789.12元' });
    const deposits = await query('deposit-records', { idNumber: ZHANG_SAN_ID, year: '2025' });
    expect(deposits).toHaveLength(12);
    for (const d of deposits) expect(d).toMatchObject({ amount: 1632, type: '汇缴', status: '已入账' });
  });

  it('has no account for about one person in five; their queries are empty', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => someId(i));
    const none: string[] = [];
    for (const id of ids) if (!(await account(id))) none.push(id);
    expect(none.length).toBeGreaterThanOrEqual(5);
    expect(none.length).toBeLessThanOrEqual(22);
    expect(await query('withdraw-records', { idNumber: none[0] })).toEqual([]);
    // An account holder's name is the one the registry has for the same ID number.
    const holder = ids.find((id) => !none.includes(id))!;
    const [self] = data<BureauQueryResult>(await cl().post('/v1/real-estate/query/household', { idNumber: holder })).rows;
    expect((await account(holder))!.name).toBe(self!.name);
    expect(await query('loan', { idNumber: none[0] })).toEqual([]);
  });

  it('checks a withdrawal before filing: the amount against the withdrawable balance, 租房 against 14,400 元 a year', async () => {
    const form = { applicantIdNumber: ZHANG_SAN_ID, applicantName: '张三', reason: 'rent', bankName: '达州银行', bankCard: '6222000011112222' };
    expect(await checkWithdraw({ ...form, reason: 'purchase', amount: 56789.12 })).toEqual({ ok: true, fields: {} });
    expect(await checkWithdraw({ ...form, reason: 'purchase', amount: 56789.13 })).toEqual({ ok: false, fields: { amount: '提取金额超过账户可提取余额（可提取56,789.12元），请调整后再提交' } });
    expect(await checkWithdraw({ ...form, amount: 14400 })).toEqual({ ok: true, fields: {} });
    const rent = await checkWithdraw({ ...form, amount: 20000 });
    expect(rent.ok).toBe(false);
    expect(rent.fields.amount).toContain('14,400.00元');
    // The option's Chinese label is the same reason.
    expect((await checkWithdraw({ ...form, reason: '租赁自住住房', amount: 20000 })).fields.amount).toContain('14,400.00元');
    expect(await checkWithdraw({ ...form, reason: '离职（与单位终止劳动关系）', amount: 20000 })).toEqual({ ok: true, fields: {} });
    expect((await checkWithdraw({ ...form, reason: 'lottery', amount: 100 })).fields).toEqual({ reason: expect.stringContaining('重新选择') });
    expect(envelope(await cl().post('/v1/housing-fund/check/withdraw', { ...form, amount: '12,000' }))).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('金额') });
    expect(envelope(await cl().post('/v1/housing-fund/check/withdraw', { ...form, amount: 100, applicantIdNumber: '123' })).code).toBe(BizCode.INVALID_DATA);
    expect(envelope(await cl().post('/v1/housing-fund/check/transfer', { ...form, amount: 100 })).code).toBe(BizCode.NOT_FOUND);
    const unsigned = await sb.app.inject({ method: 'POST', url: '/v1/housing-fund/check/withdraw', payload: { ...form, amount: 100 } });
    expect(unsigned.statusCode).toBe(401);
  });

  it('says so when there is no account, and answers a pinned account until reset', async () => {
    const id = someId(900);
    expect((await control('/_control/housing-fund/account', { idNumber: id, account: null })).statusCode).toBe(200);
    expect(await account(id)).toBeUndefined();
    expect((await checkWithdraw({ idNumber: id, name: '王芳', reason: 'rent', amount: 100 })).fields.amount).toContain('未查询到您的住房公积金账户');
    const pinned: HousingFundAccountRow = { accountNo: '511700000001', name: '王芳', status: 'normal', employer: '测试单位（演示）', base: 500_000, monthlyDeposit: 100_000, balance: 300_000, withdrawable: 200_000, employerRate: 10, personalRate: 10, openedOn: '2020-01-01', lastDepositPeriod: '2026-11' };
    await control('/_control/housing-fund/account', { idNumber: id, account: pinned });
    expect(await account(id)).toEqual(pinned);
    expect((await checkWithdraw({ idNumber: id, name: '王芳', reason: 'purchase', amount: 2000.01 })).fields.amount).toBe('提取金额超过账户可提取余额（可提取2,000.00元），请调整后再提交');
    expect((await control('/_control/housing-fund/account', { idNumber: id, account: { balance: 1 } })).statusCode).toBe(400);
    await control('/_control/housing-fund/reset');
    expect(await account(id)).not.toEqual(pinned);
  });

  it('takes an approved withdrawal out of the account, and lists it in 提取明细 and 业务进度', async () => {
    const id = someId(901);
    await control('/_control/housing-fund/account', { idNumber: id, account: { accountNo: '511700000002', name: '周婷人工', status: 'normal', employer: '测试单位（演示）', base: 500_000, monthlyDeposit: 100_000, balance: 3_000_000, withdrawable: 3_000_000, employerRate: 10, personalRate: 10, openedOn: '2020-01-01', lastDepositPeriod: '2026-11' } });
    const receipt = data<BureauCaseReceipt>(
      await cl().write('/v1/housing-fund/cases', {
        caseNo: 'DZ20261207000901',
        site: '511702',
        formCode: 'housing-fund-withdraw',
        title: '住房公积金提取',
        data: { reason: 'rent', amount: 1000.5, bankName: '达州银行' },
        applicant: { name: '周婷人工', idNumber: id, phone: '13900000009' },
      }),
    );
    const progress = await query('progress', { idNumber: id });
    expect(progress[0]).toMatchObject({ bizNo: receipt.ref, type: '住房公积金提取', status: '审核中', submittedAt: '2026-12-07 10:00' });
    // Pending: the amount still counts against this year's 租房 limit, not yet against the balance.
    expect((await account(id))!.withdrawable).toBe(3_000_000);
    expect((await checkWithdraw({ idNumber: id, name: '周婷', reason: 'rent', amount: 13_400 })).fields.amount).toContain('还可提取13,399.50元');

    await control(`/_control/housing-fund/cases/${receipt.ref}/decide`, { status: 'approved' });
    expect(await account(id)).toMatchObject({ balance: 3_000_000 - 100_050, withdrawable: 3_000_000 - 100_050 });
    expect((await query('progress', { idNumber: id }))[0]).toMatchObject({ bizNo: receipt.ref, status: '已办结' });
    expect((await query('withdraw-records', { idNumber: id }))[0]).toMatchObject({ reason: '租赁自住住房', amount: '1,000.50元', date: '2026-12-07' });
    await control('/_control/housing-fund/reset');
  });

  it('answers the demo citizen’s 公积金贷款 and its 还款明细 by the 等额本息 formula, to the fen', async () => {
    const [loan] = await query('loan', { idNumber: ZHANG_SAN_ID });
    expect(loan).toMatchObject({ amount: '400,000.00元', termMonths: 240, rate: '2.85%', method: '等额本息', startDate: '2023-07-20', endDate: '2043-07-20', status: '正常还款' });
    const r = 0.0285 / 12;
    const monthly = Math.round((40_000_000 * r * (1 + r) ** 240) / ((1 + r) ** 240 - 1));
    expect(loan!.monthlyPayment).toBe(`${(monthly / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}元`);
    const rows = await query('repayments', { idNumber: ZHANG_SAN_ID, year: '2025' });
    expect(rows.map((x) => x.period)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    const fen = (s: unknown) => Math.round(Number(String(s).replace(/[,元]/g, '')) * 100);
    let previous = Infinity;
    for (const row of rows) {
      expect(fen(row.principal) + fen(row.interest)).toBe(fen(row.total));
      expect(Math.abs(fen(row.total) - monthly)).toBeLessThanOrEqual(1);
      expect(fen(row.balance)).toBeLessThan(previous);
      previous = fen(row.balance);
    }
    // This year up to the payment of 20 November (the clock is 7 December).
    expect((await query('repayments', { idNumber: ZHANG_SAN_ID })).map((x) => x.period).at(-1)).toBe('2026-11');
  });

  it('lists 合作楼盘 and 服务网点 (市本级 and every county) with places in 达州', async () => {
    const estates = await query('partner-estates', {});
    expect(estates.length).toBeGreaterThanOrEqual(15);
    for (const e of estates) {
      expect(String(e.name)).toContain('（演示）');
      expect(String(e.address)).toMatch(/^达州市/);
      expect(inDazhou(e.lat, e.lng), String(e.name)).toBe(true);
    }
    expect((await query('partner-estates', { keyword: '渠县' })).map((e) => e.district)).toEqual(['渠县']);
    const points = await query('service-points', {});
    expect(new Set(points.map((p) => p.county))).toEqual(new Set(['市本级', '通川区', '达川区', '宣汉县', '开江县', '大竹县', '渠县', '万源市']));
    for (const p of points) {
      expect(p.phone).toMatch(/^0818-\d{5,8}$/);
      expect(p.hours).toMatch(/^工作日 9:00-12:00 14:00-17:\d{2}/);
      expect(inDazhou(p.lat, p.lng), String(p.name)).toBe(true);
    }
    expect((await query('service-points', { county: '511722' })).map((p) => p.county)).toEqual(['宣汉县']);
  });
});

function inDazhou(lat: unknown, lng: unknown): boolean {
  return typeof lat === 'number' && typeof lng === 'number' && lat > 30.6 && lat < 32.3 && lng > 106.8 && lng < 108.4;
}

/** A checksum-valid ID number of a Dazhou district, born 1965–1999. */
function someId(i: number): string {
  const first17 = `${['511702', '511703', '511722', '511725'][i % 4]}${1965 + (i % 35)}${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}${String(200 + (i % 800)).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
