import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { addDays, beijingToday, isoWeekday } from './beijing-time.js';
import { book, insertCitizens, insertItem } from './test-support.js';

let t: TestApp;
let tcOperator: StaffSession;
let xhOperator: StaffSession;
let xhHandler: StaffSession;
let dzAdmin: StaffSession;
let tcItem: number;
let xhItem: number;
let tcHall: number;
let tcWindow: number;

const SCOPE = '您只能管理本站点及下级站点的数据';
const tomorrow = () => addDays(beijingToday(Date.now()), 1);

beforeAll(async () => {
  t = await createTestApp();
  const admin = await setupAdmin(t);
  tcOperator = await createStaff(t, admin, { username: 'tc_op', siteCode: '511702', roles: ['operator'] });
  xhOperator = await createStaff(t, admin, { username: 'xh_op', siteCode: '511722', roles: ['operator'] });
  xhHandler = await createStaff(t, admin, { username: 'xh_case', siteCode: '511722', roles: ['case_handler'] });
  dzAdmin = await createStaff(t, admin, { username: 'dz_admin', siteCode: '511700', roles: ['site_admin'] });
  tcItem = await insertItem(t, { siteCode: '511702', name: '通川区测试事项' });
  xhItem = await insertItem(t, { siteCode: '511722', name: '宣汉县测试事项' });
});
afterAll(async () => {
  await t.close();
});

describe('halls and windows', () => {
  it('an operator creates a hall and a window in their own site', async () => {
    const res = await call(t, tcOperator.cookie, 'POST', '/api/admin/halls', { siteCode: '511702', name: '通川区测试大厅', address: '通川区测试路1号', phone: '0818-1234567', hours: '工作日' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ siteCode: '511702', siteName: '通川区', name: '通川区测试大厅', windows: [] });
    tcHall = res.json().id;

    const win = await call(t, tcOperator.cookie, 'POST', `/api/admin/halls/${tcHall}/windows`, { name: 'A1窗口', itemIds: [tcItem] });
    expect(win.statusCode).toBe(201);
    expect(win.json()).toMatchObject({ hallId: tcHall, name: 'A1窗口', itemIds: [tcItem], items: [{ id: tcItem, name: '通川区测试事项', bookable: true }] });
    tcWindow = win.json().id;

    const listed = (await call(t, tcOperator.cookie, 'GET', '/api/admin/halls')).json() as { id: number; siteCode: string; windows: unknown[] }[];
    expect(listed.every((h) => h.siteCode === '511702')).toBe(true);
    expect(listed.find((h) => h.id === tcHall)?.windows).toHaveLength(1);
  });

  it('a window serves only existing items of its hall’s site or the sites above', async () => {
    const foreign = await call(t, tcOperator.cookie, 'PUT', `/api/admin/windows/${tcWindow}`, { itemIds: [tcItem, xhItem] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toContain('宣汉县测试事项');
    expect((await call(t, tcOperator.cookie, 'PUT', `/api/admin/windows/${tcWindow}`, { itemIds: [99999999] })).statusCode).toBe(400);
    const cityItem = await insertItem(t, { siteCode: '511700', name: '市级测试事项' });
    const ok = await call(t, tcOperator.cookie, 'PUT', `/api/admin/windows/${tcWindow}`, { name: 'A1综合窗口', itemIds: [tcItem, cityItem] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'A1综合窗口', itemIds: [tcItem, cityItem] });
  });

  it('a 宣汉县 operator cannot change the 通川区 hall (403, audited)', async () => {
    const attempts = [
      await call(t, xhOperator.cookie, 'PUT', `/api/admin/halls/${tcHall}`, { name: '被篡改' }),
      await call(t, xhOperator.cookie, 'DELETE', `/api/admin/halls/${tcHall}`),
      await call(t, xhOperator.cookie, 'POST', `/api/admin/halls/${tcHall}/windows`, { name: '越权窗口', itemIds: [] }),
      await call(t, xhOperator.cookie, 'PUT', `/api/admin/windows/${tcWindow}`, { itemIds: [] }),
      await call(t, xhOperator.cookie, 'POST', `/api/admin/windows/${tcWindow}/slots/generate`, { from: tomorrow(), to: tomorrow(), times: [{ start: '09:00', end: '10:00', capacity: 1 }] }),
      await call(t, xhOperator.cookie, 'POST', '/api/admin/halls', { siteCode: '511702', name: '越权大厅', address: '某地', phone: '0818-0000000', hours: '工作日' }),
      await call(t, xhOperator.cookie, 'GET', '/api/admin/halls?siteCode=511702'),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe(SCOPE);
    }
    const hall = await t.app.ctx.db.selectFrom('halls').select('name').where('id', '=', tcHall).executeTakeFirstOrThrow();
    expect(hall.name).toBe('通川区测试大厅');
    const denied = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'site_code']).where('actor_name', '=', 'xh_op').where('result', '=', 'denied').execute();
    expect(denied).toEqual(
      expect.arrayContaining([
        { action: 'hall.update', site_code: '511702' },
        { action: 'hall.delete', site_code: '511702' },
        { action: 'window.create', site_code: '511702' },
        { action: 'window.update', site_code: '511702' },
        { action: 'slot.generate', site_code: '511702' },
        { action: 'hall.create', site_code: '511702' },
      ]),
    );
    // The city administrator manages the county's hall.
    expect((await call(t, dzAdmin.cookie, 'PUT', `/api/admin/halls/${tcHall}`, { hours: '工作日 9:00-17:00' })).statusCode).toBe(200);
  });

  it('a case handler may view halls but not configure them', async () => {
    expect((await call(t, xhHandler.cookie, 'GET', '/api/admin/halls')).statusCode).toBe(200);
    const res = await call(t, xhHandler.cookie, 'POST', '/api/admin/halls', { siteCode: '511722', name: '无权大厅', address: '某地', phone: '0818-0000000', hours: '工作日' });
    expect(res.statusCode).toBe(403);
  });
});

