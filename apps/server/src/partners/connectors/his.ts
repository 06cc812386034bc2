/**
 * HisConnector (app.his): the typed client of the hospitals' HIS (医院信息系统, partner `his`) over
 * the one signed partner client — timeouts, retries of idempotent calls, breaker, call log and
 * 接口管理's per-site endpoint all come from there. The API is partner-protocol's his.ts.
 *
 * Errors, as the medical feature sees them:
 *   - a HIS that is down, slow or switched off → 503 PARTNER_UNAVAILABLE with 医院系统暂时无法连接，
 *     within the endpoint's budget (3 s by default), retries included;
 *   - a refusal (no place left, unknown slot, past the cancel deadline, another person's report) →
 *     the client's PartnerRefusal, `partnerCode` 2001 / 2002 and the HIS's own Chinese message;
 *   - an answer without the protocol's shape → 502 PARTNER_BAD_ANSWER, checked here at run time so
 *     a HIS that changed its format fails in the call, not later in a page or a PDF.
 *
 * Every write carries an idempotency key derived from what it acts on (the lockRef, the lockId, the
 * registration number), so a retried or repeated call has one effect at the HIS.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type {
  HisCancelResult,
  HisConfirmRequest,
  HisDepartmentsResult,
  HisHospitalsResult,
  HisLock,
  HisLockRequest,
  HisRegistration,
  HisReleaseResult,
  HisReport,
  HisReportsResult,
  HisSchedulesResult,
} from '@dz/partner-protocol';
import { AppError, partnerUnavailable } from '../../infra/errors.js';
import type { CallOptions, PartnerClient } from '../partner-client.js';
import { badAnswer, checked, type Agrees } from './common.js';

declare module 'fastify' {
  interface FastifyInstance {
    his: HisConnector;
  }
}

export const HIS_UNAVAILABLE = '医院系统暂时无法连接，请稍后再试';
const BAD_ANSWER = '医院系统返回的数据格式有误，请稍后重试';

// ---- answer shapes, checked at run time (they mirror partner-protocol's his.ts) ----------------

const Level = Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county')]);
const Period = Type.Union([Type.Literal('am'), Type.Literal('pm')]);
const Flag = Type.Union([Type.Literal('normal'), Type.Literal('high'), Type.Literal('low')]);
const Id = Type.String({ minLength: 1, maxLength: 64 });

const Hospital = Type.Object({ id: Id, name: Type.String(), level: Level, grade: Type.String(), address: Type.String(), phone: Type.String(), site: Type.String(), intro: Type.String() });
const Department = Type.Object({ id: Id, name: Type.String(), category: Type.String(), intro: Type.String() });
const Slot = Type.Object({
  slotId: Id,
  date: Type.String(),
  period: Period,
  start: Type.String(),
  end: Type.String(),
  fee: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  remaining: Type.Integer({ minimum: 0 }),
});
const Doctor = Type.Object({ doctorId: Id, name: Type.String(), title: Type.String(), speciality: Type.String(), fee: Type.Integer({ minimum: 0 }), slots: Type.Array(Slot, { maxItems: 100 }) });
const ReportSummary = Type.Object({ reportId: Id, title: Type.String(), hospitalName: Type.String(), departmentName: Type.String(), reportedAt: Type.String(), abnormalCount: Type.Integer({ minimum: 0 }) });
const ReportItem = Type.Object({ code: Type.String(), name: Type.String(), result: Type.String(), unit: Type.String(), range: Type.String(), flag: Flag });

export const HospitalsAnswer = Type.Object({ hospitals: Type.Array(Hospital, { maxItems: 1000 }) });
export const DepartmentsAnswer = Type.Object({ hospital: Hospital, departments: Type.Array(Department, { maxItems: 500 }) });
export const SchedulesAnswer = Type.Object({ hospital: Hospital, department: Department, date: Type.String(), doctors: Type.Array(Doctor, { maxItems: 500 }) });
export const LockAnswer = Type.Object({
  lockId: Id,
  lockRef: Id,
  slotId: Id,
  hospitalId: Id,
  hospitalName: Type.String(),
  departmentName: Type.String(),
  doctorName: Type.String(),
  doctorTitle: Type.String(),
  date: Type.String(),
  period: Period,
  start: Type.String(),
  end: Type.String(),
  fee: Type.Integer({ minimum: 0 }),
  expiresAt: Type.String(),
  cancelDeadline: Type.String(),
});
export const RegistrationAnswer = Type.Object({ registrationNo: Id, lockId: Id, visitNo: Type.String(), pickupNote: Type.String(), cancelDeadline: Type.String() });
export const ReleaseAnswer = Type.Object({ lockId: Id, released: Type.Literal(true) });
export const CancelAnswer = Type.Object({ registrationNo: Id, cancelledAt: Type.String(), refundFen: Type.Integer({ minimum: 0 }) });
export const ReportsAnswer = Type.Object({ reports: Type.Array(ReportSummary, { maxItems: 1000 }) });
export const ReportAnswer = Type.Object({ ...ReportSummary.properties, specimen: Type.String(), doctor: Type.String(), collectedAt: Type.String(), items: Type.Array(ReportItem, { maxItems: 500 }) });

// Compile-time check that the schemas and the protocol's interfaces agree.
const agree: [
  Agrees<Static<typeof HospitalsAnswer>, HisHospitalsResult>,
  Agrees<Static<typeof DepartmentsAnswer>, HisDepartmentsResult>,
  Agrees<Static<typeof SchedulesAnswer>, HisSchedulesResult>,
  Agrees<Static<typeof LockAnswer>, HisLock>,
  Agrees<Static<typeof RegistrationAnswer>, HisRegistration>,
  Agrees<Static<typeof ReleaseAnswer>, HisReleaseResult>,
  Agrees<Static<typeof CancelAnswer>, HisCancelResult>,
  Agrees<Static<typeof ReportsAnswer>, HisReportsResult>,
  Agrees<Static<typeof ReportAnswer>, HisReport>,
] = [true, true, true, true, true, true, true, true, true];
void agree;

// ---- the connector -----------------------------------------------------------------------------

/** The site whose 接口管理 entry applies, and the inbound request for the call log. */
export interface HisMeta {
  site: string;
  requestId?: string;
}

