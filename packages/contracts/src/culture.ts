/**
 * issue 15: 旅游 (景点介绍, 景点预约) and 文体教育 (中考成绩查询, 资助政策查询, 图书馆（文化馆）预约).
 *
 * - Scenic spots are the portal's content (introduction, 实景图 from the console's file centre),
 *   each linked to the 文旅预约平台's resource when it takes bookings; the places themselves are
 *   the platform's (partner-owned quota, bookings core kind `spot`).
 * - Venues (图书馆, 文化馆) and their slots are the venue system's; bookings core kind `venue`.
 * - 中考成绩 is the 教育局's; the portal adds the captcha, the uniform answer and the limits.
 * - 资助政策 are the portal's content per site (console CRUD, rich text sanitised).
 * Dates 'YYYY-MM-DD' (Beijing), times of day 'HH:MM', instants ISO-8601 UTC.
 */
import { Type, type Static } from '@sinclair/typebox';

const Site = Type.String({ pattern: '^\\d{6}$', title: '站点' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: '日期' });
const Hm = Type.String({ pattern: '^\\d{2}:\\d{2}$' });
const NullStr = Type.Union([Type.String(), Type.Null()]);
const Id = Type.Integer({ minimum: 1, title: '编号' });
const PersonName = Type.String({ minLength: 2, maxLength: 20, title: '姓名' });
const IdNumber = Type.String({ minLength: 18, maxLength: 18, title: '身份证号' });

export const CultureErrorCodes = {
  /** 404 */
  SPOT_NOT_FOUND: 'SPOT_NOT_FOUND',
  /** 409: the spot does not take bookings (no 文旅预约平台 resource linked). */
  SPOT_NOT_BOOKABLE: 'SPOT_NOT_BOOKABLE',
  /** 404 */
  VENUE_NOT_FOUND: 'VENUE_NOT_FOUND',
  /** 409: fewer places left in the band / slot than visitors. */
  SLOT_FULL: 'SLOT_FULL',
  /** 409: the band / slot has started or the date is past; also cancelling after the start. */
  SLOT_STARTED: 'SLOT_STARTED',
  /** 409 with `details.idNumberMasked`: a visitor already holds a booking of this spot / venue that day. */
  ALREADY_BOOKED: 'ALREADY_BOOKED',
  /** 400: a date outside the booking window, too many visitors, an ID number the system refuses. */
  BOOKING_INVALID: 'BOOKING_INVALID',
  /** 404: not the caller's, or no such reservation of this kind. */
  RESERVATION_NOT_FOUND: 'RESERVATION_NOT_FOUND',
  /** 404 */
  VISITOR_NOT_FOUND: 'VISITOR_NOT_FOUND',
  /** 409: the same ID number is already in the saved list. */
  VISITOR_EXISTS: 'VISITOR_EXISTS',
  /** 400: the captcha was wrong, expired or used already (a new one must be fetched). */
  CAPTCHA_INVALID: 'CAPTCHA_INVALID',
  /** 404: one answer for every mismatch of 身份证号 / 报名号 / 准考证号. */
  EXAM_SCORE_NOT_FOUND: 'EXAM_SCORE_NOT_FOUND',
  /** 429 with `details.retryAfterSeconds`: 20 wrong 中考 queries in a row for an IP or an ID number. */
  EXAM_QUERY_LOCKED: 'EXAM_QUERY_LOCKED',
  /** 404 */
  POLICY_NOT_FOUND: 'POLICY_NOT_FOUND',
  /** 404 */
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
} as const;

// ---- 景点 -------------------------------------------------------------------------------------

/** A 级 as the national standard names it; '' for a spot without a grade. */
export const SPOT_LEVELS = ['5A', '4A', '3A', '2A', 'A', ''] as const;
export type SpotLevel = (typeof SPOT_LEVELS)[number];
export const SpotLevelT = Type.Union(SPOT_LEVELS.map((l) => Type.Literal(l)), { title: '景区等级' });

export const SpotListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 30, title: '景点名称' })),
  site: Type.Optional(Site),
});
export type SpotListQuery = Static<typeof SpotListQuery>;

export const SpotSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: Type.String({ description: '5A / 4A / … / 空' }),
  county: Type.String(),
  countyName: Type.String(),
  address: Type.String(),
  /** First 实景图, or null. */
  cover: NullStr,
  /** One line of the introduction. */
  summary: Type.String(),
  tags: Type.Array(Type.String()),
  bookable: Type.Boolean(),
});
export type SpotSummary = Static<typeof SpotSummary>;
export const SpotListResponse = Type.Object({ items: Type.Array(SpotSummary) });
export type SpotListResponse = Static<typeof SpotListResponse>;

