/**
 * Forms are data (issue 10, ARCHITECTURE "Cores": forms). One field vocabulary (API.md
 * "Applications engine") and ONE validator, run by the server (the one that counts), by the H5
 * renderer as the citizen types and by the console designer's preview. Messages name the field by
 * its Chinese label, never by its key.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { validateCreditCode, validateIdNumber, validatePhone } from './validators.js';

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'phone',
  'idNumber',
  'creditCode',
  'email',
  'region',
  'image',
  'file',
  'group',
  'section',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_TYPE_NAMES: Record<FieldType, string> = {
  text: '单行文本',
  textarea: '多行文本',
  number: '数字',
  date: '日期',
  select: '下拉选择',
  radio: '单选',
  checkbox: '多选',
  phone: '手机号',
  idNumber: '身份证号',
  creditCode: '统一社会信用代码',
  email: '电子邮箱',
  region: '行政区划',
  image: '图片材料',
  file: '文件材料',
  group: '重复分组',
  section: '分节标题',
};

/**
 * Where a field's first value can come from. A registry, not a switch: 电子证照 (免提交) adds its
 * sources later under `licence.*` without touching the renderer or the validator.
 */
export const PREFILL_SOURCES = {
  'user.name': '登录人姓名',
  'user.idNumber': '登录人身份证号',
  'user.phone': '登录人手机号',
  'company.name': '企业名称',
  'company.creditCode': '统一社会信用代码',
} as const;
export type PrefillSource = keyof typeof PREFILL_SOURCES;

/** `{ key, equals }` as API.md asks, plus not-equals, one-of, all and any. */
export interface Condition {
  key?: string;
  equals?: unknown;
  notEquals?: unknown;
  in?: unknown[];
  all?: Condition[];
  any?: Condition[];
}
/**
 * The schema of a condition, nested at most three levels (a rule, all / any of rules, all / any of
 * those). Deliberately without `$id` and without Type.Recursive: a schema with an `$id` may occur
 * only once in a route's schema, and a form field holds conditions twice (its own and its group's
 * rows), which made Ajv and fast-json-stringify refuse every route using FormFields ("reference
 * FormCondition resolves to more than one schema"). Three levels is more than any designer rule needs.
 */
const conditionRule = {
  key: Type.Optional(Type.String({ maxLength: 64 })),
  equals: Type.Optional(Type.Unknown()),
  notEquals: Type.Optional(Type.Unknown()),
  in: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 50 })),
};
const conditionLevel = (inner: TSchema | null) =>
  Type.Object(
    inner
      ? { ...conditionRule, all: Type.Optional(Type.Array(inner, { maxItems: 20 })), any: Type.Optional(Type.Array(inner, { maxItems: 20 })) }
      : conditionRule,
    { additionalProperties: false, title: '显示条件' },
  );
export const ConditionSchema = conditionLevel(conditionLevel(conditionLevel(null)));

export const FieldOption = Type.Object({ value: Type.String({ minLength: 1, maxLength: 64 }), label: Type.String({ minLength: 1, maxLength: 100 }) });
export type FieldOption = Static<typeof FieldOption>;

const fieldProps = {
  key: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,47}$', title: '字段标识' }),
  label: Type.String({ minLength: 1, maxLength: 60, title: '字段名称' }),
  type: Type.Union(
    FIELD_TYPES.map((t) => Type.Literal(t)),
    { title: '字段类型' },
  ),
  required: Type.Optional(Type.Boolean()),
  placeholder: Type.Optional(Type.String({ maxLength: 100 })),
  help: Type.Optional(Type.String({ maxLength: 300, description: '填写说明' })),
  pattern: Type.Optional(Type.String({ maxLength: 200 })),
  patternMessage: Type.Optional(Type.String({ maxLength: 100 })),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  minLength: Type.Optional(Type.Integer({ minimum: 0 })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  options: Type.Optional(Type.Array(FieldOption, { maxItems: 200 })),
  showIf: Type.Optional(ConditionSchema),
  prefill: Type.Optional(Type.String({ maxLength: 64 })),
  /** Materials (材料): accepted kinds, size per file, a sample picture. `min` / `max` count files. */
  accept: Type.Optional(Type.Union([Type.Literal('image'), Type.Literal('pdf'), Type.Literal('image+pdf')])),
  maxSizeKb: Type.Optional(Type.Integer({ minimum: 1, maximum: 20480 })),
  sampleUrl: Type.Optional(Type.String({ maxLength: 500 })),
  /** Groups: at least / at most this many rows (default 0 / 20). */
  minItems: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
  maxItems: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  /** Personal data: masked wherever a case is shown, and shown whole only with a permission. */
  sensitive: Type.Optional(Type.Boolean()),
};

