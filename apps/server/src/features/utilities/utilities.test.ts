import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@dz/partner-protocol';
import type { CreatePaymentResponse, PaymentOrderView, WaterAccountsResponse, WaterBillsResponse, GasBillsResponse } from '@dz/contracts';
import { setupAdmin, call, type StaffSession } from '../admin-auth/test-support.js';
import { registerPerson } from '../auth/test-kit.js';
import { eventually, harness, payAtCashier, type Harness } from './test-support.js';

let h: Harness;
let admin: StaffSession;
beforeAll(async () => {
  h = await harness();
  admin = await setupAdmin(h.t);
});
afterAll(async () => h.close());

const get = (url: string, cookie = h.demo) => h.t.app.inject({ method: 'GET', url, headers: { cookie } });
const post = (url: string, payload: object, cookie = h.demo) => h.t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
const order = async (id: string) => (await get(`/api/payments/${id}`)).json() as PaymentOrderView;
const bills = async (cardNo: string) => (await get(`/api/water/bills?cardNo=${cardNo}`)).json() as WaterBillsResponse;
const unpaidIds = (b: WaterBillsResponse | GasBillsResponse) => b.bills.filter((x) => x.status === 'unpaid' && !x.settling).map((x) => x.billId);

/** 李四 of the sandbox roster, registered and real-name verified (as an operator would have him). */
async function registerLiSi(): Promise<string> {
  const u = await registerPerson(h.t.app, { name: '李四', idNumber: '511702199203152438' });
  await h.t.app.ctx.db.updateTable('users').set({ real_name_verified: 1 }).where('id', '=', u.userId).execute();
  return u.cookie;
}

/** 立即对账 is a console job (202, then GET /api/admin/jobs/:id): runs it for `date` and returns the finished run. */
async function reconcile(date: string) {
  const res = await call(h.t, admin.cookie, 'POST', '/api/admin/reconciliations', { date });
  expect(res.statusCode, res.body).toBe(202);
  const { jobId } = res.json() as { jobId: number };
  const done = await eventually(async () => {
    const j = (await call(h.t, admin.cookie, 'GET', `/api/admin/jobs/${jobId}`)).json() as { state: string; result?: { runId: number } };
    return j.state === 'succeeded' || j.state === 'failed' ? j : null;
  }, 20_000);
  expect(done.state).toBe('succeeded');
  const detail = (await call(h.t, admin.cookie, 'GET', `/api/admin/reconciliations/${done.result!.runId}`)).json() as {
    run: { id: number; status: string; differenceCount: number; gatewayCount: number; localCount: number };
    differences: { kind: string; orderId: string; gatewayAmountFen: number }[];
  };
  return { ...detail.run, differences: detail.differences };
}

/** A notification as the gateway sends it, signed with the sandbox merchant's key. */
function notification(body: object, secret = 'sandbox-secret-not-for-production') {
  const raw = JSON.stringify(body);
  const headers = signRequest({ appKey: 'dz-sandbox', secret, method: 'POST', pathWithQuery: '/api/payments/notify', body: raw });
  return h.t.app.inject({ method: 'POST', url: '/api/payments/notify', payload: raw, headers: { ...headers, 'content-type': 'application/json' } });
}

describe('water accounts and bills', () => {
  it('matches the demo citizen’s water cards by identity and lists the 缴费单位', async () => {
    const res = await get('/api/water/accounts');
    expect(res.statusCode).toBe(200);
    const body = res.json() as WaterAccountsResponse;
    expect(body.accounts.map((a) => a.cardNo).sort()).toEqual(['3100012345', '3100012346']);
    expect(body.accounts[0]!.holderName).toBe('张*');
    expect(body.units.length).toBeGreaterThanOrEqual(5);
  });

  it('asks for a login, and for 实名认证 before matching by identity', async () => {
    expect((await h.t.app.inject({ url: '/api/water/accounts' })).statusCode).toBe(401);
    const fresh = await registerPerson(h.t.app);
    const res = await get('/api/gas/accounts', fresh.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'REALNAME_REQUIRED' });
  });

  it('lists 12 months of bills with usage, amount and what is due', async () => {
    const b = await bills('3100012345');
    expect(b.bills).toHaveLength(12);
    expect(b.bills.filter((x) => x.status === 'unpaid')).toHaveLength(2);
    expect(b.amountDueFen).toBe(b.bills.filter((x) => x.status === 'unpaid').reduce((s, x) => s + x.amountFen, 0));
    expect(b.bills[0]!.period > b.bills[11]!.period).toBe(true);
    expect(b.payments.length).toBeGreaterThan(0);
  });

  it('shows the address only to the street, and limits how many card numbers one citizen looks up a day', async () => {
    expect((await bills('3100099999')).address).toMatch(/\*\*\*\*$/);
    const u = await registerPerson(h.t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await get(`/api/water/bills?cardNo=${3100100000 + i}`, u.cookie)).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
    // A number already looked up today still answers.
    expect((await get('/api/water/bills?cardNo=3100100000', u.cookie)).statusCode).toBe(404);
  });

  it('says which card number is unknown, and refuses malformed ones', async () => {
    const res = await get('/api/water/bills?cardNo=3100000000');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', message: '未查询到该卡号，请核对后重新输入' });
    expect((await get('/api/water/bills?cardNo=abc')).statusCode).toBe(400);
  });
});

