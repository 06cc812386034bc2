/**
 * 好差评 (国办发〔2019〕51号, DOMAIN.md): the citizen's own ratings, the console's list of ratings,
 * the 整改 tasks a 差评 opens (answered within 15 working days; the answer reaches the citizen as
 * the rating's reply) and the figures per department, form or site.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Levels 1–2 are 差评. */
export const BAD_RATING_MAX = 2;
/** Working days a department has to answer a 差评. */
export const RECTIFICATION_DAYS = 15;

export const MyRatingRow = Type.Object({
  id: Type.Integer(),
  caseId: Type.Integer(),
  caseNo: Type.String(),
  title: Type.String(),
  level: Type.Integer(),
  levelName: Type.String(),
  comment: Type.Union([Type.String(), Type.Null()]),
  round: Type.Integer(),
  createdAt: Type.String(),
  reply: Type.Union([Type.String(), Type.Null()]),
  href: Type.String(),
});
export type MyRatingRow = Static<typeof MyRatingRow>;
export const MyRatingList = Type.Object({ items: Type.Array(MyRatingRow) });

export const AdminRatingQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点' })),
  level: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, title: '评价等级' })),
  formCode: Type.Optional(Type.String({ maxLength: 64, title: '表单编码' })),
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: '开始日期' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: '结束日期' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, title: '页码' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, title: '每页条数' })),
});
export type AdminRatingQuery = Static<typeof AdminRatingQuery>;

export const AdminRatingRow = Type.Object({
  id: Type.Integer(),
  caseId: Type.Integer(),
  caseNo: Type.String(),
  title: Type.String(),
  level: Type.Integer(),
  levelName: Type.String(),
  comment: Type.Union([Type.String(), Type.Null()]),
  aspects: Type.Array(Type.String()),
  round: Type.Integer(),
  siteCode: Type.String(),
  siteName: Type.String(),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  formCode: Type.String(),
  /** 评价人（脱敏）. */
  applicant: Type.String(),
  createdAt: Type.String(),
  reply: Type.Union([Type.String(), Type.Null()]),
});
export type AdminRatingRow = Static<typeof AdminRatingRow>;
export const AdminRatingList = Type.Object({ items: Type.Array(AdminRatingRow), total: Type.Integer() });

export const RECTIFICATION_STATUSES = { open: '待整改', answered: '已答复' } as const;
export type RectificationStatus = keyof typeof RECTIFICATION_STATUSES;

export const RectificationQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点' })),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('answered')], { title: '整改状态' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, title: '页码' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, title: '每页条数' })),
});
export type RectificationQuery = Static<typeof RectificationQuery>;

export const RectificationRow = Type.Object({
  id: Type.Integer(),
  caseId: Type.Integer(),
  caseNo: Type.String(),
  title: Type.String(),
  ratingId: Type.Integer(),
  level: Type.Integer(),
  comment: Type.Union([Type.String(), Type.Null()]),
  siteCode: Type.String(),
  siteName: Type.String(),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('open'), Type.Literal('answered')]),
  deadline: Type.String(),
  overdue: Type.Boolean(),
  answer: Type.Union([Type.String(), Type.Null()]),
  answeredBy: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type RectificationRow = Static<typeof RectificationRow>;
export const RectificationList = Type.Object({ items: Type.Array(RectificationRow), total: Type.Integer() });

export const RectificationAnswer = Type.Object(
  { answer: Type.String({ minLength: 2, maxLength: 1000, title: '整改答复' }) },
  { additionalProperties: false },
);

export const RATING_STATS_GROUPS = { department: '按部门', form: '按事项（表单）', zone: '按专区', site: '按站点' } as const;
export type RatingStatsGroupBy = keyof typeof RATING_STATS_GROUPS;

export const RatingStatsQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点' })),
  groupBy: Type.Optional(Type.Union(Object.keys(RATING_STATS_GROUPS).map((g) => Type.Literal(g)), { title: '统计维度' })),
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: '开始日期' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: '结束日期' })),
});
export type RatingStatsQuery = Static<typeof RatingStatsQuery>;

export const RatingStatsFigures = Type.Object({
  total: Type.Integer(),
  /** Counts per level, keys "1".."5". */
  levels: Type.Record(Type.String(), Type.Integer()),
  /** 差评 (levels 1–2). */
  bad: Type.Integer(),
  /** bad / total, 0–1; null without ratings. */
  badRate: Type.Union([Type.Number(), Type.Null()]),
  /** Share of 满意 and 非常满意 (4–5), 0–1; null without ratings. */
  satisfaction: Type.Union([Type.Number(), Type.Null()]),
});
export const RatingStatsRow = Type.Composite([Type.Object({ key: Type.String(), name: Type.String() }), RatingStatsFigures]);
export type RatingStatsRow = Static<typeof RatingStatsRow>;
export const RatingStatsResponse = Type.Object({ groupBy: Type.String(), rows: Type.Array(RatingStatsRow), totals: RatingStatsFigures });
export type RatingStatsResponse = Static<typeof RatingStatsResponse>;
