import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { seedAppointments } from '../../db/seed/appointments.js';
import { addDays, beijingToday } from './beijing-time.js';
import { beijingAt, book, insertCitizens, insertHall, insertItem, insertSlot, insertWindow, type TestCitizen } from './test-support.js';

let t: TestApp;
let itemId: number;
let otherItemId: number;
let hallId: number;
let windowId: number;
let alice: TestCitizen;
let bob: TestCitizen;

const DAY = 86_400_000;
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createTestApp();
  itemId = await insertItem(t, { name: '城乡居民养老保险参保登记' });
  otherItemId = await insertItem(t, { name: '住房公积金提取' });
  hallId = await insertHall(t, '511700', '测试市民中心');
  windowId = await insertWindow(t, hallId, [itemId, otherItemId], '8号窗口');
  const citizens = await insertCitizens(t, 2, { name: '李小红' });
  alice = citizens[0]!;
  bob = citizens[1]!;
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, who?: TestCitizen) => t.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
const cancel = (who: TestCitizen, id: number) => t.app.inject({ method: 'POST', url: `/api/me/appointments/${id}/cancel`, headers: { cookie: who.cookie } });

describe('halls', () => {
  it('lists a county’s halls with the city’s after them, never a sibling county’s', async () => {
    const res = await get('/api/halls?site=511722');
    expect(res.statusCode).toBe(200);
    const halls = res.json() as { name: string; siteCode: string }[];
    expect(halls[0]).toMatchObject({ name: '宣汉县政务服务中心', siteCode: '511722' });
    expect(halls.map((h) => h.siteCode)).toContain('511700');
    expect(halls.some((h) => h.siteCode === '511702')).toBe(false);
    expect(Object.keys(halls[0]!).sort()).toEqual(['address', 'hours', 'id', 'name', 'phone', 'siteCode']);
  });

  it('defaults to the city and rejects unknown sites', async () => {
    const city = (await get('/api/halls')).json() as { siteCode: string }[];
    expect(city.every((h) => h.siteCode === '511700')).toBe(true);
    expect((await get('/api/halls?site=999999')).statusCode).toBe(404);
  });
});

describe('seed', () => {
  it('creates the three demo halls with windows and two weeks of weekday slots, idempotently', async () => {
    const db = t.app.ctx.db;
    const count = async () => ({
      halls: (await db.selectFrom('halls').select('id').where('name', 'like', '%政务服务中心').execute()).length,
      windows: (await db.selectFrom('hall_windows').select('id').execute()).length,
      slots: (await db.selectFrom('slots').select('id').execute()).length,
    });
    const before = await count();
    expect(before.halls).toBe(3);
    const city = await db.selectFrom('halls').selectAll().where('name', '=', '达州市政务服务中心').executeTakeFirstOrThrow();
    expect(city.site_code).toBe('511700');
    const cityWindows = await db.selectFrom('hall_windows').select(['id', 'name']).where('hall_id', '=', city.id).execute();
    expect(cityWindows.length).toBeGreaterThanOrEqual(2);
    expect(cityWindows.length).toBeLessThanOrEqual(4);
    const today = beijingToday(Date.now());
    const slots = await db.selectFrom('slots').select(['day', 'start_time', 'end_time', 'capacity']).where('window_id', '=', cityWindows[0]!.id).execute();
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((s) => s.day >= today && s.day <= addDays(today, 13) && s.capacity === 5)).toBe(true);
    expect(slots.every((s) => ![0, 6].includes(new Date(`${s.day}T00:00:00Z`).getUTCDay()))).toBe(true);
    const plan: Record<string, string> = { '09:00': '10:00', '10:00': '11:00', '11:00': '12:00', '14:00': '15:00', '15:00': '16:00', '16:00': '17:00' };
    expect(slots.every((s) => plan[s.start_time] === s.end_time)).toBe(true);
    // Every future weekday of the two weeks has all six times.
    const tomorrowOn = slots.filter((s) => s.day > today);
    const days = new Set(tomorrowOn.map((s) => s.day));
    expect(days.size).toBeGreaterThanOrEqual(8);
    expect(tomorrowOn).toHaveLength(days.size * 6);

    await seedAppointments(t.app.ctx);
    expect(await count()).toEqual(before);
  });

  it('links empty demo windows to the site’s bookable items on a later run, by subject', async () => {
    const db = t.app.ctx.db;
    const xh = await db.selectFrom('halls').select('id').where('name', '=', '宣汉县政务服务中心').executeTakeFirstOrThrow();
    const windows = await db.selectFrom('hall_windows').select(['id', 'name']).where('hall_id', '=', xh.id).execute();
    // As on a first start before the catalog was seeded: the demo windows have no items yet.
    await db.updateTable('hall_windows').set({ item_ids: '[]' }).where('hall_id', '=', xh.id).execute();
    const social = await insertItem(t, { siteCode: '511722', name: '失业保险金申领' });
    const general = await insertItem(t, { siteCode: '511722', name: '个体工商户设立登记' });
    const notBookable = await insertItem(t, { siteCode: '511722', name: '社会保险关系转移', bookable: false });

    await seedAppointments(t.app.ctx);
    const after = await db.selectFrom('hall_windows').select(['name', 'item_ids']).where('hall_id', '=', xh.id).execute();
    const ids = (name: string) => JSON.parse(after.find((w) => w.name.includes(name))!.item_ids) as number[];
    expect(ids('综合受理')).toContain(general);
    expect(ids('社保医保')).toContain(social);
    expect([...ids('综合受理'), ...ids('社保医保')]).not.toContain(notBookable);
    expect(windows).toHaveLength(2);

    // An operator's own list is left alone.
    const w = windows.find((x) => x.name.includes('综合受理'))!;
    await db.updateTable('hall_windows').set({ item_ids: JSON.stringify([general]) }).where('id', '=', w.id).execute();
    await insertItem(t, { siteCode: '511722', name: '食品经营许可' });
    await seedAppointments(t.app.ctx);
    const kept = await db.selectFrom('hall_windows').select('item_ids').where('id', '=', w.id).executeTakeFirstOrThrow();
    expect(JSON.parse(kept.item_ids)).toEqual([general]);
  });
});

