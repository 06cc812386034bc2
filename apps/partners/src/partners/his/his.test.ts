import { describe, expect, it } from 'vitest';
import {
  BizCode,
  EnvelopeCode,
  type HisCancelResult,
  type HisDepartmentsResult,
  type HisHospitalsResult,
  type HisLock,
  type HisRegistration,
  type HisReport,
  type HisReportsResult,
  type HisSchedulesResult,
  type HisSlot,
} from '@dz/partner-protocol';
import { idCheckChar } from '../../lib/id-number.js';
import { TestClock, data, envelope, partnerClient, sandboxForFile } from '../../test/helpers.js';
import { CATALOGUE } from './catalogue.js';
import { MESSAGES } from './desk.js';
import { findSession, slotIdOf } from './schedule.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 2026-03-02 07:00 in Beijing: today's morning sessions are still open.
const START = Date.parse('2026-03-01T23:00:00Z');

/** A valid ID number (GB 11643 check character) for person n. */
function idOf(n: number): string {
  const first17 = `51170219900101${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
const patient = (n: number) => ({ name: '张三', idNumber: idOf(n), phone: '13900000001' });

describe('his: the sandbox hospital information system', () => {
  const clock = new TestClock(START);
  const sb = sandboxForFile({ now: clock.now });
  const cl = () => partnerClient(sb.app, { now: clock.now });
  const control = (url: string, payload: Record<string, unknown> = {}) => sb.app.inject({ method: 'POST', url, payload });

  const schedule = async (hospitalId: string, departmentId: string, date?: string) =>
    data<HisSchedulesResult>(await cl().get(`/v1/his/schedules?hospitalId=${hospitalId}&departmentId=${departmentId}${date ? `&date=${date}` : ''}`));
  const slotById = async (slotId: string): Promise<HisSlot | undefined> => {
    const [hospitalId, dept] = slotId.split('-');
    const s = await schedule(hospitalId!, `${hospitalId}-${dept}`);
    return s.doctors.flatMap((d) => d.slots).find((x) => x.slotId === slotId);
  };
  /** Tomorrow morning of the first cardiologist of 达州市中心医院（演示）, given `remaining` places. */
  const tomorrowMorning = async (remaining?: number): Promise<HisSlot> => {
    const s = await schedule('H11', 'H11-CAR', '2026-03-03');
    const slot = s.doctors[0]!.slots.find((x) => x.period === 'am')!;
    if (remaining === undefined) return slot;
    expect((await control(`/_control/his/slots/${slot.slotId}`, { remaining })).statusCode).toBe(200);
    return { ...slot, remaining };
  };
  const lock = (slotId: string, n: number, lockRef = `REF-${slotId}-${n}`, holdSeconds = 900) => cl().write('/v1/his/locks', { slotId, patient: patient(n), lockRef, holdSeconds });
  const paid = (fee: number) => ({ orderId: 'PO1', tradeNo: 'T1', amountFen: fee, paidAt: new Date(clock.t).toISOString() });

  it('lists hospitals by site and level, and refuses unsigned calls', async () => {
    const all = data<HisHospitalsResult>(await cl().get('/v1/his/hospitals')).hospitals;
    expect(all.length).toBeGreaterThanOrEqual(14);
    expect(all.every((h) => h.name.endsWith('（演示）'))).toBe(true);
    expect(all.filter((h) => h.level === 'province').length).toBeGreaterThanOrEqual(1);
    expect(all.filter((h) => h.level === 'city').map((h) => h.name)).toEqual(expect.arrayContaining(['达州市中心医院（演示）', '达州市中西医结合医院（演示）', '达州市妇女儿童医院（演示）']));
    // Every county site has its own hospitals.
    for (const site of ['511702', '511703', '511722', '511723', '511724', '511725', '511781']) {
      const local = data<HisHospitalsResult>(await cl().get(`/v1/his/hospitals?site=${site}`)).hospitals;
      expect(local.length).toBeGreaterThanOrEqual(1);
      expect(local.every((h) => h.site === site && h.level === 'county')).toBe(true);
    }
    const city = data<HisHospitalsResult>(await cl().get('/v1/his/hospitals?site=511700')).hospitals;
    expect(new Set(city.map((h) => h.level))).toEqual(new Set(['province', 'city']));
    const cityOnly = data<HisHospitalsResult>(await cl().get('/v1/his/hospitals?level=city')).hospitals;
    expect(cityOnly.length).toBeGreaterThanOrEqual(4);
    expect(cityOnly.every((h) => h.level === 'city' && h.grade.startsWith('三级'))).toBe(true);
    expect(data<HisHospitalsResult>(await cl().get('/v1/his/hospitals?site=511700&level=county')).hospitals).toEqual([]);
    expect(data<HisHospitalsResult>(await cl().get('/v1/his/hospitals?site=110101')).hospitals).toEqual([]);
    expect((await cl().get('/v1/his/hospitals?level=town')).statusCode).toBe(400);

    const unsigned = await sb.app.inject({ method: 'GET', url: '/v1/his/hospitals' });
    expect([unsigned.statusCode, envelope(unsigned).code]).toEqual([401, EnvelopeCode.BAD_SIGNATURE]);
  });

  it('gives every 市级 hospital a 心血管内科 with at least two doctors, titled and priced', async () => {
    for (const h of data<HisHospitalsResult>(await cl().get('/v1/his/hospitals?level=city')).hospitals) {
      const deps = data<HisDepartmentsResult>(await cl().get(`/v1/his/hospitals/${h.id}/departments`));
      expect(deps.hospital.id).toBe(h.id);
      const car = deps.departments.find((d) => d.name === '心血管内科');
      expect(car).toMatchObject({ category: '内科' });
      const s = await schedule(h.id, car!.id);
      expect(s.doctors.length).toBeGreaterThanOrEqual(2);
      expect(s.doctors[0]).toMatchObject({ title: '主任医师', fee: 2500 });
      expect(s.doctors[1]).toMatchObject({ title: '副主任医师', fee: 1500 });
    }
    const unknown = await cl().get('/v1/his/hospitals/H99/departments');
    expect([unknown.statusCode, envelope(unknown).code]).toEqual([200, BizCode.NOT_FOUND]);
    const wrongDept = await cl().get('/v1/his/schedules?hospitalId=H11&departmentId=H12-CAR');
    expect(envelope(wrongDept).code).toBe(BizCode.NOT_FOUND);
  });

  it('publishes 7 days of 上午/下午 号源, stable, with some 约满, and the guaranteed mornings open', async () => {
    const week = await schedule('H11', 'H11-CAR');
    const dates = new Set(week.doctors.flatMap((d) => d.slots.map((s) => s.date)));
    expect([...dates].sort()).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    for (const s of week.doctors.flatMap((d) => d.slots)) {
      expect(s.start).toBe(s.period === 'am' ? '08:00' : '14:00');
      expect(s.end).toBe(s.period === 'am' ? '12:00' : '17:30');
      expect(s.total).toBeGreaterThanOrEqual(10);
      expect(s.remaining).toBeGreaterThanOrEqual(0);
      expect(s.remaining).toBeLessThanOrEqual(s.total);
      expect(s.slotId).toContain(s.date.replace(/-/g, ''));
    }
    // The same answer on a second read (and one day when asked for one day).
    expect(await schedule('H11', 'H11-CAR')).toEqual(week);
    const oneDay = await schedule('H11', 'H11-CAR', '2026-03-04');
    expect(oneDay.doctors.flatMap((d) => d.slots).every((s) => s.date === '2026-03-04')).toBe(true);
    expect((await schedule('H11', 'H11-CAR', '2026-03-20')).doctors.flatMap((d) => d.slots)).toEqual([]);

    let full = 0;
    for (const h of data<HisHospitalsResult>(await cl().get('/v1/his/hospitals?level=city')).hospitals) {
      const deps = data<HisDepartmentsResult>(await cl().get(`/v1/his/hospitals/${h.id}/departments`)).departments;
      for (const dep of deps) {
        const s = await schedule(h.id, dep.id);
        full += s.doctors.flatMap((d) => d.slots).filter((x) => x.remaining === 0).length;
        // Every department's first doctor, and every cardiologist of a 市级 hospital, sits tomorrow morning.
        const sitting = dep.name === '心血管内科' ? s.doctors : s.doctors.slice(0, 1);
        for (const doc of sitting) {
          const am = doc.slots.find((x) => x.date === '2026-03-03' && x.period === 'am');
          expect(am?.remaining).toBeGreaterThanOrEqual(5);
        }
      }
    }
    expect(full).toBeGreaterThan(0);

    // Once a session has begun (Beijing 08:00), it is no longer offered.
    clock.advance(1.5 * HOUR);
    const later = await schedule('H11', 'H11-CAR', '2026-03-02');
    expect(later.doctors.flatMap((d) => d.slots).some((s) => s.period === 'am')).toBe(false);
    clock.t = START;
    // Reads every 市级 department's week: room for a loaded CI machine.
  }, 20_000);

  it('keeps the guaranteed mornings bookable on any day, not only the one the tests run on', () => {
    const closed: string[] = [];
    for (let day = 0; day < 35; day++) {
      const now = START + day * DAY;
      const tomorrow = new Date(now + 8 * HOUR + DAY).toISOString().slice(0, 10);
      for (const h of CATALOGUE) {
        for (const dep of h.departments) {
          const sitting = h.level === 'city' && dep.name === '心血管内科' ? dep.doctors : dep.doctors.slice(0, 1);
          for (const doc of sitting) {
            const found = findSession(slotIdOf(doc.doctorId, tomorrow, 'am'), now);
            if (!('session' in found) || found.session.total - found.session.takenBefore < 5) closed.push(`${doc.doctorId} ${tomorrow}`);
          }
        }
      }
    }
    expect(closed).toEqual([]);
    // Derives thousands of sessions (SM3 each): room for a loaded CI machine.
  }, 20_000);

  it('lets exactly 1 of 50 concurrent locks take the last place', async () => {
    const slot = await tomorrowMorning(1);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => lock(slot.slotId, 100 + i)));
    const envs = results.map((r) => envelope<HisLock>(r));
    expect(envs.filter((e) => e.code === '0000')).toHaveLength(1);
    const refusals = envs.filter((e) => e.code !== '0000');
    expect(refusals).toHaveLength(49);
    expect(refusals.every((e) => e.code === BizCode.STATE_CONFLICT && e.message === MESSAGES.full)).toBe(true);
    expect((await slotById(slot.slotId))?.remaining).toBe(0);
    await control('/_control/his/reset');
  });

  it('answers the same lock for the same lockRef and refuses the same patient twice in a session', async () => {
    const slot = await tomorrowMorning(5);
    const first = data<HisLock>(await lock(slot.slotId, 1, 'BOOK-1'));
    expect(first).toMatchObject({ lockRef: 'BOOK-1', slotId: slot.slotId, hospitalId: 'H11', hospitalName: '达州市中心医院（演示）', departmentName: '心血管内科', date: '2026-03-03', period: 'am', fee: 2500 });
    expect(first.expiresAt).toBe(new Date(START + 900_000).toISOString());
    // 08:00 Beijing on 03-03 is 00:00Z; the deadline is 2 hours before.
    expect(first.cancelDeadline).toBe('2026-03-02T22:00:00.000Z');
    const again = data<HisLock>(await lock(slot.slotId, 1, 'BOOK-1'));
    expect(again).toEqual(first);
    expect((await slotById(slot.slotId))?.remaining).toBe(4);

    const dup = envelope(await lock(slot.slotId, 1, 'BOOK-2'));
    expect([dup.code, dup.message]).toEqual([BizCode.STATE_CONFLICT, MESSAGES.duplicate]);
    const unknown = envelope(await lock('H11-CAR-1-20260310-am', 2));
    expect(unknown.code).toBe(BizCode.NOT_FOUND);
    const bad = await cl().write('/v1/his/locks', { slotId: slot.slotId, patient: { ...patient(3), idNumber: '123' }, lockRef: 'X', holdSeconds: 900 });
    expect(bad.statusCode).toBe(400);
    await control('/_control/his/reset');
  });

  it('returns the place of an expired lock and refuses to confirm it', async () => {
    const slot = await tomorrowMorning(3);
    const l = data<HisLock>(await lock(slot.slotId, 1));
    expect((await slotById(slot.slotId))?.remaining).toBe(2);
    clock.advance(900_000);
    expect((await slotById(slot.slotId))?.remaining).toBe(3);
    const late = envelope(await cl().write(`/v1/his/locks/${l.lockId}/confirm`, paid(l.fee)));
    expect([late.code, late.message]).toEqual([BizCode.STATE_CONFLICT, '锁号已过期，请重新挂号']);
    // The same patient may lock again once the old lock is gone.
    const l2 = data<HisLock>(await lock(slot.slotId, 1, 'AGAIN'));
    expect((await control(`/_control/his/locks/${l2.lockId}/expire`)).json()).toMatchObject({ data: { status: 'expired' } });
    expect((await slotById(slot.slotId))?.remaining).toBe(3);

    // Release: idempotent, and the place comes back once.
    const l3 = data<HisLock>(await lock(slot.slotId, 2));
    expect(data(await cl().write(`/v1/his/locks/${l3.lockId}/release`, {}))).toEqual({ lockId: l3.lockId, released: true });
    expect(data(await cl().write(`/v1/his/locks/${l3.lockId}/release`, {}))).toEqual({ lockId: l3.lockId, released: true });
    expect((await slotById(slot.slotId))?.remaining).toBe(3);
    expect(envelope(await cl().write(`/v1/his/locks/${l3.lockId}/confirm`, paid(l3.fee))).code).toBe(BizCode.STATE_CONFLICT);
    clock.t = START;
    await control('/_control/his/reset');
  });

  it('confirms a paid lock once, cancels before the deadline with a refund, and not after it', async () => {
    const slot = await tomorrowMorning(4);
    const l = data<HisLock>(await lock(slot.slotId, 1));
    const wrong = envelope(await cl().write(`/v1/his/locks/${l.lockId}/confirm`, paid(100)));
    expect(wrong.code).toBe(BizCode.AMOUNT_MISMATCH);
    const reg = data<HisRegistration>(await cl().write(`/v1/his/locks/${l.lockId}/confirm`, paid(l.fee)));
    expect(reg).toMatchObject({ lockId: l.lockId, registrationNo: expect.stringMatching(/^GH20260302\d{6}$/), visitNo: expect.stringMatching(/^上午 第\d+号$/), cancelDeadline: l.cancelDeadline });
    expect(reg.pickupNote).toContain('请于就诊当日 07:30 前凭身份证或医保卡');
    expect(data<HisRegistration>(await cl().write(`/v1/his/locks/${l.lockId}/confirm`, paid(l.fee)))).toEqual(reg);
    expect(envelope(await cl().write(`/v1/his/locks/${l.lockId}/release`, {})).code).toBe(BizCode.STATE_CONFLICT);
    expect((await slotById(slot.slotId))?.remaining).toBe(3);

    clock.advance(12 * HOUR);
    const cancelled = data<HisCancelResult>(await cl().write(`/v1/his/registrations/${reg.registrationNo}/cancel`, { reason: '行程有变' }));
    expect(cancelled).toEqual({ registrationNo: reg.registrationNo, cancelledAt: new Date(clock.t).toISOString(), refundFen: 2500 });
    expect(data<HisCancelResult>(await cl().write(`/v1/his/registrations/${reg.registrationNo}/cancel`, { reason: '行程有变' }))).toEqual(cancelled);
    expect((await slotById(slot.slotId))?.remaining).toBe(4);

    // Another registration, cancelled past 06:00 on the day of the visit.
    const l2 = data<HisLock>(await lock(slot.slotId, 2));
    const reg2 = data<HisRegistration>(await cl().write(`/v1/his/locks/${l2.lockId}/confirm`, paid(l2.fee)));
    clock.t = Date.parse(reg2.cancelDeadline) + 60_000;
    const late = envelope(await cl().write(`/v1/his/registrations/${reg2.registrationNo}/cancel`, { reason: '不去了' }));
    expect([late.code, late.message]).toEqual([BizCode.STATE_CONFLICT, '已超过退号时间（就诊前2小时），请到医院窗口办理']);
    expect(envelope(await cl().write('/v1/his/registrations/GH000/cancel', { reason: 'x' })).code).toBe(BizCode.NOT_FOUND);
    clock.t = START;

    // The control route moves a deadline into the past for server tests.
    const l3 = data<HisLock>(await lock(slot.slotId, 3));
    const reg3 = data<HisRegistration>(await cl().write(`/v1/his/locks/${l3.lockId}/confirm`, paid(l3.fee)));
    expect((await control(`/_control/his/registrations/${reg3.registrationNo}/pass-deadline`)).statusCode).toBe(200);
    expect(envelope(await cl().write(`/v1/his/registrations/${reg3.registrationNo}/cancel`, { reason: 'x' })).message).toBe(MESSAGES.tooLate);
    await control('/_control/his/reset');
  });

  it('finds 1–4 reports of the last 60 days for any ID number, the newest with a value out of range', async () => {
    for (let n = 1; n <= 30; n++) {
      const idNumber = idOf(n);
      const { reports } = data<HisReportsResult>(await cl().post('/v1/his/reports/query', { idNumber }));
      expect(reports.length).toBeGreaterThanOrEqual(1);
      expect(reports.length).toBeLessThanOrEqual(4);
      const times = reports.map((r) => Date.parse(r.reportedAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(times.every((t) => t < START && t > START - 61 * DAY)).toBe(true);
      expect(reports[0]!.abnormalCount).toBeGreaterThanOrEqual(1);
      expect(data<HisReportsResult>(await cl().post('/v1/his/reports/query', { idNumber })).reports).toEqual(reports);

      const detail = data<HisReport>(await cl().post(`/v1/his/reports/${reports[0]!.reportId}`, { idNumber }));
      expect(detail).toMatchObject(reports[0]!);
      expect(detail.items.filter((i) => i.flag !== 'normal')).toHaveLength(detail.abnormalCount);
      for (const item of detail.items) expect(item).toMatchObject({ code: expect.any(String), name: expect.any(String), result: expect.any(String), range: expect.any(String) });
    }
    const { reports } = data<HisReportsResult>(await cl().post('/v1/his/reports/query', { idNumber: idOf(1) }));
    const other = envelope(await cl().post(`/v1/his/reports/${reports[0]!.reportId}`, { idNumber: idOf(2) }));
    expect(other.code).toBe(BizCode.NOT_FOUND);
    const invalid = envelope(await cl().post('/v1/his/reports/query', { idNumber: '12345' }));
    expect(invalid.code).toBe(BizCode.INVALID_DATA);
  });

  it('is listed on the landing page and answers an injected fault', async () => {
    const page = (await sb.app.inject({ method: 'GET', url: '/' })).body;
    expect(page).toContain('医院信息系统（模拟）');
    expect(page).toContain('/_control/his/slots/:slotId');
    await sb.app.inject({ method: 'POST', url: '/_control/faults', payload: { partner: 'his', errorRate: 1 } });
    expect((await cl().get('/v1/his/hospitals')).statusCode).toBe(500);
    await sb.app.inject({ method: 'DELETE', url: '/_control/faults?partner=his' });
    expect((await cl().get('/v1/his/hospitals')).statusCode).toBe(200);
  });
});
