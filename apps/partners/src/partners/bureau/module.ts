/**
 * One generic bureau system (人社, 公积金, 不动产, 公安…) as a PartnerModule, configured per bureau
 * with its data (bureaus.ts of partner-protocol describes the API). Each bureau receives cases and
 * decides them, and answers named 即办 (instant) and 查询 (query) operations from deterministic
 * demo data. Being a signed module, it gets the signature check, the ping and the sandbox's fault
 * injection (down / slow) like every other system.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  BizCode,
  ok,
  type BureauCaseReceipt,
  type BureauCheckResult,
  type BureauCaseSubmit,
  type BureauDecision,
  type BureauInstantResult,
  type BureauName,
  type BureauQueryResult,
} from '@dz/partner-protocol';
import { isRecord, text } from '../../lib/body.js';
import { badRequest, idempotentWrites, refuse, sendEnvelope } from '../../protocol.js';
import { perSandbox, type PartnerContext, type PartnerEndpoint, type PartnerModule } from '../types.js';
import { BureauCases, type CaseRules } from './cases.js';
import { DEMO_SOURCE, Demo } from './demo.js';

/** Default delay before the demo rule decides a case by itself. */
export const DEFAULT_DECIDE_AFTER_MS = 2000;

/** Kinds of operation input the bureaus check, each with its Chinese complaint. */
export const INPUT_KINDS = {
  idNumber: { re: /^\d{17}[\dX]$/, message: '身份证号应为18位：前17位数字，最后一位数字或X' },
  name: { re: /^[\p{Script=Han}·]{2,20}$/u, message: '姓名应为2–20个汉字' },
  plate: { re: /^[\p{Script=Han}][A-Z][A-Z0-9]{5,6}$/u, message: '号牌号码格式不正确，例如 川S12345' },
  engineNo6: { re: /^[A-Z0-9]{6}$/, message: '发动机号后6位应为6位字母或数字' },
  creditCode: { re: /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, message: '统一社会信用代码应为18位' },
  year: { re: /^(19|20)\d{2}$/, message: '年度应为4位数字，例如 2025' },
  // Search words of the catalogue and directory queries (药品名称, 地区…): letters, digits and the
  // punctuation drug names use, nothing a template or a LIKE pattern would read.
  keyword: { re: /^[\p{L}\p{N}·（）()\-. ]{1,30}$/u, message: '关键字应为1–30个汉字、字母或数字' },
  // A sum in 元 as the forms send it (a JSON number or its text), at most two decimals.
  amount: { re: /^\d{1,9}(\.\d{1,2})?$/, message: '金额应为数字（元），最多两位小数' },
  // An option value of a form's select (rent, purchase…) or its Chinese label, kept as sent.
  option: { re: /^[\p{L}\p{N}_\-（）()、]{1,30}$/u, message: '选项应为1–30个字母、数字或汉字' },
  // What a registry's QR code says (BDCZS:…): printable ASCII, kept as scanned.
  qrText: { re: /^[\x21-\x7e]{1,200}$/, message: '二维码内容无法识别，请重新扫描证书上的二维码' },
  county: { re: /^\d{6}$/, message: '区县应为6位行政区划代码，例如 511702' },
  // 中考报名号 (10 digits) and 准考证号 (中考 and 成人高考, 9 digits), as the 教育局 issues them.
  regNo: { re: /^\d{10}$/, message: '报名号应为10位数字' },
  ticketNo: { re: /^\d{9}$/, message: '准考证号应为9位数字' },
} as const;
export type InputKind = keyof typeof INPUT_KINDS;

/**
 * Other names the portal's forms give the same input (the seeded forms say applicantIdNumber,
 * plateNo, engineNo…): a bureau takes the first one present, so a form can be sent as filled in.
 */
export const INPUT_ALIASES: Record<string, readonly string[]> = {
  idNumber: ['applicantIdNumber', 'holderIdNumber'],
  name: ['applicantName', 'holderName'],
  plate: ['plateNo', 'plateNumber'],
  engineNo6: ['engineNo', 'engineNumber'],
  creditCode: ['companyCreditCode', 'creditCode'],
  regNo: ['registrationNo'],
  ticketNo: ['admissionTicketNo', 'examTicketNo'],
};

/** An operation's input: key → kind; a kind ending in '?' may be absent. */
export type InputSpec = Record<string, InputKind | `${InputKind}?`>;
export type Input = Record<string, string | undefined>;