export const SpotView = Type.Object({
  ...SpotSummary.properties,
  /** 实景图 URLs (the file centre's public files). */
  photos: Type.Array(Type.String()),
  /** Plain text; paragraphs separated by blank lines. */
  intro: Type.String(),
  openHours: Type.String(),
  /** 门票 in words (成人 60 元 …). */
  tickets: Type.String(),
  phone: Type.String(),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lng: Type.Union([Type.Number(), Type.Null()]),
  /** A map link for the address (configurable map service), or null without a position. */
  mapUrl: NullStr,
  /** From the 文旅预约平台 when bookable: most visitors per booking, days ahead, 须知. */
  maxVisitors: Type.Integer(),
  daysAhead: Type.Integer(),
  notice: Type.String(),
});
export type SpotView = Static<typeof SpotView>;

export const SpotAvailabilityQuery = Type.Object({ date: Day });
export const SpotBand = Type.Object({ bandId: Type.String(), start: Hm, end: Hm, capacity: Type.Integer(), remaining: Type.Integer() });
export const SpotAvailability = Type.Object({
  spotId: Type.Integer(),
  date: Day,
  closed: Type.Boolean(),
  closedReason: NullStr,
  bands: Type.Array(SpotBand),
});
export type SpotAvailability = Static<typeof SpotAvailability>;

/** A visitor: typed in, one of the saved 常用游客, or the login itself (name and ID from the 实名). */
export const VisitorInput = Type.Union(
  [
    Type.Object({ name: PersonName, idNumber: IdNumber }, { additionalProperties: false }),
    Type.Object({ savedId: Type.Integer({ minimum: 1, title: '常用游客' }) }, { additionalProperties: false }),
    Type.Object({ self: Type.Literal(true, { title: '本人' }) }, { additionalProperties: false }),
  ],
  { title: '游客' },
);
export type VisitorInput = Static<typeof VisitorInput>;
export const SPOT_MAX_VISITORS = 5;

export const SpotReservationCreate = Type.Object({
  spotId: Type.Integer({ minimum: 1, title: '景点' }),
  date: Day,
  bandId: Type.String({ minLength: 1, maxLength: 40, title: '预约时段' }),
  visitors: Type.Array(VisitorInput, { minItems: 1, maxItems: SPOT_MAX_VISITORS, title: '游客' }),
});
export type SpotReservationCreate = Static<typeof SpotReservationCreate>;

export const QuotaReservationCreated = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: '预约号' }),
  /** For the checker: `DZBK:<code>.<tag>`; null for kinds checked by name at the desk. */
  qrText: NullStr,
});
export type QuotaReservationCreated = Static<typeof QuotaReservationCreated>;

/** The QR of a spot or venue booking; checked through POST /api/verify. */
export const BOOKING_QR_PREFIX = 'DZBK:';

/** GET /api/tourism/reservations/:id and /api/culture/reservations/:id: one booking of the caller. */
export const QuotaReservationView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  kind: Type.Union([Type.Literal('spot'), Type.Literal('venue')]),
  kindName: Type.String(),
  /** The spot or venue, and its place. */
  title: Type.String(),
  place: Type.String(),
  date: Day,
  start: Hm,
  end: Hm,
  status: Type.String(),
  statusName: Type.String(),
  visitors: Type.Array(Type.Object({ name: Type.String(), idNumberMasked: Type.String() })),
  qrText: NullStr,
  /** Before the band / slot starts and still confirmed. */
  cancellable: Type.Boolean(),
  notice: Type.String(),
  createdAt: Type.String(),
  cancelledAt: NullStr,
});
export type QuotaReservationView = Static<typeof QuotaReservationView>;

/** 常用游客: the user's saved companions (SM4 at rest; the ID number shown masked). */
export const SavedVisitorView = Type.Object({ id: Type.Integer(), name: Type.String(), idNumberMasked: Type.String(), createdAt: Type.String() });
export type SavedVisitorView = Static<typeof SavedVisitorView>;
export const SavedVisitorList = Type.Object({ items: Type.Array(SavedVisitorView) });
export const SavedVisitorCreate = Type.Object({ name: PersonName, idNumber: IdNumber });
export type SavedVisitorCreate = Static<typeof SavedVisitorCreate>;
export const SAVED_VISITORS_MAX = 20;