describe('slot generation', () => {
  const times = [
    { start: '09:00', end: '10:00', capacity: 3 },
    { start: '14:00', end: '15:00', capacity: 2 },
  ];

  it('creates the missing weekday slots and skips existing ones on a second run', async () => {
    const from = tomorrow();
    const to = addDays(from, 13);
    let weekdays = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (isoWeekday(d) <= 5) weekdays += 1;

    const first = await call(t, tcOperator.cookie, 'POST', `/api/admin/windows/${tcWindow}/slots/generate`, { from, to, weekdays: [1, 2, 3, 4, 5], times });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ created: weekdays * 2, skipped: 0 });
    const again = await call(t, tcOperator.cookie, 'POST', `/api/admin/windows/${tcWindow}/slots/generate`, { from, to, times: [...times, { start: '16:00', end: '17:00', capacity: 1 }] });
    expect(again.json()).toEqual({ created: weekdays, skipped: weekdays * 2 });

    const rows = await t.app.ctx.db.selectFrom('slots').select(['day', 'start_time', 'capacity', 'hall_id']).where('window_id', '=', tcWindow).execute();
    expect(rows).toHaveLength(weekdays * 3);
    expect(rows.every((r) => isoWeekday(r.day) <= 5 && r.hall_id === tcHall)).toBe(true);
    const audit = await t.app.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'slot.generate').where('result', '=', 'ok').execute();
    expect(audit.map((a) => a.summary)).toEqual(expect.arrayContaining([expect.stringContaining(`新增${weekdays * 2}个`)]));
  });

  it('validates dates and times', async () => {
    const url = `/api/admin/windows/${tcWindow}/slots/generate`;
    const from = tomorrow();
    const bad = [
      { from: addDays(from, -3), to: from, times },
      { from: addDays(from, 5), to: from, times },
      { from, to: addDays(from, 100), times },
      { from, to: from, times: [{ start: '10:00', end: '09:00', capacity: 1 }] },
      { from, to: from, times: [{ start: '09:00', end: '10:30', capacity: 1 }, { start: '10:00', end: '11:00', capacity: 1 }] },
      { from: '2026-13-01', to: from, times },
      { from, to: from, times: [{ start: '9:00', end: '10:00', capacity: 1 }] },
      { from, to: from, times: [{ start: '09:00', end: '10:00', capacity: 0 }] },
    ];
    for (const body of bad) {
      const res = await call(t, tcOperator.cookie, 'POST', url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('slots and bookings in the console', () => {
  let day: string;
  let slotId: number;

  it('lists a day’s slots with booked counts', async () => {
    const slots = await t.app.ctx.db.selectFrom('slots').selectAll().where('window_id', '=', tcWindow).where('start_time', '=', '09:00').orderBy('day').execute();
    day = slots[0]!.day;
    slotId = slots[0]!.id;
    const [citizen] = await insertCitizens(t, 1, { name: '欧阳娜娜', phonePrefix: '1389' });
    expect((await book(t, citizen!, slotId, tcItem)).statusCode).toBe(201);

    const res = await call(t, tcOperator.cookie, 'GET', `/api/admin/slots?hallId=${tcHall}&day=${day}`);
    expect(res.statusCode).toBe(200);
    const list = res.json() as { id: number; booked: number; capacity: number; available: number; windowName: string }[];
    expect(list.find((s) => s.id === slotId)).toMatchObject({ booked: 1, capacity: 3, available: 2, windowName: 'A1综合窗口' });
    expect((await call(t, xhHandler.cookie, 'GET', `/api/admin/slots?hallId=${tcHall}&day=${day}`)).statusCode).toBe(403);
  });

  it('lists bookings with masked names and phones, only for staff with case:handle in scope', async () => {
    const res = await call(t, dzAdmin.cookie, 'GET', `/api/admin/appointments?hallId=${tcHall}&day=${day}&status=booked`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(page.items[0]).toMatchObject({ citizenName: '欧***', status: 'booked', statusText: '已预约', item: { id: tcItem }, hall: { id: tcHall }, day, start: '09:00' });
    expect(page.items[0].citizenPhone).toMatch(/^138\*{4}\d{4}$/);
    expect((await call(t, dzAdmin.cookie, 'GET', `/api/admin/appointments?hallId=${tcHall}&status=cancelled`)).json().total).toBe(0);
    expect((await call(t, dzAdmin.cookie, 'GET', `/api/admin/appointments?hallId=${tcHall}&status=done`)).json().total).toBe(0);

    expect((await call(t, tcOperator.cookie, 'GET', '/api/admin/appointments')).statusCode).toBe(403);
    expect((await call(t, xhHandler.cookie, 'GET', `/api/admin/appointments?hallId=${tcHall}`)).statusCode).toBe(403);
    const xh = (await call(t, xhHandler.cookie, 'GET', '/api/admin/appointments')).json();
    expect(xh.items.some((a: { hall: { id: number } }) => a.hall.id === tcHall)).toBe(false);
  });

  it('keeps capacity at or above the booked count and deletes only never-booked slots', async () => {
    const low = await call(t, tcOperator.cookie, 'PUT', `/api/admin/slots/${slotId}`, { capacity: 0 });
    expect(low.statusCode).toBe(409);
    expect(low.json().code).toBe('CAPACITY_BELOW_BOOKED');
    const closed = await call(t, tcOperator.cookie, 'PUT', `/api/admin/slots/${slotId}`, { capacity: 1 });
    expect(closed.json()).toMatchObject({ capacity: 1, booked: 1, available: 0 });
    expect((await call(t, tcOperator.cookie, 'DELETE', `/api/admin/slots/${slotId}`)).statusCode).toBe(409);

    const unused = await t.app.ctx.db.selectFrom('slots').select('id').where('window_id', '=', tcWindow).where('start_time', '=', '14:00').executeTakeFirstOrThrow();
    expect((await call(t, tcOperator.cookie, 'DELETE', `/api/admin/slots/${unused.id}`)).statusCode).toBe(204);
    expect(await t.app.ctx.db.selectFrom('slots').select('id').where('id', '=', unused.id).executeTakeFirst()).toBeUndefined();
  });

  it('keeps halls and windows that have bookings; deletes empty ones with their slots', async () => {
    const w = await call(t, tcOperator.cookie, 'DELETE', `/api/admin/windows/${tcWindow}`);
    expect(w.statusCode).toBe(409);
    expect(w.json().code).toBe('WINDOW_IN_USE');
    const h = await call(t, tcOperator.cookie, 'DELETE', `/api/admin/halls/${tcHall}`);
    expect(h.statusCode).toBe(409);
    expect(h.json().code).toBe('HALL_IN_USE');

    const other = (await call(t, tcOperator.cookie, 'POST', '/api/admin/halls', { siteCode: '511702', name: '临时大厅', address: '某地', phone: '0818-0000000', hours: '工作日' })).json();
    const win = (await call(t, tcOperator.cookie, 'POST', `/api/admin/halls/${other.id}/windows`, { name: 'B1', itemIds: [tcItem] })).json();
    const gen = await call(t, tcOperator.cookie, 'POST', `/api/admin/windows/${win.id}/slots/generate`, { from: tomorrow(), to: addDays(tomorrow(), 6), weekdays: [1, 2, 3, 4, 5, 6, 7], times: [{ start: '09:00', end: '10:00', capacity: 1 }] });
    expect(gen.json().created).toBe(7);
    expect((await call(t, tcOperator.cookie, 'DELETE', `/api/admin/halls/${other.id}`)).statusCode).toBe(204);
    const left = await t.app.ctx.db.selectFrom('slots').select('id').where('hall_id', '=', other.id).execute();
    expect(left).toHaveLength(0);
    const windows = await t.app.ctx.db.selectFrom('hall_windows').select('id').where('hall_id', '=', other.id).execute();
    expect(windows).toHaveLength(0);
  });
});