// No `$id` on these either (see ConditionSchema): FormFields appears twice in some answers (draft and published).
export const LeafField = Type.Object(fieldProps, { additionalProperties: false, title: '分组内字段' });
export const Field = Type.Object({ ...fieldProps, fields: Type.Optional(Type.Array(LeafField, { maxItems: 40 })) }, { additionalProperties: false, title: '表单字段' });

export interface FormField {
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  placeholder?: string;
  help?: string;
  pattern?: string;
  patternMessage?: string;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  options?: FieldOption[];
  showIf?: Condition;
  prefill?: string;
  accept?: 'image' | 'pdf' | 'image+pdf';
  maxSizeKb?: number;
  sampleUrl?: string;
  minItems?: number;
  maxItems?: number;
  sensitive?: boolean;
  /** Only for `group`: the fields of one row (no nested groups). */
  fields?: FormField[];
}

export const FormFields = Type.Array(Field, { maxItems: 120 });

export const FormView = Type.Object({
  code: Type.String(),
  title: Type.String(),
  version: Type.Integer(),
  /** The site whose version this is (a county inherits the city's). */
  siteCode: Type.String(),
  description: Type.Optional(Type.String()),
  fields: FormFields,
  /** Prefill values from the login, present when the caller is signed in. */
  prefill: Type.Optional(Type.Record(Type.String(), Type.String())),
  /**
   * 免提交 (issue 14): present when fields prefill from 电子证照 (`licence.<type>.<key>`): the
   * licence types they read and whether the holder agreed for this form (POST /api/licences/consents);
   * once they did, `prefill` carries those values too.
   */
  licencePrefill: Type.Optional(Type.Object({ types: Type.Array(Type.String()), consented: Type.Boolean() })),
  /**
   * How the service runs (its workflow's kind: instant 即办 / promise 承诺 / bundle 一件事 / query
   * 查询), so the H5 offers what fits: a 查询 has no draft and no review step.
   */
  kind: Type.Optional(Type.String({ description: 'instant | promise | bundle | query' })),
});
export type FormView = Omit<Static<typeof FormView>, 'fields'> & { fields: FormField[] };

export type FormData = Record<string, unknown>;
export type FieldErrors = Record<string, string>;

// ---------------------------------------------------------------------------------------------
// Conditions

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) ? a.length === b.length && a.every((x, i) => same(x, b[i])) : a.includes(b as never);
  if (typeof a === 'number' || typeof b === 'number') return String(a) === String(b);
  return a === b;
}

/** Whether a condition holds for the data (a checkbox's array "equals" a value it contains). */
export function conditionHolds(cond: Condition | undefined, data: FormData): boolean {
  if (!cond) return true;
  if (cond.all && !cond.all.every((c) => conditionHolds(c, data))) return false;
  if (cond.any && cond.any.length > 0 && !cond.any.some((c) => conditionHolds(c, data))) return false;
  if (cond.key === undefined) return true;
  const v = data[cond.key];
  if ('equals' in cond && !same(v, cond.equals)) return false;
  if ('notEquals' in cond && same(v, cond.notEquals)) return false;
  if (cond.in && !cond.in.some((x) => same(v, x))) return false;
  return true;
}

