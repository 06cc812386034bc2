/**
 * Cases and workflows (issue 10, ARCHITECTURE "Cores": cases + workflows). One case model for every
 * kind of application — 掌上办, 在线办事, 一件事, 报装, and later 互动 and 公积金提取 — whose
 * steps are data (a versioned workflow), timed in working days.
 */
import { Type, type Static } from '@sinclair/typebox';
import { FormFields, type FormField } from './forms.js';

export const CASE_STATUSES = ['draft', 'submitted', 'accepted', 'supplement', 'completed', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CaseStatus = Type.Union(CASE_STATUSES.map((s) => Type.Literal(s)));
export const CASE_STATUS_NAMES: Record<CaseStatus, string> = {
  draft: '草稿',
  submitted: '待受理',
  accepted: '办理中',
  supplement: '待补正',
  completed: '已办结',
  rejected: '未通过',
  withdrawn: '已撤回',
};

/**
 * instant 即办件 (a bureau system answers at once), promise 承诺件 (the staff workflow),
 * bundle 一件事 (one form, parallel parts per department), query 查询 (input → partner → result).
 */
export const CASE_KINDS = ['instant', 'promise', 'bundle', 'query'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CaseKind = Type.Union(CASE_KINDS.map((s) => Type.Literal(s)));
export const CASE_KIND_NAMES: Record<CaseKind, string> = { instant: '即办件', promise: '承诺件', bundle: '一件事', query: '查询' };

export const CASE_ACTIONS = ['claim', 'accept', 'reject', 'request-supplement', 'return', 'approve', 'deny', 'complete', 'transfer', 'reply'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
export const CASE_ACTION_NAMES: Record<CaseAction, string> = {
  claim: '认领',
  accept: '受理',
  reject: '不予受理',
  'request-supplement': '一次性告知补正',
  return: '退回上一步',
  approve: '审查通过',
  deny: '不予许可',
  complete: '办结（准予）',
  transfer: '转办',
  /** 互动 (issue 11): the staff's answer ends the item like 办结 does. */
  reply: '答复',
};

// ---------------------------------------------------------------------------------------------
// Workflows (data, versioned per site like forms)

export const WorkflowStep = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$', title: '环节标识' }),
    name: Type.String({ minLength: 1, maxLength: 20, title: '环节名称' }),
    /** The permission a staff member needs to act on this step (case:handle, case:review …). */
    permission: Type.String({ maxLength: 40, title: '办理权限' }),
    actions: Type.Array(Type.Union(CASE_ACTIONS.map((a) => Type.Literal(a))), { minItems: 1, title: '可用操作' }),
    /** Working days for this step (the case's whole limit is the workflow's). */
    days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  },
  { additionalProperties: false },
);
export type WorkflowStep = Static<typeof WorkflowStep>;

/** A part of a 一件事: a sub-case for one department, sent in parallel. */
export const WorkflowPart = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' }),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    department: Type.String({ minLength: 1, maxLength: 40, title: '承办部门' }),
    /** A bureau system that decides this part (partner code + operation), or null for staff. */
    partner: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type WorkflowPart = Static<typeof WorkflowPart>;

export const WorkflowDefinition = Type.Object(
  {
    kind: CaseKind,
    /** 承诺办结时限 in working days (法定节假日 and 调休 excluded; the clock stops while 待补正). */
    timeLimitDays: Type.Integer({ minimum: 0, maximum: 365, title: '承诺时限（工作日）' }),
    steps: Type.Array(WorkflowStep, { maxItems: 12 }),
    parts: Type.Optional(Type.Array(WorkflowPart, { maxItems: 12 })),
    /** Hand-off to a bureau system (partner code), idempotent by case number; null = staff decide. */
    partner: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    /** For 查询: the partner operation and how its answer is laid out. */
    query: Type.Optional(
      Type.Object({
        operation: Type.String({ maxLength: 60 }),
        layout: Type.Union([Type.Literal('list'), Type.Literal('card'), Type.Literal('table')]),
        columns: Type.Array(Type.Object({ key: Type.String({ maxLength: 40 }), label: Type.String({ maxLength: 40 }) }), { maxItems: 20 }),
      }),
    ),
    /** For 即办 / 办结: the result document's template (documents core). */
    document: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    /** For 即办 (and a hand-off's payload): the partner operation, e.g. `social.certificate`. */
    operation: Type.Optional(Type.String({ maxLength: 60 })),
    /**
     * A 承诺件's check with the deciding bureau before it is filed (POST /v1/<partner>/check/<operation>,
     * partner-protocol registries.ts): 公积金提取's amount against the withdrawable balance and the
     * reason's limit. A refusal is the case's 400 with the bureau's `fields`; nothing is filed.
     */
    precheck: Type.Optional(Type.Object({ operation: Type.String({ pattern: '^[a-z][a-z0-9-]{0,47}$' }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type WorkflowDefinition = Static<typeof WorkflowDefinition>;

export const WorkflowView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  siteCode: Type.String(),
  definition: WorkflowDefinition,
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type WorkflowView = Static<typeof WorkflowView>;

/** 发布流程: publishes a new version of a site's workflow (the console's 流程配置). */
export const WorkflowPublish = Type.Object(
  {
    site: Type.String({ pattern: '^\\d{6}$', title: '站点' }),
    code: Type.String({ pattern: '^[a-z][a-z0-9._-]{0,63}$', title: '流程编码' }),
    name: Type.String({ minLength: 1, maxLength: 100, title: '流程名称' }),
    definition: WorkflowDefinition,
    note: Type.Optional(Type.String({ maxLength: 200, title: '版本说明' })),
  },
  { additionalProperties: false },
);
export type WorkflowPublish = Static<typeof WorkflowPublish>;

/** One row of the console's workflow list (the latest version of each code the site sees). */
export const WorkflowSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: CaseKind,
  version: Type.Integer(),
  siteCode: Type.String(),
  /** True when the row is inherited from a parent site (the site has no version of its own). */
  inherited: Type.Boolean(),
  createdAt: Type.String(),
});
export type WorkflowSummary = Static<typeof WorkflowSummary>;

export const WorkflowVersionRow = Type.Object({
  version: Type.Integer(),
  name: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  createdBy: Type.String(),
});
export type WorkflowVersionRow = Static<typeof WorkflowVersionRow>;

/** Who moves a case: the citizen, a staff member, the platform (jobs), or a bureau system. */
export const CASE_ACTOR_TYPES = ['citizen', 'staff', 'system', 'partner'] as const;
export type CaseActorType = (typeof CASE_ACTOR_TYPES)[number];
export const CASE_ACTOR_NAMES: Record<CaseActorType, string> = { citizen: '申请人', staff: '工作人员', system: '系统', partner: '部门系统' };

/** Timeline actions beyond the staff's CASE_ACTIONS (what case_events.action may also hold). */
export const CASE_EVENT_NAMES: Record<string, string> = {
  ...CASE_ACTION_NAMES,
  draft: '保存草稿',
  submit: '提交申请',
  supplement: '补正材料',
  withdraw: '撤回申请',
  handoff: '推送至部门系统',
  'handoff-failed': '推送部门系统失败',
  decision: '部门系统答复',
  sla: '超期提醒',
  assign: '指派',
  rate: '好差评',
  /** 在线报装: the water / power / gas company moved the installation (its step title is the comment). */
  progress: '办理进度更新',
  /** 互动 (issue 11): the citizen's one 追问, the 督办 of an overdue item, and 答复公开. */
  'follow-up': '追问',
  escalate: '超时督办',
  urge: '督办意见',
  publish: '同意公开',
  unpublish: '撤销公开',
};

// ---------------------------------------------------------------------------------------------
// Citizen side (API.md "Applications engine")

export const CaseCreate = Type.Object(
  {
    formCode: Type.String({ minLength: 1, maxLength: 64, title: '表单编码' }),
    site: Type.String({ pattern: '^\\d{6}$', title: '站点' }),
    data: Type.Record(Type.String(), Type.Unknown(), { title: '申请内容' }),
    draft: Type.Optional(Type.Boolean({ title: '保存为草稿' })),
    /** Submit an existing draft (its id) instead of creating another case. */
    draftId: Type.Optional(Type.Integer({ minimum: 1, title: '草稿' })),
  },
  { additionalProperties: false },
);
export type CaseCreate = Static<typeof CaseCreate>;

export const CaseCreated = Type.Object({ id: Type.Integer(), caseNo: Type.String(), status: CaseStatus, result: Type.Optional(Type.Unknown()) });

export const CaseStepView = Type.Object({
  name: Type.String(),
  status: Type.Union([Type.Literal('done'), Type.Literal('current'), Type.Literal('pending'), Type.Literal('failed')]),
  at: Type.Union([Type.String(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
});
export type CaseStepView = Static<typeof CaseStepView>;

export const CaseSummary = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  title: Type.String(),
  kind: Type.String({ description: 'instant | promise | bundle | query | installation' }),
  status: CaseStatus,
  statusName: Type.String(),
  siteCode: Type.String(),
  deadline: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** Where the row opens in the H5 (a case, or an installation's own page). */
  href: Type.String(),
});
export type CaseSummary = Static<typeof CaseSummary>;

/** GET /api/cases: 我的办件, every kind, newest first. */
export const CaseListResponse = Type.Object({ items: Type.Array(CaseSummary), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export type CaseListResponse = Static<typeof CaseListResponse>;

export const CasePart = Type.Object({ id: Type.Integer(), code: Type.String(), title: Type.String(), department: Type.String(), status: CaseStatus, statusName: Type.String(), updatedAt: Type.String() });
export type CasePart = Static<typeof CasePart>;

export const CaseDocumentRef = Type.Object({
  id: Type.String(),
  docNo: Type.String(),
  title: Type.String(),
  url: Type.String(),
  issuedAt: Type.String(),
  /**
   * The text of the document's QR (DZDOC:…), which 扫码核验 / POST /api/verify checks. Always set
   * in the case detail; optional so a reference built from a 201's `result.document` still fits.
   */
  qrText: Type.Optional(Type.String()),
});
export type CaseDocumentRef = Static<typeof CaseDocumentRef>;

export const RATING_LEVELS = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' } as const;
/** The national scheme's sub-indicators the citizen may tick (国办发〔2019〕51号). */
export const RATING_ASPECTS = {
  guide: '办事指南清晰准确',
  convenience: '办理便捷',
  speed: '办理时效',
  attitude: '服务态度',
  result: '办理结果',
} as const;

export const RatingCreate = Type.Object(
  {
    level: Type.Integer({ minimum: 1, maximum: 5, title: '评价等级' }),
    comment: Type.Optional(Type.String({ maxLength: 500, title: '评价内容' })),
    aspects: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10, title: '评价指标' })),
  },
  { additionalProperties: false },
);
export type RatingCreate = Static<typeof RatingCreate>;

export const RatingView = Type.Object({
  level: Type.Integer(),
  levelName: Type.String(),
  comment: Type.Union([Type.String(), Type.Null()]),
  aspects: Type.Array(Type.String()),
  round: Type.Integer({ description: '1 首次评价，2 回访后再评' }),
  createdAt: Type.String(),
  /** A 差评's 整改 answer from the department, once given. */
  reply: Type.Union([Type.String(), Type.Null()]),
});
export type RatingView = Static<typeof RatingView>;

export const CaseDetail = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  status: CaseStatus,
  statusName: Type.String(),
  siteCode: Type.String(),
  steps: Type.Array(CaseStepView),
  /** Masked for display (ID numbers, phones, names). */
  data: Type.Record(Type.String(), Type.Unknown()),
  form: Type.Object({ code: Type.String(), version: Type.Integer(), fields: FormFields }),
  deadline: Type.Union([Type.String(), Type.Null()]),
  /** What the 一次性告知 asked to fix, while 待补正. */
  supplement: Type.Union([Type.Null(), Type.Object({ items: Type.Array(Type.String()), comment: Type.Union([Type.String(), Type.Null()]) })]),
  parts: Type.Array(CasePart),
  document: Type.Union([CaseDocumentRef, Type.Null()]),
  /** 查询 and 即办: what the bureau system answered. */
  result: Type.Union([Type.Unknown(), Type.Null()]),
  /** 已提交，等待部门接收 while a hand-off waits for a bureau system. */
  notice: Type.Union([Type.String(), Type.Null()]),
  ratings: Type.Array(RatingView),
  canWithdraw: Type.Boolean(),
  canRate: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type CaseDetail = Omit<Static<typeof CaseDetail>, 'form'> & { form: { code: string; version: number; fields: FormField[] } };

export const CaseSupplement = Type.Object({ data: Type.Record(Type.String(), Type.Unknown(), { title: '补正内容' }) }, { additionalProperties: false });

// ---------------------------------------------------------------------------------------------
// Console (办件中心)

export const CASE_QUEUES = { pending: '待受理', processing: '办理中', supplement: '待补正', 'due-soon': '即将超时', overdue: '已超时', done: '已办结' } as const;
export type CaseQueue = keyof typeof CASE_QUEUES;

export const AdminCaseQuery = Type.Object({
  status: Type.Optional(CaseStatus),
  queue: Type.Optional(Type.Union(Object.keys(CASE_QUEUES).map((q) => Type.Literal(q)))),
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  formCode: Type.Optional(Type.String({ maxLength: 64 })),
  /** A case number, or an applicant's name / ID number / phone (matched by blind index). */
  q: Type.Optional(Type.String({ maxLength: 40, title: '办件编号或申请人' })),
  mine: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export const AdminCaseRow = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  status: CaseStatus,
  statusName: Type.String(),
  stepName: Type.Union([Type.String(), Type.Null()]),
  siteCode: Type.String(),
  siteName: Type.String(),
  applicant: Type.String({ description: '申请人（脱敏）' }),
  assignee: Type.Union([Type.String(), Type.Null()]),
  deadline: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type AdminCaseRow = Static<typeof AdminCaseRow>;

export const AdminCaseActionBody = Type.Object(
  {
    action: Type.Union(CASE_ACTIONS.map((a) => Type.Literal(a)), { title: '操作' }),
    comment: Type.Optional(Type.String({ maxLength: 1000, title: '办理意见' })),
    items: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 30, title: '补正材料清单' })),
    /** 转办: the department that takes the case. */
    departmentId: Type.Optional(Type.Integer({ minimum: 1, title: '转办部门' })),
    /** 认领 / 指派: the staff member (default: oneself). */
    staffId: Type.Optional(Type.Integer({ minimum: 1, title: '指派给' })),
    /** The version the staff member saw; a newer one → 409 naming who acted. */
    version: Type.Optional(Type.Integer({ minimum: 0, title: '版本' })),
  },
  { additionalProperties: false },
);
export type AdminCaseActionBody = Static<typeof AdminCaseActionBody>;
