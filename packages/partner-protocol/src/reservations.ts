/**
 * issue 15: the two reservation systems that own a quota of places in time, and the two bureaus of
 * 旅游 / 文体教育.
 *
 * ## `scenic` (文旅预约平台, 达州市文化广电旅游局) and `venues` (图书馆、文化馆场馆预约系统)
 * Both speak this one API — a resource (a scenic spot, a library reading room, a 文化馆 hall) with
 * time slots per day, each with a capacity the system owns; the portal never counts places itself:
 *
 *   POST /v1/<system>/resources {county?}            → QuotaResourcesResult   (what takes bookings)
 *   POST /v1/<system>/availability {resourceId, date} → QuotaAvailability     (2001 unknown resource)
 *   POST /v1/<system>/bookings QuotaBookingRequest    → QuotaBooking           (Idempotency-Key: portalRef)
 *   GET  /v1/<system>/bookings/:bookingNo             → QuotaBooking           (2001 unknown)
 *   POST /v1/<system>/bookings/:bookingNo/cancel      → QuotaBooking           (idempotent)
 *
 * Refusals of POST bookings (envelope code, HTTP 200, Chinese message the portal shows as is):
 *   - 2002 STATE_CONFLICT with data `{reason: 'full'}`: the slot has fewer places left than visitors;
 *   - 2002 with `{reason: 'started'}`: the slot has started or the date is past;
 *   - 2004 INVALID_DATA with `{reason: 'duplicate', idNumberMasked}`: a visitor already holds a
 *     booking of this resource on this date (one per ID number per resource per day, whoever booked
 *     it and through which channel), or the same ID number twice in one request;
 *   - 2004 with `{reason: 'invalid'}`: a date outside the booking window, too many visitors, a bad ID.
 * Cancel refuses with 2002 `{reason: 'started'}` once the slot has started; cancelling a cancelled
 * booking answers it again (idempotent).
 * A booking's places are taken in one step at the system (no hold): the places are free bookings.
 *
 * Sandbox controls (unsigned): POST /_control/<system>/capacity {resourceId, date, slotId, capacity}
 * sets a slot's capacity (race tests), POST /_control/<system>/reset forgets every booking.
 *
 * ## Bureaus `tourism` (文广旅局) and `education` (教育局)
 * The generic bureau API (bureaus.ts). Their 查询 operations:
 *   tourism   query/travel-agencies {keyword?}, query/guides {keyword?}, query/a-level-spots {county?},
 *             query/water-scenic-areas {county?}, query/culture-output {year?}, query/rural-coops {county?}
 *   education query/exam-score {idNumber, regNo, ticketNo} → rows: [ExamScoreRow] or [] when the three
 *             do not match one candidate (the bureau does not say which one is wrong),
 *             query/xuanhan-schools {keyword?}, query/adult-exam-score {idNumber, ticketNo},
 *             query/adult-exam-admission {idNumber, ticketNo}
 */

export const QuotaSystems = ['scenic', 'venues'] as const;
export type QuotaSystem = (typeof QuotaSystems)[number];

export type QuotaResourceKind = 'spot' | 'library' | 'culture-center' | 'museum';

export interface QuotaResource {
  /** The system's id, stable (BSDXG, DZLIB …). */
  id: string;
  name: string;
  kind: QuotaResourceKind;
  /** County / district division code (511722 宣汉县 …). */
  county: string;
  countyName: string;
  /**
   * Whose it is: a city institution (达州市图书馆, which stands in 通川区) serves every county's
   * citizens; a county's serves its own. A county site lists its own and the city's.
   */
  level: 'city' | 'county';
  address: string;
  /** What the system says about its opening (开放时间). */
  openHours: string;
  /** Most visitors in one booking. */
  maxVisitors: number;
  /** How many days ahead bookings open, today included (7 = today … today + 6). */
  daysAhead: number;
  /** Booking rules shown before confirming (须知). */
  notice: string;
}

export interface QuotaResourcesResult {
  resources: QuotaResource[];
}

export interface QuotaSlot {
  slotId: string;
  /** 'HH:MM' Beijing time on the asked date. */
  start: string;
  end: string;
  capacity: number;
  remaining: number;
}

export interface QuotaAvailability {
  resourceId: string;
  /** 'YYYY-MM-DD' */
  date: string;
  /** Closed that day (闭馆日): no slots and the reason. */
  closed: boolean;
  closedReason: string | null;
  slots: QuotaSlot[];
}

export interface QuotaVisitor {
  name: string;
  idNumber: string;
}

export interface QuotaBookingRequest {
  resourceId: string;
  date: string;
  slotId: string;
  visitors: QuotaVisitor[];
  /** The portal's own number for the booking: the same one twice answers the first booking. */
  portalRef: string;
}

export type QuotaBookingStatus = 'confirmed' | 'cancelled' | 'used';

export interface QuotaBooking {
  bookingNo: string;
  resourceId: string;
  resourceName: string;
  date: string;
  slotId: string;
  start: string;
  end: string;
  /** Names masked (张*), ID numbers masked (5117**********1234): the system answers no PII back. */
  visitors: { name: string; idNumberMasked: string }[];
  status: QuotaBookingStatus;
  createdAt: string;
  cancelledAt: string | null;
}

/** `data` of a 2002 / 2004 refusal of POST bookings or cancel. */
export interface QuotaRefusal {
  reason: 'full' | 'started' | 'duplicate' | 'invalid';
  idNumberMasked?: string;
}

/** One candidate's 中考 result (education query/exam-score). Scores are numbers, max per subject in `full`. */
export interface ExamScoreRow {
  name: string;
  /** 报名号 / 准考证号 as the bureau holds them. */
  regNo: string;
  ticketNo: string;
  school: string;
  year: number;
  subjects: { subject: string; score: number; full: number }[];
  total: number;
  totalFull: number;
  /** 体育, 实验操作… graded, not scored */
  grades: { subject: string; grade: string }[];
  /** 录取批次线 etc. shown under the table */
  remark: string;
}
