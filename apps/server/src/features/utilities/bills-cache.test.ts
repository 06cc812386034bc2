/**
 * The short per-account memo of a company's bill answer (utilities.service.ts, BILLS_TTL_MS): a
 * citizen flipping between pages does not make the company answer again, a failure is never kept,
 * and a payment made through us shows at once — on the instance that took it and on another one
 * that had the bills kept from before.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CreatePaymentResponse, PaymentOrderView, WaterBillsResponse } from '@dz/contracts';
import { buildApp } from '../../app.js';
import { eventually, harness, payAtCashier, type Harness } from './test-support.js';

let h: Harness;
let other: FastifyInstance;
beforeAll(async () => {
  h = await harness();
  other = await buildApp({ config: h.t.config, prepare: false });
  await other.ready();
});
afterAll(async () => {
  await other.close();
  await h.close();
});
afterEach(() => vi.restoreAllMocks());

const get = (url: string, app: FastifyInstance = h.t.app) => app.inject({ method: 'GET', url, headers: { cookie: h.demo } });
const bills = async (cardNo: string, app: FastifyInstance = h.t.app) => {
  const res = await get(`/api/water/bills?cardNo=${cardNo}`, app);
  expect(res.statusCode).toBe(200);
  return res.json() as WaterBillsResponse;
};
const unpaid = (b: WaterBillsResponse) => b.bills.filter((x) => x.status === 'unpaid' && !x.settling).map((x) => x.billId);

describe('water bills, kept for a moment', () => {
  it('a second look does not ask the company again; another site or account still does', async () => {
    const first = await bills('3100012345');
    h.sandbox.faults.set('water', { errorRate: 1 });
    try {
      expect(await bills('3100012345')).toEqual(first);
      const elsewhere = await get('/api/water/bills?cardNo=3100012345&site=511702');
      expect(elsewhere.statusCode).toBe(503);
      expect(elsewhere.json()).toMatchObject({ code: 'PARTNER_UNAVAILABLE', message: '服务暂不可用，请稍后重试' });
    } finally {
      h.sandbox.faults.reset();
    }
  });

  it('many queries of one account at once make one call to the company', async () => {
    const call = vi.spyOn(h.t.app.ctx.partners, 'call');
    const answers = await Promise.all(Array.from({ length: 20 }, () => get('/api/water/bills?cardNo=3100022345')));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((r) => r.body)).size).toBe(1);
    expect(call.mock.calls.filter(([c]) => c.operation === 'water.bills')).toHaveLength(1);
  });

  it('never keeps a failure', async () => {
    h.sandbox.faults.set('water', { errorRate: 1 });
    try {
      expect((await get('/api/water/bills?cardNo=3100099999')).statusCode).toBe(503);
    } finally {
      h.sandbox.faults.reset();
    }
    expect((await bills('3100099999')).bills.length).toBeGreaterThan(0);
  });

  it('a paid bill is never shown unpaid from the memo, on either instance', async () => {
    const before = await bills('3100012346');
    expect(await bills('3100012346', other)).toEqual(before);
    const ids = unpaid(before);
    expect(ids).toHaveLength(1);
    const res = await h.t.app.inject({ method: 'POST', url: '/api/water/payments', payload: { cardNo: '3100012346', billIds: ids, channel: 'alipay' }, headers: { cookie: h.demo } });
    expect(res.statusCode).toBe(201);
    const created = res.json() as CreatePaymentResponse;
    await payAtCashier(created.payUrl);
    await eventually(async () => {
      const o = (await get(`/api/payments/${created.orderId}`)).json() as PaymentOrderView;
      return o.status === 'paid' && o.writeOff === 'done';
    });
    for (const app of [h.t.app, other]) {
      const after = await bills('3100012346', app);
      expect(after.amountDueFen).toBe(0);
      expect(after.bills.find((b) => b.billId === ids[0])!.status).toBe('paid');
    }
  });
});
