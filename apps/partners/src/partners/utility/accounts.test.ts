/**
 * Accounts, bills and 销账 — one implementation behind the water company (/v1/water/accounts…)
 * and the gas company (/v1/gas/customers…), so the same tests run against both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BizCode, EnvelopeCode, type AccountsResult, type BillsResult, type ReverseResult, type WriteOffRequest, type WriteOffResult } from '@dz/partner-protocol';
import { buildSandbox, type Sandbox } from '../../app.js';
import { DEMO_GAS, DEMO_WATER, GAS_ACCOUNTS, WATER_ACCOUNTS, ZHANG_SAN_ID, demoBillHistory, demoUsage } from '../../demo/utilities.js';
import { data, envelope, partnerClient, TestClock, type PartnerClient } from '../../test/helpers.js';

// 2026-03-15 10:00 Beijing: the bills run from 2025-03 to 2026-02.
const NOW = Date.parse('2026-03-15T02:00:00Z');

const SYSTEMS = [
  {
    kind: 'water' as const,
    base: '/v1/water',
    accounts: '/v1/water/accounts',
    zhang: DEMO_WATER.zhangSan,
    zhangUnpaid: 2,
    other: DEMO_WATER.liSi,
    unowned: DEMO_WATER.unowned,
    zhangCount: 2,
    prefix: 'W',
    price: 295,
    usage: [8, 25],
    demo: WATER_ACCOUNTS,
  },
  {
    kind: 'gas' as const,
    base: '/v1/gas',
    accounts: '/v1/gas/customers',
    zhang: DEMO_GAS.zhangSan,
    zhangUnpaid: 1,
    other: DEMO_GAS.liSi,
    unowned: DEMO_GAS.unowned,
    zhangCount: 1,
    prefix: 'G',
    price: 252,
    usage: [15, 40],
    demo: GAS_ACCOUNTS,
  },
];

describe.each(SYSTEMS)('$kind accounts and bills', (sys) => {
  let app: Sandbox;
  let client: PartnerClient;
  const clock = new TestClock(NOW);
  beforeAll(async () => {
    app = await buildSandbox({ now: clock.now });
    client = partnerClient(app, { now: clock.now });
  });
  afterAll(async () => app.close());

  const bills = async (accountNo: string) => data<BillsResult>(await client.get(`${sys.accounts}/${accountNo}/bills`));

  it('finds the accounts registered to an ID number, holder name masked', async () => {
    const found = data<AccountsResult>(await client.post(`${sys.accounts}/query`, { idNumber: ZHANG_SAN_ID }));
    expect(found.accounts).toHaveLength(sys.zhangCount);
    expect(found.accounts[0]).toEqual({
      accountNo: sys.zhang,
      holderName: '张*',
      address: '达州市通川区朝阳东路88号3栋2单元501',
      unitCode: 'TC',
      unitName: expect.stringContaining('通川') as string,
    });
    expect(data<AccountsResult>(await client.post(`${sys.accounts}/query`, { idNumber: '11010519491231002X' })).accounts).toEqual([]);
  });

  it('refuses a malformed ID number with 1004', async () => {
    for (const body of [{}, { idNumber: '5117' }, { idNumber: 51170219900101 }]) {
      const res = await client.post(`${sys.accounts}/query`, body);
      expect([res.statusCode, envelope(res).code], JSON.stringify(body)).toEqual([400, EnvelopeCode.BAD_REQUEST]);
    }
  });

  it('answers 12 monthly bills, newest first, ending with last month (Beijing)', async () => {
    const result = await bills(sys.zhang);
    expect(result.account.accountNo).toBe(sys.zhang);
    expect(result.bills.map((b) => b.period)).toEqual([
      '2026-02', '2026-01', '2025-12', '2025-11', '2025-10', '2025-09', '2025-08', '2025-07', '2025-06', '2025-05', '2025-04', '2025-03',
    ]);
    for (const b of result.bills) {
      expect(b.billId).toBe(`${sys.prefix}${sys.zhang}-${b.period.replace('-', '')}`);
      expect(b.priceFen).toBe(sys.price);
      expect(b.usage).toBe(demoUsage(sys.kind, sys.zhang, b.period));
      expect(b.usage).toBeGreaterThanOrEqual(sys.usage[0] ?? 0);
      expect(b.usage).toBeLessThanOrEqual(sys.usage[1] ?? 0);
      expect(Math.round(b.usage * 10)).toBe(b.usage * 10);
      expect(b.amountFen).toBe(Math.round(b.usage * b.priceFen));
      const [y, m] = b.period.split('-').map(Number) as [number, number];
      expect(b.dueDate).toBe(m === 12 ? `${y + 1}-01-20` : `${y}-${String(m + 1).padStart(2, '0')}-20`);
    }
    expect(result.bills.slice(0, sys.zhangUnpaid).every((b) => b.status === 'unpaid' && b.paidAt === null)).toBe(true);
    const paid = result.bills.slice(sys.zhangUnpaid);
    for (const b of paid) {
      expect(b.status).toBe('paid');
      // A few days before the due date.
      expect(Date.parse(b.paidAt ?? '')).toBeLessThan(Date.parse(`${b.dueDate}T00:00:00+08:00`));
      expect(Date.parse(b.paidAt ?? '')).toBeGreaterThan(Date.parse(`${b.dueDate}T00:00:00+08:00`) - 8 * 86_400_000);
    }
    expect(result.amountDueFen).toBe(result.bills.slice(0, sys.zhangUnpaid).reduce((s, b) => s + b.amountFen, 0));
    // One historical payment per paid bill, newest first, at 营业厅 or by 银行代扣.
    expect(result.payments.map((p) => p.billIds)).toEqual(paid.map((b) => [b.billId]));
    expect(result.payments.map((p) => p.amountFen)).toEqual(paid.map((b) => b.amountFen));
    expect(result.payments.every((p) => ['营业厅', '银行代扣'].includes(p.channel) && /^[WG]R\d{16}$/.test(p.receiptNo))).toBe(true);
  });

  it('is deterministic: another sandbox at the same time answers the same bills, as demoBillHistory says', async () => {
    const other = await buildSandbox({ now: clock.now });
    try {
      const again = data<BillsResult>(await partnerClient(other, { now: clock.now }).get(`${sys.accounts}/${sys.unowned}/bills`));
      expect(again).toEqual(await bills(sys.unowned));
      const demo = sys.demo.find((a) => a.accountNo === sys.unowned);
      expect(demo).toBeDefined();
      if (demo) expect(again.bills).toEqual(demoBillHistory(demo, NOW).bills);
      expect(again.bills.filter((b) => b.status === 'unpaid')).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('follows the Beijing calendar at a month boundary', async () => {
    // 2026-01-31T16:30Z is 2026-02-01 00:30 in Beijing: January is already "last month".
    const t = new TestClock(Date.parse('2026-01-31T16:30:00Z'));
    const other = await buildSandbox({ now: t.now });
    try {
      const result = data<BillsResult>(await partnerClient(other, { now: t.now }).get(`${sys.accounts}/${sys.other}/bills`));
      expect(result.bills[0]?.period).toBe('2026-01');
      expect(result.bills[11]?.period).toBe('2025-02');
    } finally {
      await other.close();
    }
  });

  it('refuses an unknown account with 2001', async () => {
    const res = await client.get(`${sys.accounts}/0000000000/bills`);
    expect(res.statusCode).toBe(200);
    expect(envelope(res)).toMatchObject({ code: BizCode.NOT_FOUND, data: null, message: expect.stringContaining('未查询到该') as string });
  });

  describe('销账 (write-off)', () => {
    let order = 0;
    const request = async (accountNo: string, count: number, over: Partial<WriteOffRequest> = {}): Promise<WriteOffRequest> => {
      const unpaid = (await bills(accountNo)).bills.filter((b) => b.status === 'unpaid').slice(0, count);
      order += 1;
      return {
        accountNo,
        billIds: unpaid.map((b) => b.billId),
        amountFen: unpaid.reduce((s, b) => s + b.amountFen, 0),
        orderId: `${sys.kind}-order-${order}`,
        tradeNo: `T20260315000000000${order}`,
        paidAt: new Date(clock.t).toISOString(),
        ...over,
      };
    };
    const payments = `${sys.base}/payments`;

    it('marks the bills paid and records the payment (channel 天府通办)', async () => {
      const req = await request(sys.zhang, sys.zhangUnpaid);
      const result = data<WriteOffResult>(await client.write(payments, req));
      expect(result.paidBillIds).toEqual(req.billIds);
      expect(result.receiptNo).toMatch(new RegExp(`^${sys.prefix}R20260315\\d{8}$`));
      const after = await bills(sys.zhang);
      expect(after.amountDueFen).toBe(0);
      expect(after.bills.filter((b) => req.billIds.includes(b.billId)).every((b) => b.status === 'paid' && b.paidAt === req.paidAt)).toBe(true);
      expect(after.payments[0]).toEqual({ receiptNo: result.receiptNo, paidAt: req.paidAt, amountFen: req.amountFen, billIds: req.billIds, channel: '天府通办' });
    });

    it('replays a repeated Idempotency-Key, and answers the same receipt for the same order under a new key', async () => {
      const req = await request(sys.other, 1);
      const first = await client.write(payments, req, 'key-1');
      const replay = await client.write(payments, req, 'key-1');
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toBe(first.body);
      const again = await client.write(payments, req, 'key-2');
      expect(data<WriteOffResult>(again)).toEqual(data<WriteOffResult>(first));
      expect((await bills(sys.other)).payments.filter((p) => p.channel === '天府通办')).toHaveLength(1);
      // The same order for other bills is a conflict.
      const paidEarlier = (await bills(sys.other)).bills.find((b) => b.status === 'paid' && !req.billIds.includes(b.billId));
      const reused = await client.write(payments, { ...req, billIds: [paidEarlier?.billId], amountFen: paidEarlier?.amountFen });
      expect(envelope(reused).code).toBe(BizCode.STATE_CONFLICT);
    });

    it('reverses a write-off (冲正): the bills are due again, the record goes, and the order cannot be written off again', async () => {
      const before = await bills(sys.unowned);
      const req = await request(sys.unowned, 1);
      const receipt = data<WriteOffResult>(await client.write(payments, req));
      const reversed = data<ReverseResult>(await client.write(`${payments}/reverse`, { orderId: req.orderId, reason: '退款' }));
      expect(reversed).toMatchObject({ orderId: req.orderId, receiptNo: receipt.receiptNo, reversedBillIds: req.billIds });
      const after = await bills(sys.unowned);
      expect(after.amountDueFen).toBe(before.amountDueFen);
      expect(after.payments.some((p) => p.receiptNo === receipt.receiptNo)).toBe(false);
      expect(data<ReverseResult>(await client.write(`${payments}/reverse`, { orderId: req.orderId, reason: '再次' }))).toEqual(reversed);
      expect(envelope(await client.write(payments, req)).code).toBe(BizCode.STATE_CONFLICT);
      expect(envelope(await client.write(`${payments}/reverse`, { orderId: 'never-written-off', reason: 'x' })).code).toBe(BizCode.NOT_FOUND);
    });

    it('refuses a bill already paid by another order (2002)', async () => {
      const paidBill = (await bills(sys.unowned)).bills.find((b) => b.status === 'paid');
      const res = await client.write(payments, await request(sys.unowned, 0, { billIds: [paidBill?.billId ?? ''], amountFen: paidBill?.amountFen ?? 1 }));
      expect(res.statusCode).toBe(200);
      expect(envelope(res)).toMatchObject({ code: BizCode.STATE_CONFLICT, message: expect.stringContaining('已缴清') as string, data: null });
    });

    it('refuses an amount that is not the sum of the bills (2003)', async () => {
      const req = await request(sys.unowned, 1);
      const res = await client.write(payments, { ...req, amountFen: req.amountFen + 1 });
      expect(envelope(res)).toMatchObject({ code: BizCode.AMOUNT_MISMATCH, data: null });
      expect((await bills(sys.unowned)).amountDueFen).toBe(req.amountFen);
    });

    it('refuses a bill of another account (2004) and an unknown account (2001)', async () => {
      const foreign = (await bills(sys.other)).bills[0];
      const res = await client.write(payments, await request(sys.unowned, 0, { billIds: [foreign?.billId ?? ''], amountFen: foreign?.amountFen ?? 1 }));
      expect(envelope(res).code).toBe(BizCode.INVALID_DATA);
      const unknown = await client.write(payments, await request(sys.unowned, 1, { accountNo: '0000000000' }));
      expect(envelope(unknown).code).toBe(BizCode.NOT_FOUND);
    });

    it('refuses malformed requests with 1004 and a write without Idempotency-Key with HTTP 400', async () => {
      const req = await request(sys.unowned, 1);
      for (const bad of [{ ...req, billIds: [] }, { ...req, amountFen: 1.5 }, { ...req, paidAt: 'yesterday' }, { ...req, orderId: '' }, { ...req, billIds: ['a', 'a'] }]) {
        const res = await client.write(payments, bad);
        expect([res.statusCode, envelope(res).code], JSON.stringify(bad)).toEqual([400, EnvelopeCode.BAD_REQUEST]);
      }
      const noKey = await client.post(payments, req);
      expect([noKey.statusCode, envelope(noKey).code]).toEqual([400, EnvelopeCode.BAD_REQUEST]);
    });
  });
});
