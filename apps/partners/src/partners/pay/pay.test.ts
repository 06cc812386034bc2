import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import {
  BizCode,
  EnvelopeCode,
  fail,
  type CreatePayOrder,
  type CreatePayOrderResult,
  type GatewayOrder,
  type PingResult,
  type RefundResult,
  type Statement,
} from '@dz/partner-protocol';
import { buildSandbox, type Sandbox, type SandboxOptions } from '../../app.js';
import { data, envelope, partnerClient, signedInject, TestClock, type PartnerClient } from '../../test/helpers.js';
import { notificationReceiver, type Receiver } from '../../test/receiver.js';
import type { DeliveryLog } from './notifier.js';

// 2026-03-01 10:00 Beijing.
const START = Date.parse('2026-03-01T02:00:00Z');
const RETURN_URL = 'http://127.0.0.1:5173/pay/result?from=cashier';
const FAST_NOTIFY = [10, 20, 20, 20];

let seq = 0;
function orderBody(clock: TestClock, rx: Receiver | null, over: Partial<CreatePayOrder> = {}): CreatePayOrder {
  seq += 1;
  return {
    orderId: `PO${String(seq).padStart(6, '0')}`,
    amountFen: 1234,
    subject: '水费 3100012345（2026-01、2026-02）',
    channel: 'wechat',
    notifyUrl: rx?.url ?? 'http://127.0.0.1:9/notify',
    returnUrl: RETURN_URL,
    expireAt: new Date(clock.t + 15 * 60_000).toISOString(),
    ...over,
  };
}

