/**
 * 医疗就诊 against the real sandbox HIS and payment gateway (SQLite or MariaDB per DZ_TEST_DB):
 * hospitals, schedules, 就诊人, the registration flow (lock → pay → confirm, cancel → refund once),
 * the last place under 50 concurrent registrations, an unpaid lock released, the HIS down, reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalListResponse, LabReportDetail, LabReportListResponse, PatientListResponse, RegistrationCreated, RegistrationView, ScheduleResponse, SlotView } from '@dz/contracts';
import { idNumber, registerPerson } from '../../auth/test-kit.js';
import { eventually, harness, payAtCashier, type Harness } from '../../utilities/test-support.js';

let h: Harness;
const api = (cookie: string | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  h.t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
const control = (path: string, body: unknown = {}) => fetch(`${h.sandboxUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function schedule(hospitalId: string, departmentId: string, day = 1): Promise<ScheduleResponse> {
  const first = (await api(null, 'GET', `/api/medical/schedules?hospitalId=${hospitalId}&departmentId=${departmentId}`)).json<ScheduleResponse>();
  const res = await api(null, 'GET', `/api/medical/schedules?hospitalId=${hospitalId}&departmentId=${departmentId}&date=${first.dates[day]}`);
  expect(res.statusCode).toBe(200);
  return res.json<ScheduleResponse>();
}
/** Tomorrow morning's place of the n-th doctor of a department, with `remaining` set at the HIS. */
async function slotOf(hospitalId: string, dept: string, n: number, remaining?: number): Promise<SlotView> {
  const s = await schedule(hospitalId, `${hospitalId}-${dept}`);
  const slot = s.doctors[n]!.slots.find((x) => x.period === 'am')!;
  if (remaining !== undefined) expect((await control(`/_control/his/slots/${slot.slotId}`, { remaining })).status).toBe(200);
  return slot;
}
/** What the API shows left of a slot: our own locks and cancels refresh the kept schedule at once. */
const remainingOf = async (slot: SlotView) => {
  const [hospitalId, dept] = slot.slotId.split('-');
  const s = await schedule(hospitalId!, `${hospitalId}-${dept}`);
  return s.doctors.flatMap((d) => d.slots).find((x) => x.slotId === slot.slotId)!.remaining;
};
const registration = async (id: number) => (await api(h.demo, 'GET', `/api/medical/registrations/${id}`)).json<RegistrationView>();
const count = async (table: 'bookings' | 'payment_orders') => Number((await h.t.app.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  h = await harness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('医疗就诊: hospitals, departments, 号源', () => {
  it('lists hospitals by level and site: a county its own first, then the city and province', async () => {
    const city = (await api(null, 'GET', '/api/medical/hospitals?level=city')).json<HospitalListResponse>().items;
    expect(city.length).toBeGreaterThanOrEqual(3);
    expect(city.every((x) => x.level === 'city' && x.levelName === '市级医院')).toBe(true);
    const county = (await api(null, 'GET', '/api/medical/hospitals?site=511722')).json<HospitalListResponse>().items;
    expect(county[0]!.siteCode).toBe('511722');
    expect(county.some((x) => x.level === 'province')).toBe(true);
    expect(county.some((x) => x.siteCode === '511725')).toBe(false);
    const all = (await api(null, 'GET', '/api/medical/hospitals')).json<HospitalListResponse>().items;
    expect(all[0]!.level).toBe('province');
    expect(all.some((x) => x.siteCode === '511725')).toBe(true);
    const found = (await api(null, 'GET', `/api/medical/hospitals?q=${encodeURIComponent('中心医院')}`)).json<HospitalListResponse>().items;
    expect(found.map((x) => x.name)).toContain('达州市中心医院（演示）');
  });

  it('departments and the week of 号源 with fee and remaining', async () => {
    const d = await api(null, 'GET', '/api/medical/hospitals/H11/departments');
    expect(d.statusCode).toBe(200);
    expect(d.json<{ items: { name: string }[] }>().items.map((x) => x.name)).toContain('心血管内科');
    expect((await api(null, 'GET', '/api/medical/hospitals/H99/departments')).json()).toMatchObject({ code: 'HOSPITAL_NOT_FOUND' });
    const s = await schedule('H11', 'H11-CAR');
    expect(s.dates).toHaveLength(7);
    expect(s.doctors.length).toBeGreaterThan(0);
    const slot = s.doctors[0]!.slots[0]!;
    expect(slot).toMatchObject({ time: expect.stringMatching(/^\d\d:\d\d-\d\d:\d\d$/), fee: expect.any(Number), remaining: expect.any(Number) });
    expect((await api(null, 'GET', `/api/medical/schedules?hospitalId=H11&departmentId=H11-CAR&date=2000-01-01`)).statusCode).toBe(400);
  });
});

describe('就诊人管理', () => {
  it('adds a family member (ID checked, masked), refuses duplicates and bad IDs in Chinese', async () => {
    const bad = await api(h.demo, 'POST', '/api/medical/patients', { name: '张小明', idNumber: '511702201001010010', phone: '13900000002', relation: 'child' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    const id = idNumber('20100101', '011');
    const ok = await api(h.demo, 'POST', '/api/medical/patients', { name: '张小明', idNumber: id, phone: '13900000002', relation: 'child' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ name: '张**', relation: 'child', relationName: '子女', phone: '139****0002' });
    expect(ok.json<{ idNumber: string }>().idNumber).not.toContain('20100101');
    expect((await api(h.demo, 'POST', '/api/medical/patients', { name: '张小明', idNumber: id, phone: '13900000002', relation: 'child' })).json()).toMatchObject({ code: 'PATIENT_EXISTS' });
    const list = (await api(h.demo, 'GET', '/api/medical/patients')).json<PatientListResponse>();
    expect(list.items[0]).toMatchObject({ id: 0, relation: 'self' });
    expect(list.items.length).toBe(2);
    expect(list.max).toBe(8);
  });

  it('caps the number of family members', async () => {
    const u = await registerPerson(h.t.app);
    for (let i = 0; i < 8; i++) {
      const r = await api(u.cookie, 'POST', '/api/medical/patients', { name: `王${'一二三四五六七八'[i]}`, idNumber: idNumber('19800101', String(200 + i)), phone: '13900000003', relation: 'other' });
      expect(r.statusCode).toBe(201);
    }
    const r = await api(u.cookie, 'POST', '/api/medical/patients', { name: '王九', idNumber: idNumber('19800101', '300'), phone: '13900000003', relation: 'other' });
    expect(r.json()).toMatchObject({ code: 'TOO_MANY_PATIENTS' });
    // Not real-name verified: no 本人 in the list, and no registration.
    expect((await api(u.cookie, 'GET', '/api/medical/patients')).json<PatientListResponse>().items.some((p) => p.id === 0)).toBe(false);
    const slot = await slotOf('H12', 'CAR', 0);
    expect((await api(u.cookie, 'POST', '/api/medical/registrations', { slotId: slot.slotId, patientId: 1 })).json()).toMatchObject({ code: 'REALNAME_REQUIRED' });
  });
});

describe('挂号 → 缴费 → 取消 → 退款', () => {
  it('locks, pays on the cashier, confirms with 就诊序号, cancels once with one refund', async () => {
    const slot = await slotOf('H11', 'CAR', 0, 5);
    const res = await api(h.demo, 'POST', '/api/medical/registrations', { slotId: slot.slotId });
    expect(res.statusCode).toBe(201);
    const created = res.json<RegistrationCreated>();
    expect(created).toMatchObject({ status: 'held', orderId: expect.any(String), payUrl: expect.any(String) });
    expect(await remainingOf(slot)).toBe(4);
    const unpaid = (await api(h.demo, 'GET', '/api/medical/registrations?status=unpaid')).json<{ items: RegistrationView[] }>().items;
    expect(unpaid.map((r) => r.id)).toContain(created.id);
    // The same patient, the same 号源 again → 409.
    expect((await api(h.demo, 'POST', '/api/medical/registrations', { slotId: slot.slotId })).json()).toMatchObject({ code: 'DUPLICATE_REGISTRATION' });

    await payAtCashier(created.payUrl!);
    const confirmed = await eventually(async () => {
      const r = await registration(created.id);
      return r.status === 'confirmed' ? r : null;
    });
    expect(confirmed).toMatchObject({ visitNo: expect.any(String), pickupNote: expect.any(String), cancellable: true, payUrl: null });
    const mine = (await api(h.demo, 'GET', '/api/me/reservations')).json<{ items: { kind: string; id: number; link: string }[] }>().items;
    expect(mine.find((x) => x.id === created.id)).toMatchObject({ kind: 'medical', link: `/me/registrations/${created.id}` });

    const [a, b] = await Promise.all([api(h.demo, 'POST', `/api/medical/registrations/${created.id}/cancel`), api(h.demo, 'POST', `/api/medical/registrations/${created.id}/cancel`)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((await api(h.demo, 'POST', `/api/medical/registrations/${created.id}/cancel`)).statusCode).toBe(409);
    const cancelled = await registration(created.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', refundStatus: 'done' });
    await h.t.app.ctx.callLog.flush();
    const refunds = await h.t.app.ctx.db.selectFrom('partner_calls').select('id').where('operation', '=', 'pay.refund').where('ok', '=', 1).execute();
    expect(refunds).toHaveLength(1);
    const order = await h.t.app.ctx.db.selectFrom('payment_orders').select('status').where('order_id', '=', created.orderId!).executeTakeFirstOrThrow();
    expect(order.status).toBe('refunded');
    expect(await remainingOf(slot)).toBe(5);
    // 消息中心 says both, each once, linking to the registration.
    const notices = await h.t.app.ctx.db.selectFrom('messages').select(['title', 'body', 'link']).where('link', '=', `/me/registrations/${created.id}`).orderBy('id').execute();
    expect(notices.map((m) => m.title)).toEqual(['挂号成功', '挂号已取消，挂号费已退款']);
    expect(notices[0]!.body).toContain(confirmed.visitNo!);
  });

  it('refuses a cancel past the hospital deadline and refunds nothing', async () => {
    const slot = await slotOf('H11', 'CAR', 1, 5);
    const created = (await api(h.demo, 'POST', '/api/medical/registrations', { slotId: slot.slotId })).json<RegistrationCreated>();
    await payAtCashier(created.payUrl!);
    await eventually(async () => (await registration(created.id)).status === 'confirmed');
    const row = await h.t.app.bookings.byId(created.id);
    expect((await control(`/_control/his/registrations/${row!.partner_ref}/pass-deadline`)).status).toBe(200);
    const res = await api(h.demo, 'POST', `/api/medical/registrations/${created.id}/cancel`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CANCEL_TOO_LATE' });
    expect((await registration(created.id)).status).toBe('confirmed');
    const order = await h.t.app.ctx.db.selectFrom('payment_orders').select('status').where('order_id', '=', created.orderId!).executeTakeFirstOrThrow();
    expect(order.status).toBe('paid');
  });

  it('cancels an unpaid registration: order closed, place back', async () => {
    const slot = await slotOf('H11', 'RES', 0, 3);
    const created = (await api(h.demo, 'POST', '/api/medical/registrations', { slotId: slot.slotId })).json<RegistrationCreated>();
    expect(await remainingOf(slot)).toBe(2);
    const res = await api(h.demo, 'POST', `/api/medical/registrations/${created.id}/cancel`);
    expect(res.json()).toMatchObject({ status: 'cancelled', refundStatus: 'none' });
    expect(await remainingOf(slot)).toBe(3);
    const order = await h.t.app.ctx.db.selectFrom('payment_orders').select('status').where('order_id', '=', created.orderId!).executeTakeFirstOrThrow();
    expect(order.status).toBe('closed');
  });

  it('keeps a family member with an active registration; deletes them once it is cancelled', async () => {
    const added = (await api(h.demo, 'POST', '/api/medical/patients', { name: '张老汉', idNumber: idNumber('19500101', '021'), phone: '13900000005', relation: 'parent' })).json<{ id: number }>();
    const slot = await slotOf('H12', 'RES', 0, 3);
    const created = (await api(h.demo, 'POST', '/api/medical/registrations', { slotId: slot.slotId, patientId: added.id })).json<RegistrationCreated>();
    expect((await registration(created.id)).patientRelation).toBe('父母');
    const refused = await api(h.demo, 'DELETE', `/api/medical/patients/${added.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toContain('请先取消');
    expect((await api(h.demo, 'POST', `/api/medical/registrations/${created.id}/cancel`)).statusCode).toBe(200);
    expect((await api(h.demo, 'DELETE', `/api/medical/patients/${added.id}`)).statusCode).toBe(204);
    const audit = await h.t.app.ctx.db.selectFrom('audit_log').select(['action', 'actor_name']).where('action', 'like', 'medical.patient.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['medical.patient.add', 'medical.patient.delete']));
  });

  it('releases an unpaid lock after its time', async () => {
    const slot = await slotOf('H12', 'CAR', 0, 2);
    const created = (await api(h.demo, 'POST', '/api/medical/registrations', { slotId: slot.slotId })).json<RegistrationCreated>();
    expect(await remainingOf(slot)).toBe(1);
    const past = new Date(Date.now() - 60_000).toISOString();
    await h.t.app.ctx.db.updateTable('bookings').set({ hold_expires_at: past }).where('id', '=', created.id).execute();
    await h.t.app.ctx.db.updateTable('payment_orders').set({ expires_at: past }).where('order_id', '=', created.orderId!).execute();
    await h.t.app.bookings.expireOverdue();
    await h.t.app.payments.closeExpired();
    expect((await registration(created.id)).status).toBe('expired');
    expect(await remainingOf(slot)).toBe(2);
  });

  it('50 concurrent registrations for the last place: exactly one succeeds', async () => {
    const slot = await slotOf('H13', 'CAR', 0, 1);
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => registerPerson(h.t.app, { name: '赵六', idNumber: idNumber('19850101', String(400 + i)) })));
    await h.t.app.ctx.db.updateTable('users').set({ real_name_verified: 1 }).where('id', 'in', users.map((u) => u.userId)).execute();
    const before = { bookings: await count('bookings'), orders: await count('payment_orders') };
    const results = await Promise.all(users.map((u) => api(u.cookie, 'POST', '/api/medical/registrations', { slotId: slot.slotId })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json<{ code: string }>().code === 'SLOT_FULL')).toBe(true);
    expect(await count('bookings')).toBe(before.bookings + 1);
    expect(await count('payment_orders')).toBe(before.orders + 1);
    expect(await remainingOf(slot)).toBe(0);
  }, 60_000);

  it('the HIS down: 503 in Chinese within 3 s, nothing left behind', async () => {
    const slot = await slotOf('H14', 'CAR', 0, 3);
    const before = { bookings: await count('bookings'), orders: await count('payment_orders') };
    h.sandbox.faults.set('his', { errorRate: 1 });
    try {
      const started = Date.now();
      const res = await api(h.demo, 'POST', '/api/medical/registrations', { slotId: slot.slotId });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'PARTNER_UNAVAILABLE', message: '医院系统暂时无法连接，请稍后再试' });
    } finally {
      h.sandbox.faults.reset('his');
      h.t.app.ctx.partners.resetBreaker('his');
    }
    expect(await count('bookings')).toBe(before.bookings);
    expect(await count('payment_orders')).toBe(before.orders);
  });
});

describe('检验报告', () => {
  it('lists the user’s and family members’ reports, shows one with ↑ ↓ data, renders a PDF, refuses another person’s', async () => {
    const list = (await api(h.demo, 'GET', '/api/medical/reports')).json<LabReportListResponse>().items;
    expect(list.length).toBeGreaterThan(0);
    expect(list.some((r) => r.patientId === 0)).toBe(true);
    expect(list.some((r) => r.patientId > 0)).toBe(true);
    expect([...list].sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))).toEqual(list);
    const abnormal = list.find((r) => r.abnormalCount > 0)!;
    const q = abnormal.patientId ? `?patientId=${abnormal.patientId}` : '';
    const detail = (await api(h.demo, 'GET', `/api/medical/reports/${abnormal.id}${q}`)).json<LabReportDetail>();
    expect(detail.items.some((i) => i.flag !== 'normal')).toBe(true);
    expect(detail.patientName).toMatch(/\*/);
    const pdf = await api(h.demo, 'GET', `/api/medical/reports/${abnormal.id}/pdf${q}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The report asked for as another patient (the user themself, here) is not theirs: 404.
    const other = await api(h.demo, 'GET', `/api/medical/reports/${abnormal.id}${abnormal.patientId ? '' : `?patientId=${list.find((r) => r.patientId > 0)!.patientId}`}`);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'REPORT_NOT_FOUND' });
  });

  it('requires 实名认证', async () => {
    const u = await registerPerson(h.t.app);
    const res = await api(u.cookie, 'GET', '/api/medical/reports');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'REALNAME_REQUIRED' });
  });
});
