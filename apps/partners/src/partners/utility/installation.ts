/**
 * 在线报装 (water, power) and 燃气报装 (gas): one implementation, parameterised per company. The
 * company checks the form and every attachment, gives the application an installation number and
 * then moves it along on its own: progress is computed from the time since submission, so a test
 * (or a demo) sees it advance by moving the sandbox clock.
 *
 *   at submission  received      已受理申请
 *   ≥ 60 s         accepted      审核通过
 *   ≥ 5 min        surveying     现场勘查
 *   ≥ 30 min       constructing  施工安装
 *   ≥ 2 h          completed     已通水 / 已通电 / 已通气
 *
 * An application whose address contains 驳回 is instead rejected after 60 s (未通过审核), and
 * goes no further — so tests and demos can show a refusal.
 */
import { createHash, randomInt } from 'node:crypto';
import { BizCode, type InstallationAttachment, type InstallationStatus, type InstallationStep } from '@dz/partner-protocol';
import { isChecksumValid } from '../../lib/id-number.js';
import { refusal, type Outcome } from './ledger.js';

export const INSTALL_REJECT_MARKER = '驳回';
export const INSTALL_REJECT_NOTE = '材料不全，请补充房产证明后重新申请';
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
export const ATTACHMENT_MIMES: readonly InstallationAttachment['mime'][] = ['image/jpeg', 'image/png', 'image/webp'];
export const ATTACHMENT_KINDS = ['id-front', 'id-back', 'property', 'other'] as const;
const KIND_NAMES: Record<string, string> = { 'id-front': '身份证人像面', 'id-back': '身份证国徽面', property: '房产证或购房合同', other: '其他材料' };

/** Offsets from submission at which each step happens. */
export const INSTALL_PROGRESS_MS = {
  accepted: 60_000,
  surveying: 5 * 60_000,
  constructing: 30 * 60_000,
  completed: 2 * 60 * 60_000,
  rejected: 60_000,
} as const;

const MOBILE = /^1[3-9]\d{9}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---- form rules --------------------------------------------------------------------------------

interface FieldRule {
  key: string;
  label: string;
  required: boolean;
  max: number;
  /** Returns the complaint after 「label（key）」, or null when the value is fine. */
  check?: (value: string) => string | null;
}

const idNumber = (v: string) => (isChecksumValid(v.toUpperCase()) ? null : '不是有效的居民身份证号码');
const mobile = (v: string) => (MOBILE.test(v) ? null : '应为11位手机号码');
const calendarDay = (v: string) => {
  const m = DATE.exec(v);
  const ok = m !== null && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === v;
  return ok ? null : '应为 YYYY-MM-DD 格式的日期';
};
const oneOf = (options: readonly string[]) => (v: string) => (options.includes(v) ? null : `应为 ${options.join('、')} 之一`);

export const CERT_TYPES = ['居民身份证', '营业执照', '其他'] as const;
export const GAS_INSTALL_TYPES = ['industrial', 'commercial', 'residential', 'capacity'] as const;

/** UtilityInstallForm (water, power): required and optional fields per partner-protocol utilities.ts. */
const UTILITY_FORM: readonly FieldRule[] = [
  { key: 'originalMeterCardNo', label: '原总表卡号', required: false, max: 32 },
  { key: 'applicantName', label: '申请人名称', required: true, max: 100 },
  { key: 'applicantAddress', label: '申请人地址', required: true, max: 200 },
  { key: 'contactName', label: '联系人', required: true, max: 50 },
  { key: 'landline', label: '申请人固定电话', required: false, max: 20 },
  { key: 'applicantIdNumber', label: '申请人身份证号', required: true, max: 18, check: idNumber },
  { key: 'applicantPhone', label: '申请人电话', required: true, max: 11, check: mobile },
  { key: 'appointmentDate', label: '安装预约时间', required: true, max: 10, check: calendarDay },
  { key: 'reason', label: '申请原因', required: true, max: 500 },
  { key: 'supplyContractNo', label: '供水合同号', required: false, max: 32 },
  { key: 'certType', label: '证件类型', required: true, max: 10, check: oneOf(CERT_TYPES) },
  { key: 'certNo', label: '证件号码', required: true, max: 32 },
  { key: 'agentOrg', label: '代办单位', required: false, max: 100 },
  { key: 'agentName', label: '代办人', required: false, max: 50 },
];

