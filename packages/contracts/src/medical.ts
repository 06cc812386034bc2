/**
 * 医疗就诊 (issue 12): 预约挂号, 挂号缴费, 检验报告查询 and 就诊人管理. The hospitals' HIS owns the
 * 号源: a registration locks a place at the HIS, the fee is paid through the unified payment
 * (purpose `medical`), then the HIS confirms it; a lock not paid for within ORDER_TTL_MINUTES is
 * released. A registration is a booking of kind `medical` (bookings.ts) — 我的预约 lists it too.
 *
 * Money is integer 分. Dates are Beijing days 'YYYY-MM-DD'. Names and ID numbers of patients are
 * shown masked; the full values stay encrypted on the server.
 */
import { Type, type Static } from '@sinclair/typebox';
import { RefundStatus, ReservationStatus } from './bookings.js';

export const HOSPITAL_LEVELS = ['province', 'city', 'county'] as const;
export type HospitalLevel = (typeof HOSPITAL_LEVELS)[number];
export const HospitalLevelT = Type.Union(HOSPITAL_LEVELS.map((l) => Type.Literal(l)), { title: '医院类别', description: 'province 省属 | city 市级 | county 区县级' });
export const HOSPITAL_LEVEL_NAMES: Record<HospitalLevel, string> = { province: '省属医院', city: '市级医院', county: '区县级医院' };

/** Days ahead a 号源 can be booked (today included). */
export const SCHEDULE_DAYS = 7;
export const PERIODS = ['am', 'pm'] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_NAMES: Record<Period, string> = { am: '上午', pm: '下午' };

export const PATIENT_RELATIONS = ['spouse', 'child', 'parent', 'other'] as const;
export type PatientRelation = (typeof PATIENT_RELATIONS)[number];
export const PATIENT_RELATION_NAMES: Record<PatientRelation | 'self', string> = { self: '本人', spouse: '配偶', child: '子女', parent: '父母', other: '其他' };
/** 就诊人管理: at most this many family members per user. */
export const MAX_PATIENTS = 8;

export const MedicalErrorCodes = {
  REALNAME_REQUIRED: 'REALNAME_REQUIRED',
  HOSPITAL_NOT_FOUND: 'HOSPITAL_NOT_FOUND',
  SLOT_NOT_FOUND: 'SLOT_NOT_FOUND',
  /** No place left: 409. */
  SLOT_FULL: 'SLOT_FULL',
  PATIENT_NOT_FOUND: 'PATIENT_NOT_FOUND',
  PATIENT_EXISTS: 'PATIENT_EXISTS',
  TOO_MANY_PATIENTS: 'TOO_MANY_PATIENTS',
  /** The same patient already holds a registration with this doctor on this half-day: 409. */
  DUPLICATE_REGISTRATION: 'DUPLICATE_REGISTRATION',
  /** Past the hospital's deadline for cancelling: 409. */
  CANCEL_TOO_LATE: 'CANCEL_TOO_LATE',
  NOT_CANCELLABLE: 'NOT_CANCELLABLE',
  REPORT_NOT_FOUND: 'REPORT_NOT_FOUND',
} as const;

// ---- hospitals, departments, schedules ---------------------------------------------------------

export const HospitalView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  level: HospitalLevelT,
  levelName: Type.String(),
  /** 三级甲等 … */
  grade: Type.String(),
  address: Type.String(),
  phone: Type.String(),
  siteCode: Type.String({ description: '所在站点（行政区划代码）' }),
  intro: Type.String(),
});
export type HospitalView = Static<typeof HospitalView>;

export const HospitalListQuery = Type.Object({
  level: Type.Optional(HospitalLevelT),
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点' })),
  q: Type.Optional(Type.String({ maxLength: 30, title: '关键词' })),
});
export type HospitalListQuery = Static<typeof HospitalListQuery>;
export const HospitalListResponse = Type.Object({ items: Type.Array(HospitalView) });
export type HospitalListResponse = Static<typeof HospitalListResponse>;