/** The fields shown for this data, in order (a hidden field is neither required nor kept). */
export function visibleFields(fields: FormField[], data: FormData): FormField[] {
  return fields.filter((f) => conditionHolds(f.showIf, data));
}

// ---------------------------------------------------------------------------------------------
// Values

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REGION = /^\d{6}(\d{3})?(\d{3})?$/;
/** File ids from POST /api/files. */
const FILE_ID = /^[A-Za-z0-9_-]{8,64}$/;

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function optionOk(f: FormField, v: string): boolean {
  return !f.options || f.options.some((o) => o.value === v);
}

/**
 * Checks one present value; returns [message, cleaned value]. The cleaned value is what is kept
 * (strings trimmed, ID numbers and credit codes upper-cased, numbers as numbers).
 */
function checkValue(f: FormField, raw: unknown): [string | null, unknown] {
  const L = f.label;
  switch (f.type) {
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return [`${L}请填写数字`, raw];
      if (f.min !== undefined && n < f.min) return [`${L}不能小于 ${f.min}`, n];
      if (f.max !== undefined && n > f.max) return [`${L}不能大于 ${f.max}`, n];
      // e.g. 提取金额 to the fen: the number as written without trailing zeros (100.10 → "100.1").
      const wrong = patternProblem(f, String(n), L);
      return wrong ? [wrong, n] : [null, n];
    }
    case 'checkbox': {
      if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string')) return [`请选择${L}`, raw];
      const vals = [...new Set(raw as string[])];
      if (vals.some((x) => !optionOk(f, x))) return [`${L}的选项无效，请重新选择`, vals];
      if (f.min !== undefined && vals.length < f.min) return [`${L}至少选择 ${f.min} 项`, vals];
      if (f.max !== undefined && vals.length > f.max) return [`${L}最多选择 ${f.max} 项`, vals];
      return [null, vals];
    }
    case 'image':
    case 'file': {
      if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string' || !FILE_ID.test(x))) return [`请上传${L}`, raw];
      const ids = [...new Set(raw as string[])];
      if (f.min !== undefined && ids.length < f.min) return [`${L}至少上传 ${f.min} 份`, ids];
      const max = f.max ?? 9;
      if (ids.length > max) return [`${L}最多上传 ${max} 份`, ids];
      return [null, ids];
    }
    case 'group':
    case 'section':
      return [null, raw];
    default:
      break;
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') return [`请填写${L}`, raw];
  const s = String(raw).trim();
  if (f.minLength !== undefined && s.length < f.minLength) return [`${L}至少 ${f.minLength} 个字`, s];
  const maxLen = f.maxLength ?? (f.type === 'textarea' ? 2000 : 200);
  if (s.length > maxLen) return [`${L}不能超过 ${maxLen} 个字`, s];
  switch (f.type) {
    case 'date':
      if (!validDate(s)) return [`${L}请按“年-月-日”填写，如 2026-01-31`, s];
      if (f.min !== undefined || f.max !== undefined) {
        // min / max on a date are offsets in days from today (−36500 … 0 for a birth date), today
        // in 达州 (UTC+8, no daylight saving): the same answer on a server in UTC and on any phone.
        const cn = new Date(Date.now() + 8 * 3_600_000);
        const day = (offset: number) => new Date(Date.UTC(cn.getUTCFullYear(), cn.getUTCMonth(), cn.getUTCDate() + offset)).toISOString().slice(0, 10);
        if (f.min !== undefined && s < day(f.min)) return [`${L}不能早于 ${day(f.min)}`, s];
        if (f.max !== undefined && s > day(f.max)) return [`${L}不能晚于 ${day(f.max)}`, s];
      }
      break;
    case 'select':
    case 'radio':
      if (!optionOk(f, s)) return [`${L}的选项无效，请重新选择`, s];
      break;
    case 'phone': {
      const e = validatePhone(s);
      if (e) return [`${L}：${e}`, s];
      break;
    }
    case 'idNumber': {
      const v = s.toUpperCase();
      const e = validateIdNumber(v);
      if (e) return [`${L}：${e}`, v];
      return [null, v];
    }
    case 'creditCode': {
      const v = s.toUpperCase();
      const e = validateCreditCode(v);
      if (e) return [`${L}：${e}`, v];
      return [null, v];
    }
    case 'email':
      if (!EMAIL.test(s)) return [`${L}格式不正确，如 name@example.com`, s];
      break;
    case 'region':
      if (!REGION.test(s)) return [`请选择${L}`, s];
      break;
    default:
      break;
  }
  const wrong = patternProblem(f, s, L);
  if (wrong) return [wrong, s];
  return [null, s];
}

