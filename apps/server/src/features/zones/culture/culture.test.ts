/**
 * 场馆预约 against the real sandbox 场馆预约系统 (SQLite or MariaDB per DZ_TEST_DB): venues per
 * site, a day's slots (Monday closed), booking for the login itself, one per person per venue per
 * day, a race for the last places, 我的预约, the QR, cancel, and the day-before reminder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuotaReservationCreated, QuotaReservationView, ReservationListResponse, VenueAvailability, VenueListResponse, VerifyResult } from '@dz/contracts';
import { beijingDay } from '../../../infra/time.js';
import { idNumber, login, newIp, registerPerson, sessionCookie } from '../../auth/test-kit.js';
import { harness, type Harness } from '../../utilities/test-support.js';
import { bookableDay } from '../quota-bookings/test-support.js';

let h: Harness;
const api = (cookie: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  h.t.app.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), 'x-forwarded-for': newIp() }, ...(payload === undefined ? {} : { payload }) });
const control = (path: string, body: unknown) => fetch(`${h.sandboxUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

let seq = 500;
async function citizen(verified = true): Promise<{ cookie: string; userId: number }> {
  seq++;
  const u = await registerPerson(h.t.app, { name: '周读者', idNumber: idNumber('19900909', String(seq)) });
  if (verified) await h.t.app.ctx.db.updateTable('users').set({ real_name_verified: 1 }).where('id', '=', u.userId).execute();
  const res = await login(h.t.app, u.phone, u.password, newIp());
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: sessionCookie(res)!, userId: u.userId };
}

const day = bookableDay(2);

beforeAll(async () => {
  h = await harness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('场馆', () => {
  it('lists every venue for the city, a county’s own and the city’s for a county site', async () => {
    const city = (await api(null, 'GET', '/api/culture/venues')).json<VenueListResponse>().items;
    expect(city.map((v) => v.id)).toEqual(expect.arrayContaining(['DZLIB', 'DZCC', 'XHLIB', 'QXCC']));
    expect(city.find((v) => v.id === 'DZLIB')).toMatchObject({ kindName: '图书馆', daysAhead: 7 });
    const xh = (await api(null, 'GET', '/api/culture/venues?site=511722')).json<VenueListResponse>().items.map((v) => v.id);
    expect(xh).toEqual(expect.arrayContaining(['XHLIB', 'DZLIB', 'DZCC']));
    expect(xh).not.toContain('QXCC');
  });

  it('a day’s slots; a Monday is closed with its reason; an unknown venue is 404', async () => {
    const a = (await api(null, 'GET', `/api/culture/venues/DZLIB/availability?date=${day}`)).json<VenueAvailability>();
    expect(a).toMatchObject({ venueId: 'DZLIB', date: day, closed: false });
    expect(a.slots.length).toBeGreaterThan(0);
    let monday = '';
    for (let i = 0; i < 7 && !monday; i++) {
      const d = beijingDay(Date.now() + i * 86_400_000);
      if (new Date(`${d}T00:00:00Z`).getUTCDay() === 1) monday = d;
    }
    const m = (await api(null, 'GET', `/api/culture/venues/DZLIB/availability?date=${monday}`)).json<VenueAvailability>();
    expect(m.closed).toBe(true);
    expect(m.closedReason).toBeTruthy();
    expect(m.slots).toHaveLength(0);
    expect((await api(null, 'GET', `/api/culture/venues/NOPE/availability?date=${day}`)).json()).toMatchObject({ code: 'VENUE_NOT_FOUND' });
  });
});

describe('场馆预约', () => {
  it('books for the login itself; once per venue per day; 我的预约, detail, QR, cancel', async () => {
    const me = await citizen();
    const { slots } = (await api(null, 'GET', `/api/culture/venues/DZCC/availability?date=${day}`)).json<VenueAvailability>();
    const res = await api(me.cookie, 'POST', '/api/culture/reservations', { venueId: 'DZCC', date: day, slotId: slots[0]!.slotId });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<QuotaReservationCreated>();
    expect(created.qrText).toMatch(/^DZBK:/);
    const again = await api(me.cookie, 'POST', '/api/culture/reservations', { venueId: 'DZCC', date: day, slotId: slots[1]!.slotId });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_BOOKED' });

    const mine = (await api(me.cookie, 'GET', '/api/me/reservations')).json<ReservationListResponse>();
    expect(mine.items.find((x) => x.id === created.id)).toMatchObject({ kind: 'venue', kindName: '场馆预约', title: '达州市文化馆', link: `/culture/reservations/${created.id}` });
    const view = (await api(me.cookie, 'GET', `/api/culture/reservations/${created.id}`)).json<QuotaReservationView>();
    expect(view).toMatchObject({ kind: 'venue', date: day, start: slots[0]!.start, status: 'confirmed', cancellable: true });
    expect(view.visitors).toHaveLength(1);
    expect(view.visitors[0]!.name).toContain('*');
    // A spot's route does not show a venue booking.
    expect((await api(me.cookie, 'GET', `/api/tourism/reservations/${created.id}`)).statusCode).toBe(404);

    const verify = async () => (await api(null, 'POST', '/api/verify', { qrText: created.qrText })).json<VerifyResult>();
    expect(await verify()).toMatchObject({ valid: true, kind: '场馆预约' });
    const cancelled = await api(me.cookie, 'POST', `/api/culture/reservations/${created.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<QuotaReservationView>().status).toBe('cancelled');
    expect((await verify()).valid).toBe(false);
    // The place and the day are free again at the system.
    expect((await api(me.cookie, 'POST', '/api/culture/reservations', { venueId: 'DZCC', date: day, slotId: slots[1]!.slotId })).statusCode).toBe(201);
    const trail = await h.t.app.ctx.db.selectFrom('audit_log').select('action').where('actor_id', '=', me.userId).where('action', 'like', 'culture.reservation.%').execute();
    expect(trail.map((t) => t.action).sort()).toEqual(['culture.reservation.cancel', 'culture.reservation.create', 'culture.reservation.create']);
  });

  it('racing for the last places: exactly the capacity wins', async () => {
    const { slots } = (await api(null, 'GET', `/api/culture/venues/XHLIB/availability?date=${day}`)).json<VenueAvailability>();
    const slotId = slots[0]!.slotId;
    expect((await control('/_control/venues/capacity', { resourceId: 'XHLIB', date: day, slotId, capacity: 2 })).status).toBe(200);
    const people = await Promise.all(Array.from({ length: 5 }, () => citizen()));
    const answers = await Promise.all(people.map((p) => api(p.cookie, 'POST', '/api/culture/reservations', { venueId: 'XHLIB', date: day, slotId })));
    expect(answers.map((r) => r.statusCode).sort(), answers.map((r) => r.body).join('\n')).toEqual([201, 201, 409, 409, 409]);
    for (const r of answers.filter((x) => x.statusCode === 409)) expect(r.json()).toMatchObject({ code: 'SLOT_FULL' });
  });

  it('an unverified login is refused; tomorrow’s booking is reminded once', async () => {
    const anon = await citizen(false);
    expect((await api(anon.cookie, 'POST', '/api/culture/reservations', { venueId: 'DZLIB', date: day, slotId: 'S0900' })).json()).toMatchObject({ code: 'REALNAME_REQUIRED' });

    const tomorrow = beijingDay(Date.now() + 86_400_000);
    if (new Date(`${tomorrow}T00:00:00Z`).getUTCDay() === 1 || tomorrow.endsWith('12-31')) return; // closed tomorrow
    const me = await citizen();
    const { slots } = (await api(null, 'GET', `/api/culture/venues/DZLIB/availability?date=${tomorrow}`)).json<VenueAvailability>();
    const res = await api(me.cookie, 'POST', '/api/culture/reservations', { venueId: 'DZLIB', date: tomorrow, slotId: slots[slots.length - 1]!.slotId });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<QuotaReservationCreated>();
    await Promise.all([h.t.app.quotaBookings.remind(), h.t.app.quotaBookings.remind()]);
    await h.t.app.quotaBookings.remind();
    const msgs = await h.t.app.ctx.db.selectFrom('messages').selectAll().where('user_id', '=', me.userId).execute();
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ link: `/culture/reservations/${id}` });
    expect(msgs[0]!.title).toContain('达州市图书馆');
  });
});