const cashierPath = (r: CreatePayOrderResult) => new URL(r.cashierUrl).pathname;
const payAt = (app: Sandbox, path: string) =>
  app.inject({ method: 'POST', url: `${path}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
const returnFor = (orderId: string) => {
  const u = new URL(RETURN_URL);
  u.searchParams.set('orderId', orderId);
  return u.toString();
};

describe('统一支付平台', () => {
  const clock = new TestClock(START);
  let app: Sandbox;
  let client: PartnerClient;
  let rx: Receiver;
  let script: (n: number) => { status: number; body: unknown } = () => ({ status: 200, body: { code: '0000', message: 'ok', data: null } });

  const build = async (opts: SandboxOptions = {}) => {
    app = await buildSandbox({ now: clock.now, notifyDelaysMs: FAST_NOTIFY, ...opts });
    client = partnerClient(app, { now: clock.now });
  };
  const create = async (over: Partial<CreatePayOrder> = {}) => {
    const body = orderBody(clock, rx, over);
    return { body, result: data<CreatePayOrderResult>(await client.write('/v1/pay/orders', body)) };
  };
  const order = async (orderId: string) => data<GatewayOrder>(await client.get(`/v1/pay/orders/${orderId}`));
  const deliveries = async () => envelope<{ notifications: DeliveryLog[] }>(await app.inject({ method: 'GET', url: '/_control/pay/notifications' })).data?.notifications ?? [];

  beforeAll(async () => {
    rx = await notificationReceiver({ answer: (n) => script(n), now: clock.now });
  });
  afterAll(async () => rx.close());
  beforeEach(async () => {
    clock.t = START;
    rx.received.length = 0;
    script = () => ({ status: 200, body: { code: '0000', message: 'ok', data: null } });
    await build();
  });
  afterEach(async () => app.close());

  it('answers a signed ping', async () => {
    expect(data<PingResult>(await client.get('/v1/pay/ping'))).toEqual({ partner: 'pay', time: new Date(START).toISOString() });
  });

  it('creates an order: trade number with the Beijing date, cashier URL at the host the request came to', async () => {
    clock.t = Date.parse('2026-03-01T17:00:00Z'); // 2026-03-02 01:00 in Beijing
    const body = orderBody(clock, rx);
    const res = await signedInject(app, { url: '/v1/pay/orders', body, now: clock.t, headers: { 'idempotency-key': 'k1', host: 'sandbox.test:8090' } });
    const result = data<CreatePayOrderResult>(res);
    expect(result.tradeNo).toMatch(/^T20260302\d{10}$/);
    expect(result.cashierUrl).toBe(`http://sandbox.test:8090/cashier/${result.tradeNo}`);
    expect(await order(body.orderId)).toEqual({ orderId: body.orderId, tradeNo: result.tradeNo, amountFen: 1234, status: 'pending', channel: 'wechat', paidAt: null, refundedAmountFen: 0 });
  });

  it('builds the cashier URL from SANDBOX_PUBLIC_URL when set', async () => {
    await app.close();
    await build({ publicUrl: 'https://pay.demo.example/' });
    const { result } = await create();
    expect(result.cashierUrl).toBe(`https://pay.demo.example/cashier/${result.tradeNo}`);
  });

  it('answers the same trade for the same orderId and amount, 2002 for another amount, and replays a repeated key', async () => {
    const body = orderBody(clock, rx);
    const first = await client.write('/v1/pay/orders', body, 'same-key');
    const replay = await client.write('/v1/pay/orders', body, 'same-key');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toBe(first.body);
    const again = data<CreatePayOrderResult>(await client.write('/v1/pay/orders', body));
    expect(again.tradeNo).toBe(data<CreatePayOrderResult>(first).tradeNo);
    const other = await client.write('/v1/pay/orders', { ...body, amountFen: 999 });
    expect(envelope(other)).toMatchObject({ code: BizCode.STATE_CONFLICT, data: null });
  });

  it('validates an order: 1004 for a malformed one, 2004 for one over the limit or already expired', async () => {
    const base = orderBody(clock, rx);
    const malformed: Partial<Record<keyof CreatePayOrder, unknown>>[] = [
      { amountFen: 0 },
      { amountFen: 12.5 },
      { amountFen: '1234' },
      { channel: 'paypal' },
      { notifyUrl: 'ftp://127.0.0.1/notify' },
      { returnUrl: 'javascript:alert(1)' },
      { subject: '  ' },
      { expireAt: 'tomorrow' },
      { orderId: '' },
    ];
    for (const over of malformed) {
      const res = await client.write('/v1/pay/orders', { ...base, ...over });
      expect([res.statusCode, envelope(res).code], JSON.stringify(over)).toEqual([400, EnvelopeCode.BAD_REQUEST]);
    }
    expect(data<CreatePayOrderResult>(await client.write('/v1/pay/orders', { ...base, amountFen: 10_000_000 })).tradeNo).toMatch(/^T/);
    for (const over of [{ orderId: 'big', amountFen: 10_000_001 }, { orderId: 'late', expireAt: new Date(START - 1000).toISOString() }]) {
      expect(envelope(await client.write('/v1/pay/orders', { ...base, ...over })).code, JSON.stringify(over)).toBe(BizCode.INVALID_DATA);
    }
  });

  it('shows a cashier page styled per channel with subject, amount, order number, time left and 确认支付', async () => {
    const colours = { wechat: ['微信支付', '#06794A'], alipay: ['支付宝', '#0F5FD6'], unionpay: ['银联', '#B3000F'] } as const;
    for (const [channel, [name, colour]] of Object.entries(colours)) {
      const { body, result } = await create({ channel: channel as CreatePayOrder['channel'], subject: '燃气费 <b>8800012345</b>' });
      const res = await app.inject({ method: 'GET', url: cashierPath(result) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const page = res.body;
      expect(page).toContain('<html lang="zh-CN">');
      expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(page).toContain(name);
      expect(page).toContain(`background:${colour}`);
      expect(page).toContain('天府通办·达州');
      expect(page).toContain('燃气费 &#60;b&#62;8800012345&#60;/b&#62;');
      expect(page).toContain('¥12.34');
      expect(page).toContain(body.orderId);
      expect(page).toContain('15分00秒');
      expect(page).toContain(`<form method="post" action="/cashier/${result.tradeNo}/pay"><button type="submit" class="primary">确认支付</button></form>`);
      expect(page).toContain(`href="${returnFor(body.orderId).replaceAll('&', '&#38;')}">取消支付</a>`);
    }
  });

  it('pays: 303 back to returnUrl, then a signed notification the merchant can verify', async () => {
    const { body, result } = await create({ channel: 'alipay' });
    clock.advance(30_000);
    const res = await payAt(app, cashierPath(result));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(returnFor(body.orderId));
    const paid = await order(body.orderId);
    expect(paid).toMatchObject({ status: 'paid', paidAt: new Date(START + 30_000).toISOString() });

    await vi.waitFor(() => expect(rx.received).toHaveLength(1), { timeout: 3000, interval: 10 });
    const [note] = rx.received;
    expect(note?.url).toBe('/notify?merchant=dz');
    expect(note?.verified).toEqual({ ok: true, appKey: 'dz-sandbox' });
    expect(note?.body).toEqual({ orderId: body.orderId, tradeNo: result.tradeNo, amountFen: 1234, status: 'paid', channel: 'alipay', paidAt: paid.paidAt });

    const page = await app.inject({ method: 'GET', url: cashierPath(result) });
    expect(page.body).toContain('订单已支付');
    expect(page.body).toContain('返回商户');
    await vi.waitFor(async () => expect((await deliveries())[0]).toMatchObject({ orderId: body.orderId, state: 'delivered', attempts: [{ ok: true }] }));
  });

  it('retries a notification until the merchant answers 0000: fails twice, then exactly 3 deliveries', async () => {
    script = (n) => (n === 1 ? { status: 500, body: 'oops' } : n === 2 ? { status: 200, body: fail('9001', 'busy') } : { status: 200, body: { code: '0000', message: 'ok', data: null } });
    const { result } = await create();
    expect((await payAt(app, cashierPath(result))).statusCode).toBe(303);
    await vi.waitFor(() => expect(rx.received).toHaveLength(3), { timeout: 3000, interval: 10 });
    await sleep(150);
    expect(rx.received).toHaveLength(3);
    // Every retry is signed afresh (a reused nonce would fail verification as a replay).
    expect(rx.received.every((r) => r.verified.ok)).toBe(true);
    const [log] = await deliveries();
    expect(log?.state).toBe('delivered');
    expect(log?.attempts.map((a) => [a.ok, a.result])).toEqual([
      [false, 'HTTP 500'],
      [false, 'HTTP 200 代码 9001'],
      [true, 'HTTP 200 0000'],
    ]);
  });

  it('gives up after the last scheduled try', async () => {
    script = () => ({ status: 503, body: {} });
    const { result } = await create();
    await payAt(app, cashierPath(result));
    await vi.waitFor(async () => expect((await deliveries())[0]?.state).toBe('gave-up'), { timeout: 3000, interval: 10 });
    expect(rx.received).toHaveLength(FAST_NOTIFY.length);
  });

  it('pays once when 确认支付 is posted twice', async () => {
    const { body, result } = await create();
    const [a, b] = await Promise.all([payAt(app, cashierPath(result)), payAt(app, cashierPath(result))]);
    clock.advance(5000);
    const c = await payAt(app, cashierPath(result));
    for (const res of [a, b, c] as LightMyRequestResponse[]) {
      expect([res.statusCode, res.headers.location]).toEqual([303, returnFor(body.orderId)]);
    }
    expect((await order(body.orderId)).paidAt).toBe(new Date(START).toISOString());
    await vi.waitFor(() => expect(rx.received).toHaveLength(1), { timeout: 3000, interval: 10 });
    await sleep(100);
    expect(rx.received).toHaveLength(1);
  });

  it('cannot pay an expired order: it reads as closed and the cashier answers 409', async () => {
    const { body, result } = await create({ expireAt: new Date(START + 60_000).toISOString() });
    clock.advance(60_000);
    expect((await order(body.orderId)).status).toBe('closed');
    const page = await app.inject({ method: 'GET', url: cashierPath(result) });
    expect(page.body).toContain('订单已关闭');
    const res = await payAt(app, cashierPath(result));
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('订单已关闭');
    expect(res.body).toContain(`href="${returnFor(body.orderId).replaceAll('&', '&#38;')}"`);
    await sleep(50);
    expect(rx.received).toHaveLength(0);
  });

  it('closes a pending order; a paid one answers 2002 订单已支付; unknown ones 2001', async () => {
    const pending = await create();
    const closed = data<GatewayOrder>(await client.write(`/v1/pay/orders/${pending.body.orderId}/close`));
    expect(closed).toMatchObject({ orderId: pending.body.orderId, status: 'closed' });
    expect((await payAt(app, cashierPath(pending.result))).statusCode).toBe(409);

    const paid = await create();
    await payAt(app, cashierPath(paid.result));
    const refused = await client.write(`/v1/pay/orders/${paid.body.orderId}/close`);
    expect(envelope(refused)).toEqual({ code: BizCode.STATE_CONFLICT, message: '订单已支付', data: null });
    expect((await order(paid.body.orderId)).status).toBe('paid');

    expect(envelope(await client.write('/v1/pay/orders/nope/close')).code).toBe(BizCode.NOT_FOUND);
    expect(envelope(await client.get('/v1/pay/orders/nope')).code).toBe(BizCode.NOT_FOUND);
  });

  it('refunds a paid order in full, once', async () => {
    const { body, result } = await create();
    const refund = { orderId: body.orderId, refundId: 'RF1', amountFen: 1234, reason: '销账失败，自动退款' };
    expect(envelope(await client.write('/v1/pay/refunds', refund)).code).toBe(BizCode.STATE_CONFLICT); // not paid yet
    await payAt(app, cashierPath(result));
    clock.advance(60_000);
    expect(envelope(await client.write('/v1/pay/refunds', { ...refund, amountFen: 1000 })).code).toBe(BizCode.AMOUNT_MISMATCH);
    const done = data<RefundResult>(await client.write('/v1/pay/refunds', refund));
    expect(done).toEqual({ refundId: 'RF1', orderId: body.orderId, status: 'refunded', refundedAt: new Date(START + 60_000).toISOString() });
    clock.advance(1000);
    expect(data<RefundResult>(await client.write('/v1/pay/refunds', refund))).toEqual(done);
    expect(envelope(await client.write('/v1/pay/refunds', { ...refund, refundId: 'RF2' }))).toMatchObject({ code: BizCode.STATE_CONFLICT, message: '订单已退款' });
    expect(await order(body.orderId)).toMatchObject({ status: 'refunded', refundedAmountFen: 1234 });
    expect(envelope(await client.write('/v1/pay/refunds', { ...refund, orderId: 'nope' })).code).toBe(BizCode.NOT_FOUND);
    expect((await app.inject({ method: 'GET', url: cashierPath(result) })).body).toContain('订单已退款');
  });

  it('lists pays and refunds on the Beijing day they happened', async () => {
    clock.t = Date.parse('2026-03-01T15:00:00Z');
    const expireAt = new Date(clock.t + 2 * 3600_000).toISOString();
    const a = await create({ expireAt });
    const b = await create({ amountFen: 500, expireAt });
    clock.t = Date.parse('2026-03-01T15:30:00Z'); // 23:30 on 1 March in Beijing
    await payAt(app, cashierPath(a.result));
    clock.t = Date.parse('2026-03-01T16:10:00Z'); // 00:10 on 2 March
    await payAt(app, cashierPath(b.result));
    clock.t = Date.parse('2026-03-01T16:30:00Z');
    await client.write('/v1/pay/refunds', { orderId: a.body.orderId, refundId: 'RF-A', amountFen: 1234, reason: '' });

    expect(data<Statement>(await client.get('/v1/pay/statements?date=2026-03-01'))).toEqual({
      date: '2026-03-01',
      entries: [{ orderId: a.body.orderId, tradeNo: a.result.tradeNo, type: 'pay', amountFen: 1234, at: '2026-03-01T15:30:00.000Z' }],
    });
    expect(data<Statement>(await client.get('/v1/pay/statements?date=2026-03-02')).entries).toEqual([
      { orderId: b.body.orderId, tradeNo: b.result.tradeNo, type: 'pay', amountFen: 500, at: '2026-03-01T16:10:00.000Z' },
      { orderId: a.body.orderId, tradeNo: a.result.tradeNo, type: 'refund', amountFen: 1234, at: '2026-03-01T16:30:00.000Z' },
    ]);
    expect(data<Statement>(await client.get('/v1/pay/statements?date=2026-02-28')).entries).toEqual([]);
    for (const q of ['', '?date=2026-02-30', '?date=20260301']) {
      const res = await client.get(`/v1/pay/statements${q}`);
      expect([res.statusCode, envelope(res).code], q).toEqual([400, EnvelopeCode.BAD_REQUEST]);
    }
  });

  it('answers an unknown trade number with a 404 page', async () => {
    for (const res of [await app.inject({ method: 'GET', url: '/cashier/T000' }), await payAt(app, '/cashier/T000')]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('订单不存在');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });

  it('clears pending notification timers when the sandbox closes', async () => {
    await app.close();
    await build({ notifyDelaysMs: [200] });
    const { result } = await create();
    await payAt(app, cashierPath(result));
    await app.close();
    await sleep(350);
    expect(rx.received).toHaveLength(0);
    await build(); // for afterEach
  });
});

describe('统一支付平台 with two merchants', () => {
  it('keeps each merchant to its own orders and signs notifications with the creating merchant key', async () => {
    const secrets = { a: 'secret-a', b: 'secret-b' };
    const rx = await notificationReceiver({ secrets });
    const app = await buildSandbox({ appSecrets: secrets, notifyDelaysMs: [5] });
    try {
      const clock = new TestClock(Date.now());
      const a = partnerClient(app, { appKey: 'a', secret: 'secret-a' });
      const b = partnerClient(app, { appKey: 'b', secret: 'secret-b' });
      const body = orderBody(clock, rx);
      const created = data<CreatePayOrderResult>(await b.write('/v1/pay/orders', body));
      expect(envelope(await a.get(`/v1/pay/orders/${body.orderId}`)).code).toBe(BizCode.NOT_FOUND);
      expect(envelope(await a.write(`/v1/pay/orders/${body.orderId}/close`)).code).toBe(BizCode.NOT_FOUND);
      await payAt(app, new URL(created.cashierUrl).pathname);
      await vi.waitFor(() => expect(rx.received).toHaveLength(1), { timeout: 3000, interval: 10 });
      expect(rx.received[0]?.verified).toEqual({ ok: true, appKey: 'b' });
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      expect(data<Statement>(await a.get(`/v1/pay/statements?date=${today}`)).entries).toEqual([]);
      expect(data<Statement>(await b.get(`/v1/pay/statements?date=${today}`)).entries).toHaveLength(1);
    } finally {
      await app.close();
      await rx.close();
    }
  });
});