/** GasInstallForm: every field required. */
const GAS_FORM: readonly FieldRule[] = [
  { key: 'applicantName', label: '申请人姓名', required: true, max: 50 },
  { key: 'applicantIdNumber', label: '申请人身份证号', required: true, max: 18, check: idNumber },
  { key: 'contactName', label: '联系人', required: true, max: 50 },
  { key: 'contactPhone', label: '联系电话', required: true, max: 11, check: mobile },
  { key: 'idNumber', label: '身份证号码', required: true, max: 18, check: idNumber },
  { key: 'installType', label: '报装类型', required: true, max: 16, check: oneOf(GAS_INSTALL_TYPES) },
  { key: 'address', label: '报装地址', required: true, max: 200 },
  { key: 'description', label: '需求描述', required: true, max: 500 },
];

function checkFields(form: Record<string, unknown>, rules: readonly FieldRule[]): string | null {
  for (const rule of rules) {
    const raw = form[rule.key];
    const name = `${rule.label}（${rule.key}）`;
    if (raw !== undefined && raw !== null && typeof raw !== 'string') return `${name}应为文本`;
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
      if (rule.required) return `请填写${name}`;
      continue;
    }
    if ([...value].length > rule.max) return `${name}不能超过${rule.max}个字符`;
    const complaint = rule.check?.(value);
    if (complaint) return `${name}${complaint}`;
  }
  return null;
}

export type InstallFormKind = 'utility' | 'gas';

/** Checks a form; the message names the field, in Chinese with its key. */
export function validateInstallForm(kind: InstallFormKind, form: Record<string, unknown>): string | null {
  const fieldError = checkFields(form, kind === 'utility' ? UTILITY_FORM : GAS_FORM);
  if (fieldError) return fieldError;
  if (kind === 'utility' && form.certType === '居民身份证' && idNumber(String(form.certNo).trim())) {
    return '证件号码（certNo）不是有效的居民身份证号码';
  }
  return null;
}

/** The field that holds the installation address (where 驳回 forces a rejection). */
export function installAddress(kind: InstallFormKind, form: Record<string, unknown>): string {
  const value = kind === 'utility' ? form.applicantAddress : form.address;
  return typeof value === 'string' ? value : '';
}

// ---- attachments -------------------------------------------------------------------------------

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function checkAttachment(a: unknown, n: number): string | null {
  const label = `附件${n}`;
  if (typeof a !== 'object' || a === null || Array.isArray(a)) return `${label}格式不正确`;
  const { kind, mime, size, sha256, contentBase64 } = a as Record<string, unknown>;
  if (typeof kind !== 'string' || !(ATTACHMENT_KINDS as readonly string[]).includes(kind)) return `${label}的类别（kind）应为 ${ATTACHMENT_KINDS.join('、')} 之一`;
  const what = `${label}（${KIND_NAMES[kind]}）`;
  if (typeof mime !== 'string' || !(ATTACHMENT_MIMES as readonly string[]).includes(mime)) return `${what}只能是 JPEG、PNG 或 WebP 图片`;
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) return `${what}的大小（size）不正确`;
  if (size > MAX_ATTACHMENT_BYTES) return `${what}超过 5 MB`;
  if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) return `${what}的 sha256 应为64位十六进制`;
  if (typeof contentBase64 !== 'string' || contentBase64.length % 4 !== 0 || !BASE64.test(contentBase64)) return `${what}的内容不是有效的 base64`;
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length !== size) return `${what}的实际大小（${bytes.length} 字节）与声明的 size（${size} 字节）不符`;
  if (createHash('sha256').update(bytes).digest('hex') !== sha256.toLowerCase()) return `${what}的 sha256 校验不符，文件可能已损坏，请重新上传`;
  return null;
}

/** Every attachment intact and of an accepted type; the required kinds present. */
export function validateAttachments(list: readonly unknown[], requiredKinds: readonly string[]): string | null {
  if (list.length > MAX_ATTACHMENTS) return `附件不能超过${MAX_ATTACHMENTS}个`;
  for (const [i, a] of list.entries()) {
    const error = checkAttachment(a, i + 1);
    if (error) return error;
  }
  const kinds = new Set(list.map((a) => (a as InstallationAttachment).kind));
  const missing = requiredKinds.find((k) => !kinds.has(k));
  return missing ? `缺少附件：${KIND_NAMES[missing] ?? missing}（${missing}）` : null;
}

