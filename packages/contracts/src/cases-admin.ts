/**
 * 办件中心 (console side of the applications engine, issue 10): the queue rows with their
 * department, the case as staff see it (masked unless 查看完整个人信息), its timeline and the
 * actions the server allows this staff member, and 办件统计.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AdminCaseRow, CASE_ACTIONS, CasePart, CaseStatus, RatingView } from './cases.js';
import { FormFields, type FormField } from './forms.js';

const CaseActionT = Type.Union(CASE_ACTIONS.map((a) => Type.Literal(a)));

/** A queue row plus what the console shows for 一件事 parts (their department and parent). */
export const AdminCaseListItem = Type.Composite([
  AdminCaseRow,
  Type.Object({
    departmentName: Type.Union([Type.String(), Type.Null()]),
    parentId: Type.Union([Type.Integer(), Type.Null()]),
    formCode: Type.String(),
  }),
]);
export type AdminCaseListItem = Static<typeof AdminCaseListItem>;

export const AdminCaseList = Type.Object({ items: Type.Array(AdminCaseListItem), total: Type.Integer() });
export type AdminCaseList = Static<typeof AdminCaseList>;

/** Tab badges of 办件中心: one count per queue (CASE_QUEUES). */
export const AdminCaseCounts = Type.Object({
  pending: Type.Integer(),
  processing: Type.Integer(),
  supplement: Type.Integer(),
  'due-soon': Type.Integer(),
  overdue: Type.Integer(),
  done: Type.Integer(),
});
export type AdminCaseCounts = Static<typeof AdminCaseCounts>;

export const AdminCaseSiteQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点' })) });

export const AdminCaseDetailQuery = Type.Object({
  /** 1 = the whole personal data (needs case:pii; audited as case.view-full). */
  full: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')], { title: '查看完整信息' })),
});

export const CaseTimelineEntry = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  actionName: Type.String(),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.Union([Type.String(), Type.Null()]),
  stepName: Type.Union([Type.String(), Type.Null()]),
  actorType: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.Unknown(), Type.Null()]),
  createdAt: Type.String(),
});
export type CaseTimelineEntry = Static<typeof CaseTimelineEntry>;

export const CaseMaterial = Type.Object({
  fileId: Type.String(),
  fieldKey: Type.String(),
  /** The form field's label it was uploaded under. */
  label: Type.String(),
  name: Type.String(),
  url: Type.String(),
});
export type CaseMaterial = Static<typeof CaseMaterial>;

export const AdminWorkflowStep = Type.Object({
  key: Type.String(),
  name: Type.String(),
  permission: Type.String(),
  actions: Type.Array(CaseActionT),
  days: Type.Optional(Type.Integer()),
});

export const AdminCaseWorkflow = Type.Object({
  code: Type.String(),
  siteCode: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  timeLimitDays: Type.Integer(),
  steps: Type.Array(AdminWorkflowStep),
  /** The current step's key, null when the case is not in a step (draft, done). */
  currentStep: Type.Union([Type.String(), Type.Null()]),
});

export const AdminCaseDetail = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  status: CaseStatus,
  statusName: Type.String(),
  siteCode: Type.String(),
  siteName: Type.String(),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  assigneeId: Type.Union([Type.Integer(), Type.Null()]),
  assignee: Type.Union([Type.String(), Type.Null()]),
  /** 申请人 (masked unless full). */
  applicant: Type.String(),
  /** Whole personal data: true only for ?full=1 with case:pii. */
  full: Type.Boolean(),
  data: Type.Record(Type.String(), Type.Unknown()),
  form: Type.Object({ code: Type.String(), siteCode: Type.String(), version: Type.Integer(), title: Type.String(), fields: FormFields }),
  workflow: Type.Union([AdminCaseWorkflow, Type.Null()]),
  stepName: Type.Union([Type.String(), Type.Null()]),
  /** What THIS staff member may do now (the step's actions they hold the permission for, plus 认领). */
  allowedActions: Type.Array(CaseActionT),
  timeline: Type.Array(CaseTimelineEntry),
  parent: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), caseNo: Type.String(), title: Type.String() })]),
  parts: Type.Array(Type.Composite([CasePart, Type.Object({ departmentName: Type.Union([Type.String(), Type.Null()]) })])),
  materials: Type.Array(CaseMaterial),
  ratings: Type.Array(RatingView),
  supplement: Type.Union([Type.Null(), Type.Object({ items: Type.Array(Type.String()), comment: Type.Union([Type.String(), Type.Null()]) })]),
  result: Type.Union([Type.Unknown(), Type.Null()]),
  documentId: Type.Union([Type.String(), Type.Null()]),
  handoff: Type.String(),
  deadline: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
  createdAt: Type.String(),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  acceptedAt: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type AdminCaseDetail = Omit<Static<typeof AdminCaseDetail>, 'form'> & { form: { code: string; siteCode: string; version: number; title: string; fields: FormField[] } };

// ---------------------------------------------------------------------------------------------
// 办件统计

export const CASE_STATS_GROUPS = { form: '按事项（表单）', department: '按部门', site: '按站点' } as const;
export type CaseStatsGroupBy = keyof typeof CASE_STATS_GROUPS;
/** The longest period one statistics request may cover. */
export const CASE_STATS_MAX_DAYS = 366;

export const CaseStatsQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点' })),
  /** Beijing days, inclusive; default the last 30 days. */
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: '开始日期' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: '结束日期' })),
  groupBy: Type.Optional(Type.Union(Object.keys(CASE_STATS_GROUPS).map((g) => Type.Literal(g)), { title: '统计维度' })),
});
export type CaseStatsQuery = Static<typeof CaseStatsQuery>;

export const CaseStatsFigures = Type.Object({
  total: Type.Integer(),
  completed: Type.Integer(),
  /** 办结 on or before the deadline. */
  onTime: Type.Integer(),
  /** onTime / completed, 0–1; null when nothing was completed. */
  onTimeRate: Type.Union([Type.Number(), Type.Null()]),
  /** From 受理 to 办结, in hours (calendar time). */
  avgHandlingHours: Type.Union([Type.Number(), Type.Null()]),
  /** Completed late, or still open past the deadline. */
  overdue: Type.Integer(),
});
export const CaseStatsRow = Type.Composite([Type.Object({ key: Type.String(), name: Type.String() }), CaseStatsFigures]);
export type CaseStatsRow = Static<typeof CaseStatsRow>;
export const CaseStatsResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: Type.String(),
  rows: Type.Array(CaseStatsRow),
  totals: CaseStatsFigures,
});
export type CaseStatsResponse = Static<typeof CaseStatsResponse>;