describe('open slots of an item', () => {
  it('lists halls serving the item with their future slots by day, skipping slots already begun', async () => {
    const future = beijingAt(DAY);
    const futureSlot = await insertSlot(t, windowId, future, 4, 1);
    const pastSlot = await insertSlot(t, windowId, beijingAt(-HOUR));
    const res = await get(`/api/items/${itemId}/booking?days=3`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.item).toEqual({ id: itemId, name: '城乡居民养老保险参保登记' });
    expect(body.from).toBe(beijingToday(Date.now()));
    expect(body.halls).toHaveLength(1);
    const hall = body.halls[0];
    expect(hall).toMatchObject({ id: hallId, name: '测试市民中心', address: '测试地址' });
    const all = hall.days.flatMap((d: { slots: { id: number }[] }) => d.slots);
    expect(all.map((s: { id: number }) => s.id)).toContain(futureSlot);
    expect(all.map((s: { id: number }) => s.id)).not.toContain(pastSlot);
    const s = all.find((x: { id: number }) => x.id === futureSlot);
    expect(s).toMatchObject({ start: future.start, end: future.end, capacity: 4, available: 3, windowName: '8号窗口' });
    expect(hall.days.find((d: { day: string }) => d.day === future.day)).toBeTruthy();
  });

  it('honours from and days, and refuses items that cannot be booked', async () => {
    const far = addDays(beijingToday(Date.now()), 20);
    await insertSlot(t, windowId, { day: far, start: '09:00', end: '10:00' });
    const around = (await get(`/api/items/${itemId}/booking?from=${far}&days=1`)).json();
    expect(around.from).toBe(far);
    expect(around.to).toBe(far);
    expect(around.halls[0].days.map((d: { day: string }) => d.day)).toEqual([far]);
    const none = (await get(`/api/items/${itemId}/booking?days=2`)).json();
    expect(none.halls[0].days.some((d: { day: string }) => d.day === far)).toBe(false);

    const off = await insertItem(t, { bookable: false });
    const res = await get(`/api/items/${off}/booking`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ITEM_NOT_BOOKABLE');
    expect((await get('/api/items/99999999/booking')).statusCode).toBe(404);
    expect((await get(`/api/items/${itemId}/booking?from=2026-02-30`)).statusCode).toBe(400);
    expect((await get(`/api/items/${itemId}/booking?days=99`)).statusCode).toBe(400);
  });
});

describe('booking', () => {
  it('needs a login and 实名认证', async () => {
    const slot = await insertSlot(t, windowId, beijingAt(2 * DAY));
    const anon = await t.app.inject({ method: 'POST', url: '/api/appointments', payload: { slotId: slot, itemId } });
    expect(anon.statusCode).toBe(401);
    const [unverified] = await insertCitizens(t, 1, { verified: false });
    const res = await book(t, unverified!, slot, itemId);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'REALNAME_REQUIRED', message: '办事预约需先完成实名认证' });
  });

  it('books a slot: 201 with a 预约号, the place is taken', async () => {
    const at = beijingAt(2 * DAY + HOUR);
    const slot = await insertSlot(t, windowId, at, 3);
    const res = await book(t, alice, slot, itemId);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const yymmdd = at.day.slice(2).replace(/-/g, '');
    expect(body.code).toMatch(new RegExp(`^DZ${yymmdd}[A-HJ-NP-Z2-9]{6}$`));
    expect(body).toMatchObject({
      item: { id: itemId, name: '城乡居民养老保险参保登记' },
      hall: { id: hallId, name: '测试市民中心', address: '测试地址', phone: '0818-0000000' },
      window: { id: windowId, name: '8号窗口' },
      day: at.day,
      start: at.start,
      end: at.end,
      status: 'booked',
      statusText: '已预约',
      cancellable: true,
      cancelledAt: null,
    });
    const row = await t.app.ctx.db.selectFrom('slots').select('booked').where('id', '=', slot).executeTakeFirstOrThrow();
    expect(row.booked).toBe(1);
  });

  it('refuses a window that does not serve the item, a past slot, and an unknown slot', async () => {
    const elsewhere = await insertWindow(t, hallId, [otherItemId], '9号窗口');
    const slot = await insertSlot(t, elsewhere, beijingAt(2 * DAY));
    const wrong = await book(t, bob, slot, itemId);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('SLOT_NOT_FOR_ITEM');

    const past = await insertSlot(t, windowId, beijingAt(-2 * HOUR));
    const late = await book(t, bob, past, itemId);
    expect(late.statusCode).toBe(400);
    expect(late.json().code).toBe('SLOT_PAST');

    expect((await book(t, bob, 99999999, itemId)).statusCode).toBe(404);
    const off = await insertItem(t, { bookable: false });
    expect((await book(t, bob, slot, off)).json().code).toBe('ITEM_NOT_BOOKABLE');
  });

  it('allows one active booking per item and day; another item the same day is fine', async () => {
    const day = addDays(beijingToday(Date.now()), 5);
    const s1 = await insertSlot(t, windowId, { day, start: '09:00', end: '10:00' });
    const s2 = await insertSlot(t, windowId, { day, start: '10:00', end: '11:00' });
    expect((await book(t, bob, s1, itemId)).statusCode).toBe(201);
    const dup = await book(t, bob, s2, itemId);
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'DUPLICATE_BOOKING', message: '您已预约该事项当天的号源' });
    expect((await book(t, bob, s2, otherItemId)).statusCode).toBe(201);
    const booked = await t.app.ctx.db.selectFrom('slots').select('booked').where('id', '=', s2).executeTakeFirstOrThrow();
    expect(booked.booked).toBe(1);
  });

  it('answers SLOT_FULL when the last place is gone', async () => {
    const slot = await insertSlot(t, windowId, beijingAt(4 * DAY), 1);
    const [c1, c2] = await insertCitizens(t, 2);
    expect((await book(t, c1!, slot, itemId)).statusCode).toBe(201);
    const full = await book(t, c2!, slot, itemId);
    expect(full.statusCode).toBe(409);
    expect(full.json()).toMatchObject({ code: 'SLOT_FULL', message: '该时段已约满，请选择其他时段' });
    const listed = (await get(`/api/items/${itemId}/booking?days=7`)).json();
    const s = listed.halls[0].days.flatMap((d: { slots: { id: number; available: number }[] }) => d.slots).find((x: { id: number }) => x.id === slot);
    expect(s.available).toBe(0);
  });
});