export interface InstantSpec {
  summary: string;
  input: InputSpec;
  run: (input: Input, demo: Demo, now: number, env: BureauEnv) => BureauInstantResult;
}

/**
 * What a bureau's operation may read besides its input: the sandbox it runs in (for state the
 * bureau keeps per sandbox, such as a test's pinned household) and the cases it received.
 */
export interface BureauEnv {
  ctx: PartnerContext;
  cases: BureauCases;
}

export interface QuerySpec {
  summary: string;
  input: InputSpec;
  run: (input: Input, demo: Demo, now: number, env: BureauEnv) => Record<string, unknown>[];
}

/**
 * A check before a case is filed (POST /v1/<bureau>/check/:operation): the form's data is sent as
 * filled in; `input` names what the bureau reads of it (other keys are ignored).
 */
export interface CheckSpec {
  summary: string;
  input: InputSpec;
  run: (input: Input, demo: Demo, now: number, env: BureauEnv) => BureauCheckResult;
}

export interface BureauSpec {
  name: BureauName;
  title: string;
  owner: string;
  description: string;
  refPrefix: string;
  /** The 办结意见 of an approved case. */
  approveComment: string;
  /** What the bureau issues on approval, derived from the case (demo.seed = the caseNo). */
  result: (c: BureauCaseSubmit, ref: string, demo: Demo, decidedAt: number) => Record<string, unknown>;
  instant: Record<string, InstantSpec>;
  query: Record<string, QuerySpec>;
  /** Checks before filing, by operation name (公积金提取's amount against the balance…). */
  check?: Record<string, CheckSpec>;
  /** The bureau's own extra routes: `control` only when the control endpoints are on, `public` unsigned. */
  controlRoutes?: (app: FastifyInstance, env: BureauEnv) => Promise<void>;
  publicRoutes?: (app: FastifyInstance, env: BureauEnv) => Promise<void>;
  /** Listed on the landing page after the generic ones (give `access`). */
  extraEndpoints?: readonly PartnerEndpoint[];
}

export interface BureauOptions {
  /** ms after submission when the demo rule decides; null: only /_control decides. */
  decideAfterMs?: number | null;
}

const OPERATION = /^[a-z][a-z0-9-]{0,47}$/;

/** Kinds whose case matters (a name, a select's value, a scanned QR): never upper-cased. */
const KEPT_AS_SENT: ReadonlySet<InputKind> = new Set(['name', 'option', 'qrText']);

/** The cleaned input, or the first complaint. Values are trimmed and upper-cased where codes are. */
export function parseInput(spec: InputSpec, body: unknown): Input | string {
  if (body !== undefined && !isRecord(body)) return '请求体应为 JSON 对象';
  const src = (body ?? {}) as Record<string, unknown>;
  const out: Input = {};
  for (const [key, kindSpec] of Object.entries(spec)) {
    const optional = kindSpec.endsWith('?');
    const kind = (optional ? kindSpec.slice(0, -1) : kindSpec) as InputKind;
    const raw = [key, ...(INPUT_ALIASES[key] ?? [])].map((k) => src[k]).find((v) => v !== undefined && v !== null && v !== '');
    if (raw === undefined || raw === null || raw === '') {
      if (optional) continue;
      return `${key} 必填：${INPUT_KINDS[kind].message}`;
    }
    const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    let cleaned = KEPT_AS_SENT.has(kind) ? value : value.toUpperCase();
    // A whole engine number is accepted: the bureau matches on its last 6 characters.
    if (kind === 'engineNo6' && /^[A-Z0-9]{7,20}$/.test(cleaned)) cleaned = cleaned.slice(-6);
    if (!INPUT_KINDS[kind].re.test(cleaned)) return INPUT_KINDS[kind].message;
    out[key] = cleaned;
  }
  return out;
}