export const HospitalDepartmentView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** 内科 / 外科 / 妇儿 / 五官 / 其他 — the H5 groups by it. */
  category: Type.String(),
  intro: Type.String(),
});
export type HospitalDepartmentView = Static<typeof HospitalDepartmentView>;
export const DepartmentListResponse = Type.Object({ hospital: HospitalView, items: Type.Array(HospitalDepartmentView) });
export type DepartmentListResponse = Static<typeof DepartmentListResponse>;

/** Ids the HIS gives hospitals and departments (H11, H11-CAR): letters, digits, '-', '_' and '.', starting with a letter or digit. */
export const HIS_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$';

export const ScheduleQuery = Type.Object({
  hospitalId: Type.String({ pattern: HIS_ID_PATTERN, maxLength: 32, title: '医院' }),
  departmentId: Type.String({ pattern: HIS_ID_PATTERN, maxLength: 32, title: '科室' }),
  date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: '日期' })),
});
export type ScheduleQuery = Static<typeof ScheduleQuery>;

export const SlotView = Type.Object({
  slotId: Type.String(),
  date: Type.String(),
  period: Type.Union([Type.Literal('am'), Type.Literal('pm')]),
  /** 'HH:MM-HH:MM' Beijing time */
  time: Type.String(),
  /** 挂号费, 分 */
  fee: Type.Integer(),
  remaining: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
});
export type SlotView = Static<typeof SlotView>;

export const DoctorSchedule = Type.Object({
  doctorId: Type.String(),
  name: Type.String(),
  /** 主任医师 / 副主任医师 / 主治医师 / 医师 */
  title: Type.String(),
  speciality: Type.String(),
  fee: Type.Integer(),
  slots: Type.Array(SlotView),
});
export type DoctorSchedule = Static<typeof DoctorSchedule>;

/** GET /api/medical/schedules: the doctors of a department with their 号源 of `date` (default: today). */
export const ScheduleResponse = Type.Object({
  hospital: HospitalView,
  department: HospitalDepartmentView,
  date: Type.String(),
  /** The SCHEDULE_DAYS bookable days, from today, for the day picker. */
  dates: Type.Array(Type.String()),
  doctors: Type.Array(DoctorSchedule),
});
export type ScheduleResponse = Static<typeof ScheduleResponse>;

// ---- 就诊人 ----------------------------------------------------------------------------------------

export const PatientView = Type.Object({
  /** 0 is the user themself (from 实名认证). */
  id: Type.Integer(),
  relation: Type.String({ description: 'self | spouse | child | parent | other' }),
  relationName: Type.String(),
  /** masked: 张* */
  name: Type.String(),
  /** masked: 5117**********1234 */
  idNumber: Type.String(),
  /** masked: 139****0001 */
  phone: Type.String(),
});
export type PatientView = Static<typeof PatientView>;
export const PatientListResponse = Type.Object({ items: Type.Array(PatientView), max: Type.Integer() });
export type PatientListResponse = Static<typeof PatientListResponse>;

/** POST /api/medical/patients; the ID number is checked by GB 11643 (validateIdNumber). */
export const PatientCreateRequest = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 30, title: '姓名' }),
  idNumber: Type.String({ minLength: 18, maxLength: 18, title: '身份证号' }),
  phone: Type.String({ pattern: '^1[3-9]\\d{9}$', title: '手机号' }),
  relation: Type.Union(PATIENT_RELATIONS.map((r) => Type.Literal(r)), { title: '关系' }),
});
export type PatientCreateRequest = Static<typeof PatientCreateRequest>;

// ---- registrations (挂号) ---------------------------------------------------------------------------

export const RegistrationCreateRequest = Type.Object({
  slotId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', title: '号源' }),
  /** Absent or 0: the user themself. */
  patientId: Type.Optional(Type.Integer({ minimum: 0, title: '就诊人' })),
});
export type RegistrationCreateRequest = Static<typeof RegistrationCreateRequest>;