/** Console: a scenic spot (content). */
export const SpotAdminInput = Type.Object({
  site: Site,
  name: Type.String({ minLength: 2, maxLength: 40, title: '景点名称' }),
  county: Type.String({ pattern: '^\\d{6}$', title: '所在区县' }),
  level: SpotLevelT,
  summary: Type.String({ maxLength: 80, title: '一句话简介' }),
  intro: Type.String({ minLength: 1, maxLength: 5000, title: '景点介绍' }),
  openHours: Type.String({ maxLength: 200, title: '开放时间' }),
  tickets: Type.String({ maxLength: 500, title: '门票信息' }),
  address: Type.String({ minLength: 2, maxLength: 120, title: '地址' }),
  phone: Type.String({ maxLength: 40, title: '咨询电话' }),
  lat: Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()], { title: '纬度' }),
  lng: Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()], { title: '经度' }),
  photoFileIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 12, title: '实景图' }),
  /** The 文旅预约平台's resource id, or null when the spot takes no bookings here. */
  partnerResourceId: Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()], { title: '预约平台景区编号' }),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 10 }), { maxItems: 8, title: '标签' }),
  sort: Type.Integer({ minimum: 0, maximum: 9999, title: '排序' }),
  published: Type.Boolean({ title: '发布' }),
});
export type SpotAdminInput = Static<typeof SpotAdminInput>;
export const SpotAdminView = Type.Object({ id: Type.Integer(), ...SpotAdminInput.properties, photos: Type.Array(Type.String()), updatedAt: Type.String(), updatedBy: Type.String() });
export type SpotAdminView = Static<typeof SpotAdminView>;
export const SpotAdminList = Type.Object({ items: Type.Array(SpotAdminView), total: Type.Integer() });
/** GET /api/admin/tourism/resources: the 文旅预约平台's scenic resources, for the console's link picker. */
export const SpotResourceList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), county: Type.String(), countyName: Type.String(), address: Type.String() })),
});
export type SpotResourceList = Static<typeof SpotResourceList>;

// ---- 中考成绩 ----------------------------------------------------------------------------------

export const CaptchaResponse = Type.Object({
  captchaId: Type.String(),
  /** `data:image/svg+xml;base64,…` drawn on the server. */
  image: Type.String(),
  /** For who cannot read the image: a simple question whose answer is accepted instead. */
  alternative: Type.Optional(Type.Object({ kind: Type.Literal('question'), prompt: Type.String() })),
  expiresInSeconds: Type.Integer(),
});
export type CaptchaResponse = Static<typeof CaptchaResponse>;
/** Embedded profile, loopback only: the image's text and the question's answer. */
export const DevCaptchaResponse = Type.Object({ text: Type.String(), answer: Type.String() });

export const ExamScoreQuery = Type.Object({
  idNumber: IdNumber,
  regNo: Type.String({ pattern: '^\\d{10}$', title: '报名号' }),
  ticketNo: Type.String({ pattern: '^\\d{9}$', title: '准考证号' }),
  captchaId: Type.String({ minLength: 1, maxLength: 64, title: '验证码编号' }),
  captcha: Type.String({ minLength: 1, maxLength: 8, title: '验证码' }),
});
export type ExamScoreQuery = Static<typeof ExamScoreQuery>;
export const EXAM_WRONG_LIMIT = 20;

export const ExamScoreResult = Type.Object({
  /** Masked (张*三 → 张*). */
  name: Type.String(),
  regNo: Type.String(),
  ticketNo: Type.String(),
  school: Type.String(),
  year: Type.Integer(),
  subjects: Type.Array(Type.Object({ subject: Type.String(), score: Type.Number(), full: Type.Number() })),
  total: Type.Number(),
  totalFull: Type.Number(),
  grades: Type.Array(Type.Object({ subject: Type.String(), grade: Type.String() })),
  remark: Type.String(),
});
export type ExamScoreResult = Static<typeof ExamScoreResult>;

// ---- 资助政策 ----------------------------------------------------------------------------------

export const AID_CATEGORIES = ['preschool', 'compulsory', 'high-school', 'vocational', 'higher'] as const;
export type AidCategory = (typeof AID_CATEGORIES)[number];
export const AID_CATEGORY_NAMES: Record<AidCategory, string> = { preschool: '学前', compulsory: '义务教育', 'high-school': '普通高中', vocational: '中职', higher: '高校' };
export const AidCategoryT = Type.Union(AID_CATEGORIES.map((c) => Type.Literal(c)), { title: '学段' });