describe('cancelling', () => {
  it('cancels up to 2 hours before, gives the place back, and lets the citizen book the day again', async () => {
    const [carol] = await insertCitizens(t, 1);
    const at = beijingAt(3 * DAY);
    const slot = await insertSlot(t, windowId, at, 2);
    const id = (await book(t, carol!, slot, itemId)).json().id as number;

    expect((await cancel(bob, id)).statusCode).toBe(404);
    const res = await cancel(carol!, id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'cancelled', statusText: '已取消', cancellable: false });
    expect(res.json().cancelledAt).toEqual(expect.any(String));
    const row = await t.app.ctx.db.selectFrom('slots').select('booked').where('id', '=', slot).executeTakeFirstOrThrow();
    expect(row.booked).toBe(0);

    const again = await cancel(carol!, id);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_CANCELLED');
    const row2 = await t.app.ctx.db.selectFrom('slots').select('booked').where('id', '=', slot).executeTakeFirstOrThrow();
    expect(row2.booked).toBe(0);
    expect((await book(t, carol!, slot, itemId)).statusCode).toBe(201);
  });

  it('refuses within 2 hours of the start', async () => {
    const [dave] = await insertCitizens(t, 1);
    const slot = await insertSlot(t, windowId, beijingAt(HOUR), 2);
    const booked = await book(t, dave!, slot, itemId);
    expect(booked.statusCode).toBe(201);
    expect(booked.json().cancellable).toBe(false);
    const res = await cancel(dave!, booked.json().id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CANCEL_TOO_LATE', message: '距预约时间不足2小时，无法取消，请联系窗口' });
    const row = await t.app.ctx.db.selectFrom('slots').select('booked').where('id', '=', slot).executeTakeFirstOrThrow();
    expect(row.booked).toBe(1);
  });
});

