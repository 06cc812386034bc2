/**
 * Test helpers for 办事预约: rows are inserted directly (items belong to the catalog, and the race
 * test needs dozens of real-name users in a second), sessions come from the real session store.
 * Test-only; it imports nothing from the test runner so it type-checks with the rest.
 */
import type { TestApp } from '../../test/helpers.js';
import { USER_COOKIE } from '../../infra/http.js';
import { nowIso } from '../../infra/time.js';
import { beijingParts } from './beijing-time.js';

let seq = 0;

export async function insertItem(t: TestApp, opts: { siteCode?: string; name?: string; bookable?: boolean; status?: 'online' | 'offline' } = {}): Promise<number> {
  const db = t.app.ctx.db;
  const siteCode = opts.siteCode ?? '511700';
  const dep = await db.selectFrom('departments').select('id').orderBy('id').executeTakeFirstOrThrow();
  seq += 1;
  const now = nowIso();
  const res = await db
    .insertInto('items')
    .values({
      site_code: siteCode,
      code: `TEST-APPT-${seq}`,
      name: opts.name ?? `测试预约事项${seq}`,
      department_id: dep.id,
      audience: 'person',
      theme: 'other',
      subject: '测试',
      time_limit: '即办',
      charge: '不收费',
      legal_basis: '',
      materials: '[]',
      steps: '[]',
      windows: '[]',
      online: 0,
      online_url: null,
      bookable: opts.bookable === false ? 0 : 1,
      keywords: '',
      status: opts.status ?? 'online',
      popularity: 0,
      sort: 0,
      created_at: now,
      updated_at: now,
    })
    .executeTakeFirstOrThrow();
  return Number(res.insertId);
}

export async function insertHall(t: TestApp, siteCode: string, name = `测试大厅${++seq}`): Promise<number> {
  const res = await t.app.ctx.db
    .insertInto('halls')
    .values({ site_code: siteCode, name, address: '测试地址', phone: '0818-0000000', hours: '工作日', created_at: nowIso() })
    .executeTakeFirstOrThrow();
  return Number(res.insertId);
}

export async function insertWindow(t: TestApp, hallId: number, itemIds: number[], name = `测试窗口${++seq}`): Promise<number> {
  const res = await t.app.ctx.db.insertInto('hall_windows').values({ hall_id: hallId, name, item_ids: JSON.stringify(itemIds) }).executeTakeFirstOrThrow();
  return Number(res.insertId);
}

/** The Beijing day and HH:MM `offsetMs` from now, and an end 30 minutes later (kept within the day). */
export function beijingAt(offsetMs: number): { day: string; start: string; end: string } {
  const { day, time } = beijingParts(Date.now() + offsetMs);
  const [h, m] = time.split(':').map(Number) as [number, number];
  const endMin = Math.min(h * 60 + m + 30, 23 * 60 + 59);
  const end = `${String(Math.floor(endMin / 60)).padStart(2, '0')}:${String(endMin % 60).padStart(2, '0')}`;
  return { day, start: time, end };
}

export async function insertSlot(t: TestApp, windowId: number, at: { day: string; start: string; end: string }, capacity = 5, booked = 0): Promise<number> {
  const db = t.app.ctx.db;
  const w = await db.selectFrom('hall_windows').select('hall_id').where('id', '=', windowId).executeTakeFirstOrThrow();
  const res = await db
    .insertInto('slots')
    .values({ hall_id: w.hall_id, window_id: windowId, day: at.day, start_time: at.start, end_time: at.end, capacity, booked })
    .executeTakeFirstOrThrow();
  return Number(res.insertId);
}

export interface TestCitizen {
  id: number;
  cookie: string;
}

/** Inserts `n` citizens (real-name verified unless told otherwise) with live sessions. */
export async function insertCitizens(t: TestApp, n: number, opts: { verified?: boolean; name?: string; phonePrefix?: string } = {}): Promise<TestCitizen[]> {
  const { db, gm, sessions } = t.app.ctx;
  const tag = `appt${++seq}x${Date.now().toString(36)}`;
  const now = nowIso();
  const rows = Array.from({ length: n }, (_, i) => {
    const phone = `${opts.phonePrefix ?? '1350'}${String(seq % 100).padStart(2, '0')}${String(i).padStart(5, '0')}`;
    return {
      kind: 'person' as const,
      phone_enc: gm.encrypt(phone),
      phone_idx: gm.blindIndex('phone', phone),
      name_enc: gm.encrypt(opts.name ?? '王小明'),
      username: `${tag}_${i}`,
      real_name_verified: opts.verified === false ? 0 : 1,
      real_name_verified_at: opts.verified === false ? null : now,
      status: 'active' as const,
      failed_logins: 0,
      created_at: now,
      updated_at: now,
    };
  });
  await db.insertInto('users').values(rows).execute();
  const ids = await db.selectFrom('users').select(['id', 'username']).where('username', 'like', `${tag}_%`).execute();
  const byName = new Map(ids.map((r) => [r.username, r.id]));
  const out: TestCitizen[] = [];
  for (let i = 0; i < n; i++) {
    const id = byName.get(`${tag}_${i}`)!;
    const { token } = await sessions.create('user', id, {});
    out.push({ id, cookie: `${USER_COOKIE}=${token}` });
  }
  return out;
}

export function book(t: TestApp, who: TestCitizen, slotId: number, itemId: number) {
  return t.app.inject({ method: 'POST', url: '/api/appointments', headers: { cookie: who.cookie }, payload: { slotId, itemId } });
}