/** A case as the portal sends it, or the complaint (1004: the portal built a bad request). */
function parseSubmit(body: unknown): BureauCaseSubmit | string {
  if (!isRecord(body)) return '请求体应为 {caseNo, site, formCode, title, data, applicant}';
  const caseNo = text(body.caseNo, 64);
  const formCode = text(body.formCode, 64);
  const title = text(body.title, 200);
  if (!caseNo || !formCode || !title) return 'caseNo、formCode、title 必填（caseNo 不超过64个字符）';
  const site = typeof body.site === 'string' && /^\d{6}$/.test(body.site) ? body.site : null;
  if (!site) return 'site 应为6位行政区划代码';
  if (!isRecord(body.data)) return 'data 应为对象';
  const a = body.applicant;
  if (!isRecord(a)) return 'applicant 应为 {name, idNumber, phone}';
  // An applicant without a name on file (a login that never did 实名) is still a case the bureau
  // files; refusing it here would make the portal resend it forever.
  if (typeof a.name !== 'string' || [...a.name].length > 50) return 'applicant.name 应为不超过50个字符的字符串';
  const name = a.name.trim();
  const nullable = (v: unknown, max: number) => (v === null || v === undefined ? null : text(v, max));
  const idNumber = nullable(a.idNumber, 18);
  const phone = nullable(a.phone, 20);
  if ((a.idNumber != null && idNumber === null) || (a.phone != null && phone === null)) return 'applicant.idNumber / phone 应为字符串或 null';
  return { caseNo, site, formCode, title, data: body.data, applicant: { name, idNumber: idNumber?.toUpperCase() ?? null, phone } };
}

async function bureauRoutes(app: FastifyInstance, ctx: PartnerContext, spec: BureauSpec, casesOf: (ctx: PartnerContext) => BureauCases): Promise<void> {
  const base = `/v1/${spec.name}`;
  const cases = casesOf(ctx);

  app.get<{ Params: { ref: string } }>(`${base}/cases/:ref`, async (req, reply) => {
    const d = cases.decision(req.appKey ?? '', req.params.ref);
    if (!d) return refuse(reply, BizCode.NOT_FOUND, `没有受理编号为 ${req.params.ref} 的办件`);
    return sendEnvelope<BureauDecision>(reply, 200, ok(d));
  });

  const env: BureauEnv = { ctx, cases };
  const operation = (kind: 'instant' | 'query' | 'check') =>
    async (req: FastifyRequest<{ Params: { operation: string } }>, reply: FastifyReply) => {
      // A workflow may name the operation after its form (social-insurance-proof): the bureau's
      // own prefix is dropped, so that is the same operation as insurance-proof.
      const asked = req.params.operation;
      const table: Record<string, InstantSpec | QuerySpec | CheckSpec> = kind === 'instant' ? spec.instant : kind === 'query' ? spec.query : (spec.check ?? {});
      const name = !Object.hasOwn(table, asked) && asked.startsWith(`${spec.name}-`) ? asked.slice(spec.name.length + 1) : asked;
      // hasOwn: an operation named "constructor" must not reach Object.prototype.
      const op = OPERATION.test(name) && Object.hasOwn(table, name) ? table[name] : undefined;
      if (!op) {
        // A check the bureau does not have is a question about a thing it does not know (2001):
        // the engine then files without a check rather than treating it as a broken request.
        if (kind === 'check') return refuse(reply, BizCode.NOT_FOUND, `${spec.title}没有提交前核对“${name}”`);
        return badRequest(reply, `${spec.title}没有${kind === 'instant' ? '即办' : '查询'}业务“${name}”`);
      }
      const input = parseInput(op.input, req.body);
      // Wrong input is the citizen's to fix, so it is a business refusal with a message to show.
      if (typeof input === 'string') return refuse(reply, BizCode.INVALID_DATA, input);
      const seed = `${spec.name}|${name}|${Object.keys(op.input).map((k) => input[k] ?? '').join('|')}`;
      const demo = new Demo(seed);
      if (kind === 'instant') {
        const r = (op as InstantSpec).run(input, demo, ctx.now(), env);
        return sendEnvelope<BureauInstantResult>(reply, 200, ok({ title: r.title, rows: [...r.rows, DEMO_SOURCE] }));
      }
      if (kind === 'check') return sendEnvelope<BureauCheckResult>(reply, 200, ok((op as CheckSpec).run(input, demo, ctx.now(), env)));
      return sendEnvelope<BureauQueryResult>(reply, 200, ok({ rows: (op as QuerySpec).run(input, demo, ctx.now(), env) }));
    };
  app.post<{ Params: { operation: string } }>(`${base}/instant/:operation`, operation('instant'));
  app.post<{ Params: { operation: string } }>(`${base}/check/:operation`, operation('check'));
  app.post<{ Params: { operation: string } }>(`${base}/query/:operation`, operation('query'));

  await app.register(async (writes) => {
    idempotentWrites(writes, { now: ctx.now });
    writes.post(`${base}/cases`, async (req, reply) => {
      const parsed = parseSubmit(req.body);
      if (typeof parsed === 'string') return badRequest(reply, parsed);
      return sendEnvelope<BureauCaseReceipt>(reply, 200, ok(cases.submit(req.appKey ?? '', parsed)));
    });
  });
}

