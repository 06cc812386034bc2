/**
 * The payments core with purposes: a purpose registered here, in the test, is settled, refunded
 * when its owner refuses, told when its unpaid order closes, and refunded once however often a
 * refund is asked for. Against the real sandbox gateway over loopback (utilities/test-support.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentOrderView, ReconRunDetail } from '@dz/contracts';
import { PayConnector } from '../../partners/connectors/pay.js';
import { call, setupAdmin } from '../admin-auth/test-support.js';
import { eventually, harness, payAtCashier, type Harness } from '../utilities/test-support.js';
import type { PaymentPurpose, PurposeOrder } from './purposes.js';

type Answer = { receipt: string } | { refund: string };

let h: Harness;
let userId: number;
let seq = 0;
/** What the purpose's owner answers to the next settle; an Error is thrown (the owner is down). */
let nextSettle: Answer | Error = { receipt: 'RC-1' };
let reverseFails = false;
const calls = { settle: [] as string[], settled: [] as string[], reverse: [] as string[], closed: [] as string[], refunded: [] as string[] };

const purpose: PaymentPurpose = {
  biz: 'test-fee',
  name: '测试费',
  async settle(o: PurposeOrder) {
    calls.settle.push(o.orderId);
    if (nextSettle instanceof Error) throw nextSettle;
    return nextSettle;
  },
  async settled(o, receipt) {
    calls.settled.push(`${o.orderId}:${receipt}`);
  },
  async reverse(o) {
    calls.reverse.push(o.orderId);
    if (reverseFails) throw new Error('业务方暂不可用');
  },
  async closed(o) {
    calls.closed.push(o.orderId);
  },
  async refunded(o) {
    calls.refunded.push(o.orderId);
  },
  describe: (o) => `测试项目 ${o.ref}（${o.items.join('、')}）`,
};

beforeAll(async () => {
  h = await harness();
  h.t.app.payments.registerPurpose(purpose);
  userId = (await get('/api/me')).json().id as number;
}, 60_000);
afterAll(async () => h.close());

const get = (url: string) => h.t.app.inject({ method: 'GET', url, headers: { cookie: h.demo } });
const order = async (id: string) => (await get(`/api/payments/${id}`)).json() as PaymentOrderView;
const count = (list: string[], id: string) => list.filter((x) => x === id || x.startsWith(`${id}:`)).length;

function create(amountFen = 1200) {
  seq += 1;
  return h.t.app.payments.createOrder({
    userId,
    biz: 'test-fee',
    ref: `T${Date.now()}${seq}`,
    items: [`slot-${seq}`],
    amountFen,
    subject: `测试费 ${seq}`,
    channel: 'wechat',
    site: '511700',
    origin: 'http://127.0.0.1',
    requestId: `test-${seq}`,
  });
}

async function paid(answer: Answer | Error): Promise<string> {
  nextSettle = answer;
  const created = await create();
  expect((await payAtCashier(created.payUrl)).status).toBe(303);
  await eventually(async () => (await order(created.orderId)).status !== 'pending');
  return created.orderId;
}

describe('a purpose registered by a feature', () => {
  it('refuses a second purpose under the same biz, and a biz the column cannot hold', () => {
    expect(() => h.t.app.payments.registerPurpose(purpose)).toThrow(/registered twice/);
    expect(() => h.t.app.payments.registerPurpose({ ...purpose, biz: 'A-biz-that-is-far-too-long' })).toThrow(/must match/);
  });

  it('is settled after the gateway’s notification, and the order reads with its name and description', async () => {
    const orderId = await paid({ receipt: 'RC-100' });
    const o = await eventually(async () => {
      const v = await order(orderId);
      return v.writeOff === 'done' ? v : null;
    });
    expect(o).toMatchObject({ status: 'paid', biz: 'test-fee', bizName: '测试费', receiptNo: 'RC-100', description: expect.stringMatching(/^测试项目 T\d+（slot-\d+）$/) });
    expect(count(calls.settle, orderId)).toBe(1);
    expect(calls.settled).toContain(`${orderId}:RC-100`);
    const list = (await get('/api/payments')).json() as { items: PaymentOrderView[] };
    expect(list.items.find((x) => x.orderId === orderId)).toMatchObject({ bizName: '测试费' });
  });

  it('keeps a payment paid while its owner cannot settle, and settles it on the next try', async () => {
    const orderId = await paid(new Error('业务方系统暂不可用'));
    await eventually(async () => count(calls.settle, orderId) === 1);
    const row = await eventually(async () => {
      const r = await h.t.app.payments.repo.byOrderId(orderId);
      return r?.settle_attempts === 1 ? r : null;
    });
    expect(row).toMatchObject({ status: 'paid', settle_status: 'pending', settle_error: '业务方系统暂不可用' });
    nextSettle = { receipt: 'RC-LATER' };
    await h.t.app.payments.settle(orderId);
    expect(await order(orderId)).toMatchObject({ status: 'paid', writeOff: 'done', receiptNo: 'RC-LATER' });
    expect(calls.refunded).not.toContain(orderId);
  });

  it('refunds the order when the owner refuses it for good (e.g. the lock expired), without reversing anything', async () => {
    const orderId = await paid({ refund: '号源锁定已过期，系统自动退款' });
    const o = await eventually(async () => {
      const v = await order(orderId);
      return v.status === 'refunded' ? v : null;
    });
    expect(o.refundedAt).toBeTruthy();
    expect(o.writeOff).toBe('none');
    expect(count(calls.refunded, orderId)).toBe(1);
    expect(calls.reverse).not.toContain(orderId);
    expect((await h.t.app.payments.repo.byOrderId(orderId))?.refund_reason).toBe('号源锁定已过期，系统自动退款');
  });
});

