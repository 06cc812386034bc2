import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CultureErrorCodes } from '@dz/contracts';
import { EnvelopeCode } from '@dz/partner-protocol';
import { buildSandbox, type Sandbox } from '@dz/partners';
import { AppError } from '../../infra/errors.js';
import { beijingDay } from '../../infra/time.js';
import { idNumber } from '../../features/auth/test-kit.js';
import { PartnerRefusal } from '../partner-client.js';
import { QuotaConnector, quotaUnavailableMessage } from './quota.js';
import { bookableDay } from '../../features/zones/quota-bookings/test-support.js';
import { clientFor, failure, startStubPartner } from './test-support.js';

const DAY = 86_400_000;
const visitor = (seq: string, name = '王小明') => ({ name, idNumber: idNumber('19900101', seq) });

describe('QuotaConnector against the sandbox reservation systems', () => {
  let sandbox: Sandbox;
  let url: string;
  let quota: QuotaConnector;
  const day = bookableDay();
  const control = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    sandbox = await buildSandbox({});
    url = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    quota = new QuotaConnector(clientFor(url, 2000));
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('lists both systems’ resources and a day’s slots, checked against the protocol; an unknown resource is 2001', async () => {
    const scenic = await quota.resources('scenic', {});
    expect(scenic.resources.map((r) => r.id)).toEqual(expect.arrayContaining(['BSDXG', 'BTS', 'ZFS', 'CRG', 'LHH', 'FHS']));
    expect((await quota.resources('scenic', { county: '511722' })).resources.every((r) => r.county === '511722')).toBe(true);
    const venues = await quota.resources('venues', {});
    expect(venues.resources.some((r) => r.kind === 'library')).toBe(true);
    const a = await quota.availability('scenic', 'BSDXG', day);
    expect(a).toMatchObject({ resourceId: 'BSDXG', date: day, closed: false });
    expect(a.slots.length).toBeGreaterThan(0);
    expect(a.slots[0]).toMatchObject({ slotId: expect.any(String), start: expect.stringMatching(/^\d{2}:\d{2}$/) });
    const unknown = await failure(quota.availability('scenic', 'NOPE', day));
    expect(unknown).toBeInstanceOf(PartnerRefusal);
    expect((unknown as PartnerRefusal).partnerCode).toBe(EnvelopeCode.NOT_FOUND);
  });

  it('books once per portalRef; refusals map by reason to SLOT_FULL, ALREADY_BOOKED, SLOT_STARTED, BOOKING_INVALID', async () => {
    const { slots } = await quota.availability('scenic', 'BTS', day);
    const slotId = slots[0]!.slotId;
    expect((await control('/_control/scenic/capacity', { resourceId: 'BTS', date: day, slotId, capacity: 2 })).status).toBe(200);
    const req = { resourceId: 'BTS', date: day, slotId, visitors: [visitor('701')], portalRef: 'DZQ-CONNECTOR-1' };
    const first = await quota.book('scenic', req);
    expect(first).toMatchObject({ resourceId: 'BTS', slotId, status: 'confirmed' });
    expect(first.visitors[0]!.idNumberMasked).not.toContain(req.visitors[0]!.idNumber.slice(6, 14));
    expect(await quota.book('scenic', req)).toEqual(first);

    const full = await failure(quota.book('scenic', { ...req, visitors: [visitor('702'), visitor('703')], portalRef: 'DZQ-CONNECTOR-2' }));
    expect(full).toMatchObject({ statusCode: 409, code: CultureErrorCodes.SLOT_FULL });
    expect(full.message).toMatch(/[\u4e00-\u9fa5]/);

    const dup = await failure(quota.book('scenic', { ...req, portalRef: 'DZQ-CONNECTOR-3' }));
    expect(dup).toMatchObject({ statusCode: 409, code: CultureErrorCodes.ALREADY_BOOKED });
    expect(dup.extra.details?.idNumberMasked).toMatch(/\*/);

    const past = await failure(quota.book('scenic', { ...req, date: beijingDay(Date.now() - DAY), visitors: [visitor('704')], portalRef: 'DZQ-CONNECTOR-4' }));
    expect(past).toMatchObject({ statusCode: 409, code: CultureErrorCodes.SLOT_STARTED });
    const far = await failure(quota.book('scenic', { ...req, date: beijingDay(Date.now() + 60 * DAY), visitors: [visitor('705')], portalRef: 'DZQ-CONNECTOR-5' }));
    expect(far).toMatchObject({ statusCode: 400, code: CultureErrorCodes.BOOKING_INVALID });

    const cancelled = await quota.cancel('scenic', first.bookingNo);
    expect(cancelled).toMatchObject({ bookingNo: first.bookingNo, status: 'cancelled' });
    expect(await quota.cancel('scenic', first.bookingNo)).toMatchObject({ status: 'cancelled' });
    expect((await quota.booking('scenic', first.bookingNo)).status).toBe('cancelled');
    // The place is free again.
    await quota.book('scenic', { ...req, visitors: [visitor('706')], portalRef: 'DZQ-CONNECTOR-6' });
  });

  it('a system that is down: 503 in its own words', async () => {
    sandbox.faults.set('venues', { errorRate: 1 });
    try {
      const err = await failure(quota.resources('venues', {}));
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ statusCode: 503, code: 'PARTNER_UNAVAILABLE', message: quotaUnavailableMessage('venues') });
      expect(err.message).toContain('场馆预约系统');
    } finally {
      sandbox.faults.reset('venues');
    }
  });

  it('an answer without the protocol’s shape is a 502', async () => {
    const stub = await startStubPartner(() => ({ code: '0000', message: 'ok', data: { resources: [{ id: 'X' }] } }));
    try {
      const err = await failure(new QuotaConnector(stub.client).resources('scenic', {}));
      expect(err).toMatchObject({ statusCode: 502, code: 'PARTNER_BAD_ANSWER' });
      expect(err.message).toContain('文旅预约平台');
    } finally {
      await stub.close();
    }
  });
});