describe('paying a water bill through the gateway', () => {
  let first: CreatePaymentResponse;

  it('creates one order per selection (a second tap returns the same order)', async () => {
    const ids = unpaidIds(await bills('3100012346'));
    expect(ids).toHaveLength(1);
    const res = await post('/api/water/payments', { cardNo: '3100012346', billIds: ids, channel: 'alipay' });
    expect(res.statusCode).toBe(201);
    first = res.json() as CreatePaymentResponse;
    expect(first.orderId).toMatch(/^DZ\d{20}$/);
    expect(first.payUrl).toContain(h.sandboxUrl);
    const again = (await post('/api/water/payments', { cardNo: '3100012346', billIds: ids, channel: 'alipay' })).json() as CreatePaymentResponse;
    expect(again.orderId).toBe(first.orderId);
    expect((await order(first.orderId)).status).toBe('pending');
  });

  it('is paid only after the gateway’s notification, then written off at the water company', async () => {
    const r = await payAtCashier(first.payUrl);
    expect(r.html).toContain('确认支付');
    expect(r.status).toBe(303);
    expect(r.location).toContain(`/payments/result?orderId=${first.orderId}`);
    const done = await eventually(async () => {
      const o = await order(first.orderId);
      return o.status === 'paid' && o.writeOff === 'done' ? o : null;
    });
    expect(done.receiptNo).toBeTruthy();
    const after = await bills('3100012346');
    expect(after.amountDueFen).toBe(0);
    expect(after.payments.some((p) => p.channel === '天府通办')).toBe(true);
    const list = (await get('/api/payments')).json() as { items: PaymentOrderView[] };
    expect(list.items.map((o) => o.orderId)).toContain(first.orderId);
  });

  it('refuses to charge a bill twice', async () => {
    const b = await bills('3100012346');
    const res = await post('/api/water/payments', { cardNo: '3100012346', billIds: [b.bills[0]!.billId] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'BILL_NOT_PAYABLE' });
  });

  it('takes a duplicate notification as a no-op and refuses forged or wrong-amount ones', async () => {
    const before = await order(first.orderId);
    const dup = await notification({ orderId: first.orderId, tradeNo: before.tradeNo, amountFen: before.amountFen, status: 'paid', channel: 'alipay', paidAt: new Date().toISOString() });
    expect(dup.json()).toMatchObject({ code: '0000' });
    const after = await order(first.orderId);
    expect(after.paidAt).toBe(before.paidAt);
    expect(after.status).toBe('paid');
    const outcomes = await h.t.app.ctx.db.selectFrom('payment_notifications').select('outcome').where('order_id', '=', first.orderId).execute();
    expect(outcomes.map((o) => o.outcome)).toContain('duplicate');

    // A pending order is not paid by a forged or short notification.
    const ids = unpaidIds(await bills('3100012345'));
    const pending = (await post('/api/water/payments', { cardNo: '3100012345', billIds: ids })).json() as CreatePaymentResponse;
    const p = await order(pending.orderId);
    const forged = await notification({ orderId: p.orderId, tradeNo: p.tradeNo, amountFen: p.amountFen, status: 'paid', channel: 'wechat', paidAt: new Date().toISOString() }, 'not-the-secret');
    expect(forged.json()).toMatchObject({ code: '1001' });
    const short = await notification({ orderId: p.orderId, tradeNo: p.tradeNo, amountFen: 1, status: 'paid', channel: 'wechat', paidAt: new Date().toISOString() });
    expect(short.json()).toMatchObject({ code: '2003' });
    expect((await order(p.orderId)).status).toBe('pending');
  });

  it('keeps an unpaid order pending (the gateway says so), then closes it after 15 minutes', async () => {
    const ids = unpaidIds(await bills('3100012345'));
    const created = (await post('/api/water/payments', { cardNo: '3100012345', billIds: ids })).json() as CreatePaymentResponse;
    await new Promise((r) => setTimeout(r, 3200));
    expect((await order(created.orderId)).status).toBe('pending');
    await h.t.app.ctx.db.updateTable('payment_orders').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('order_id', '=', created.orderId).execute();
    expect(await h.t.app.payments.closeExpired()).toBeGreaterThanOrEqual(1);
    const closed = await order(created.orderId);
    expect(closed.status).toBe('closed');
    expect(closed.payUrl).toBeNull();
    // The cashier no longer takes the money either.
    const late = await payAtCashier(created.payUrl).catch(() => null);
    expect(late === null || late.status !== 303).toBe(true);
    expect((await order(created.orderId)).status).toBe('closed');
  });
});

