import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeCode } from '@dz/partner-protocol';
import { buildSandbox, type Sandbox } from '@dz/partners';
import { AppError } from '../../infra/errors.js';
import { beijingDay } from '../../infra/time.js';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { idNumber } from '../../features/auth/test-kit.js';
import { PartnerRefusal } from '../partner-client.js';
import { HIS_UNAVAILABLE } from './his.js';

const meta = { site: '511700' };
const patient = (seq: string) => ({ name: '张三', idNumber: idNumber('19900101', seq), phone: '13900000001' });

async function failure(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error(`expected a rejection, got ${String(err)}`);
  return err;
}

describe('HisConnector (app.his) against the sandbox HIS', () => {
  let sandbox: Sandbox;
  let url: string;
  let t: TestApp;
  beforeAll(async () => {
    sandbox = await buildSandbox({});
    url = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    t = await createTestApp({}, { PARTNERS_BASE_URL: url });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  const tomorrowSlot = async (remaining: number) => {
    const s = await t.app.his.schedules({ hospitalId: 'H11', departmentId: 'H11-GAS', date: beijingDay(Date.now() + 86_400_000) }, meta);
    const slot = s.doctors.flatMap((x) => x.slots)[0]!;
    await fetch(`${url}/_control/his/slots/${slot.slotId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ remaining }) });
    return slot;
  };

  it('reads hospitals, departments and schedules, checked against the protocol', async () => {
    const { hospitals } = await t.app.his.hospitals({}, meta);
    expect(hospitals.find((h) => h.id === 'H11')).toMatchObject({ level: 'city', site: '511700' });
    expect((await t.app.his.hospitals({ level: 'county', site: '511722' }, meta)).hospitals.every((h) => h.site === '511722')).toBe(true);
    const d = await t.app.his.departments('H11', meta);
    expect(d.departments.map((x) => x.id)).toContain('H11-CAR');
    const refused = await failure(t.app.his.departments('H00', meta));
    expect(refused).toBeInstanceOf(PartnerRefusal);
    expect((refused as PartnerRefusal).partnerCode).toBe(EnvelopeCode.NOT_FOUND);
  });

  it('locks once per lockRef, refuses the next lock with the HIS message, confirms, releases and cancels idempotently', async () => {
    const slot = await tomorrowSlot(1);
    const req = { slotId: slot.slotId, patient: patient('601'), lockRef: 'ML-CONNECTOR-1', holdSeconds: 900 };
    const lock = await t.app.his.lock(req, meta);
    expect(await t.app.his.lock(req, meta)).toEqual(lock);
    const full = await failure(t.app.his.lock({ ...req, patient: patient('602'), lockRef: 'ML-CONNECTOR-2' }, meta));
    expect(full).toBeInstanceOf(PartnerRefusal);
    expect(full.message).toContain('约满');

    const paid = { orderId: 'PO-CONNECTOR', tradeNo: 'T-1', amountFen: lock.fee, paidAt: new Date().toISOString() };
    const reg = await t.app.his.confirm(lock.lockId, paid, meta);
    expect(await t.app.his.confirm(lock.lockId, paid, meta)).toEqual(reg);
    expect(reg.visitNo).toBeTruthy();
    const again = await failure(t.app.his.release(lock.lockId, meta));
    expect((again as PartnerRefusal).partnerCode).toBe(EnvelopeCode.REJECTED);
    const cancelled = await t.app.his.cancel(reg.registrationNo, '测试退号', meta);
    expect(await t.app.his.cancel(reg.registrationNo, '测试退号', meta)).toEqual(cancelled);
    expect(cancelled.refundFen).toBe(lock.fee);

    const other = await t.app.his.lock({ ...req, patient: patient('603'), lockRef: 'ML-CONNECTOR-3' }, meta);
    expect(await t.app.his.release(other.lockId, meta)).toEqual({ lockId: other.lockId, released: true });
    expect(await t.app.his.release(other.lockId, meta)).toEqual({ lockId: other.lockId, released: true });
  });

  it('reads a person’s reports; another person’s report is refused', async () => {
    const mine = idNumber('19900101', '604');
    const { reports } = await t.app.his.reports(mine, meta);
    expect(reports.length).toBeGreaterThan(0);
    const r = await t.app.his.report(reports[0]!.reportId, mine, meta);
    expect(r.items.length).toBeGreaterThan(0);
    const theirs = await failure(t.app.his.report(reports[0]!.reportId, idNumber('19900101', '605'), meta));
    expect((theirs as PartnerRefusal).partnerCode).toBe(EnvelopeCode.NOT_FOUND);
  });

  it('a HIS that is down: 503 with the hospital message within the 3 s budget', async () => {
    sandbox.faults.set('his', { errorRate: 1 });
    try {
      const started = Date.now();
      const err = await failure(t.app.his.hospitals({}, meta));
      expect(Date.now() - started).toBeLessThan(3_500);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ statusCode: 503, code: 'PARTNER_UNAVAILABLE', message: HIS_UNAVAILABLE });
    } finally {
      sandbox.faults.reset('his');
      t.app.ctx.partners.resetBreaker('his');
    }
  });
});