describe('closing an unpaid order', () => {
  it('closes it at the gateway and tells the purpose once, however often it is closed', async () => {
    const created = await create();
    expect(await h.t.app.payments.closeOrder(created.orderId, 'close-1')).toBe('closed');
    expect(await h.t.app.payments.closeOrder(created.orderId, 'close-2')).toBe('closed');
    expect(count(calls.closed, created.orderId)).toBe(1);
    expect(await order(created.orderId)).toMatchObject({ status: 'closed', payUrl: null });
    // The cashier no longer takes it.
    const page = await fetch(created.payUrl);
    expect(await page.text()).not.toContain('确认支付');
  });

  it('tells the purpose when the 15-minute sweep closes it', async () => {
    const created = await create();
    await h.t.app.ctx.db.updateTable('payment_orders').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('order_id', '=', created.orderId).execute();
    await h.t.app.payments.closeExpired();
    expect((await order(created.orderId)).status).toBe('closed');
    expect(count(calls.closed, created.orderId)).toBe(1);
  });

  it('answers paid for an order that was paid meanwhile, and does not release what it holds', async () => {
    const orderId = await paid({ receipt: 'RC-200' });
    expect(await h.t.app.payments.closeOrder(orderId, 'close-3')).toBe('paid');
    expect(calls.closed).not.toContain(orderId);
  });
});

describe('refunding', () => {
  it('reverses at the owner, then refunds once however often (and however concurrently) it is asked', async () => {
    const orderId = await paid({ receipt: 'RC-300' });
    await eventually(async () => (await order(orderId)).writeOff === 'done');
    const by = { kind: 'citizen' as const, userId };
    const [a, b] = await Promise.all([h.t.app.payments.refundOrder(orderId, '取消挂号', by), h.t.app.payments.refundOrder(orderId, '取消挂号', by)]);
    const c = await h.t.app.payments.refundOrder(orderId, '再次取消', by);
    for (const v of [a, b, c]) expect(v).toMatchObject({ orderId, status: 'refunded' });
    expect(c.refundedAt).toBe(a.refundedAt);
    expect(count(calls.refunded, orderId)).toBe(1);
    expect(count(calls.reverse, orderId)).toBeGreaterThanOrEqual(1);
    expect((await h.t.app.payments.repo.byOrderId(orderId))?.refund_reason).toBe('取消挂号');
    // The gateway's statement holds one payment and one refund of it.
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const statement = await new PayConnector(h.t.app.ctx.partners).statement(day, {});
    expect(statement.entries.filter((e) => e.orderId === orderId).map((e) => e.type).sort()).toEqual(['pay', 'refund']);
  });

  it('refunds nothing while the owner cannot reverse, and only its payer may ask', async () => {
    const orderId = await paid({ receipt: 'RC-400' });
    await eventually(async () => (await order(orderId)).writeOff === 'done');
    await expect(h.t.app.payments.refundOrder(orderId, '取消', { kind: 'citizen', userId: userId + 1000 })).rejects.toMatchObject({ statusCode: 404 });
    reverseFails = true;
    try {
      await expect(h.t.app.payments.refundOrder(orderId, '取消', { kind: 'citizen', userId })).rejects.toThrow();
    } finally {
      reverseFails = false;
    }
    expect(await order(orderId)).toMatchObject({ status: 'paid', writeOff: 'done' });
    expect(calls.refunded).not.toContain(orderId);
  });

  it('refuses an order that was never paid (409)', async () => {
    const created = await create();
    await expect(h.t.app.payments.refundOrder(created.orderId, '取消', { kind: 'citizen', userId })).rejects.toMatchObject({ statusCode: 409, code: 'ORDER_NOT_REFUNDABLE' });
  });
});

describe('对账', () => {
  it('names what a differing order paid for with its purpose', async () => {
    const orderId = await paid({ receipt: 'RC-500' });
    await eventually(async () => (await order(orderId)).writeOff === 'done');
    // Our copy says another amount than the gateway took: a difference to look into.
    await h.t.app.ctx.db.updateTable('payment_orders').set({ amount_fen: 1 }).where('order_id', '=', orderId).execute();
    const admin = await setupAdmin(h.t);
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const started = await call(h.t, admin.cookie, 'POST', '/api/admin/reconciliations', { date: day });
    expect(started.statusCode, started.body).toBe(202);
    const job = await eventually(async () => {
      const j = (await call(h.t, admin.cookie, 'GET', `/api/admin/jobs/${started.json().jobId}`)).json() as { state: string; result: { runId: number } | null };
      return j.state === 'succeeded' ? j : null;
    }, 20_000);
    const detail = (await call(h.t, admin.cookie, 'GET', `/api/admin/reconciliations/${job.result!.runId}`)).json() as ReconRunDetail;
    expect(detail.differences.find((d) => d.orderId === orderId)).toMatchObject({ kind: 'amount_mismatch', bizName: '测试费', description: expect.stringMatching(/^测试项目 T/) });
  });
});