describe('我的预约', () => {
  it('lists only my bookings, newest first, with derived statuses', async () => {
    const db = t.app.ctx.db;
    const [erin] = await insertCitizens(t, 1);
    // A booking of last week, made directly: its slot is over, so it reads as 已过期.
    const oldSlot = await insertSlot(t, windowId, { day: addDays(beijingToday(Date.now()), -7), start: '09:00', end: '10:00' }, 5, 1);
    await db
      .insertInto('appointments')
      .values({ code: 'DZOLD0000001', user_id: erin!.id, slot_id: oldSlot, item_id: itemId, status: 'booked', created_at: new Date(Date.now() - 8 * DAY).toISOString(), cancelled_at: null })
      .execute();
    const s1 = await insertSlot(t, windowId, beijingAt(6 * DAY), 5);
    const s2 = await insertSlot(t, windowId, beijingAt(7 * DAY), 5);
    const first = (await book(t, erin!, s1, itemId)).json();
    const second = (await book(t, erin!, s2, otherItemId)).json();
    await cancel(erin!, first.id);

    const res = await get('/api/me/appointments', erin);
    expect(res.statusCode).toBe(200);
    const list = res.json() as { id: number; code: string; status: string; statusText: string; cancellable: boolean }[];
    expect(list.map((a) => a.id)).toEqual([second.id, first.id, list[2]!.id]);
    expect(list[0]).toMatchObject({ status: 'booked', statusText: '已预约', cancellable: true });
    expect(list[1]).toMatchObject({ status: 'cancelled', statusText: '已取消', cancellable: false });
    expect(list[2]).toMatchObject({ code: 'DZOLD0000001', status: 'done', statusText: '已过期', cancellable: false });

    const past = await cancel(erin!, list[2]!.id);
    expect(past.statusCode).toBe(409);
    expect(past.json().code).toBe('CANCEL_TOO_LATE');
    expect((await get('/api/me/appointments')).statusCode).toBe(401);
    const others = (await get('/api/me/appointments', bob)).json() as { code: string }[];
    expect(others.some((a) => a.code === 'DZOLD0000001')).toBe(false);
  });

  it('keeps a booking readable when its item is later removed from the catalog', async () => {
    const [fay] = await insertCitizens(t, 1);
    const gone = await insertItem(t, { name: '将被删除的事项' });
    const w = await insertWindow(t, hallId, [gone]);
    const slot = await insertSlot(t, w, beijingAt(8 * DAY));
    expect((await book(t, fay!, slot, gone)).statusCode).toBe(201);
    await t.app.ctx.db.deleteFrom('items').where('id', '=', gone).execute();
    const list = (await get('/api/me/appointments', fay)).json();
    expect(list[0].item).toEqual({ id: gone, name: '（事项已下线）' });
  });
});