async function bureauControlRoutes(app: FastifyInstance, ctx: PartnerContext, spec: BureauSpec, casesOf: (ctx: PartnerContext) => BureauCases): Promise<void> {
  const cases = casesOf(ctx);
  app.post<{ Params: { ref: string } }>(`/_control/${spec.name}/cases/:ref/decide`, async (req, reply) => {
    const body = req.body;
    const status = isRecord(body) ? body.status : undefined;
    if (status !== 'approved' && status !== 'denied') return badRequest(reply, '请求体应为 {status: approved|denied, comment?}');
    const comment = isRecord(body) && body.comment !== undefined ? text(body.comment, 500) : null;
    const d = cases.decide(req.params.ref, status, comment);
    if (!d) return refuse(reply, BizCode.NOT_FOUND, `没有受理编号为 ${req.params.ref} 的办件`);
    return sendEnvelope<BureauDecision>(reply, 200, ok(d));
  });
  if (spec.controlRoutes) await spec.controlRoutes(app, { ctx, cases });
}

function bureauEndpoints(spec: BureauSpec, decideAfterMs: number | null): PartnerEndpoint[] {
  const base = `/v1/${spec.name}`;
  const rule = decideAfterMs === null ? '仅由测试控制接口决定' : `提交${decideAfterMs / 1000}秒后自动办结：申请人姓名含“驳回”不予许可，含“人工”保持待审`;
  return [
    { method: 'POST', path: `${base}/cases`, summary: `提交办件（幂等键；同一 caseNo 只受理一次，返回同一受理编号 ${spec.refPrefix}+日期+序号）` },
    { method: 'GET', path: `${base}/cases/:ref`, summary: `审批结果 {status: pending|approved|denied, comment, result}；演示规则：${rule}` },
    ...Object.entries(spec.instant).map(([op, s]) => ({ method: 'POST', path: `${base}/instant/${op}`, summary: `即办：${s.summary}` })),
    ...Object.entries(spec.query).map(([op, s]) => ({ method: 'POST', path: `${base}/query/${op}`, summary: `查询：${s.summary} → {rows}` })),
    ...Object.entries(spec.check ?? {}).map(([op, s]) => ({ method: 'POST', path: `${base}/check/${op}`, summary: `提交前核对：${s.summary} → {ok, fields}` })),
    { method: 'POST', path: `/_control/${spec.name}/cases/:ref/decide`, summary: '测试：立即决定办件 {status: approved|denied, comment?}', access: 'control' },
    ...(spec.extraEndpoints ?? []),
  ];
}

export function bureauModule(spec: BureauSpec, opts: BureauOptions = {}): PartnerModule {
  const decideAfterMs = opts.decideAfterMs === undefined ? DEFAULT_DECIDE_AFTER_MS : opts.decideAfterMs;
  const rules: CaseRules = {
    refPrefix: spec.refPrefix,
    decideAfterMs,
    approveComment: spec.approveComment,
    result: (c, ref, decidedAt) => spec.result(c, ref, new Demo(`${spec.name}|${c.caseNo}`), decidedAt),
  };
  // routes and controlRoutes run in different scopes but must see the same cases.
  const casesOf = perSandbox((ctx) => new BureauCases(rules, ctx.now));
  return {
    name: spec.name,
    title: spec.title,
    owner: spec.owner,
    description: spec.description,
    signed: true,
    endpoints: bureauEndpoints(spec, decideAfterMs),
    routes: (app, ctx) => bureauRoutes(app, ctx, spec, casesOf),
    controlRoutes: (app, ctx) => bureauControlRoutes(app, ctx, spec, casesOf),
    ...(spec.publicRoutes ? { publicRoutes: (app: FastifyInstance, ctx: PartnerContext) => spec.publicRoutes!(app, { ctx, cases: casesOf(ctx) }) } : {}),
  };
}
