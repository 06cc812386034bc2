import { describe, expect, it } from 'vitest';
import { BizCode, type Envelope, type QuotaAvailability, type QuotaBooking, type QuotaRefusal, type QuotaResourcesResult } from '@dz/partner-protocol';
import { idCheckChar } from '../../lib/id-number.js';
import { TestClock, data, envelope, partnerClient, sandboxForFile } from '../../test/helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Tuesday 2026-12-08 07:00 in Beijing: every slot of the day is still ahead.
const START = Date.parse('2026-12-07T23:00:00Z');
const TODAY = '2026-12-08';
const TOMORROW = '2026-12-09';

/** A valid ID number (GB 11643 check character) for person n. */
function idOf(n: number): string {
  const first17 = `51170219900101${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
const visitor = (n: number) => ({ name: '张三', idNumber: idOf(n) });

describe('quota systems (scenic, venues) on one ledger', () => {
  const clock = new TestClock(START);
  const sb = sandboxForFile({ now: clock.now, appSecrets: { 'dz-sandbox': 'sandbox-secret-not-for-production', other: 'other-secret' } });
  const cl = () => partnerClient(sb.app, { now: clock.now });
  const control = (url: string, payload: Record<string, unknown> = {}) => sb.app.inject({ method: 'POST', url, payload });
  let ref = 0;
  const book = (system: string, body: { resourceId: string; date: string; slotId: string; visitors: { name: string; idNumber: string }[]; portalRef?: string }, key?: string) =>
    cl().write(`/v1/${system}/bookings`, { portalRef: `P${++ref}`, ...body }, key);
  const refusal = (res: Awaited<ReturnType<typeof book>>) => {
    const env = envelope<QuotaRefusal>(res) as Envelope<QuotaRefusal>;
    expect(res.statusCode).toBe(200);
    return { code: env.code, reason: env.data?.reason, message: env.message, masked: env.data?.idNumberMasked };
  };
  const availability = async (system: string, resourceId: string, date: string) => data<QuotaAvailability>(await cl().post(`/v1/${system}/availability`, { resourceId, date }));

  it('lists the demo resources of each system, by county', async () => {
    const spots = data<QuotaResourcesResult>(await cl().post('/v1/scenic/resources', {})).resources;
    expect(spots.map((s) => s.id)).toEqual(['BSDXG', 'BTS', 'ZFS', 'CRG', 'LHH', 'FHS']);
    expect(spots.find((s) => s.id === 'BSDXG')).toMatchObject({ name: '巴山大峡谷', county: '511722', countyName: '宣汉县', maxVisitors: 5, daysAhead: 14 });
    expect(data<QuotaResourcesResult>(await cl().post('/v1/scenic/resources', { county: '511702' })).resources.map((s) => s.id)).toEqual(['LHH', 'FHS']);
    const venues = data<QuotaResourcesResult>(await cl().post('/v1/venues/resources', {})).resources;
    expect(venues.map((v) => v.id)).toEqual(expect.arrayContaining(['DZLIB', 'DZCC']));
    expect(venues.every((v) => v.maxVisitors === 1 && v.daysAhead === 7)).toBe(true);
    expect((await cl().post('/v1/scenic/resources', { county: '5117' })).statusCode).toBe(400);
    const unsigned = await sb.app.inject({ method: 'POST', url: '/v1/scenic/resources', payload: {} });
    expect(unsigned.statusCode).toBe(401);
  });

  it('generates slots from the rule: weekday / weekend capacity, Monday closed for libraries, unknown resource 2001', async () => {
    const tue = await availability('scenic', 'BSDXG', TODAY);
    expect(tue.closed).toBe(false);
    expect(tue.slots.map((s) => `${s.start}-${s.end}`)).toEqual(['08:30-10:30', '10:30-12:30', '12:30-14:30', '14:30-16:30']);
    expect(tue.slots[0]).toMatchObject({ slotId: 'S0830', capacity: 500, remaining: 500 });
    const sat = await availability('scenic', 'BSDXG', '2026-12-12');
    expect(sat.slots[0]!.capacity).toBe(800);
    const monday = await availability('venues', 'DZLIB', '2026-12-14');
    expect(monday).toMatchObject({ closed: true, closedReason: '周一闭馆', slots: [] });
    expect((await availability('venues', 'DZLIB', TODAY)).slots.every((s) => s.capacity >= 20 && s.capacity <= 60)).toBe(true);
    const unknown = await cl().post('/v1/scenic/availability', { resourceId: 'NOPE', date: TODAY });
    expect(envelope(unknown).code).toBe(BizCode.NOT_FOUND);
    // A Monday library booking is refused as invalid.
    clock.t = START + 5 * DAY;
    expect(refusal(await book('venues', { resourceId: 'DZLIB', date: '2026-12-14', slotId: 'S0900', visitors: [visitor(1)] })).reason).toBe('invalid');
    clock.t = START;
  });

  it('takes exactly the free places when 60 bookings race for a slot of 10', async () => {
    expect((await control('/_control/scenic/capacity', { resourceId: 'ZFS', date: TOMORROW, slotId: 'S1030', capacity: 10 })).statusCode).toBe(200);
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => book('scenic', { resourceId: 'ZFS', date: TOMORROW, slotId: 'S1030', visitors: [visitor(100 + i)] })));
    const codes = results.map((r) => envelope(r).code);
    expect(codes.filter((c) => c === '0000')).toHaveLength(10);
    expect(results.filter((r) => envelope(r).code !== '0000').every((r) => refusal(r).code === BizCode.STATE_CONFLICT && refusal(r).reason === 'full')).toBe(true);
    const slot = (await availability('scenic', 'ZFS', TOMORROW)).slots.find((s) => s.slotId === 'S1030')!;
    expect([slot.capacity, slot.remaining]).toEqual([10, 0]);
  });

  it('books all visitors or none: too few places, the same ID twice in one request', async () => {
    await control('/_control/scenic/capacity', { resourceId: 'CRG', date: TOMORROW, slotId: 'S0830', capacity: 3 });
    const tooMany = await book('scenic', { resourceId: 'CRG', date: TOMORROW, slotId: 'S0830', visitors: [visitor(1), visitor(2), visitor(3), visitor(4)] });
    expect(refusal(tooMany)).toMatchObject({ code: BizCode.STATE_CONFLICT, reason: 'full' });
    expect(refusal(tooMany).message).toContain('仅剩3个名额');
    const twice = await book('scenic', { resourceId: 'CRG', date: TOMORROW, slotId: 'S0830', visitors: [visitor(1), visitor(1)] });
    expect(refusal(twice)).toMatchObject({ code: BizCode.INVALID_DATA, reason: 'duplicate', masked: '5117**********' + idOf(1).slice(-4) });
    expect((await availability('scenic', 'CRG', TOMORROW)).slots[0]!.remaining).toBe(3);
    const six = await book('scenic', { resourceId: 'CRG', date: TOMORROW, slotId: 'S1030', visitors: [1, 2, 3, 4, 5, 6].map(visitor) });
    expect(refusal(six).reason).toBe('invalid');
    const badId = await book('scenic', { resourceId: 'CRG', date: TOMORROW, slotId: 'S1030', visitors: [{ name: '张三', idNumber: '511702199001011230' }] });
    expect(refusal(badId).reason).toBe('invalid');
  });

  it('allows one booking per ID number per resource per day; another day or resource is fine', async () => {
    const first = data<QuotaBooking>(await book('scenic', { resourceId: 'LHH', date: TOMORROW, slotId: 'S0830', visitors: [visitor(7), visitor(8)] }));
    expect(first).toMatchObject({ resourceId: 'LHH', resourceName: '莲花湖', status: 'confirmed', start: '08:30', end: '10:30', cancelledAt: null });
    expect(first.bookingNo).toMatch(/^WL20261208\d{6}$/);
    // No PII answered back.
    expect(first.visitors).toEqual([{ name: '张*', idNumberMasked: `5117**********${idOf(7).slice(-4)}` }, { name: '张*', idNumberMasked: `5117**********${idOf(8).slice(-4)}` }]);
    expect(JSON.stringify(first)).not.toContain(idOf(7));
    const again = await book('scenic', { resourceId: 'LHH', date: TOMORROW, slotId: 'S1430', visitors: [visitor(9), visitor(8)] });
    expect(refusal(again)).toMatchObject({ code: BizCode.INVALID_DATA, reason: 'duplicate', masked: `5117**********${idOf(8).slice(-4)}` });
    expect(envelope(await book('scenic', { resourceId: 'LHH', date: '2026-12-10', slotId: 'S0830', visitors: [visitor(8)] })).code).toBe('0000');
    expect(envelope(await book('scenic', { resourceId: 'FHS', date: TOMORROW, slotId: 'S0830', visitors: [visitor(8)] })).code).toBe('0000');
    // The other system keeps its own ledger.
    expect(envelope(await book('venues', { resourceId: 'DZLIB', date: TOMORROW, slotId: 'S0900', visitors: [visitor(8)] })).code).toBe('0000');
    expect(refusal(await book('venues', { resourceId: 'DZLIB', date: TOMORROW, slotId: 'S1400', visitors: [visitor(8)] })).reason).toBe('duplicate');
    expect(refusal(await book('venues', { resourceId: 'DZLIB', date: TOMORROW, slotId: 'S1400', visitors: [visitor(8), visitor(9)] })).reason).toBe('invalid');
  });

  it('answers the first booking again for the same portalRef (and the same Idempotency-Key)', async () => {
    const body = { resourceId: 'BTS', date: TOMORROW, slotId: 'S0830', visitors: [visitor(20)], portalRef: 'PORTAL-REF-1' };
    const a = data<QuotaBooking>(await book('scenic', body));
    const b = data<QuotaBooking>(await book('scenic', body));
    expect(b.bookingNo).toBe(a.bookingNo);
    const replay = await book('scenic', { ...body, portalRef: 'PORTAL-REF-2' }, 'same-key');
    const replayed = await book('scenic', { ...body, portalRef: 'PORTAL-REF-2' }, 'same-key');
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toBe(replay.body);
    expect((await availability('scenic', 'BTS', TOMORROW)).slots[0]!.remaining).toBe(399);
    expect((await cl().post('/v1/scenic/bookings', body)).statusCode).toBe(400);
  });

  it('cancels before the start (freeing places and the day), idempotently; refuses once started', async () => {
    await control('/_control/scenic/capacity', { resourceId: 'FHS', date: TODAY, slotId: 'S0830', capacity: 2 });
    const b = data<QuotaBooking>(await book('scenic', { resourceId: 'FHS', date: TODAY, slotId: 'S0830', visitors: [visitor(30), visitor(31)] }));
    expect((await availability('scenic', 'FHS', TODAY)).slots[0]!.remaining).toBe(0);
    const cancelled = data<QuotaBooking>(await cl().write(`/v1/scenic/bookings/${b.bookingNo}/cancel`, {}));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelledAt).not.toBeNull();
    expect(data<QuotaBooking>(await cl().write(`/v1/scenic/bookings/${b.bookingNo}/cancel`, {})).status).toBe('cancelled');
    expect(data<QuotaBooking>(await cl().get(`/v1/scenic/bookings/${b.bookingNo}`)).status).toBe('cancelled');
    expect((await availability('scenic', 'FHS', TODAY)).slots[0]!.remaining).toBe(2);
    // The visitor may book that day again.
    const rebooked = data<QuotaBooking>(await book('scenic', { resourceId: 'FHS', date: TODAY, slotId: 'S0830', visitors: [visitor(30)] }));

    // 08:31 Beijing: the 08:30 slot has started.
    clock.t = START + HOUR + 31 * 60_000;
    expect(refusal(await cl().write(`/v1/scenic/bookings/${rebooked.bookingNo}/cancel`, {}))).toMatchObject({ code: BizCode.STATE_CONFLICT, reason: 'started' });
    expect(refusal(await book('scenic', { resourceId: 'FHS', date: TODAY, slotId: 'S0830', visitors: [visitor(32)] }))).toMatchObject({ code: BizCode.STATE_CONFLICT, reason: 'started' });
    expect(envelope(await book('scenic', { resourceId: 'FHS', date: TODAY, slotId: 'S1030', visitors: [visitor(32)] })).code).toBe('0000');
    // After the slot has ended the booking reads as used.
    clock.t = START + 4 * HOUR;
    expect(data<QuotaBooking>(await cl().get(`/v1/scenic/bookings/${rebooked.bookingNo}`)).status).toBe('used');
    // A past date is refused as started; beyond the window as invalid.
    clock.t = START + DAY;
    expect(refusal(await book('scenic', { resourceId: 'FHS', date: TODAY, slotId: 'S1430', visitors: [visitor(33)] })).reason).toBe('started');
    expect(refusal(await book('scenic', { resourceId: 'FHS', date: '2026-12-30', slotId: 'S1430', visitors: [visitor(33)] })).reason).toBe('invalid');
    expect(envelope(await book('scenic', { resourceId: 'BSDXG', date: '2026-12-20', slotId: 'S1430', visitors: [visitor(33)] })).code).toBe('0000');
    clock.t = START;
  });

  it('hides another app\'s bookings, answers 2001 for unknown ones, and forgets everything on reset', async () => {
    const b = data<QuotaBooking>(await book('venues', { resourceId: 'DZCC', date: TOMORROW, slotId: 'S0930', visitors: [visitor(40)] }));
    const other = partnerClient(sb.app, { now: clock.now, appKey: 'other', secret: 'other-secret' });
    expect(envelope(await other.get(`/v1/venues/bookings/${b.bookingNo}`)).code).toBe(BizCode.NOT_FOUND);
    expect(envelope(await other.write(`/v1/venues/bookings/${b.bookingNo}/cancel`, {})).code).toBe(BizCode.NOT_FOUND);
    // …but its one-per-day rule holds whoever booked.
    expect(refusal(await other.write('/v1/venues/bookings', { resourceId: 'DZCC', date: TOMORROW, slotId: 'S1430', visitors: [visitor(40)], portalRef: 'O1' })).reason).toBe('duplicate');
    expect(envelope(await cl().get('/v1/venues/bookings/CG000')).code).toBe(BizCode.NOT_FOUND);
    expect(envelope(await cl().write('/v1/venues/bookings/CG000/cancel', {})).code).toBe(BizCode.NOT_FOUND);
    expect((await control('/_control/venues/reset')).statusCode).toBe(200);
    expect(envelope(await cl().get(`/v1/venues/bookings/${b.bookingNo}`)).code).toBe(BizCode.NOT_FOUND);
    expect(envelope(await book('venues', { resourceId: 'DZCC', date: TOMORROW, slotId: 'S0930', visitors: [visitor(40)] })).code).toBe('0000');
  });
});
