/**
 * The case engine (ARCHITECTURE "Cores": cases + workflows). One case model for 掌上办, 在线办事
 * and 一件事: the citizen files a form, the workflow (data, versioned) says what happens next.
 *
 * - `act` is THE state machine, used by citizens, staff, jobs and bureau decisions alike: it
 *   checks who may act, asks `transition.plan` what the action does, and applies it as one
 *   conditional UPDATE (…WHERE id AND status AND version) plus a timeline row in the same
 *   transaction. Losing the race is a 409 naming who acted first.
 * - Side effects follow the commit and never undo it: the citizen's message and SMS, the result
 *   document (retried by a job when the documents core fails), a 一件事's parent.
 * - Form data is SM4-encrypted; the applicant's name, ID number and phone are kept as blind
 *   indexes for the console's search and as a masked name for its queue.
 */
import { randomInt } from 'node:crypto';
import {
  APPLICATION_STATUS_NAMES,
  CASE_STATUS_NAMES,
  checkForm,
  acceptText,
  acceptsMime,
  fileIdsOf,
  maskIdNumber,
  maskName,
  maskPhone,
  type CaseCreate,
  type CaseDetail,
  type CaseListResponse,
  type CasePart,
  type CaseStatus,
  type CaseStepView,
  type CaseSummary,
  type FormField,
  type WorkflowDefinition,
} from '@dz/contracts';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AppContext } from '../../../infra/context.js';
import type { Insertable } from 'kysely';
import type { CaseEventsTable } from '../../../db/schema.js';
import { AppError, badRequest, forbidden, notFound, partnerUnavailable } from '../../../infra/errors.js';
import { isDuplicateKey } from '../../../infra/duplicate-key.js';
import { beijingStamp, nowIso } from '../../../infra/time.js';
import { assertPermission, assertSite } from '../../admin-auth/staff-guard.js';
import { createGateway } from '../../sms/sms.service.js';
import type { SmsGateway } from '../../sms/sms-gateway.js';
import { CasesRepository, INSTALLATION_KIND, type CaseEventRow, type CaseListRow, type CaseRow } from './cases.repository.js';
import type { ResolvedForm } from '../forms/forms.service.js';
import { CITIZEN_ACTIONS, actionName, plan, type ActOptions, type CaseActor, type EngineAction } from './transition.js';
import type { ResolvedWorkflow, WorkflowsService } from './workflows.service.js';

export type { ActOptions, CaseActor, EngineAction } from './transition.js';

declare module 'fastify' {
  interface FastifyInstance {
    cases: CasesService;
  }
}

export const HANDOFF_NOTICE = '已提交，等待部门接收';
const DEFAULT_DOCUMENT = { kind: 'approval-decision', title: '准予许可决定书' };

/** A workflow step that is the end itself (the staff flows' last step, 办结): shown once, as the end. */
const isEndStep = (name: string) => /^已?办结$/.test(name.trim());
const END_STATUSES: readonly string[] = ['completed', 'rejected', 'withdrawn'];
const END_ACTIONS: readonly string[] = ['complete', 'deny', 'reject', 'withdraw'];