/** 201: the 号源 is locked; pay at payUrl before expiresAt (or, for a free 号, already booked). */
export const RegistrationCreated = Type.Object({
  id: Type.Integer(),
  status: ReservationStatus,
  orderId: Type.Optional(Type.String()),
  payUrl: Type.Optional(Type.String()),
  expiresAt: Type.Optional(Type.String()),
});
export type RegistrationCreated = Static<typeof RegistrationCreated>;

export const RegistrationView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  status: ReservationStatus,
  statusName: Type.String(),
  hospitalId: Type.String(),
  hospitalName: Type.String(),
  departmentName: Type.String(),
  doctorName: Type.String(),
  doctorTitle: Type.String(),
  date: Type.String(),
  period: Type.Union([Type.Literal('am'), Type.Literal('pm')]),
  time: Type.String(),
  fee: Type.Integer(),
  patientName: Type.String({ description: '脱敏' }),
  patientRelation: Type.String(),
  orderId: Type.Union([Type.String(), Type.Null()]),
  payUrl: Type.Union([Type.String(), Type.Null()], { description: '待支付时的收银台' }),
  holdExpiresAt: Type.Union([Type.String(), Type.Null()]),
  /** 就诊序号 and how to 取号, once confirmed. */
  visitNo: Type.Union([Type.String(), Type.Null()]),
  pickupNote: Type.Union([Type.String(), Type.Null()]),
  cancellable: Type.Boolean(),
  /** The hospital's deadline for cancelling (ISO). */
  cancelDeadline: Type.Union([Type.String(), Type.Null()]),
  refundStatus: RefundStatus,
  createdAt: Type.String(),
  cancelledAt: Type.Union([Type.String(), Type.Null()]),
});
export type RegistrationView = Static<typeof RegistrationView>;
export const RegistrationListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('unpaid'), Type.Literal('active'), Type.Literal('history')], { title: '状态', description: 'unpaid 待支付 | active 待支付与已预约 | history 已取消与已失效' })),
});
export const RegistrationListResponse = Type.Object({ items: Type.Array(RegistrationView) });
export type RegistrationListResponse = Static<typeof RegistrationListResponse>;

// ---- 检验报告 ----------------------------------------------------------------------------------------

export const LabFlag = Type.Union([Type.Literal('normal'), Type.Literal('high'), Type.Literal('low')]);
export type LabFlag = Static<typeof LabFlag>;
/** Shown beside a value: never colour alone (WCAG 1.4.1). */
export const LAB_FLAG_MARKS: Record<LabFlag, string> = { normal: '', high: '↑', low: '↓' };
export const LAB_FLAG_NAMES: Record<LabFlag, string> = { normal: '正常', high: '偏高', low: '偏低' };

export const LabReportSummary = Type.Object({
  id: Type.String(),
  title: Type.String({ description: '血常规 / 肝功能 …' }),
  hospitalName: Type.String(),
  departmentName: Type.String(),
  reportedAt: Type.String(),
  patientId: Type.Integer({ description: '0 本人，否则就诊人编号' }),
  patientName: Type.String({ description: '脱敏' }),
  abnormalCount: Type.Integer(),
});
export type LabReportSummary = Static<typeof LabReportSummary>;
export const LabReportListResponse = Type.Object({ items: Type.Array(LabReportSummary) });
export type LabReportListResponse = Static<typeof LabReportListResponse>;

export const LabItem = Type.Object({
  code: Type.String(),
  name: Type.String(),
  result: Type.String(),
  unit: Type.String(),
  /** '3.5-9.5' or '<5.0' … as the lab writes it */
  range: Type.String(),
  flag: LabFlag,
});
export type LabItem = Static<typeof LabItem>;
export const LabReportDetail = Type.Object({
  ...LabReportSummary.properties,
  specimen: Type.String(),
  doctor: Type.String(),
  collectedAt: Type.String(),
  items: Type.Array(LabItem),
});
export type LabReportDetail = Static<typeof LabReportDetail>;