const seg = encodeURIComponent;

export class HisConnector {
  constructor(private readonly partners: PartnerClient) {}

  /**
   * One call: the answer checked against `schema`; any unavailability (down, slow, breaker open,
   * misconfigured) told the citizen in the hospital's words, so the page says who is unreachable.
   */
  private async call<S extends TSchema>(schema: S, what: string, meta: HisMeta, opts: Omit<CallOptions, 'partner' | 'operation' | 'site' | 'requestId'>): Promise<Static<S>> {
    let answer: unknown;
    try {
      answer = await this.partners.call<unknown>({ ...opts, partner: 'his', operation: `his.${what}`, site: meta.site, requestId: meta.requestId });
    } catch (err) {
      if (err instanceof AppError && err.code === 'PARTNER_UNAVAILABLE') throw partnerUnavailable(HIS_UNAVAILABLE);
      throw err;
    }
    return checked(schema, answer, 'his', what, BAD_ANSWER);
  }

  hospitals(q: { level?: string; site?: string }, meta: HisMeta): Promise<HisHospitalsResult> {
    const qs = new URLSearchParams();
    if (q.level) qs.set('level', q.level);
    if (q.site) qs.set('site', q.site);
    const query = qs.toString();
    return this.call(HospitalsAnswer, 'hospitals', meta, { method: 'GET', path: `/v1/his/hospitals${query ? `?${query}` : ''}`, idempotent: true });
  }

  departments(hospitalId: string, meta: HisMeta): Promise<HisDepartmentsResult> {
    return this.call(DepartmentsAnswer, 'departments', meta, { method: 'GET', path: `/v1/his/hospitals/${seg(hospitalId)}/departments`, idempotent: true });
  }

  schedules(q: { hospitalId: string; departmentId: string; date: string }, meta: HisMeta): Promise<HisSchedulesResult> {
    const qs = new URLSearchParams({ hospitalId: q.hospitalId, departmentId: q.departmentId, date: q.date });
    return this.call(SchedulesAnswer, 'schedules', meta, { method: 'GET', path: `/v1/his/schedules?${qs.toString()}`, idempotent: true });
  }

  /** Takes a place. The same lockRef answers the same lock, so a retry never takes a second one. */
  async lock(req: HisLockRequest, meta: HisMeta): Promise<HisLock> {
    const lock = await this.call(LockAnswer, 'lock', meta, { method: 'POST', path: '/v1/his/locks', body: req, idempotent: true, idempotencyKey: `lock-${req.lockRef}` });
    if (lock.lockRef !== req.lockRef || lock.slotId !== req.slotId) {
      throw badAnswer('his', 'lock', 'lock for another lockRef or slot', BAD_ANSWER);
    }
    return lock;
  }

  /** Turns a paid lock into a registration (idempotent by lockId); an expired or released lock is refused (2002). */
  confirm(lockId: string, req: HisConfirmRequest, meta: HisMeta): Promise<HisRegistration> {
    return this.call(RegistrationAnswer, 'confirm', meta, { method: 'POST', path: `/v1/his/locks/${seg(lockId)}/confirm`, body: req, idempotent: true, idempotencyKey: `confirm-${lockId}` });
  }

  /** Frees a lock (idempotent); a lock already confirmed is refused (2002). */
  release(lockId: string, meta: HisMeta): Promise<HisReleaseResult> {
    return this.call(ReleaseAnswer, 'release', meta, { method: 'POST', path: `/v1/his/locks/${seg(lockId)}/release`, body: {}, idempotent: true, idempotencyKey: `release-${lockId}` });
  }

  /** 退号 (idempotent); past the hospital's deadline it is refused (2002) with the rule in Chinese. */
  cancel(registrationNo: string, reason: string, meta: HisMeta): Promise<HisCancelResult> {
    return this.call(CancelAnswer, 'cancel', meta, {
      method: 'POST',
      path: `/v1/his/registrations/${seg(registrationNo)}/cancel`,
      body: { reason },
      idempotent: true,
      idempotencyKey: `cancel-${registrationNo}`,
    });
  }

  /** A person's 检验报告 of the last 180 days, newest first. The ID number travels in the body only. */
  reports(idNumber: string, meta: HisMeta): Promise<HisReportsResult> {
    return this.call(ReportsAnswer, 'reports', meta, { method: 'POST', path: '/v1/his/reports/query', body: { idNumber }, idempotent: true });
  }

  /** One report, only if it is this person's (another person's → 2001). */
  report(reportId: string, idNumber: string, meta: HisMeta): Promise<HisReport> {
    return this.call(ReportAnswer, 'report', meta, { method: 'POST', path: `/v1/his/reports/${seg(reportId)}`, body: { idNumber }, idempotent: true });
  }
}
