/**
 * The bookings core through the running app: a partner kind registered by the test (its release
 * counted), 办事预约 booked through its real route, 我的预约 read through GET /api/me/reservations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingRow } from '../../db/schema.js';
import { up as copyAppointments } from '../../db/migrations/0016_appointments_to_bookings.js';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { nowIso } from '../../infra/time.js';
import { beijingAt, book, insertCitizens, insertHall, insertItem, insertSlot, insertWindow, type TestCitizen } from '../appointments/test-support.js';
import type { HoldInput } from './bookings.service.js';

const KIND = 'test-partner';
const DAY = 86_400_000;
let t: TestApp;
let alice: TestCitizen;
let bob: TestCitizen;
let itemId: number;
let windowId: number;
const released: number[] = [];

beforeAll(async () => {
  t = await createTestApp();
  t.app.bookings.registerType({
    kind: KIND,
    owner: 'partner',
    link: (b) => `/me/test-partner/${b.id}`,
    release: async (b) => void released.push(b.id),
  });
  [alice, bob] = (await insertCitizens(t, 2, { name: '周小燕' })) as [TestCitizen, TestCitizen];
  itemId = await insertItem(t, { name: '不动产登记资料查询' });
  windowId = await insertWindow(t, await insertHall(t, '511700', '预约测试中心'), [itemId], '3号窗口');
});
afterAll(async () => {
  await t.close();
});

const hold = (userId: number, over: Partial<HoldInput> = {}): Promise<BookingRow> =>
  t.app.bookings.hold({
    userId,
    kind: KIND,
    resourceRef: 'slot-1',
    partnerRef: 'LOCK-1',
    title: '张医生（主任医师）',
    place: '达州市示范医院 心血管内科',
    startsAt: new Date(Date.now() + DAY).toISOString(),
    subjectName: '周*燕',
    detail: { doctor: '张医生' },
    siteCode: '511700',
    amountFen: 1200,
    holdMs: 15 * 60_000,
    ...over,
  });

const mine = (who: TestCitizen | null, query = '') => t.app.inject({ url: `/api/me/reservations${query}`, headers: who ? { cookie: who.cookie } : {} });

/** Runs the registered sweep job once through the jobs runner, as the schedule would. */
async function runExpiryJob(): Promise<void> {
  const id = await t.app.jobs.enqueue('bookings.expire');
  expect(id).not.toBeNull();
  for (let i = 0; i < 100; i++) {
    await t.app.jobs.tick();
    await t.app.jobs.idle();
    if ((await t.app.jobs.get(id!))?.status === 'done') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('bookings.expire did not finish');
}

describe('bookings core', () => {
  it('holds a place with a readable code and a deadline, attaches the order, then confirms once', async () => {
    const b = await hold(alice.id);
    expect(b).toMatchObject({ status: 'held', owner: 'partner', kind: KIND, partner_ref: 'LOCK-1', amount_fen: 1200, refund_status: 'none', confirmed_at: null });
    expect(b.code).toMatch(/^DZ\d{6}[A-HJ-NP-Z2-9]{6}$/);
    expect(Date.parse(b.hold_expires_at!) - Date.now()).toBeGreaterThan(14 * 60_000);

    await t.app.bookings.attachOrder(b.id, 'PO-TEST-1');
    expect((await t.app.bookings.byOrder('PO-TEST-1'))?.id).toBe(b.id);

    // A detail merged while the confirmation lands is kept by both.
    const [confirmed] = await Promise.all([t.app.bookings.confirm(b.id, { partnerRef: 'REG-9', detail: { queueNo: 7 } }), t.app.bookings.mergeDetail(b.id, { payUrl: '/pay/1' })]);
    expect(confirmed).toBe(true);
    expect(await t.app.bookings.confirm(b.id, { partnerRef: 'REG-10' })).toBe(false);
    const after = (await t.app.bookings.byId(b.id))!;
    expect(after).toMatchObject({ status: 'confirmed', partner_ref: 'REG-9' });
    expect(after.confirmed_at).not.toBeNull();
    expect(JSON.parse(after.detail)).toEqual({ doctor: '张医生', queueNo: 7, payUrl: '/pay/1' });

    await Promise.all([t.app.bookings.mergeDetail(b.id, { a: 1 }), t.app.bookings.mergeDetail(b.id, { b: 2 })]);
    expect(JSON.parse((await t.app.bookings.byId(b.id))!.detail)).toEqual({ doctor: '张医生', queueNo: 7, payUrl: '/pay/1', a: 1, b: 2 });
    expect(released).not.toContain(b.id);
  });

  it('expires a hold past its deadline through the sweep job, releases it once, and refuses a late confirm', async () => {
    const due = await hold(alice.id, { holdMs: -1000 });
    const live = await hold(alice.id);
    await runExpiryJob();
    // A second pass (and a direct expire) find nothing held: the release is not repeated.
    await runExpiryJob();
    expect(await t.app.bookings.expire(due.id)).toBe(false);

    expect((await t.app.bookings.byId(due.id))!.status).toBe('expired');
    expect(released.filter((id) => id === due.id)).toHaveLength(1);
    expect(await t.app.bookings.confirm(due.id)).toBe(false);
    expect((await t.app.bookings.byId(due.id))!.status).toBe('expired');

    expect((await t.app.bookings.byId(live.id))!.status).toBe('held');
    expect(released).not.toContain(live.id);
  });

  it('cancels once: a double cancel of a hold releases once; a confirmed one keeps its refund state', async () => {
    const held = await hold(bob.id);
    const results = await Promise.all([t.app.bookings.markCancelled(held.id, { refund: 'none' }), t.app.bookings.markCancelled(held.id, { refund: 'none' })]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(released.filter((id) => id === held.id)).toHaveLength(1);
    expect(await t.app.bookings.confirm(held.id)).toBe(false);

    const paid = await hold(bob.id);
    await t.app.bookings.confirm(paid.id);
    expect(await t.app.bookings.markCancelled(paid.id, { refund: 'pending' })).toBe(true);
    expect(await t.app.bookings.markCancelled(paid.id, { refund: 'pending' })).toBe(false);
    expect(await t.app.bookings.byId(paid.id)).toMatchObject({ status: 'cancelled', refund_status: 'pending' });
    // Confirmed places are the kind's to undo (退号 via the payments core), not released by the core.
    expect(released).not.toContain(paid.id);
    await t.app.bookings.setRefund(paid.id, 'done');
    expect((await t.app.bookings.byId(paid.id))!.refund_status).toBe('done');
    expect(await t.app.bookings.expire(paid.id)).toBe(false);
  });
});

describe('我的预约 GET /api/me/reservations', () => {
  let carol: TestCitizen;
  let appointmentId: number;
  let partnerId: number;

  beforeAll(async () => {
    [carol] = (await insertCitizens(t, 1, { name: '吴大伟' })) as [TestCitizen];
    const slotId = await insertSlot(t, windowId, beijingAt(2 * DAY));
    const res = await book(t, carol, slotId, itemId);
    expect(res.statusCode).toBe(201);
    appointmentId = (res.json() as { id: number }).id;
    partnerId = (await hold(carol.id)).id;
    await hold(bob.id, { title: '别人的预约' });
  });

  it('requires login', async () => {
    expect((await mine(null)).statusCode).toBe(401);
  });

  it('lists an item booking and a partner kind, newest first, with names and links; never another user’s', async () => {
    const res = await mine(carol);
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json() as { items: Record<string, unknown>[]; total: number };
    expect(total).toBe(2);
    expect(items.map((i) => i.kind)).toEqual([KIND, 'item']);
    expect(items[0]).toMatchObject({ id: partnerId, status: 'held', statusName: '待支付', amountFen: 1200, subjectName: '周*燕', link: `/me/test-partner/${partnerId}` });
    expect(items[0]!.holdExpiresAt).toEqual(expect.any(String));

    const appointment = (await t.app.inject({ url: '/api/me/appointments', headers: { cookie: carol.cookie } })).json() as { id: number; code: string; day: string; start: string }[];
    const slot = appointment.find((a) => a.id === appointmentId)!;
    expect(items[1]).toMatchObject({
      kind: 'item',
      kindName: '办事预约',
      code: slot.code,
      title: '不动产登记资料查询',
      place: '预约测试中心 3号窗口',
      startsAt: new Date(Date.parse(`${slot.day}T${slot.start}:00+08:00`)).toISOString(),
      status: 'confirmed',
      statusName: '已预约',
      amountFen: 0,
      refundStatus: 'none',
      orderId: null,
      link: `/me/appointments/${appointmentId}`,
    });
    expect(JSON.stringify(items)).not.toContain('别人的预约');
  });

  it('filters by kind and by active / history; cancelling the appointment moves it to history', async () => {
    const byKind = (await mine(carol, '?kind=item')).json() as { items: { kind: string }[]; total: number };
    expect(byKind.total).toBe(1);
    const res = await t.app.inject({ method: 'POST', url: `/api/me/appointments/${appointmentId}/cancel`, headers: { cookie: carol.cookie } });
    expect(res.statusCode).toBe(200);
    const history = (await mine(carol, '?status=history')).json() as { items: { kind: string; status: string; statusName: string }[]; total: number };
    expect(history.items).toEqual([expect.objectContaining({ kind: 'item', status: 'cancelled', statusName: '已取消' })]);
    const active = (await mine(carol, '?status=active')).json() as { items: { kind: string }[] };
    expect(active.items.map((i) => i.kind)).toEqual([KIND]);
  });

  it('pages, and links a kind nobody registered to 我的预约', async () => {
    const now = nowIso();
    await t.app.ctx.db
      .insertInto('bookings')
      .values({ code: 'DZTESTGONE001', user_id: carol.id, kind: 'retired-kind', owner: 'partner', resource_ref: 'x', ref_id: null, partner_ref: null, status: 'confirmed', hold_expires_at: null, order_id: null, title: '示范景区', starts_at: now, ends_at: null, subject_name: null, subject_id: null, site_code: '511700', created_at: now, updated_at: now, confirmed_at: now, cancelled_at: null })
      .execute();
    const pages = await Promise.all([1, 2, 3, 4].map(async (p) => (await mine(carol, `?page=${p}&pageSize=1`)).json() as { items: { kind: string; link: string; kindName: string }[]; total: number }));
    expect(pages.map((p) => p.total)).toEqual([3, 3, 3, 3]);
    expect(pages.map((p) => p.items.map((i) => i.kind))).toEqual([['retired-kind'], [KIND], ['item'], []]);
    expect(pages[0]!.items[0]).toMatchObject({ link: '/me/appointments', kindName: '预约' });
    expect((await mine(carol, '?pageSize=51')).statusCode).toBe(400);
  });
});

describe('migration 0016', () => {
  it('copies appointments made before the core into the ledger, once', async () => {
    const db = t.app.ctx.db;
    const at = beijingAt(3 * DAY);
    const slotId = await insertSlot(t, windowId, at);
    const now = nowIso();
    const ins = async (code: string, status: 'booked' | 'cancelled') =>
      Number((await db.insertInto('appointments').values({ code, user_id: bob.id, slot_id: slotId, item_id: itemId, status, created_at: now, cancelled_at: status === 'cancelled' ? now : null }).executeTakeFirstOrThrow()).insertId);
    const booked = await ins('DZOLDBOOKED01', 'booked');
    const cancelled = await ins('DZOLDCANCEL01', 'cancelled');

    await copyAppointments(db);
    await copyAppointments(db);
    const rows = await db.selectFrom('bookings').selectAll().where('kind', '=', 'item').where('ref_id', 'in', [booked, cancelled]).orderBy('ref_id').execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      code: 'DZOLDBOOKED01',
      user_id: bob.id,
      owner: 'local',
      resource_ref: String(slotId),
      status: 'confirmed',
      title: '不动产登记资料查询',
      place: '预约测试中心 3号窗口',
      starts_at: new Date(Date.parse(`${at.day}T${at.start}:00+08:00`)).toISOString(),
      ends_at: new Date(Date.parse(`${at.day}T${at.end}:00+08:00`)).toISOString(),
      site_code: '511700',
    });
    expect(rows[1]).toMatchObject({ code: 'DZOLDCANCEL01', status: 'cancelled', cancelled_at: now });
    // Appointments booked through the app already had their entry: none was copied twice.
    const all = await db.selectFrom('bookings').select('ref_id').where('kind', '=', 'item').execute();
    expect(new Set(all.map((r) => r.ref_id)).size).toBe(all.length);

    const list = (await mine(bob, '?kind=item')).json() as { items: { code: string; link: string }[] };
    expect(list.items.map((i) => i.code).sort()).toEqual(['DZOLDBOOKED01', 'DZOLDCANCEL01']);
    expect(list.items.find((i) => i.code === 'DZOLDBOOKED01')!.link).toBe(`/me/appointments/${booked}`);
  });
});