const newCaseNo = () => `SQ${beijingStamp().slice(0, 8)}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** HH:MM in Beijing, with the date when it is not today. */
function whenText(iso: string): string {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return local.slice(0, 10) === today ? local.slice(11, 16) : `${local.slice(5, 10)} ${local.slice(11, 16)}`;
}

export interface Applicant {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
}

/** The applicant a form names: `name` / `applicantName`, the first ID number and phone fields; the login fills the gaps. */
export function applicantOf(fields: FormField[], values: Record<string, unknown>, login: Applicant): Applicant {
  const str = (k: string | undefined) => (k && typeof values[k] === 'string' && (values[k] as string).trim() ? (values[k] as string).trim() : null);
  const nameKey = fields.find((f) => f.key === 'name' || f.key === 'applicantName')?.key;
  const idKey = fields.find((f) => f.type === 'idNumber')?.key;
  const phoneKey = fields.find((f) => f.type === 'phone')?.key;
  return { name: str(nameKey) ?? login.name, idNumber: str(idKey) ?? login.idNumber, phone: str(phoneKey) ?? login.phone };
}

/**
 * 查询 and 即办 ask a bureau about a person: a field prefilled from the login's name or ID number is
 * the login's, whatever the browser sent — otherwise anyone could read another person's 医保 balance
 * or 参保证明 by typing their ID number. Without 实名认证 there is nothing to bind to, so such a form
 * needs it first. Returns the values with those fields replaced, or the reason to refuse.
 */
export function bindLoginIdentity(
  fields: FormField[],
  values: Record<string, unknown>,
  login: Applicant & { verified: boolean },
): { ok: true; values: Record<string, unknown> } | { ok: false; reason: string } {
  const bound = fields.filter((f) => f.prefill === 'user.idNumber' || f.prefill === 'user.name');
  if (!bound.length) return { ok: true, values };
  if (!login.verified) return { ok: false, reason: '该查询只能查询本人信息，请先到“我的 → 实名认证”完成实名认证' };
  const out = { ...values };
  for (const f of bound) out[f.key] = f.prefill === 'user.idNumber' ? login.idNumber : login.name;
  return { ok: true, values: out };
}

/** What a 一次性告知 asked, while the case (or a part) waits for it. */
const supplementOf = (r: CaseRow): { items: string[]; comment: string | null } | null =>
  r.status === 'supplement' && r.supplement ? (JSON.parse(r.supplement) as { items: string[]; comment: string | null }) : null;

const isNameKey = (f: FormField) => f.key === 'name' || /name$/i.test(f.key) || /姓名|申请人$|联系人$/.test(f.label);

/** The data as shown on a screen: ID numbers, phones and names masked (groups row by row). */
export function maskData(fields: FormField[], data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const f = fields.find((x) => x.key === k);
    if (!f) continue;
    if (f.type === 'group' && Array.isArray(v)) out[k] = v.map((row) => (row && typeof row === 'object' ? maskData(f.fields ?? [], row as Record<string, unknown>) : row));
    else if (typeof v === 'string' && v) {
      if (f.type === 'idNumber') out[k] = v.length >= 15 ? maskIdNumber(v) : `${v.slice(0, 2)}****${v.slice(-2)}`;
      else if (f.type === 'phone') out[k] = maskPhone(v);
      else if (f.sensitive) out[k] = `${v.slice(0, 1)}****`;
      else if (f.type === 'text' && isNameKey(f)) out[k] = maskName(v);
      else out[k] = v;
    } else out[k] = v;
  }
  return out;
}

/**
 * What a feature built on the engine owns for its kind of case (互动 registers `interaction`): its
 * notifications replace the generic 办件 texts, which would send the citizen to 我的办件.
 */
export interface CaseKindHooks {
  notify?: (row: CaseRow, action: EngineAction, opts: ActOptions) => Promise<void>;
}

/** One entry of a case's timeline as the services describe it. */
export interface TimelineEntry {
  action: string;
  actor: CaseActor;
  comment?: string | null;
  detail?: Record<string, unknown> | null;
  stepName?: string | null;
}

function eventRow(caseId: number, e: TimelineEntry): Insertable<CaseEventsTable> {
  return {
    case_id: caseId,
    action: e.action,
    from_status: null,
    to_status: null,
    step_name: e.stepName ?? null,
    actor_type: e.actor.type,
    actor_id: e.actor.id,
    actor_name: e.actor.name,
    comment: e.comment ?? null,
    detail: e.detail ? JSON.stringify(e.detail) : null,
    created_at: nowIso(),
  };
}

/**
 * The engine's other cores are used as they are, through their decorators: forms, file links,
 * documents and bureaus register before the cases plugin (its dependencies say so); ratings
 * registers after it (it builds on `app.cases`) and is read at call time.
 */
export class CasesService {
  private readonly sms: SmsGateway;
  private readonly log: FastifyBaseLogger;
  private readonly kinds = new Map<string, CaseKindHooks>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly workflows: WorkflowsService,
  ) {
    this.sms = createGateway(app.ctx);
    this.log = app.log;
  }

  private get ctx(): AppContext {
    return this.app.ctx;
  }

  private get repo() {
    return new CasesRepository(this.ctx.db);
  }

  async workflowOf(row: CaseRow): Promise<ResolvedWorkflow> {
    const wf = await this.workflows.version(row.workflow_code, row.workflow_site, row.workflow_version);
    if (!wf) throw new AppError(500, 'WORKFLOW_MISSING', '办件的办理流程不存在，请联系管理员');
    return wf;
  }

  dataOf(row: CaseRow): Record<string, unknown> {
    return JSON.parse(this.ctx.gm.decrypt(row.data_enc)) as Record<string, unknown>;
  }

  /** The case of this citizen, or 404 (someone else's case does not exist for them; an installation is served by its own routes). */
  async getOwned(userId: number, caseId: number): Promise<CaseRow> {
    const row = await this.repo.findOwned(userId, caseId);
    if (!row || row.kind === INSTALLATION_KIND) throw notFound('办件不存在');
    return row;
  }

  /** A feature takes over what the engine does generically for its kind of case (see CaseKindHooks). */
  registerKind(kind: string, hooks: CaseKindHooks): void {
    this.kinds.set(kind, hooks);
  }

  get(caseId: number): Promise<CaseRow | undefined> {
    return this.repo.find(caseId);
  }

  /** Appends to the timeline without changing the case (ratings, 整改 replies, notes). */
  async event(caseId: number, e: TimelineEntry): Promise<void> {
    await this.repo.insertEvent(eventRow(caseId, e));
  }

  events(caseId: number): Promise<CaseEventRow[]> {
    return this.repo.events(caseId);
  }

  /** 409 CASE_CONFLICT naming who moved the case last and when. */
  private async conflict(caseId: number): Promise<AppError> {
    const [row, last] = await Promise.all([this.repo.find(caseId), this.repo.lastEvent(caseId)]);
    if (!row || !last) return new AppError(409, 'CASE_CONFLICT', '该办件已被他人处理，请刷新后查看');
    const who = row.last_actor ?? last.actor_name ?? '他人';
    return new AppError(409, 'CASE_CONFLICT', `该办件已由 ${who} 于 ${whenText(row.updated_at)} ${actionName(last.action)}，请刷新后查看`, { details: { version: row.version, status: row.status, lastActor: who, updatedAt: row.updated_at } });
  }

  // ---------------------------------------------------------------------------------------------
  // The state machine

  /**
   * Moves a case: `action` by `actor`. Staff need the current step's permission, the action in
   * the step's list and the case's site in scope; citizens act only on their own case and only
   * withdraw / supplement; the platform and bureau systems are trusted callers.
   */
  async act(caseId: number, action: EngineAction, actor: CaseActor, opts: ActOptions = {}): Promise<CaseRow> {
    const row = await this.repo.find(caseId);
    if (!row || row.kind === INSTALLATION_KIND || (actor.type === 'citizen' && row.user_id !== actor.id)) throw notFound('办件不存在');
    const wf = await this.workflowOf(row);
    const step = wf.definition.steps[row.step_index] ?? null;
    const citizenAction = (CITIZEN_ACTIONS as readonly string[]).includes(action);
    if (actor.type === 'citizen' && !citizenAction) throw forbidden('您不能进行此操作');
    if (actor.type === 'staff') {
      const staff = actor.staff;
      if (!staff) throw forbidden();
      if (citizenAction) throw forbidden('该操作只能由申请人本人进行');
      assertSite(staff, row.site_code);
      // A stale view is answered first: the step it saw may have moved on with the case.
      if (opts.version !== undefined && opts.version !== row.version) throw await this.conflict(caseId);
      assertPermission(staff, step?.permission ?? 'case:handle');
      if (action !== 'claim' && !(step?.actions as readonly string[] | undefined)?.includes(action)) {
        throw new AppError(409, 'ACTION_NOT_ALLOWED', step ? `当前环节“${step.name}”不能${actionName(action)}` : `该办件不需要人工办理，不能${actionName(action)}`);
      }
      if (action === 'claim' && opts.staffId === undefined) opts = { ...opts, staffId: staff.id };
    }
    if (opts.version !== undefined && opts.version !== row.version) throw await this.conflict(caseId);

    const now = nowIso();
    const p = plan(row, wf.definition, action, opts, (s) => this.ctx.gm.encrypt(s), now);
    const detail = { ...(p.detail ?? {}), ...(opts.items?.length && action === 'request-supplement' ? { items: opts.items } : {}), ...(opts.detail ?? {}) };
    const moved = await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new CasesRepository(trx);
      if (!(await repo.transition(row.id, row.status, row.version, { ...p.set, ...(opts.set ?? {}), last_actor: actor.name.slice(0, 64), updated_at: now }))) return false;
      await repo.insertEvent({
        case_id: row.id,
        action,
        from_status: row.status,
        to_status: p.to,
        step_name: step?.name ?? null,
        actor_type: actor.type,
        actor_id: actor.id,
        actor_name: actor.name.slice(0, 64),
        comment: opts.comment?.trim() || null,
        detail: Object.keys(detail).length ? JSON.stringify(detail) : null,
        created_at: now,
      });
      return true;
    });
    if (!moved) throw await this.conflict(caseId);
    const after = (await this.repo.find(caseId))!;
    await this.afterMove(after, wf.definition, action, opts);
    return after;
  }

  /** What follows a committed move; failures are logged, never undo the move. */
  private async afterMove(row: CaseRow, def: WorkflowDefinition, action: EngineAction, opts: ActOptions): Promise<void> {
    try {
      if (row.status === 'completed' && action === 'complete' && row.parent_id === null) await this.issueDocument(row, def);
      if (row.parent_id === null) await this.notify(row, action, opts);
      // A part's 补正 is the citizen's to answer: told about it on the 一件事 they filed.
      else if (action === 'request-supplement') await this.notify(row, action, opts, row.parent_id);
      if (row.parent_id !== null && (row.status === 'completed' || row.status === 'rejected')) await this.settleParent(row.parent_id, row);
    } catch (err) {
      this.log.error({ err, caseId: row.id, action }, 'case side effect failed');
    }
  }

  /** 一件事: the parent completes when every part has, and is refused when one part is. */
  private async settleParent(parentId: number, part: CaseRow): Promise<void> {
    const parent = await this.repo.find(parentId);
    if (!parent || parent.status !== 'accepted') return;
    const parts = await this.repo.parts(parentId);
    const system: CaseActor = { type: 'system', id: null, name: '系统' };
    try {
      if (part.status === 'rejected') {
        const last = (await this.repo.events(part.id)).reverse().find((e) => e.to_status === 'rejected');
        await this.act(parentId, 'deny', system, { comment: `${part.title}未通过：${last?.comment ?? '部门不予许可'}` });
      } else if (parts.every((x) => x.status === 'completed')) {
        await this.act(parentId, 'complete', system, { comment: '各联办事项均已办结' });
      }
    } catch (err) {
      // Two parts finishing at once both try: the loser's 409 is expected.
      if (!(err instanceof AppError && err.statusCode === 409)) throw err;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Documents and notifications

  private async applicantName(row: CaseRow): Promise<{ name: string; idNumber: string | null }> {
    const u = await this.repo.user(row.user_id);
    const form = await this.app.forms.version(row.form_code, row.form_site, row.form_version);
    const a = applicantOf(form?.fields ?? [], this.dataOf(row), {
      name: u ? this.ctx.gm.decryptNullable(u.name_enc) : null,
      idNumber: u ? this.ctx.gm.decryptNullable(u.id_number_enc) : null,
      phone: null,
    });
    return { name: a.name ?? '申请人', idNumber: a.idNumber };
  }

  /**
   * The result document of a completed case (the workflow's template, else 准予许可决定书). Retried
   * by the `cases.document` job when the documents core fails; skipped while it is not loaded.
   */
  async issueDocument(row: CaseRow, def: WorkflowDefinition, opts: { rethrow?: boolean; extraRows?: { label: string; value: string }[] } = {}): Promise<string | null> {
    const extraRows = opts.extraRows ?? [];
    if (row.document_id) return row.document_id;
    const documents = this.app.documents;
    const who = await this.applicantName(row);
    const kind = def.document ?? DEFAULT_DOCUMENT.kind;
    try {
      const doc = await documents.issue({
        kind,
        title: def.document ? `${row.title}办理结果` : DEFAULT_DOCUMENT.title,
        userId: row.user_id,
        caseId: row.id,
        holderName: who.name,
        holderIdNumber: who.idNumber,
        rows: [{ label: '办件编号', value: row.case_no }, { label: '申请事项', value: row.title }, { label: '申请人', value: who.name }, ...extraRows, { label: '办结日期', value: (row.completed_at ?? nowIso()).slice(0, 10) }],
        body: def.document ? undefined : [`经审查，你（单位）提出的“${row.title}”申请符合法定条件和标准，决定准予许可。`],
      });
      await this.repo.patch(row.id, { document_id: doc.id });
      return doc.id;
    } catch (err) {
      if (opts.rethrow) throw err;
      this.log.warn({ err, caseId: row.id }, 'result document failed, retried by a job');
      await this.app.jobs.enqueue('cases.document', { caseId: row.id }, { key: `cases.document:${row.id}` });
      return null;
    }
  }

  /** 受理 / 补正 / 办结 / 不予受理 / 不予许可: a personal message and an SMS with the case number only. */
  private async notify(row: CaseRow, action: EngineAction, opts: ActOptions, linkId = row.id): Promise<void> {
    const own = this.kinds.get(row.kind)?.notify;
    if (own) return own(row, action, opts);
    const texts: Partial<Record<EngineAction, { title: string; body: string; sms: string }>> = {
      accept: { title: '办件已受理', body: `您的办件“${row.title}”（${row.case_no}）已受理，承诺办结时限截至 ${row.deadline_at ? whenText(row.deadline_at).replace(/^(\d\d-\d\d) .*/, '$1') : '—'}。`, sms: `您的办件${row.case_no}已受理，可在“我的办件”中查看进度。` },
      'request-supplement': { title: '办件需要补正材料', body: `您的办件“${row.title}”（${row.case_no}）需要补正：${(opts.items ?? []).join('；')}。请在“我的办件”中补正后提交。`, sms: `您的办件${row.case_no}需要补正材料，请登录“我的办件”查看并补正。` },
      complete: { title: '办件已办结', body: `您的办件“${row.title}”（${row.case_no}）已办结${row.document_id ? '，结果文书可在办件详情中查看下载' : ''}。欢迎对本次服务进行评价。`, sms: `您的办件${row.case_no}已办结，可在“我的办件”中查看结果并评价。` },
      reject: { title: '办件不予受理', body: `您的办件“${row.title}”（${row.case_no}）不予受理。理由：${opts.comment ?? ''}`, sms: `您的办件${row.case_no}不予受理，原因请登录“我的办件”查看。` },
      deny: { title: '办件不予许可', body: `您的办件“${row.title}”（${row.case_no}）不予许可。理由：${opts.comment ?? ''}`, sms: `您的办件${row.case_no}未通过审批，原因请登录“我的办件”查看。` },
    };
    const t = texts[action];
    if (!t) return;
    await this.app.messages.notifyUser({ userId: row.user_id, siteCode: row.site_code, title: t.title, body: t.body, link: `/cases/${linkId}` });
    const u = await this.repo.user(row.user_id);
    const phone = u ? this.ctx.gm.decryptNullable(u.phone_enc) : null;
    if (!phone) return;
    try {
      await this.sms.send(phone, `【天府通办】${t.sms}`, null);
    } catch (err) {
      this.log.warn({ err, caseId: row.id }, 'case SMS not delivered');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Citizen side

  private async login(userId: number): Promise<Applicant & { verified: boolean }> {
    const u = await this.repo.user(userId);
    return {
      name: u ? this.ctx.gm.decryptNullable(u.name_enc) : null,
      idNumber: u ? this.ctx.gm.decryptNullable(u.id_number_enc) : null,
      phone: u ? this.ctx.gm.decryptNullable(u.phone_enc) : null,
      verified: !!u && Number(u.real_name_verified) === 1 && !!u.name_enc && !!u.id_number_enc,
    };
  }

  private checked(fields: FormField[], data: Record<string, unknown>, partial: boolean): Record<string, unknown> {
    const { values, errors } = checkForm(fields, data, { partial });
    const keys = Object.keys(errors);
    if (keys.length) throw badRequest(keys.length === 1 ? errors[keys[0]!]! : `${errors[keys[0]!]!}等 ${keys.length} 项需要修改`, errors);
    return values;
  }

  /**
   * Every file the data names must be the citizen's own upload, checked before anything is
   * stored (the links are made after the case exists); 400 naming the fields otherwise.
   */
  private async assertFiles(userId: number, fields: FormField[], values: Record<string, unknown>): Promise<string[]> {
    const ids = fileIdsOf(fields, values);
    const withFiles = fields.filter((f) => (f.type === 'image' || f.type === 'file' || f.type === 'group') && fileIdsOf([f], values).length > 0);
    let mimes: Map<string, string>;
    try {
      mimes = await this.app.files.mimesOwned(userId, ids);
    } catch {
      const message = '材料文件不存在或不是您本人上传的，请重新上传';
      throw badRequest(message, Object.fromEntries(withFiles.map((f) => [f.key, `${f.label}：${message}`])));
    }
    // Each material takes only what its field accepts (a 章程 as PDF, a photo as an image).
    const wrong: Record<string, string> = {};
    const check = (f: FormField, data: Record<string, unknown>, path: string) => {
      if (f.type === 'group' && Array.isArray(data[f.key])) {
        (data[f.key] as Record<string, unknown>[]).forEach((row, i) => (f.fields ?? []).forEach((c) => check(c, row, `${path}[${i}].`)));
      } else if ((f.type === 'image' || f.type === 'file') && fileIdsOf([f], data).some((id) => !acceptsMime(f, mimes.get(id) ?? ''))) {
        wrong[path + f.key] = `${f.label}只能上传${acceptText(f)}`;
      }
    };
    for (const f of fields) check(f, values, '');
    if (Object.keys(wrong).length) throw badRequest(`${Object.values(wrong)[0]}，请重新上传`, wrong);
    return ids;
  }

  private async newCaseNo(): Promise<string> {
    for (;;) {
      const no = newCaseNo();
      if (!(await this.repo.caseNoTaken(no))) return no;
    }
  }

  /** POST /api/cases: files a form (or keeps a draft); 即办 and 查询 answer at once. */
  async create(userId: number, body: CaseCreate): Promise<{ id: number; caseNo: string; status: CaseStatus; result?: unknown }> {
    const form = await this.app.forms.resolve(body.formCode, body.site);
    if (!form) throw notFound('该事项的申请表不存在或已下线');
    const wf = await this.workflows.resolve(form.workflowCode, body.site);
    if (!wf) throw notFound('该事项暂未配置办理流程，请稍后再试');
    const def = wf.definition;
    const draft = body.draftId ? await this.getOwned(userId, body.draftId) : null;
    if (draft && (draft.status !== 'draft' || draft.form_code !== body.formCode)) throw new AppError(409, 'NOT_A_DRAFT', '该办件已提交，不能再修改');
    const checkedValues = this.checked(form.fields, body.data ?? {}, !!body.draft);
    const login = await this.login(userId);
    // A precheck's answer tells about the person too (公积金提取: the withdrawable balance), so its form binds to the login like a 查询.
    const asksAboutPerson = def.kind === 'query' || def.kind === 'instant' || !!def.precheck;
    const personal = asksAboutPerson ? bindLoginIdentity(form.fields, checkedValues, login) : ({ ok: true, values: checkedValues } as const);
    if (!personal.ok && !body.draft && (def.kind === 'query' || def.kind === 'instant')) throw new AppError(403, 'REALNAME_REQUIRED', personal.reason);
    const values = personal.ok ? personal.values : checkedValues;
    if (!body.draft && def.kind !== 'query' && !login.verified) {
      throw new AppError(403, 'REALNAME_REQUIRED', `办理“${form.title}”需先完成实名认证，请到“我的 → 实名认证”完成后再提交`);
    }
    const applicant = applicantOf(form.fields, values, login);
    const now = nowIso();
    const base = {
      user_id: userId,
      site_code: body.site,
      kind: def.kind,
      title: form.title.slice(0, 100),
      form_code: form.code,
      form_site: form.siteCode,
      form_version: form.version,
      workflow_code: wf.code,
      workflow_site: wf.siteCode,
      workflow_version: wf.version,
      step_key: def.steps[0]?.key ?? null,
      data_enc: this.ctx.gm.encrypt(JSON.stringify(values)),
      applicant_masked: applicant.name ? maskName(applicant.name) : applicant.phone ? maskPhone(applicant.phone) : '',
      applicant_name_bidx: applicant.name ? this.ctx.gm.blindIndex('name', applicant.name) : null,
      applicant_id_bidx: applicant.idNumber ? this.ctx.gm.blindIndex('id', applicant.idNumber) : null,
      applicant_phone_bidx: applicant.phone ? this.ctx.gm.blindIndex('phone', applicant.phone) : null,
      department_id: form.departmentId,
      updated_at: now,
    };
    const files = await this.assertFiles(userId, form.fields, values);

    if (body.draft) {
      let id: number;
      let caseNo: string;
      if (draft) {
        await this.repo.patch(draft.id, { ...base, version: draft.version + 1 });
        ({ id, case_no: caseNo } = draft);
      } else {
        caseNo = await this.newCaseNo();
        id = await this.insertCase({ ...base, case_no: caseNo, status: 'draft', parent_id: null, part_code: null, created_at: now });
      }
      await this.app.fileLinks.link(userId, files, 'case', String(id));
      return { id, caseNo, status: 'draft' };
    }

    await this.precheck(def, body.site, values, applicant);

    // 查询 and 即办 ask the bureau system first: nothing is filed when it cannot answer.
    let result: unknown = null;
    if (def.kind === 'query' || def.kind === 'instant') {
      const bureaus = this.app.bureaus;
      if (!def.partner) throw partnerUnavailable('部门系统暂不可用，请稍后重试');
      if (def.kind === 'query') {
        const r = await bureaus.query(def.partner, body.site, def.query?.operation ?? form.code, values);
        result = { layout: def.query?.layout ?? 'list', columns: def.query?.columns ?? [], rows: r.rows };
      } else {
        result = await bureaus.instant(def.partner, body.site, def.operation ?? def.query?.operation ?? form.code, values);
      }
    }

    const status: CaseStatus = def.kind === 'query' || def.kind === 'instant' ? 'completed' : 'submitted';
    const handoff = def.kind === 'promise' && def.partner ? 'pending' : 'none';
    const filed = { ...base, status, submitted_at: now, completed_at: status === 'completed' ? now : null, result: result === null ? null : JSON.stringify(result), handoff } as const;
    const citizen: CaseActor = { type: 'citizen', id: userId, name: '申请人' };
    let id: number;
    let caseNo: string;
    if (draft) {
      const ok = await this.repo.transition(draft.id, 'draft', draft.version, filed);
      if (!ok) throw await this.conflict(draft.id);
      ({ id, case_no: caseNo } = draft);
      await this.event(id, { action: 'submit', actor: citizen, stepName: null });
      await this.app.fileLinks.link(userId, files, 'case', String(id));
    } else {
      ({ id, caseNo } = await this.insertFiled({ ...filed, case_no: newCaseNo(), parent_id: null, part_code: null, created_at: now }, files, citizen));
    }
    // A 承诺件 is filed as it is; 即办 and 一件事 go on from the stored row.
    if (def.kind === 'promise') {
      if (handoff === 'pending') await this.app.jobs.enqueue('cases.handoff', { caseId: id }, { key: `cases.handoff:${id}` });
      return { id, caseNo, status };
    }
    const row = (await this.repo.find(id))!;

    if (def.kind === 'instant') {
      await this.event(id, { action: 'complete', actor: { type: 'partner', id: null, name: def.partner ?? '部门系统' } });
      const r = result as { title: string; rows: { label: string; value: string }[] };
      const docId = await this.issueInstant(row, def, r);
      const doc = docId ? await this.repo.document(docId) : undefined;
      result = { ...r, document: doc ? { id: doc.id, docNo: doc.doc_no, url: `/api/documents/${doc.id}/pdf`, qrText: this.app.documents.qrTextOf(doc.id) } : null };
    }
    if (handoff === 'pending') await this.app.jobs.enqueue('cases.handoff', { caseId: id }, { key: `cases.handoff:${id}` });
    if (def.kind === 'bundle') await this.startBundle(row, def);
    const final = (await this.repo.find(id))!;
    return { id, caseNo, status: final.status, ...(result !== null ? { result } : {}) };
  }

  /**
   * A 承诺件's check with its deciding bureau before it is filed (WorkflowDefinition.precheck), with
   * the applicant the hand-off will send. A refusal is the form's own 400 (the H5 shows each message
   * under its field); a bureau that cannot answer is a 503 — nothing is filed either way.
   */
  private async precheck(def: WorkflowDefinition, site: string, values: Record<string, unknown>, applicant: Applicant): Promise<void> {
    if (!def.precheck || !def.partner) return;
    let r: { ok: boolean; fields: Record<string, string> } | null;
    try {
      r = await this.app.bureaus.check(def.partner, site, def.precheck.operation, { ...values, idNumber: applicant.idNumber, name: applicant.name });
    } catch (err) {
      if (err instanceof AppError && err.statusCode === 503) throw partnerUnavailable('部门业务系统暂时无法核验您的申请，申请未提交，请稍后重试');
      throw err;
    }
    if (r === null) {
      // The bureau offers no such check (a workflow configured ahead of it): it still decides the case.
      this.log.warn({ partner: def.partner, operation: def.precheck.operation }, 'bureau has no such precheck, filed without it');
      return;
    }
    if (r.ok) return;
    const messages = Object.values(r.fields);
    throw badRequest(messages.length === 1 ? messages[0]! : `${messages[0]!}等 ${messages.length} 项需要修改`, r.fields);
  }

  private async insertCase(row: Parameters<CasesRepository['insert']>[0]): Promise<number> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.repo.insert(row);
      } catch (err) {
        if (!isDuplicateKey(err) || attempt > 3 || row.parent_id) throw err;
        row = { ...row, case_no: await this.newCaseNo() };
      }
    }
  }
  /**
   * A filed case, its 提交申请 entry and its material links in ONE transaction: nothing half-filed
   * is left behind, and MariaDB commits once. A case number taken meanwhile (random, so rare) is
   * drawn again.
   */
  private async insertFiled(row: Parameters<CasesRepository['insert']>[0], files: string[], actor: CaseActor): Promise<{ id: number; caseNo: string }> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const id = await this.ctx.db.transaction().execute(async (trx) => {
          const repo = new CasesRepository(trx);
          const newId = await repo.insert(row);
          await repo.insertEvent(eventRow(newId, { action: 'submit', actor, stepName: null }));
          await this.app.fileLinks.linkNew(trx, files, 'case', String(newId));
          return newId;
        });
        return { id, caseNo: row.case_no };
      } catch (err) {
        if (!isDuplicateKey(err) || attempt > 3) throw err;
        row = { ...row, case_no: newCaseNo() };
      }
    }
  }


  /** 即办: the bureau's answer becomes the case's document at once. */
  private async issueInstant(row: CaseRow, def: WorkflowDefinition, r: { title: string; rows: { label: string; value: string }[] }): Promise<string | null> {
    const documents = this.app.documents;
    const who = await this.applicantName(row);
    try {
      const doc = await documents.issue({ kind: def.document ?? row.form_code, title: r.title || row.title, userId: row.user_id, caseId: row.id, holderName: who.name, holderIdNumber: who.idNumber, rows: r.rows });
      await this.repo.patch(row.id, { document_id: doc.id });
      return doc.id;
    } catch (err) {
      this.log.warn({ err, caseId: row.id }, 'instant document failed');
      return null;
    }
  }

  /** 一件事: accepted at once, one part per department, each handed off or left to staff. */
  private async startBundle(parent: CaseRow, def: WorkflowDefinition): Promise<void> {
    const system: CaseActor = { type: 'system', id: null, name: '系统' };
    await this.act(parent.id, 'accept', system, { comment: '一件事联办，已分送各部门' });
    const now = nowIso();
    for (const [i, part] of (def.parts ?? []).entries()) {
      const id = await this.insertCase({
        case_no: `${parent.case_no}-${i + 1}`,
        user_id: parent.user_id,
        site_code: parent.site_code,
        kind: parent.kind,
        title: part.name,
        status: 'submitted',
        form_code: parent.form_code,
        form_site: parent.form_site,
        form_version: parent.form_version,
        workflow_code: parent.workflow_code,
        workflow_site: parent.workflow_site,
        workflow_version: parent.workflow_version,
        step_key: def.steps[0]?.key ?? null,
        data_enc: parent.data_enc,
        applicant_masked: parent.applicant_masked,
        applicant_name_bidx: parent.applicant_name_bidx,
        applicant_id_bidx: parent.applicant_id_bidx,
        applicant_phone_bidx: parent.applicant_phone_bidx,
        department_id: null,
        parent_id: parent.id,
        part_code: part.code,
        handoff: part.partner ? 'pending' : 'none',
        submitted_at: now,
        created_at: now,
        updated_at: now,
      });
      await this.event(id, { action: 'submit', actor: system, comment: `一件事“${parent.title}”的联办事项，承办部门：${part.department}` });
      if (part.partner) await this.app.jobs.enqueue('cases.handoff', { caseId: id }, { key: `cases.handoff:${id}` });
    }
  }

  /** POST /api/cases/:id/supplement: merged with what was filed, checked against the case's own form version. */
  async supplement(userId: number, caseId: number, data: Record<string, unknown>): Promise<CaseDetail> {
    let row = await this.getOwned(userId, caseId);
    // 一件事: the citizen answers on the case they filed; the part that asked takes the answer.
    if (row.status !== 'supplement' && row.parent_id === null) row = (await this.repo.parts(row.id)).find((p) => p.status === 'supplement') ?? row;
    if (row.status !== 'supplement') throw new AppError(409, 'CASE_STATE', '该办件当前不需要补正');
    const form = await this.formOf(row);
    const values = this.checked(form.fields, { ...this.dataOf(row), ...data }, false);
    await this.app.fileLinks.link(userId, await this.assertFiles(userId, form.fields, values), 'case', String(row.id));
    await this.act(row.id, 'supplement', { type: 'citizen', id: userId, name: '申请人' }, { data: values, version: row.version });
    return this.detail(userId, caseId);
  }

  async withdraw(userId: number, caseId: number): Promise<CaseDetail> {
    const row = await this.getOwned(userId, caseId);
    if (row.status !== 'submitted' || row.parent_id !== null) throw new AppError(409, 'CASE_STATE', '办件已受理，不能撤回；如需撤回请联系承办部门');
    await this.act(row.id, 'withdraw', { type: 'citizen', id: userId, name: '申请人' }, { version: row.version });
    return this.detail(userId, caseId);
  }

  private async formOf(row: CaseRow): Promise<ResolvedForm> {
    const form = await this.app.forms.version(row.form_code, row.form_site, row.form_version);
    if (!form) throw new AppError(500, 'FORM_MISSING', '办件的申请表版本不存在，请联系管理员');
    return form;
  }

  // ---- reading ---------------------------------------------------------------------------------

  private summary(r: CaseListRow): CaseSummary {
    if (r.kind === INSTALLATION_KIND) {
      // The company's 办理中 is the engine's accepted; the row opens the installation's own page.
      const statusName = r.status === 'accepted' ? APPLICATION_STATUS_NAMES.processing : CASE_STATUS_NAMES[r.status];
      return { id: r.id, caseNo: r.case_no, title: r.title, kind: r.kind, status: r.status, statusName, siteCode: r.site_code, deadline: null, createdAt: r.created_at, updatedAt: r.updated_at, href: `/me/cases/${r.id}` };
    }
    return { id: r.id, caseNo: r.case_no, title: r.title, kind: r.kind, status: r.status, statusName: CASE_STATUS_NAMES[r.status], siteCode: r.site_code, deadline: r.deadline_at, createdAt: r.created_at, updatedAt: r.updated_at, href: `/cases/${r.id}` };
  }

  /** 我的办件: engine cases and 在线报装 installations (kind installation) from the one table, newest first. */
  async listForUser(userId: number, page: number, pageSize: number): Promise<CaseListResponse> {
    const [rows, total] = await Promise.all([this.repo.listForUser(userId, (page - 1) * pageSize, pageSize), this.repo.countForUser(userId)]);
    return { items: rows.map((r) => this.summary(r)), total, page, pageSize };
  }

  /**
   * The timeline as the citizen reads it: 提交申请, one entry per stage the case really goes
   * through, and the end (办结 / 未通过 / 已撤回) once. A workflow's own last step named 办结 is that
   * end, not a stage of its own; stages a finished case never reached are left out; the stage a
   * case was refused at is marked failed, the reason shown once, on the end. A 一件事 moves through
   * 受理 and 部门联办 (its parts' progress; each part is listed in `parts`).
   */
  private steps(row: CaseRow, def: WorkflowDefinition, events: CaseEventRow[], parts: CaseRow[]): CaseStepView[] {
    const submitted = events.find((e) => e.action === 'submit');
    const out: CaseStepView[] = [{ name: '提交申请', status: row.status === 'draft' ? 'current' : 'done', at: submitted?.created_at ?? row.submitted_at, comment: null }];
    const finished = row.status === 'completed';
    const refused = row.status === 'rejected';
    const withdrawn = row.status === 'withdrawn';
    const moving = row.status === 'submitted' || row.status === 'accepted' || row.status === 'supplement';
    // The move that ended the case (即办's 办结 is appended by the engine, without a status change).
    const end = finished || refused || withdrawn ? [...events].reverse().find((e) => (e.to_status !== null && END_STATUSES.includes(e.to_status)) || (e.from_status === null && END_ACTIONS.includes(e.action))) : undefined;
    const entry = (name: string, status: CaseStepView['status'], last: CaseEventRow | undefined): CaseStepView => ({
      name,
      status,
      at: status === 'pending' ? null : (last?.created_at ?? null),
      // The end's comment (准予许可, the reason of a refusal) is shown on the end entry only.
      comment: status === 'pending' || !last || last === end ? null : last.comment,
    });

    if (row.kind === 'bundle' && row.parent_id === null) {
      const accepted = events.find((e) => e.action === 'accept' && e.from_status !== null);
      out.push(entry('受理', accepted ? 'done' : moving ? 'current' : 'pending', accepted));
      const joint = entry('部门联办', finished ? 'done' : refused ? 'failed' : row.status === 'accepted' || row.status === 'supplement' ? 'current' : 'pending', finished || refused ? end : accepted);
      if (joint.status === 'current' && parts.length) joint.comment = `已办结 ${parts.filter((p) => p.status === 'completed').length}/${parts.length} 项`;
      out.push(joint);
    } else {
      def.steps.forEach((s, i) => {
        if (isEndStep(s.name)) return;
        let status: CaseStepView['status'];
        if (finished || refused || withdrawn) {
          // Only stages the case reached; a withdrawn case never began the one it waited at.
          if (i > row.step_index || (withdrawn && i === row.step_index)) return;
          status = refused && i === row.step_index ? 'failed' : 'done';
        } else status = i < row.step_index ? 'done' : i === row.step_index && moving ? 'current' : 'pending';
        out.push(entry(s.name, status, [...events].reverse().find((e) => e.step_name === s.name && e.from_status !== null)));
      });
    }
    out.push({
      name: refused ? '未通过' : withdrawn ? '已撤回' : '办结',
      status: finished ? 'done' : refused || withdrawn ? 'failed' : 'pending',
      at: end?.created_at ?? (finished || refused || withdrawn ? (row.completed_at ?? row.updated_at) : null),
      comment: end?.comment ?? null,
    });
    return out;
  }

  async detail(userId: number, caseId: number): Promise<CaseDetail> {
    const row = await this.getOwned(userId, caseId);
    const [wf, form, events, parts, ratings] = await Promise.all([this.workflowOf(row), this.formOf(row), this.repo.events(row.id), this.repo.parts(row.id), this.app.ratings.forCase(row.id)]);
    const doc = row.document_id ? await this.repo.document(row.document_id) : undefined;
    const partView = (p: CaseRow): CasePart => ({ id: p.id, code: p.part_code ?? '', title: p.title, department: wf.definition.parts?.find((x) => x.code === p.part_code)?.department ?? '', status: p.status, statusName: CASE_STATUS_NAMES[p.status], updatedAt: p.updated_at });
    const waiting = (r: CaseRow) => r.status === 'submitted' && r.handoff === 'pending';
    return {
      id: row.id,
      caseNo: row.case_no,
      title: row.title,
      kind: row.kind,
      status: row.status,
      statusName: CASE_STATUS_NAMES[row.status],
      siteCode: row.site_code,
      steps: this.steps(row, wf.definition, events, parts),
      data: maskData(form.fields, this.dataOf(row)),
      form: { code: form.code, version: form.version, fields: form.fields },
      deadline: row.deadline_at,
      supplement: supplementOf(row) ?? parts.map(supplementOf).find((x) => x !== null) ?? null,
      parts: parts.map(partView),
      document: doc ? { id: doc.id, docNo: doc.doc_no, title: doc.title, url: `/api/documents/${doc.id}/pdf`, issuedAt: doc.issued_at, qrText: this.app.documents.qrTextOf(doc.id) } : null,
      result: row.result ? (JSON.parse(row.result) as unknown) : null,
      notice: waiting(row) || parts.some(waiting) ? HANDOFF_NOTICE : null,
      ratings,
      canWithdraw: row.status === 'submitted' && row.parent_id === null,
      canRate: row.status === 'completed' && row.kind !== 'query' && !ratings.some((r) => r.round === 1),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

export { actionName };
