/**
 * No overbooking, ever: 50 citizens race for the last 3 places of a slot. Runs on SQLite and, with
 * DZ_TEST_DB=mysql, on MariaDB, where the requests really overlap on the app's 20-connection pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testDb, type TestApp } from '../../test/helpers.js';
import { nowIso } from '../../infra/time.js';
import { beijingAt, book, insertCitizens, insertHall, insertItem, insertSlot, insertWindow } from './test-support.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('booking race', () => {
  it('50 concurrent bookings for 3 remaining places: exactly 3 succeed, 47 get SLOT_FULL, booked stays at capacity', async () => {
    const db = t.app.ctx.db;
    const itemId = await insertItem(t, { name: '抢号测试事项' });
    const hallId = await insertHall(t, '511700');
    const windowId = await insertWindow(t, hallId, [itemId]);
    const slotId = await insertSlot(t, windowId, beijingAt(2 * 86_400_000), 10, 7);

    // The 7 places already taken are real bookings of 7 other citizens.
    const earlier = await insertCitizens(t, 7);
    await db
      .insertInto('appointments')
      .values(earlier.map((c, i) => ({ code: `DZRACE${String(i).padStart(6, '0')}`, user_id: c.id, slot_id: slotId, item_id: itemId, status: 'booked' as const, created_at: nowIso(), cancelled_at: null })))
      .execute();

    const racers = await insertCitizens(t, 50);
    const started = performance.now();
    const results = await Promise.all(racers.map((c) => book(t, c, slotId, itemId)));
    const ms = Math.round(performance.now() - started);

    const ok = results.filter((r) => r.statusCode === 201);
    const full = results.filter((r) => r.statusCode === 409 && r.json().code === 'SLOT_FULL');
    const other = results.filter((r) => r.statusCode !== 201 && !(r.statusCode === 409 && r.json().code === 'SLOT_FULL'));
    expect(other.map((r) => `${r.statusCode} ${r.body}`)).toEqual([]);
    expect(ok).toHaveLength(3);
    expect(full).toHaveLength(47);
    expect(full[0]!.json().message).toBe('该时段已约满，请选择其他时段');

    const slot = await db.selectFrom('slots').select(['booked', 'capacity']).where('id', '=', slotId).executeTakeFirstOrThrow();
    expect(slot).toEqual({ booked: 10, capacity: 10 });
    const rows = await db.selectFrom('appointments').select(['user_id', 'code']).where('slot_id', '=', slotId).where('status', '=', 'booked').execute();
    expect(rows).toHaveLength(10);
    // The winners are 3 distinct racers, each with their own 预约号.
    const winners = new Set(ok.map((r) => r.json().code as string));
    expect(winners.size).toBe(3);
    expect(rows.filter((r) => winners.has(r.code)).map((r) => r.user_id).every((id) => racers.some((c) => c.id === id))).toBe(true);

    console.info(`[race] ${testDb}: 50 concurrent POST /api/appointments in ${ms} ms → 3×201, 47×409 SLOT_FULL; booked=10/10`);
  });

  it('the same citizen tapping twice at once gets one booking, not two', async () => {
    const db = t.app.ctx.db;
    const itemId = await insertItem(t);
    const hallId = await insertHall(t, '511700');
    const windowId = await insertWindow(t, hallId, [itemId]);
    const at = beijingAt(3 * 86_400_000);
    const slotA = await insertSlot(t, windowId, at, 5);
    const slotB = await insertSlot(t, windowId, { ...at, start: at.start === '23:59' ? '00:00' : '23:59', end: '23:59' }, 5);
    const [me] = await insertCitizens(t, 1);

    const results = await Promise.all([book(t, me!, slotA, itemId), book(t, me!, slotB, itemId), book(t, me!, slotA, itemId), book(t, me!, slotB, itemId)]);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'DUPLICATE_BOOKING')).toBe(true);
    const booked = await db.selectFrom('slots').select(['id', 'booked']).where('id', 'in', [slotA, slotB]).execute();
    expect(booked.reduce((n, s) => n + s.booked, 0)).toBe(1);
  });
});