// ---- the company's installations ---------------------------------------------------------------

export interface InstallationSpec {
  /** WS (water) / DS (power) / RQ (gas). */
  prefix: string;
  form: InstallFormKind;
  /** Title of the last step: 已通水 / 已通电 / 已通气. */
  completedTitle: string;
  /** Attachment kinds the company insists on. */
  requiredKinds: readonly string[];
}

interface InstallationRecord {
  installNo: string;
  applicationNo: string;
  appKey: string;
  submittedAt: number;
  rejected: boolean;
}

export class InstallationRegistry {
  private readonly byApplication = new Map<string, InstallationRecord>();
  private readonly byInstallNo = new Map<string, InstallationRecord>();

  constructor(
    private readonly spec: InstallationSpec,
    private readonly now: () => number,
  ) {}

  /**
   * Accepts an application (the body's shape was checked by the route). The same applicationNo
   * again answers the existing installation, whatever the form says now.
   */
  submit(appKey: string, applicationNo: string, form: Record<string, unknown>, attachments: readonly unknown[]): Outcome<InstallationStatus> {
    const key = `${appKey}\n${applicationNo}`;
    const existing = this.byApplication.get(key);
    if (existing) return { ok: true, data: this.status(existing) };
    const error = validateInstallForm(this.spec.form, form) ?? validateAttachments(attachments, this.spec.requiredKinds);
    if (error) return refusal(BizCode.INVALID_DATA, error);
    let installNo: string;
    do installNo = `${this.spec.prefix}${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`;
    while (this.byInstallNo.has(installNo));
    const record: InstallationRecord = {
      installNo,
      applicationNo,
      appKey,
      submittedAt: this.now(),
      rejected: installAddress(this.spec.form, form).includes(INSTALL_REJECT_MARKER),
    };
    this.byApplication.set(key, record);
    this.byInstallNo.set(installNo, record);
    return { ok: true, data: this.status(record) };
  }

  find(appKey: string, installNo: string): Outcome<InstallationStatus> {
    const record = this.byInstallNo.get(installNo);
    if (!record || record.appKey !== appKey) return refusal(BizCode.NOT_FOUND, '未查询到该报装申请');
    return { ok: true, data: this.status(record) };
  }

  private status(record: InstallationRecord): InstallationStatus {
    const steps = installationSteps(this.spec.completedTitle, record.rejected, record.submittedAt, this.now());
    const last = steps[steps.length - 1];
    return { installNo: record.installNo, applicationNo: record.applicationNo, status: last?.status ?? 'received', steps };
  }
}

/** The steps reached `now`, each at submission time + its offset. */
export function installationSteps(completedTitle: string, rejected: boolean, submittedAt: number, now: number): InstallationStep[] {
  const plan: { offset: number; status: InstallationStep['status']; title: string; note: string }[] = [
    { offset: 0, status: 'received', title: '已受理申请', note: '您的报装申请已受理，我们将尽快审核。' },
  ];
  if (rejected) {
    plan.push({ offset: INSTALL_PROGRESS_MS.rejected, status: 'rejected', title: '未通过审核', note: INSTALL_REJECT_NOTE });
  } else {
    plan.push(
      { offset: INSTALL_PROGRESS_MS.accepted, status: 'accepted', title: '审核通过', note: '申请材料审核通过，我们将安排工作人员上门勘查。' },
      { offset: INSTALL_PROGRESS_MS.surveying, status: 'surveying', title: '现场勘查', note: '工作人员将按预约时间上门勘查，请保持电话畅通。' },
      { offset: INSTALL_PROGRESS_MS.constructing, status: 'constructing', title: '施工安装', note: '正在施工安装。' },
      { offset: INSTALL_PROGRESS_MS.completed, status: 'completed', title: completedTitle, note: '报装已完成，感谢您的耐心等待。' },
    );
  }
  const elapsed = now - submittedAt;
  return plan.filter((s) => s.offset <= elapsed).map((s) => ({ at: new Date(submittedAt + s.offset).toISOString(), status: s.status, title: s.title, note: s.note }));
}