/** A field's own `pattern` (the designer's), checked on the text; an unusable pattern checks nothing. */
function patternProblem(f: FormField, s: string, L: string): string | null {
  if (!f.pattern) return null;
  let re: RegExp | null = null;
  try {
    re = new RegExp(f.pattern, 'u');
  } catch {
    re = null;
  }
  return re && !re.test(s) ? (f.patternMessage ? `${L}：${f.patternMessage}` : `${L}格式不正确`) : null;
}

export interface FormCheck {
  /** What is kept: only the visible fields, cleaned. */
  values: FormData;
  /** `key` (or `group[0].child`) → a Chinese message naming the field. Empty when valid. */
  errors: FieldErrors;
}

export interface CheckOptions {
  /** A draft keeps what is there and skips "required" (formats are still checked). */
  partial?: boolean;
}

function checkFields(fields: FormField[], data: FormData, opts: CheckOptions, prefix: string, out: FormCheck): void {
  for (const f of visibleFields(fields, data)) {
    if (f.type === 'section') continue;
    const path = prefix + f.key;
    const raw = data[f.key];
    if (f.type === 'group') {
      const rows = raw === undefined || raw === null ? [] : raw;
      if (!Array.isArray(rows) || rows.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
        out.errors[path] = `${f.label}格式不正确`;
        continue;
      }
      const min = f.minItems ?? (f.required ? 1 : 0);
      const max = f.maxItems ?? 20;
      if (!opts.partial && rows.length < min) out.errors[path] = `${f.label}至少填写 ${min} 组`;
      if (rows.length > max) out.errors[path] = `${f.label}最多填写 ${max} 组`;
      const kept: FormData[] = [];
      rows.slice(0, max).forEach((row, i) => {
        const sub: FormCheck = { values: {}, errors: {} };
        checkFields(f.fields ?? [], row as FormData, opts, '', sub);
        kept.push(sub.values);
        for (const [k, m] of Object.entries(sub.errors)) out.errors[`${path}[${i}].${k}`] = `${f.label}第 ${i + 1} 组：${m}`;
      });
      out.values[f.key] = kept;
      continue;
    }
    if (isEmpty(raw)) {
      if (f.required && !opts.partial) out.errors[path] = f.type === 'image' || f.type === 'file' ? `请上传${f.label}` : ['select', 'radio', 'checkbox', 'region', 'date'].includes(f.type) ? `请选择${f.label}` : `请填写${f.label}`;
      continue;
    }
    const [msg, value] = checkValue(f, raw);
    if (msg) out.errors[path] = msg;
    out.values[f.key] = value;
  }
}

/** THE validator: server, H5 and console preview all call this. */
export function checkForm(fields: FormField[], data: FormData, opts: CheckOptions = {}): FormCheck {
  const out: FormCheck = { values: {}, errors: {} };
  checkFields(fields, data ?? {}, opts, '', out);
  return out;
}

/** One field's message for the renderer as the citizen types (null when fine or hidden). */
export function checkField(fields: FormField[], key: string, data: FormData): string | null {
  const f = fields.find((x) => x.key === key);
  if (!f || !conditionHolds(f.showIf, data)) return null;
  const r = checkForm([{ ...f, showIf: undefined }], data);
  return Object.entries(r.errors).find(([k]) => k === key || k.startsWith(`${key}[`))?.[1] ?? null;
}

