/**
 * 互动 (issue 11): 我要咨询 / 我要建议 / 我要投诉, 我的回复, 答复公开, 数据统计, 常见问题, and the console's
 * handling. An interaction is a case of the applications engine (kind `interaction`, workflow
 * `interaction-<type>`): the same state machine, working-day clock, timeline, 好差评 and scope.
 *
 * The text rules (`checkInteractionText`) and the masking of free text (`maskFreeText`) live here
 * so the H5 checks as the citizen types with exactly what the server enforces.
 */
import { Type, type Static } from '@sinclair/typebox';
import { RatingView, CaseStatus } from './cases.js';
import { CaseTimelineEntry } from './cases-admin.js';
import { maskIdNumber, maskPhone } from './validators.js';

export const INTERACTION_KIND = 'interaction';

export const INTERACTION_TYPES = ['consult', 'suggest', 'complain'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];
export const InteractionTypeT = Type.Union(INTERACTION_TYPES.map((t) => Type.Literal(t)), { title: '类型' });
export const INTERACTION_TYPE_NAMES: Record<InteractionType, string> = { consult: '咨询', suggest: '建议', complain: '投诉' };
/** Default 答复时限 in working days (the site's workflow `interaction-<type>` holds the real one). */
export const INTERACTION_DEFAULT_DAYS: Record<InteractionType, number> = { consult: 5, complain: 10, suggest: 15 };
export const interactionWorkflowCode = (t: InteractionType) => `interaction-${t}`;
/** The engine form each type is filed under (seeded; the data as the case stores it). */
export const interactionFormCode = (t: InteractionType) => `interaction-${t}`;

/** How the citizen reads an interaction's status (the engine's statuses, 互动's words). */
export const INTERACTION_STATUS_NAMES: Record<CaseStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  accepted: '办理中',
  supplement: '待补充',
  completed: '已答复',
  rejected: '未受理',
  withdrawn: '已撤回',
};

export const INTERACTION_LIMITS = {
  titleMin: 4,
  titleMax: 50,
  contentMin: 10,
  contentMax: 1000,
  photosMax: 9,
  followUpMax: 500,
  replyMax: 2000,
  /** Submissions per user per Beijing day, all types together. */
  perUserPerDay: 5,
} as const;

/**
 * A short demo list (the real one is the province's and is loaded by operators in production):
 * words a public-facing government channel does not accept. Matched case-insensitively, ignoring
 * spaces and punctuation put between the characters to get round the check.
 */
export const SENSITIVE_WORDS: readonly string[] = ['法轮', '赌博网', '博彩', '代开发票', '办证刻章', '色情', '裸聊', '枪支弹药', '冰毒', '贷款秒批', '刷单返利', '六合彩'];

const SQUEEZE = /[\s\p{P}\p{S}_]+/gu;

/** The first sensitive word in the text, or null. */
export function sensitiveWordIn(text: string): string | null {
  const squeezed = text.toLowerCase().replace(SQUEEZE, '');
  return SENSITIVE_WORDS.find((w) => squeezed.includes(w.toLowerCase())) ?? null;
}

/**
 * The title and content rules, as one message per field (empty = fine). Spam signs: a character
 * repeated 8+ times in a row, more than two links, content that is only the title again.
 */