describe('when a partner fails', () => {
  it('answers a clear message within 3 s when the water company errors or hangs', async () => {
    h.sandbox.faults.set('water', { errorRate: 1 });
    let t0 = Date.now();
    let res = await get('/api/water/bills?cardNo=3100012345');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'PARTNER_UNAVAILABLE', message: '服务暂不可用，请稍后重试' });
    expect(Date.now() - t0).toBeLessThan(3000);
    h.sandbox.faults.set('water', { errorRate: 0, latencyMs: 6000 });
    t0 = Date.now();
    res = await get('/api/water/bills?cardNo=3100012345');
    expect(res.statusCode).toBe(503);
    expect(Date.now() - t0).toBeLessThan(3500);
    h.sandbox.faults.reset();
  });

  it('charges nothing and closes the order when the gateway is down at creation', async () => {
    h.sandbox.faults.set('pay', { errorRate: 1 });
    const ids = unpaidIds(await bills('3100012345'));
    const res = await post('/api/water/payments', { cardNo: '3100012345', billIds: ids });
    h.sandbox.faults.reset();
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('本次未扣款');
    const open = await h.t.app.ctx.db.selectFrom('payment_orders').select(['status']).where('ref', '=', '3100012345').where('status', '=', 'pending').execute();
    expect(open).toHaveLength(0);
  });

  it('keeps a payment paid while the water company cannot write it off, and writes it off later', async () => {
    const ids = unpaidIds(await bills('3100012345'));
    const created = (await post('/api/water/payments', { cardNo: '3100012345', billIds: ids })).json() as CreatePaymentResponse;
    h.sandbox.faults.set('water', { errorRate: 1 });
    await payAtCashier(created.payUrl);
    await eventually(async () => {
      const row = await h.t.app.payments.repo.byOrderId(created.orderId);
      return row?.status === 'paid' && row.settle_attempts >= 1 ? row : null;
    });
    expect((await order(created.orderId)).writeOff).toBe('pending');
    h.sandbox.faults.reset();
    // The bills show as 销账中 and cannot be chosen again meanwhile.
    const b = await bills('3100012345');
    expect(b.bills.filter((x) => x.settling).map((x) => x.billId).sort()).toEqual([...ids].sort());
    expect(b.amountDueFen).toBe(0);
    await h.t.app.payments.settle(created.orderId);
    expect((await order(created.orderId)).writeOff).toBe('done');
  });
});

describe('a bill paid elsewhere meanwhile', () => {
  it('refunds our payment instead of keeping the money twice', async () => {
    // 李四's card: he opens an order, then pays the same bill at the counter before the cashier.
    const li = await registerLiSi();
    const b = (await get('/api/water/bills?cardNo=3100022345', li)).json() as WaterBillsResponse;
    const ids = unpaidIds(b);
    const created = (await post('/api/water/payments', { cardNo: '3100022345', billIds: ids }, li)).json() as CreatePaymentResponse;
    await h.t.app.ctx.partners.call({
      partner: 'water',
      method: 'POST',
      path: '/v1/water/payments',
      body: { accountNo: '3100022345', billIds: ids, amountFen: created.amountFen, orderId: 'COUNTER-0001', tradeNo: 'COUNTER', paidAt: new Date().toISOString() },
      idempotent: true,
    });
    await payAtCashier(created.payUrl);
    const o = await eventually(async () => {
      const v = (await get(`/api/payments/${created.orderId}`, li)).json() as PaymentOrderView;
      return v.status === 'refunded' ? v : null;
    });
    expect(o.refundedAt).toBeTruthy();
  });
});

