/**
 * 办件中心: the console side of the cases core. The queues, a case as staff see it, and the staff
 * actions — which go through the ONE state machine (`app.cases.act`, CASES-CORE); only 认领 / 指派
 * is done here, because who handles a case is not a state of it.
 *
 * Scope: a staff member sees cases of their site subtree only, and only with 办件受理 or 办件审核.
 * A case outside the subtree answers 404 — the same as a case that does not exist — on the list,
 * the detail, the files and the actions alike, and the attempt is audited as denied.
 * Personal data is masked unless the staff member holds case:pii and asks for it (?full=1);
 * every view is audited (case.view / case.view-full).
 */
import type { FastifyInstance } from 'fastify';
import {
  CASE_ACTION_NAMES,
  CASE_STATUS_NAMES,
  maskCreditCode,
  maskIdNumber,
  maskName,
  maskPhone,
  type AdminCaseActionBody,
  type AdminCaseCounts,
  type AdminCaseDetail,
  type AdminCaseList,
  type CaseQueue,
  type CaseStatus,
  type FormField,
  type WorkflowDefinition,
} from '@dz/contracts';
import type { Selectable } from 'kysely';
import type { CasesTable } from '../../../db/schema.js';
import { AppError, forbidden, notFound } from '../../../infra/errors.js';
import { nowIso } from '../../../infra/time.js';
import { hasPermission, StaffAuditor, type Actor, type StaffContext } from '../../admin-auth/staff-guard.js';
import type { StoredFile } from '../../files/files.service.js';
import { CasesAdminRepository } from './cases.admin.repository.js';
import { OWN_LIST_KINDS } from './cases.repository.js';
import { offeredActions } from './transition.js';
import { parseJson, timelineEntry } from './timeline.js';
import { addWorkingDays } from './working-days.js';


const SCOPE_404 = '办件不存在或不在您的管辖范围内';
const mayHandle = (staff: StaffContext) => hasPermission(staff, 'case:handle') || hasPermission(staff, 'case:review');

/** A field that names a person: its key or label says so, or the designer marked it sensitive. */
const isNameField = (f: FormField) => /(^|[a-z])name$/i.test(f.key) || /姓名|联系人|申请人|法定代表人/.test(f.label);

function maskValue(f: FormField, v: unknown): unknown {
  if (typeof v !== 'string' || v === '') return v;
  switch (f.type) {
    case 'idNumber':
      return maskIdNumber(v);
    case 'phone':
      return maskPhone(v);
    case 'creditCode':
      return maskCreditCode(v);
    case 'email': {
      const at = v.indexOf('@');
      return at > 1 ? `${v[0]}***${v.slice(at)}` : '***';
    }
    default:
      if (isNameField(f)) return maskName(v);
      if ((f as { sensitive?: boolean }).sensitive) return v.length <= 2 ? '*'.repeat(v.length) : `${v.slice(0, 1)}${'*'.repeat(Math.min(8, v.length - 2))}${v.slice(-1)}`;
      return v;
  }
}

/** The form data with personal fields masked (ID numbers, phones, names, fields marked sensitive), groups included. */
export function maskCaseData(fields: FormField[], data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const f of fields) {
    const v = data[f.key];
    if (v === undefined) continue;
    if (f.type === 'group' && Array.isArray(v)) out[f.key] = v.map((row) => (row && typeof row === 'object' ? maskCaseData(f.fields ?? [], row as Record<string, unknown>) : row));
    else out[f.key] = maskValue(f, v);
  }
  return out;
}

/** Materials with the label of the field they were uploaded under. */
function materialsOf(caseId: number, fields: FormField[], data: Record<string, unknown>, prefix = ''): AdminCaseDetail['materials'] {
  const out: AdminCaseDetail['materials'] = [];
  for (const f of fields) {
    const v = data[f.key];
    if ((f.type === 'image' || f.type === 'file') && Array.isArray(v)) {
      const ids = v.filter((x): x is string => typeof x === 'string');
      ids.forEach((fileId, i) =>
        out.push({ fileId, fieldKey: f.key, label: `${prefix}${f.label}`, name: ids.length > 1 ? `${prefix}${f.label}（${i + 1}）` : `${prefix}${f.label}`, url: `/api/admin/cases/${caseId}/files/${fileId}` }),
      );
    }
    if (f.type === 'group' && Array.isArray(v))
      v.forEach((row, i) => {
        if (row && typeof row === 'object') out.push(...materialsOf(caseId, f.fields ?? [], row as Record<string, unknown>, `${prefix}${f.label}第${i + 1}项·`));
      });
  }
  return out;
}