/** Structural checks on a form definition (the designer's publish and the server's save). */
export function checkFormDefinition(fields: FormField[]): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  const walk = (list: FormField[], inGroup: boolean) => {
    for (const f of list) {
      if (keys.has(f.key)) problems.push(`字段标识“${f.key}”重复（${f.label}）`);
      keys.add(f.key);
      if ((f.type === 'select' || f.type === 'radio' || f.type === 'checkbox') && !(f.options && f.options.length > 0)) problems.push(`“${f.label}”需要至少一个选项`);
      if (f.type === 'group') {
        if (inGroup) problems.push(`“${f.label}”：分组内不能再嵌套分组`);
        if (!f.fields || f.fields.length === 0) problems.push(`分组“${f.label}”需要至少一个字段`);
        walk(f.fields ?? [], true);
      }
      if (f.pattern) {
        try {
          new RegExp(f.pattern, 'u');
        } catch {
          problems.push(`“${f.label}”的校验规则不是有效的正则表达式`);
        }
      }
      if (f.prefill && !(f.prefill in PREFILL_SOURCES) && !f.prefill.startsWith('licence.')) problems.push(`“${f.label}”的预填来源“${f.prefill}”未知`);
      if (f.showIf?.key && !keys.has(f.showIf.key) && !list.some((x) => x.key === f.showIf?.key)) problems.push(`“${f.label}”的显示条件引用了不存在的字段“${f.showIf.key}”`);
    }
  };
  walk(fields, false);
  return problems;
}

/**
 * Whether a material field takes an uploaded file of this type: `accept` says (image / pdf /
 * image+pdf); without it an `image` field takes images and a `file` field images or PDF.
 */
export function acceptsMime(f: Pick<FormField, 'type' | 'accept'>, mime: string): boolean {
  const accept = f.accept ?? (f.type === 'image' ? 'image' : 'image+pdf');
  const image = mime.startsWith('image/');
  const pdf = mime === 'application/pdf';
  return accept === 'image' ? image : accept === 'pdf' ? pdf : image || pdf;
}

/** What a field accepts, in words for its message (只能上传…). */
export function acceptText(f: Pick<FormField, 'type' | 'accept'>): string {
  const accept = f.accept ?? (f.type === 'image' ? 'image' : 'image+pdf');
  return accept === 'image' ? '图片（JPG、PNG、WebP）' : accept === 'pdf' ? 'PDF 文件' : '图片或 PDF 文件';
}

/** Every file id the data refers to (the owner links of a case are built from this). */
export function fileIdsOf(fields: FormField[], data: FormData): string[] {
  const ids: string[] = [];
  for (const f of fields) {
    const v = data[f.key];
    if ((f.type === 'image' || f.type === 'file') && Array.isArray(v)) ids.push(...v.filter((x): x is string => typeof x === 'string'));
    if (f.type === 'group' && Array.isArray(v)) for (const row of v) if (row && typeof row === 'object') ids.push(...fileIdsOf(f.fields ?? [], row as FormData));
  }
  return [...new Set(ids)];
}

// ---------------------------------------------------------------------------------------------
// API shapes: GET /api/forms/:code and the console's form designer (/api/admin/forms)

export const FormErrorCodes = {
  FORM_NOT_FOUND: 'FORM_NOT_FOUND',
  FORM_EXISTS: 'FORM_EXISTS',
  FORM_DEFINITION_INVALID: 'FORM_DEFINITION_INVALID',
  FORM_PUBLISH_CONFLICT: 'FORM_PUBLISH_CONFLICT',
  FORM_VERSION_NOT_FOUND: 'FORM_VERSION_NOT_FOUND',
} as const;

/** online: citizens can open and file it; offline: GET /api/forms answers 404 for the site (and the sites inheriting from it). */
export const FORM_STATUSES = ['online', 'offline'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];
export const FORM_STATUS_NAMES: Record<FormStatus, string> = { online: '已上线', offline: '已下线' };