describe('gas', () => {
  it('finds what is due by customer number and pays it', async () => {
    const accounts = (await get('/api/gas/accounts')).json() as { accounts: { customerNo: string }[] };
    expect(accounts.accounts.map((a) => a.customerNo)).toContain('8800012345');
    const b = (await get('/api/gas/bills?customerNo=8800012345')).json() as GasBillsResponse;
    expect(b.amountDueFen).toBeGreaterThan(0);
    const created = (await post('/api/gas/payments', { customerNo: '8800012345', billIds: unpaidIds(b), channel: 'unionpay' })).json() as CreatePaymentResponse;
    expect(created.amountFen).toBe(b.amountDueFen);
    await payAtCashier(created.payUrl);
    await eventually(async () => (await order(created.orderId)).writeOff === 'done');
    expect(((await get('/api/gas/bills?customerNo=8800012345')).json() as GasBillsResponse).amountDueFen).toBe(0);
  });
});

describe('console: refunds and reconciliation', () => {
  it('refunds nothing while the company cannot reverse its write-off', async () => {
    const list = (await call(h.t, admin.cookie, 'GET', '/api/admin/payments?status=paid&biz=water')).json() as { items: PaymentOrderView[] };
    const target = list.items.find((o) => o.writeOff === 'done')!;
    h.sandbox.faults.set('water', { errorRate: 1 });
    const res = await call(h.t, admin.cookie, 'POST', `/api/admin/payments/${target.orderId}/refund`, { reason: '测试退款' });
    h.sandbox.faults.reset();
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('未退款');
    expect((await order(target.orderId)).status).toBe('paid');
  });

  it('refunds a paid order once (the company reverses its write-off first), audited, and the day reconciles', async () => {
    const list = (await call(h.t, admin.cookie, 'GET', '/api/admin/payments?status=paid')).json() as { items: PaymentOrderView[] };
    const target = list.items.find((o) => o.biz === 'gas')!;
    expect(target).toBeTruthy();
    const res = await call(h.t, admin.cookie, 'POST', `/api/admin/payments/${target.orderId}/refund`, { reason: '测试退款' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'refunded', refundReason: '测试退款' });
    expect((await call(h.t, admin.cookie, 'POST', `/api/admin/payments/${target.orderId}/refund`, { reason: '再次退款' })).statusCode).toBe(409);
    // The gas company reversed the write-off first: the bill is due again.
    const gasAfter = (await get('/api/gas/bills?customerNo=8800012345')).json() as GasBillsResponse;
    expect(gasAfter.amountDueFen).toBe(target.amountFen);
    expect(gasAfter.payments.some((p) => p.receiptNo === target.receiptNo)).toBe(false);
    const audit = await h.t.app.ctx.db.selectFrom('audit_log').select(['action', 'result']).where('action', '=', 'payments.refund').execute();
    expect(audit).toContainEqual({ action: 'payments.refund', result: 'ok' });

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const run = await reconcile(today);
    expect(run).toMatchObject({ status: 'balanced', differenceCount: 0 });
    expect(run.gatewayCount).toBe(run.localCount);
  });

  it('lists a payment the gateway took for an order we do not have', async () => {
    const ghost = await h.t.app.ctx.partners.call<{ cashierUrl: string }>({
      partner: 'pay',
      method: 'POST',
      path: '/v1/pay/orders',
      body: { orderId: 'DZGHOST0000000000001', amountFen: 1234, subject: '对账测试', channel: 'wechat', notifyUrl: `${h.serverUrl}/api/payments/notify`, returnUrl: `${h.serverUrl}/`, expireAt: new Date(Date.now() + 600_000).toISOString() },
      idempotent: true,
    });
    await payAtCashier(ghost.cashierUrl);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const detail = await reconcile(today);
    expect(detail.status).toBe('differences');
    expect(detail.differences).toEqual([expect.objectContaining({ kind: 'missing_local', orderId: 'DZGHOST0000000000001', gatewayAmountFen: 1234 })]);
    // (The daily job may add a run of its own for yesterday; the two of this test are the admin's.)
    const runs = (await call(h.t, admin.cookie, 'GET', '/api/admin/reconciliations')).json() as { items: { createdBy: string }[] };
    expect(runs.items.filter((r) => r.createdBy === 'admin')).toHaveLength(2);
  });
});
