/**
 * The hospitals' HIS (医院信息系统), as one regional gateway the hospitals of Dazhou publish their
 * 号源 and 检验报告 through (`his`). Served under the signed protocol of index.ts.
 *
 *   GET  /v1/his/hospitals?level=&site=             → HisHospitalsResult
 *   GET  /v1/his/hospitals/:id/departments          → HisDepartmentsResult       (unknown id → 2001)
 *   GET  /v1/his/schedules?hospitalId=&departmentId=&date=  → HisSchedulesResult (date: Beijing day)
 *   POST /v1/his/locks          HisLockRequest      → HisLock    (Idempotency-Key; the same lockRef answers the same lock)
 *                                                               no place left → 2002 "该时段号源已约满"
 *   POST /v1/his/locks/:lockId/confirm  HisConfirmRequest → HisRegistration (idempotent by lockId;
 *                                                               an expired or released lock → 2002)
 *   POST /v1/his/locks/:lockId/release  {}          → HisReleaseResult (idempotent; a confirmed lock → 2002)
 *   POST /v1/his/registrations/:registrationNo/cancel  {reason} → HisCancelResult
 *                                                               (idempotent; past cancelDeadline → 2002 with the rule in Chinese)
 *   POST /v1/his/reports/query  {idNumber}          → HisReportsResult (newest first, last 180 days)
 *   POST /v1/his/reports/:reportId  {idNumber}      → HisReport  (a report of another person → 2001)
 *
 * The HIS owns the inventory: a lock takes a place at once and holds it until confirm, release or
 * `expiresAt` (the HIS frees expired locks by itself). Fees are integer 分. ID numbers travel in
 * bodies only, never in URLs.
 */

export interface HisHospital {
  id: string;
  name: string;
  level: 'province' | 'city' | 'county';
  grade: string;
  address: string;
  phone: string;
  /** Division code of the site the hospital belongs to (511700 city, 511702 通川区 …). */
  site: string;
  intro: string;
}
export interface HisHospitalsResult {
  hospitals: HisHospital[];
}

export interface HisDepartment {
  id: string;
  name: string;
  category: string;
  intro: string;
}
export interface HisDepartmentsResult {
  hospital: HisHospital;
  departments: HisDepartment[];
}

export interface HisSlot {
  /** Globally unique: hospital, doctor, day and half-day are in it. */
  slotId: string;
  date: string;
  period: 'am' | 'pm';
  /** 'HH:MM' Beijing time */
  start: string;
  end: string;
  fee: number;
  total: number;
  remaining: number;
}
export interface HisDoctor {
  doctorId: string;
  name: string;
  title: string;
  speciality: string;
  fee: number;
  slots: HisSlot[];
}
export interface HisSchedulesResult {
  hospital: HisHospital;
  department: HisDepartment;
  date: string;
  doctors: HisDoctor[];
}

export interface HisPatient {
  name: string;
  idNumber: string;
  phone: string;
}
export interface HisLockRequest {
  slotId: string;
  patient: HisPatient;
  /** The portal's booking code: the same lockRef locks once. */
  lockRef: string;
  /** How long the place is held for payment. */
  holdSeconds: number;
}
export interface HisLock {
  lockId: string;
  lockRef: string;
  slotId: string;
  hospitalId: string;
  hospitalName: string;
  departmentName: string;
  doctorName: string;
  doctorTitle: string;
  date: string;
  period: 'am' | 'pm';
  start: string;
  end: string;
  fee: number;
  expiresAt: string;
  /** Until when the patient may cancel (ISO). */
  cancelDeadline: string;
}

export interface HisConfirmRequest {
  orderId: string;
  tradeNo: string;
  amountFen: number;
  paidAt: string;
}
export interface HisRegistration {
  registrationNo: string;
  lockId: string;
  /** 就诊序号 */
  visitNo: string;
  /** How and where to 取号, in Chinese. */
  pickupNote: string;
  cancelDeadline: string;
}

export interface HisReleaseResult {
  lockId: string;
  released: true;
}

export interface HisCancelRequest {
  reason: string;
}
export interface HisCancelResult {
  registrationNo: string;
  cancelledAt: string;
  /** The fee the hospital agrees to refund, 分 (the full fee before the deadline). */
  refundFen: number;
}

export interface HisReportsQuery {
  idNumber: string;
}
export interface HisReportSummary {
  reportId: string;
  title: string;
  hospitalName: string;
  departmentName: string;
  reportedAt: string;
  abnormalCount: number;
}
export interface HisReportsResult {
  reports: HisReportSummary[];
}
export interface HisReportItem {
  code: string;
  name: string;
  result: string;
  unit: string;
  range: string;
  flag: 'normal' | 'high' | 'low';
}
export interface HisReport extends HisReportSummary {
  specimen: string;
  doctor: string;
  collectedAt: string;
  items: HisReportItem[];
}