const SiteCode = Type.String({ pattern: '^\\d{6}$', title: '站点' });
export const FormCode = Type.String({ pattern: '^[a-z][a-z0-9_-]{1,63}$', title: '表单编码', description: '小写字母开头，可含小写字母、数字、- 和 _' });

export const FormParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, title: '表单编码' }) });
export const FormVersionParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, title: '表单编码' }), version: Type.Integer({ minimum: 1, title: '版本' }) });
export const FormQuery = Type.Object({ site: Type.Optional(SiteCode) });
export const AdminFormListQuery = Type.Object({ site: Type.Optional(SiteCode), q: Type.Optional(Type.String({ maxLength: 50, title: '搜索词' })) });

export const AdminFormRow = Type.Object({
  code: Type.String(),
  title: Type.String(),
  /** The site whose definition this is (the asked site's own, or the parent's it inherits). */
  siteCode: Type.String(),
  inherited: Type.Boolean(),
  latestVersion: Type.Integer(),
  hasDraft: Type.Boolean(),
  status: Type.Union(FORM_STATUSES.map((s) => Type.Literal(s))),
  workflowCode: Type.String(),
  updatedAt: Type.String(),
});
export type AdminFormRow = Static<typeof AdminFormRow>;

export const AdminFormDetail = Type.Object({
  code: Type.String(),
  /** The asked site. */
  site: Type.String(),
  /** Whose definition is shown: `site` itself, or the parent's when the site has none (the first save creates the site's own). */
  siteCode: Type.String(),
  inherited: Type.Boolean(),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  workflowCode: Type.String(),
  itemId: Type.Union([Type.Integer(), Type.Null()]),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.Union(FORM_STATUSES.map((s) => Type.Literal(s))),
  latestVersion: Type.Integer(),
  hasDraft: Type.Boolean(),
  /** The draft when there is one, else the latest published version's fields. */
  fields: FormFields,
  /** The latest published version's fields (null before the first publish), for a diff. */
  published: Type.Union([FormFields, Type.Null()]),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
});
export type AdminFormDetail = Omit<Static<typeof AdminFormDetail>, 'fields' | 'published'> & { fields: FormField[]; published: FormField[] | null };

export const AdminFormCreate = Type.Object(
  {
    site: SiteCode,
    code: FormCode,
    title: Type.String({ minLength: 1, maxLength: 100, title: '标题' }),
    description: Type.Optional(Type.String({ maxLength: 500, title: '说明' })),
    workflowCode: Type.String({ minLength: 1, maxLength: 64, title: '办理流程' }),
    itemId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { title: '事项' })),
    departmentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { title: '部门' })),
  },
  { additionalProperties: false },
);
export type AdminFormCreate = Static<typeof AdminFormCreate>;

export const AdminFormDraft = Type.Object(
  {
    site: SiteCode,
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 100, title: '标题' })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { title: '说明' })),
    fields: FormFields,
  },
  { additionalProperties: false },
);
export type AdminFormDraft = Omit<Static<typeof AdminFormDraft>, 'fields'> & { fields: FormField[] };

export const AdminFormPublish = Type.Object({ site: SiteCode, note: Type.String({ minLength: 1, maxLength: 200, title: '版本说明' }) }, { additionalProperties: false });
export type AdminFormPublish = Static<typeof AdminFormPublish>;
export const AdminFormSite = Type.Object({ site: SiteCode }, { additionalProperties: false });
export const AdminFormStatusBody = Type.Object({ site: SiteCode, status: Type.Union(FORM_STATUSES.map((s) => Type.Literal(s)), { title: '状态' }) }, { additionalProperties: false });

export const AdminFormVersion = Type.Object({
  version: Type.Integer(),
  siteCode: Type.String(),
  title: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  fieldCount: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  isLatest: Type.Boolean(),
});
export type AdminFormVersion = Static<typeof AdminFormVersion>;