export const AidPolicyQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 30, title: '政策名称或关键字' })),
  site: Type.Optional(Site),
  category: Type.Optional(AidCategoryT),
});
export type AidPolicyQuery = Static<typeof AidPolicyQuery>;
export const AidPolicySummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  summary: Type.String(),
  issuer: Type.String(),
  docNo: Type.String(),
  effectiveFrom: Day,
  effectiveTo: Type.Union([Day, Type.Null()]),
  /** In force today (Beijing). */
  inForce: Type.Boolean(),
});
export type AidPolicySummary = Static<typeof AidPolicySummary>;
export const AidPolicyList = Type.Object({ items: Type.Array(AidPolicySummary), total: Type.Integer() });
export type AidPolicyList = Static<typeof AidPolicyList>;
export const AidPolicyView = Type.Object({
  ...AidPolicySummary.properties,
  /** Sanitised HTML. */
  body: Type.String(),
  attachments: Type.Array(Type.Object({ name: Type.String(), url: Type.String(), mime: Type.String() })),
  updatedAt: Type.String(),
});
export type AidPolicyView = Static<typeof AidPolicyView>;
export const AidPolicyAdminInput = Type.Object({
  site: Site,
  title: Type.String({ minLength: 2, maxLength: 80, title: '政策名称' }),
  category: AidCategoryT,
  summary: Type.String({ maxLength: 200, title: '摘要' }),
  body: Type.String({ minLength: 1, maxLength: 50_000, title: '政策内容' }),
  issuer: Type.String({ maxLength: 60, title: '发布机关' }),
  docNo: Type.String({ maxLength: 60, title: '文号' }),
  effectiveFrom: Day,
  effectiveTo: Type.Union([Day, Type.Null()], { title: '失效日期' }),
  attachmentFileIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10, title: '附件' }),
  published: Type.Boolean({ title: '发布' }),
});
export type AidPolicyAdminInput = Static<typeof AidPolicyAdminInput>;
export const AidPolicyAdminView = Type.Object({ id: Type.Integer(), ...AidPolicyAdminInput.properties, updatedAt: Type.String(), updatedBy: Type.String() });
export type AidPolicyAdminView = Static<typeof AidPolicyAdminView>;
export const AidPolicyAdminList = Type.Object({ items: Type.Array(AidPolicyAdminView), total: Type.Integer() });

// ---- 场馆预约 ----------------------------------------------------------------------------------

export const VenueSummary = Type.Object({
  id: Type.String({ description: '场馆编号（场馆预约系统）' }),
  name: Type.String(),
  kind: Type.String(),
  kindName: Type.String({ description: '图书馆 / 文化馆 / 博物馆' }),
  county: Type.String(),
  countyName: Type.String(),
  address: Type.String(),
  openHours: Type.String(),
  daysAhead: Type.Integer(),
  notice: Type.String(),
});
export type VenueSummary = Static<typeof VenueSummary>;
export const VenueListQuery = Type.Object({ site: Type.Optional(Site) });
export const VenueListResponse = Type.Object({ items: Type.Array(VenueSummary) });
export type VenueListResponse = Static<typeof VenueListResponse>;
export const VenueAvailabilityQuery = Type.Object({ date: Day });
export const VenueSlot = Type.Object({ slotId: Type.String(), start: Hm, end: Hm, capacity: Type.Integer(), remaining: Type.Integer() });
export const VenueAvailability = Type.Object({
  venueId: Type.String(),
  date: Day,
  closed: Type.Boolean(),
  closedReason: NullStr,
  slots: Type.Array(VenueSlot),
});
export type VenueAvailability = Static<typeof VenueAvailability>;
export const VenueReservationCreate = Type.Object({
  venueId: Type.String({ minLength: 1, maxLength: 40, title: '场馆' }),
  date: Day,
  slotId: Type.String({ minLength: 1, maxLength: 40, title: '预约时段' }),
});
export type VenueReservationCreate = Static<typeof VenueReservationCreate>;

export const ReservationIdParams = Type.Object({ id: Id });

// ---- 文件中心 (console) --------------------------------------------------------------------------

/** A public file staff uploaded (实景图, 政策附件): served to anyone at `url`, immutable. */
export const PublicFileView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  url: Type.String(),
  site: Type.String(),
  uploadedBy: Type.String(),
  createdAt: Type.String(),
});
export type PublicFileView = Static<typeof PublicFileView>;
export const PublicFileList = Type.Object({ items: Type.Array(PublicFileView), total: Type.Integer() });
export const PublicFileListQuery = Type.Object({
  site: Type.Optional(Site),
  q: Type.Optional(Type.String({ maxLength: 40, title: '文件名' })),
  kind: Type.Optional(Type.Union([Type.Literal('image'), Type.Literal('pdf')], { title: '类型' })),
  page: Type.Optional(Type.Integer({ minimum: 1, title: '页码' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, title: '每页条数' })),
});