export function checkInteractionText(title: string, content: string): { title?: string; content?: string } {
  const out: { title?: string; content?: string } = {};
  const t = title.trim();
  const c = content.trim();
  const L = INTERACTION_LIMITS;
  if (!t) out.title = '请填写标题';
  else if ([...t].length < L.titleMin) out.title = `标题至少 ${L.titleMin} 个字，请说明是什么事`;
  else if ([...t].length > L.titleMax) out.title = `标题不能超过 ${L.titleMax} 个字（现在 ${[...t].length} 个）`;
  if (!c) out.content = '请填写具体内容';
  else if ([...c].length < L.contentMin) out.content = `内容至少 ${L.contentMin} 个字，请写清时间、地点和经过`;
  else if ([...c].length > L.contentMax) out.content = `内容不能超过 ${L.contentMax} 个字（现在 ${[...c].length} 个），请精简后再提交`;
  for (const [key, text] of [['title', t], ['content', c]] as const) {
    if (out[key]) continue;
    const word = sensitiveWordIn(text);
    if (word) out[key] = `含有不宜发布的内容“${word}”，请修改后再提交`;
    else if (/<\s*\/?\s*(script|iframe|img|a|style|svg)\b/i.test(text)) out[key] = '不能包含网页代码，请只填写文字';
    else if (/(.)\1{7,}/u.test(text.replace(/\s/g, ''))) out[key] = '内容中有大量重复的字符，请修改后再提交';
    else if ((text.match(/https?:\/\//gi) ?? []).length > 2) out[key] = '链接过多，请直接描述您的问题';
  }
  if (!out.content && !out.title && c.replace(SQUEEZE, '') === t.replace(SQUEEZE, '')) out.content = '请在内容中写清具体情况，不要只重复标题';
  return out;
}

/**
 * Masks personal data in free text for 答复公开: mobile and landline numbers, 18-digit ID numbers,
 * bank card numbers, e-mail addresses, the given names (the submitter's name, the staff's) and a
 * name after 我叫 / 姓名 / 本人. Longest patterns first so an ID number is not read as a phone.
 */
export function maskFreeText(text: string, names: readonly (string | null | undefined)[] = []): string {
  let out = text
    .replace(/(?<![0-9Xx])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9Xx])/g, (m) => maskIdNumber(m))
    .replace(/(?<!\d)\d{16,19}(?!\d)/g, (m) => `${m.slice(0, 4)}${'*'.repeat(m.length - 8)}${m.slice(-4)}`)
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m))
    .replace(/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g, (m) => `${m.slice(0, 4)}****${m.slice(-2)}`)
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, (m) => `${m.slice(0, 1)}***@${m.split('@')[1]}`)
    .replace(/(我叫|我是|姓名[:：]?|本人|联系人[:：]?)([\u4e00-\u9fa5]{2,4}?)(?=[，。,.；;、\s]|$|先生|女士|的|，|在|家)/g, (_m, p: string, n: string) => `${p}${n[0]}${'*'.repeat(n.length - 1)}`);
  for (const n of names) {
    const name = n?.trim();
    if (name && [...name].length >= 2) out = out.split(name).join(`${[...name][0]}${'*'.repeat([...name].length - 1)}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Citizen side

export const InteractionCreate = Type.Object(
  {
    type: InteractionTypeT,
    title: Type.String({ minLength: 1, maxLength: 200, title: '标题' }),
    content: Type.String({ minLength: 1, maxLength: 20000, title: '内容' }),
    site: Type.String({ pattern: '^\\d{6}$', title: '站点' }),
    /** The department it is for; null / absent = 不清楚, staff route it. */
    departmentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { title: '部门' })),
    public: Type.Boolean({ title: '是否公开' }),
    /** File ids from POST /api/files (images only), at most 9. */
    attachments: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50, title: '图片' })),
    /** Contact phone; the login's when absent. */
    phone: Type.Optional(Type.String({ maxLength: 20, title: '联系电话' })),
  },
  { additionalProperties: false },
);
export type InteractionCreate = Static<typeof InteractionCreate>;

export const InteractionCreated = Type.Object({ id: Type.Integer(), no: Type.String(), status: CaseStatus, deadline: Type.Union([Type.String(), Type.Null()]), limitDays: Type.Integer() });
export type InteractionCreated = Static<typeof InteractionCreated>;

export const InteractionSummary = Type.Object({
  id: Type.Integer(),
  no: Type.String(),
  type: InteractionTypeT,
  typeName: Type.String(),
  title: Type.String(),
  status: CaseStatus,
  statusName: Type.String(),
  siteCode: Type.String(),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  /** A reply the citizen has not opened yet. */
  unread: Type.Boolean(),
  /** The latest reply's first 80 characters, or null. */
  reply: Type.Union([Type.String(), Type.Null()]),
  repliedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type InteractionSummary = Static<typeof InteractionSummary>;

export const InteractionMine = Type.Object({
  items: Type.Array(InteractionSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  unread: Type.Integer(),
});
export type InteractionMine = Static<typeof InteractionMine>;

export const InteractionMineQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, title: '页码' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20, title: '每页条数' })),
  type: Type.Optional(InteractionTypeT),
});

/** One entry of the conversation as the citizen (and 答复公开) reads it. */
export const ThreadEntry = Type.Object({
  kind: Type.Union([Type.Literal('question'), Type.Literal('reply'), Type.Literal('follow-up'), Type.Literal('rejected'), Type.Literal('transfer'), Type.Literal('accepted')]),
  text: Type.String(),
  /** 我 for the citizen; the department's name (or 工作人员) for staff. */
  by: Type.String(),
  at: Type.String(),
});
export type ThreadEntry = Static<typeof ThreadEntry>;

export const InteractionAttachment = Type.Object({ id: Type.String(), url: Type.String() });

export const InteractionDetail = Type.Composite([
  InteractionSummary,
  Type.Object({
    content: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()], { description: '联系电话（脱敏）' }),
    attachments: Type.Array(InteractionAttachment),
    wantPublic: Type.Boolean(),
    published: Type.Boolean(),
    deadline: Type.Union([Type.String(), Type.Null()]),
    thread: Type.Array(ThreadEntry),
    /** One 追问 per item, after a reply. */
    canFollowUp: Type.Boolean(),
    canWithdraw: Type.Boolean(),
    canRate: Type.Boolean(),
    ratings: Type.Array(RatingView),
  }),
]);
export type InteractionDetail = Static<typeof InteractionDetail>;

export const InteractionFollowUp = Type.Object({ content: Type.String({ minLength: 1, maxLength: 5000, title: '追问内容' }) }, { additionalProperties: false });
export type InteractionFollowUp = Static<typeof InteractionFollowUp>;

// ---------------------------------------------------------------------------------------------
// Public: 答复公开, 数据统计

export const PublicInteractionQuery = Type.Object({
  site: Type.String({ pattern: '^\\d{6}$', title: '站点' }),
  type: Type.Optional(InteractionTypeT),
  departmentId: Type.Optional(Type.Integer({ minimum: 1, title: '部门' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, title: '页码' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20, title: '每页条数' })),
});
export type PublicInteractionQuery = Static<typeof PublicInteractionQuery>;

export const PublicInteractionItem = Type.Object({
  id: Type.Integer(),
  no: Type.String(),
  type: InteractionTypeT,
  typeName: Type.String(),
  /** Masked (personal data replaced). */
  title: Type.String(),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  askedAt: Type.String(),
  repliedAt: Type.Union([Type.String(), Type.Null()]),
  /** The reply's first 80 characters, masked. */
  replyExcerpt: Type.String(),
});
export type PublicInteractionItem = Static<typeof PublicInteractionItem>;

export const PublicInteractionList = Type.Object({ items: Type.Array(PublicInteractionItem), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export type PublicInteractionList = Static<typeof PublicInteractionList>;

export const PublicInteractionDetail = Type.Composite([
  PublicInteractionItem,
  Type.Object({
    content: Type.String(),
    reply: Type.String(),
    publishedAt: Type.String(),
  }),
]);
export type PublicInteractionDetail = Static<typeof PublicInteractionDetail>;

export const InteractionStatsQuery = Type.Object({
  site: Type.String({ pattern: '^\\d{6}$', title: '站点' }),
  /** YYYY-MM, inclusive; default the last 12 months. */
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', title: '起始月份' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', title: '截止月份' })),
  type: Type.Optional(InteractionTypeT),
  departmentId: Type.Optional(Type.Integer({ minimum: 1, title: '部门' })),
});
export type InteractionStatsQuery = Static<typeof InteractionStatsQuery>;

/** Submitted (filed, not drafts), replied (has a first reply), reply rate 0–1, average hours to the first reply. */
export const InteractionFigures = Type.Object({
  submitted: Type.Integer(),
  replied: Type.Integer(),
  replyRate: Type.Number(),
  avgReplyHours: Type.Union([Type.Number(), Type.Null()]),
});
export type InteractionFigures = Static<typeof InteractionFigures>;

export const InteractionStats = Type.Object({
  site: Type.String(),
  siteName: Type.String(),
  from: Type.String(),
  to: Type.String(),
  total: InteractionFigures,
  byType: Type.Array(Type.Composite([Type.Object({ type: InteractionTypeT, typeName: Type.String() }), InteractionFigures])),
  /** Every month of the range, oldest first, zeros included. */
  byMonth: Type.Array(Type.Object({ month: Type.String(), consult: Type.Integer(), suggest: Type.Integer(), complain: Type.Integer(), submitted: Type.Integer(), replied: Type.Integer() })),
  byDepartment: Type.Array(Type.Composite([Type.Object({ departmentId: Type.Union([Type.Integer(), Type.Null()]), departmentName: Type.String() }), InteractionFigures])),
  /** Count per engine status (submitted 待审核, accepted 办理中, completed 已答复, rejected 未受理, withdrawn). */
  byStatus: Type.Record(Type.String(), Type.Integer()),
});
export type InteractionStats = Static<typeof InteractionStats>;

// ---------------------------------------------------------------------------------------------
// 常见问题

export const FaqQuery = Type.Object({
  site: Type.String({ pattern: '^\\d{6}$', title: '站点' }),
  q: Type.Optional(Type.String({ maxLength: 50, title: '关键词' })),
  category: Type.Optional(Type.String({ maxLength: 20, title: '分类' })),
  /**
   * all (default): every term of q must match (the 常见问题 search box). similar: the questions
   * sharing the most two-character runs with q, best first — the submit page's 你可能想问 while a
   * whole sentence is typed, where no question contains the sentence word for word.
   */
  mode: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('similar')], { title: '匹配方式' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, title: '页码' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20, title: '每页条数' })),
});
export type FaqQuery = Static<typeof FaqQuery>;

export const FaqView = Type.Object({
  id: Type.Integer(),
  siteCode: Type.String(),
  category: Type.String(),
  question: Type.String(),
  answer: Type.String(),
  sort: Type.Integer(),
  published: Type.Boolean(),
  sourceInteractionId: Type.Union([Type.Integer(), Type.Null()]),
  /** Console: the source interaction's number (转自互动 HD…), when the server joins it. */
  sourceInteractionNo: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Console: true when the row is the parent site's (a county sees the city's, read-only). */
  inherited: Type.Boolean(),
  updatedAt: Type.String(),
});
export type FaqView = Static<typeof FaqView>;

export const FaqList = Type.Object({
  items: Type.Array(FaqView),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  /** Every category the site has (for the filter chips), in first-seen order of sort. */
  categories: Type.Array(Type.String()),
});
export type FaqList = Static<typeof FaqList>;

export const FaqSave = Type.Object(
  {
    site: Type.String({ pattern: '^\\d{6}$', title: '站点' }),
    category: Type.String({ minLength: 1, maxLength: 20, title: '分类' }),
    question: Type.String({ minLength: 4, maxLength: 200, title: '问题' }),
    answer: Type.String({ minLength: 2, maxLength: 5000, title: '答案' }),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999, title: '排序' })),
    published: Type.Optional(Type.Boolean({ title: '是否发布' })),
    /** 转为常见问题: the interaction it came from. */
    sourceInteractionId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { title: '来源互动' })),
  },
  { additionalProperties: false },
);
export type FaqSave = Static<typeof FaqSave>;

// ---------------------------------------------------------------------------------------------
// Console

export const INTERACTION_QUEUES = ['review', 'processing', 'due-soon', 'overdue', 'supervise', 'replied', 'closed', 'all'] as const;
export type InteractionQueue = (typeof INTERACTION_QUEUES)[number];
export const INTERACTION_QUEUE_NAMES: Record<InteractionQueue, string> = {
  review: '待审核',
  processing: '待答复',
  'due-soon': '即将超时',
  overdue: '已超时',
  supervise: '督办',
  replied: '已答复',
  closed: '未受理/已撤回',
  all: '全部',
};

export const AdminInteractionQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点' })),
  status: Type.Optional(CaseStatus),
  queue: Type.Optional(Type.Union(INTERACTION_QUEUES.map((q) => Type.Literal(q)), { title: '队列' })),
  type: Type.Optional(InteractionTypeT),
  departmentId: Type.Optional(Type.Integer({ minimum: 1, title: '部门' })),
  /** Number or title text. */
  q: Type.Optional(Type.String({ maxLength: 50, title: '关键词' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, title: '页码' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, title: '每页条数' })),
});
export type AdminInteractionQuery = Static<typeof AdminInteractionQuery>;

export const AdminInteractionRow = Type.Object({
  id: Type.Integer(),
  no: Type.String(),
  type: InteractionTypeT,
  typeName: Type.String(),
  title: Type.String(),
  status: CaseStatus,
  statusName: Type.String(),
  siteCode: Type.String(),
  siteName: Type.String(),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  /** Masked submitter. */
  applicant: Type.String(),
  deadline: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
  escalated: Type.Boolean(),
  /** A 追问 waiting for its answer. */
  followUp: Type.Boolean(),
  wantPublic: Type.Boolean(),
  published: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type AdminInteractionRow = Static<typeof AdminInteractionRow>;

export const AdminInteractionList = Type.Object({ items: Type.Array(AdminInteractionRow), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export type AdminInteractionList = Static<typeof AdminInteractionList>;

export const AdminInteractionCounts = Type.Record(Type.String(), Type.Integer(), { description: 'one count per queue of INTERACTION_QUEUES' });
export type AdminInteractionCounts = Record<InteractionQueue, number>;

export const ADMIN_INTERACTION_ACTIONS = ['accept', 'reject', 'transfer', 'reply', 'publish', 'unpublish', 'urge'] as const;
export type AdminInteractionAction = (typeof ADMIN_INTERACTION_ACTIONS)[number];
export const ADMIN_INTERACTION_ACTION_NAMES: Record<AdminInteractionAction, string> = {
  accept: '审核通过',
  reject: '不予受理',
  transfer: '转办',
  reply: '答复',
  publish: '同意公开',
  unpublish: '撤销公开',
  urge: '督办',
};

export const AdminInteractionActionBody = Type.Object(
  {
    action: Type.Union(ADMIN_INTERACTION_ACTIONS.map((a) => Type.Literal(a)), { title: '操作' }),
    reply: Type.Optional(Type.String({ maxLength: 20000, title: '答复内容' })),
    departmentId: Type.Optional(Type.Integer({ minimum: 1, title: '部门' })),
    comment: Type.Optional(Type.String({ maxLength: 500, title: '意见' })),
    /** With `reply`: also approve publication (only when the citizen chose 公开). */
    publish: Type.Optional(Type.Boolean({ title: '同意公开' })),
    /** With `publish` / `reply`+publish: the staff's edit of the masked public text. */
    publicText: Type.Optional(
      Type.Object(
        {
          title: Type.Optional(Type.String({ maxLength: 100, title: '公开标题' })),
          content: Type.Optional(Type.String({ maxLength: 5000, title: '公开内容' })),
          reply: Type.Optional(Type.String({ maxLength: 5000, title: '公开答复' })),
        },
        { additionalProperties: false },
      ),
    ),
    /** The version the staff member saw (409 CASE_CONFLICT when it moved). */
    version: Type.Optional(Type.Integer({ minimum: 0, title: '版本' })),
  },
  { additionalProperties: false },
);
export type AdminInteractionActionBody = Static<typeof AdminInteractionActionBody>;

export const AdminInteractionDetail = Type.Composite([
  AdminInteractionRow,
  Type.Object({
    content: Type.String(),
    /** Masked unless the staff member holds case:pii and asked ?full=1. */
    phone: Type.Union([Type.String(), Type.Null()]),
    attachments: Type.Array(InteractionAttachment),
    thread: Type.Array(ThreadEntry),
    timeline: Type.Array(CaseTimelineEntry),
    /** What this staff member may do now (the server's answer; the buttons follow it). */
    actions: Type.Array(Type.Union(ADMIN_INTERACTION_ACTIONS.map((a) => Type.Literal(a)))),
    version: Type.Integer(),
    limitDays: Type.Integer(),
    /** The masked public text as it would be (or is) published. */
    publicPreview: Type.Object({ title: Type.String(), content: Type.String(), reply: Type.String() }),
    ratings: Type.Array(RatingView),
  }),
]);
export type AdminInteractionDetail = Static<typeof AdminInteractionDetail>;

export const ReplyTemplateView = Type.Object({
  id: Type.Integer(),
  siteCode: Type.String(),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  body: Type.String(),
  inherited: Type.Boolean(),
  updatedAt: Type.String(),
});
export type ReplyTemplateView = Static<typeof ReplyTemplateView>;

export const ReplyTemplateQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点' })),
  /** Templates for this department plus the site-wide ones. */
  departmentId: Type.Optional(Type.Integer({ minimum: 1, title: '部门' })),
});

export const ReplyTemplateSave = Type.Object(
  {
    site: Type.String({ pattern: '^\\d{6}$', title: '站点' }),
    departmentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { title: '部门' })),
    title: Type.String({ minLength: 1, maxLength: 40, title: '模板名称' }),
    body: Type.String({ minLength: 2, maxLength: 2000, title: '模板内容' }),
  },
  { additionalProperties: false },
);
export type ReplyTemplateSave = Static<typeof ReplyTemplateSave>;

/** 答复时限 per type for a site (its workflows `interaction-<type>`; a county inherits the city's). */
export const InteractionSettings = Type.Object({
  site: Type.String(),
  limits: Type.Object({ consult: Type.Integer(), suggest: Type.Integer(), complain: Type.Integer() }),
  /** Per type: true when the site uses its parent's workflow. */
  inherited: Type.Object({ consult: Type.Boolean(), suggest: Type.Boolean(), complain: Type.Boolean() }),
});
export type InteractionSettings = Static<typeof InteractionSettings>;

export const InteractionSettingsSave = Type.Object(
  {
    site: Type.String({ pattern: '^\\d{6}$', title: '站点' }),
    limits: Type.Object(
      {
        consult: Type.Integer({ minimum: 1, maximum: 60, title: '咨询答复时限' }),
        suggest: Type.Integer({ minimum: 1, maximum: 60, title: '建议答复时限' }),
        complain: Type.Integer({ minimum: 1, maximum: 60, title: '投诉答复时限' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type InteractionSettingsSave = Static<typeof InteractionSettingsSave>;