export interface CaseListQuery {
  status?: CaseStatus | undefined;
  queue?: string | undefined;
  site?: string | undefined;
  formCode?: string | undefined;
  q?: string | undefined;
  mine?: boolean | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export class CasesAdminService {
  private readonly repo: CasesAdminRepository;
  private readonly auditor: StaffAuditor;

  constructor(private readonly app: FastifyInstance) {
    this.repo = new CasesAdminRepository(app.ctx.db);
    this.auditor = new StaffAuditor(app.ctx.audit);
  }

  private async siteNames(): Promise<Map<string, string>> {
    return new Map((await this.app.sites.list()).map((s) => [s.code, s.name]));
  }

  /** The sites a list covers: the asked site's subtree within the staff member's (403 outside it, audited). */
  async scopeSites(actor: Actor, site: string | undefined, action: string): Promise<string[]> {
    const staff = actor.staff;
    if (!mayHandle(staff)) await this.auditor.deny(actor, { action, siteCode: staff.siteCode, summary: '缺少办件权限' }, forbidden());
    if (!site) return staff.siteCodes;
    await this.auditor.requireSite(actor, site, { action });
    const sub = await this.app.sites.subtree(site);
    return sub.filter((c) => staff.siteCodes.includes(c));
  }

  /** now and the bound of 即将超时: the end of the second working day from now. */
  private bounds(): { now: string; dueSoonBound: string } {
    const now = nowIso();
    return { now, dueSoonBound: addWorkingDays(now, 2) };
  }

  async list(actor: Actor, q: CaseListQuery): Promise<AdminCaseList> {
    const siteCodes = await this.scopeSites(actor, q.site, 'case.list');
    const pageSize = q.pageSize ?? 20;
    const page = q.page ?? 1;
    const term = q.q?.trim();
    const gm = this.app.ctx.gm;
    const search = term
      ? {
          // 办件编号 are upper-case letters and digits; a prefix of one goes through the unique index.
          caseNoPrefix: /^[A-Za-z]{1,4}\d{0,24}$/.test(term) && term.length >= 4 ? term.toUpperCase() : null,
          nameIdx: gm.blindIndex('name', term),
          idIdx: gm.blindIndex('id', term),
          phoneIdx: gm.blindIndex('phone', term),
        }
      : undefined;
    const { items, total } = await this.repo.list({
      siteCodes,
      status: q.status,
      queue: q.queue as CaseQueue | undefined,
      formCode: q.formCode,
      search,
      assigneeId: q.mine ? actor.staff.id : undefined,
      ...this.bounds(),
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const names = await this.siteNames();
    const defs = await this.workflowDefs(items);
    const defOf = (r: (typeof items)[number]) => defs.get(`${r.workflow_code}|${r.workflow_site}|${r.workflow_version}`);
    const now = nowIso();
    return {
      total,
      items: items.map((r) => ({
        id: r.id,
        caseNo: r.case_no,
        title: r.title,
        kind: r.kind,
        status: r.status,
        statusName: CASE_STATUS_NAMES[r.status],
        stepName: r.status === 'submitted' || r.status === 'accepted' ? (defOf(r)?.steps[r.step_index]?.name ?? null) : null,
        siteCode: r.site_code,
        siteName: names.get(r.site_code) ?? r.site_code,
        applicant: r.applicant_masked,
        assignee: r.assignee_name ?? null,
        deadline: r.deadline_at,
        overdue: Number(r.overdue) === 1 || (r.status === 'accepted' && r.deadline_at != null && r.deadline_at < now),
        submittedAt: r.submitted_at,
        updatedAt: r.updated_at,
        version: Number(r.version),
        departmentName: r.department_name ?? (r.part_code ? (defOf(r)?.parts?.find((p) => p.code === r.part_code)?.department ?? null) : null),
        parentId: r.parent_id,
        formCode: r.form_code,
      })),
    };
  }

  /** The workflow version of each row (a 一件事 part names its department there, a step its name). */
  private async workflowDefs(rows: { workflow_code: string; workflow_site: string; workflow_version: number }[]): Promise<Map<string, WorkflowDefinition>> {
    const out = new Map<string, WorkflowDefinition>();
    for (const r of rows) {
      const k = `${r.workflow_code}|${r.workflow_site}|${r.workflow_version}`;
      if (out.has(k)) continue;
      const wf = await this.app.workflows.version(r.workflow_code, r.workflow_site, r.workflow_version);
      if (wf) out.set(k, wf.definition);
    }
    return out;
  }

  async counts(actor: Actor, site: string | undefined): Promise<AdminCaseCounts> {
    const siteCodes = await this.scopeSites(actor, site, 'case.list');
    const { now, dueSoonBound } = this.bounds();
    return this.repo.counts(siteCodes, now, dueSoonBound);
  }

  /** The case if this staff member may see it; otherwise the attempt is audited and the answer is 404. */
  private async visibleCase(actor: Actor, id: number, action: string): Promise<Selectable<CasesTable>> {
    const row = await this.repo.findById(id);
    // Installations (在线报装) are the company's to decide and 互动 has its own console (互动受理): not in 办件中心.
    if (!row || row.status === 'draft' || OWN_LIST_KINDS.includes(row.kind)) throw notFound(SCOPE_404);
    if (!actor.staff.siteCodes.includes(row.site_code)) {
      await this.auditor.record(actor, { action, siteCode: row.site_code, objectType: 'case', objectId: id, summary: `越权访问站点 ${row.site_code} 的办件` }, 'denied');
      throw notFound(SCOPE_404);
    }
    if (!mayHandle(actor.staff)) await this.auditor.deny(actor, { action, siteCode: row.site_code, objectType: 'case', objectId: id, summary: '缺少办件权限' }, forbidden());
    return row;
  }

  async detail(actor: Actor, id: number, full: boolean): Promise<AdminCaseDetail> {
    const action = full ? 'case.view-full' : 'case.view';
    const row = await this.visibleCase(actor, id, action);
    if (full && !hasPermission(actor.staff, 'case:pii'))
      await this.auditor.deny(actor, { action, siteCode: row.site_code, objectType: 'case', objectId: id, summary: '缺少权限 case:pii（查看办件完整个人信息）' }, forbidden('您没有查看完整个人信息的权限，如需开通请联系本级管理员'));
    const view = await this.view(actor.staff, row, full);
    await this.auditor.record(actor, { action, siteCode: row.site_code, objectType: 'case', objectId: id, summary: `${full ? '查看办件完整信息' : '查看办件'} ${row.case_no}` });
    return view;
  }

  private async view(staff: StaffContext, row: Selectable<CasesTable>, full: boolean): Promise<AdminCaseDetail> {
    const [form, wf, events, partRows, deptName, assignee, parent, names] = await Promise.all([
      this.app.forms.version(row.form_code, row.form_site, row.form_version),
      this.app.workflows.version(row.workflow_code, row.workflow_site, row.workflow_version),
      this.repo.events(row.id),
      this.repo.parts(row.id),
      this.repo.departmentName(row.department_id),
      row.assignee_id != null ? this.repo.staffById(row.assignee_id) : Promise.resolve(undefined),
      row.parent_id != null ? this.repo.findById(row.parent_id) : Promise.resolve(undefined),
      this.siteNames(),
    ]);
    const fields: FormField[] = form?.fields ?? [];
    const data = parseJson<Record<string, unknown>>(this.app.ctx.gm.decrypt(row.data_enc), {});
    const def = wf?.definition ?? null;
    const step = def?.steps[row.step_index] ?? null;
    const inStep = step != null && (row.status === 'submitted' || row.status === 'accepted');

    // The state machine's own table (transition.ts), so the console offers only what will pass.
    const allowed = offeredActions(row, def, staff.id, (p) => hasPermission(staff, p));
    const ratings = await this.app.ratings.forCase(row.id);
    const now = nowIso();
    return {
      id: row.id,
      caseNo: row.case_no,
      title: row.title,
      kind: row.kind,
      status: row.status,
      statusName: CASE_STATUS_NAMES[row.status],
      siteCode: row.site_code,
      siteName: names.get(row.site_code) ?? row.site_code,
      departmentId: row.department_id,
      departmentName: deptName ?? (row.part_code ? (def?.parts?.find((p) => p.code === row.part_code)?.department ?? null) : null),
      assigneeId: row.assignee_id,
      assignee: assignee?.display_name ?? null,
      applicant: full ? this.applicantOf(fields, data) ?? row.applicant_masked : row.applicant_masked,
      full,
      data: full ? data : maskCaseData(fields, data),
      form: { code: row.form_code, siteCode: row.form_site, version: row.form_version, title: form?.title ?? row.title, fields },
      workflow:
        wf && def
          ? {
              code: row.workflow_code,
              siteCode: row.workflow_site,
              version: row.workflow_version,
              name: wf.name,
              kind: def.kind,
              timeLimitDays: def.timeLimitDays,
              steps: def.steps.map((s) => ({ key: s.key, name: s.name, permission: s.permission, actions: s.actions, ...(s.days !== undefined ? { days: s.days } : {}) })),
              currentStep: inStep ? step.key : null,
            }
          : null,
      stepName: inStep ? step.name : null,
      allowedActions: allowed,
      timeline: events.map(timelineEntry),
      parent: parent ? { id: parent.id, caseNo: parent.case_no, title: parent.title } : null,
      parts: partRows.map((p) => {
        const dept = p.department_name ?? def?.parts?.find((x) => x.code === p.part_code)?.department ?? null;
        return { id: p.id, code: p.part_code ?? '', title: p.title, department: dept ?? '', departmentName: dept, status: p.status, statusName: CASE_STATUS_NAMES[p.status], updatedAt: p.updated_at };
      }),
      materials: materialsOf(row.id, fields, data),
      ratings,
      supplement: parseJson<AdminCaseDetail['supplement']>(row.supplement, null),
      result: parseJson<unknown>(row.result, null),
      documentId: row.document_id,
      handoff: row.handoff,
      deadline: row.deadline_at,
      overdue: Number(row.overdue) === 1 || (row.status === 'accepted' && row.deadline_at != null && row.deadline_at < now),
      createdAt: row.created_at,
      submittedAt: row.submitted_at,
      acceptedAt: row.accepted_at,
      completedAt: row.completed_at,
      updatedAt: row.updated_at,
      version: Number(row.version),
    };
  }

  /** The applicant's whole name for the full view (the first name field, or the masked one). */
  private applicantOf(fields: FormField[], data: Record<string, unknown>): string | null {
    const f = fields.find((x) => x.type === 'text' && isNameField(x) && typeof data[x.key] === 'string');
    return f ? (data[f.key] as string) : null;
  }

  /** A material of the case, to staff who may see the case: it must be linked to the case. */
  async file(actor: Actor, id: number, fileId: string): Promise<StoredFile> {
    const row = await this.visibleCase(actor, id, 'case.file');
    const linked = await this.app.fileLinks.linked('case', String(id));
    if (!linked.includes(fileId)) throw notFound('材料不存在或不属于该办件');
    // The citizen uploaded it: read it as theirs (decrypted by the files service).
    const f = await this.app.files.readOwned(row.user_id, fileId);
    await this.auditor.record(actor, { action: 'case.file', siteCode: row.site_code, objectType: 'case', objectId: id, summary: `查看办件 ${row.case_no} 的材料` });
    return f;
  }

  async act(actor: Actor, id: number, body: AdminCaseActionBody): Promise<AdminCaseDetail> {
    const row = await this.visibleCase(actor, id, 'case.action');
    const staff = actor.staff;
    const name = staff.displayName || staff.username;
    if (body.action === 'claim') await this.checkAssignee(actor, body.staffId);
    try {
      await this.app.cases.act(id, body.action, { type: 'staff', id: staff.id, name, staff }, { comment: body.comment, items: body.items, departmentId: body.departmentId, staffId: body.staffId, version: body.version });
    } catch (err) {
      if (err instanceof AppError && err.statusCode >= 400 && err.statusCode < 500)
        await this.auditor.record(actor, { action: 'case.action', siteCode: row.site_code, objectType: 'case', objectId: id, summary: `${CASE_ACTION_NAMES[body.action]} ${row.case_no}：${err.message}` }, 'failed');
      throw err;
    }
    await this.auditor.record(actor, { action: 'case.action', siteCode: row.site_code, objectType: 'case', objectId: id, summary: `${CASE_ACTION_NAMES[body.action]} ${row.case_no}${body.comment ? `：${body.comment.slice(0, 100)}` : ''}` });
    const after = (await this.repo.findById(id))!;
    return this.view(staff, after, false);
  }

  /**
   * 指派 (claim with `staffId`): the state machine records the assignee; who may be chosen is the
   * console's rule — an active staff member of this staff member's subtree.
   */
  private async checkAssignee(actor: Actor, staffId: number | undefined): Promise<void> {
    if (staffId === undefined || staffId === actor.staff.id) return;
    const target = await this.repo.staffById(staffId);
    if (!target || target.status !== 'active' || !actor.staff.siteCodes.includes(target.site_code))
      throw new AppError(400, 'VALIDATION_FAILED', '只能指派给本站点及下级站点在岗的工作人员', { fields: { staffId: '请选择本站点及下级站点在岗的工作人员' } });
  }
}
