/**
 * The case state machine's table: which action is allowed in which status, and what it changes.
 * Pure (no I/O) so every caller — citizen, staff, jobs, bureau decisions — gets the same answer,
 * and `CasesService.act` applies the result as ONE conditional UPDATE.
 */
import { CASE_EVENT_NAMES, CASE_STATUS_NAMES, type CaseAction, type CaseActorType, type CaseStatus, type WorkflowDefinition } from '@dz/contracts';
import { AppError, badRequest } from '../../../infra/errors.js';
import type { StaffContext } from '../../admin-auth/staff-guard.js';
import type { CaseRow, CaseSet } from './cases.repository.js';
import { addWorkingDays, workingDaysBetween } from './working-days.js';

/** The staff's actions plus the citizen's own: 补正, 撤回 and 互动's one 追问. */
export type EngineAction = CaseAction | 'supplement' | 'withdraw' | 'follow-up';
export const CITIZEN_ACTIONS = ['supplement', 'withdraw', 'follow-up'] as const;

export interface CaseActor {
  type: CaseActorType;
  id: number | null;
  /** Shown in the timeline and in another staff member's 409 (“已由 王五 于 14:05 受理”). */
  name: string;
  staff?: StaffContext;
}

export interface ActOptions {
  comment?: string | null;
  items?: string[];
  departmentId?: number;
  staffId?: number;
  /** The version the actor saw; another one → 409 CASE_CONFLICT. */
  version?: number;
  /** 补正: the merged, validated form data (already checked against the case's form version). */
  data?: Record<string, unknown>;
  /** Internal: extra columns set in the same UPDATE (a hand-off's partner reference). Not for routes. */
  set?: CaseSet;
  /** Internal: extra facts for the timeline entry (互动 notes which department answered). Not for routes. */
  detail?: Record<string, unknown>;
}

export interface Plan {
  to: CaseStatus;
  set: CaseSet;
  detail: Record<string, unknown> | null;
}

/**
 * The statuses each action starts from. `plan` checks this table and the console offers the
 * actions it allows (`offeredActions`), so the two can never disagree.
 */
export const ACTION_FROM: Record<EngineAction, readonly CaseStatus[]> = {
  claim: ['submitted', 'accepted', 'supplement'],
  accept: ['submitted'],
  reject: ['submitted'],
  'request-supplement': ['submitted', 'accepted'],
  supplement: ['supplement'],
  approve: ['accepted'],
  return: ['accepted'],
  transfer: ['submitted', 'accepted'],
  complete: ['accepted'],
  deny: ['accepted'],
  withdraw: ['submitted'],
  reply: ['accepted'],
  'follow-up': ['completed'],
};

/**
 * What a staff member may do to the case now: `claim` when the case still needs someone and is
 * not theirs, and the current step's actions the status allows (no 审查通过 past the last step, no
 * 退回 before the first). `may(permission)` is the staff member's permission check.
 */
export function offeredActions(row: Pick<CaseRow, 'status' | 'step_index' | 'assignee_id'>, def: WorkflowDefinition | null, staffId: number, may: (permission: string) => boolean): CaseAction[] {
  const steps = def?.steps ?? [];
  const step = steps[row.step_index];
  if (!step || !may(step.permission)) return [];
  const offered: CaseAction[] = [];
  if (ACTION_FROM.claim.includes(row.status) && row.assignee_id !== staffId) offered.push('claim');
  for (const a of step.actions) {
    if (offered.includes(a) || !ACTION_FROM[a].includes(row.status)) continue;
    if (a === 'approve' && row.step_index + 1 >= steps.length) continue;
    if (a === 'return' && row.step_index <= 0) continue;
    offered.push(a);
  }
  return offered;
}

export const actionName = (a: string): string => CASE_EVENT_NAMES[a] ?? a;

function wrongState(row: CaseRow, action: EngineAction): AppError {
  return new AppError(409, 'CASE_STATE', `该办件当前为“${CASE_STATUS_NAMES[row.status]}”，不能${actionName(action)}，请刷新后查看`);
}

/**
 * What `action` does to `row` now. Throws 409 CASE_STATE when the status does not allow it, 400
 * when a required input is missing (a reason for 不予受理 / 不予许可, the 补正 items, the target
 * department of a 转办).
 *
 * The clock: 受理 starts it (deadline = the workflow's working days after today); 补正 stops it
 * (the working days used so far are banked in used_days, the deadline cleared); the citizen's
 * answer restarts it with what is left. A 补正 asked before 受理 (材料不齐) returns to 待受理. Steps: 受理 and 审查通过 move to the next step when there
 * is one, 退回 to the previous.
 */
export function plan(row: CaseRow, def: WorkflowDefinition, action: EngineAction, opts: ActOptions, encrypt: (plain: string) => string, now: string): Plan {
  const need = () => {
    if (!ACTION_FROM[action]?.includes(row.status)) throw wrongState(row, action);
  };
  const steps = def.steps;
  const stepAt = (i: number) => ({ step_index: i, step_key: steps[i]?.key ?? null });
  const comment = opts.comment?.trim() ?? '';
  const restart = () => {
    const left = Math.max(0, def.timeLimitDays - row.used_days);
    return { clock_started_at: now, deadline_at: addWorkingDays(now, left), overdue: 0 };
  };
  switch (action) {
    case 'claim':
      need();
      return { to: row.status, set: { assignee_id: opts.staffId ?? null }, detail: { staffId: opts.staffId ?? null } };
    case 'accept': {
      need();
      const next = row.step_index + 1 < steps.length ? row.step_index + 1 : row.step_index;
      return { to: 'accepted', set: { status: 'accepted', accepted_at: now, ...restart(), ...stepAt(next) }, detail: null };
    }
    case 'reject':
      need();
      if (!comment) throw badRequest('请填写不予受理的理由', { comment: '请填写不予受理的理由' });
      return { to: 'rejected', set: { status: 'rejected', completed_at: now, deadline_at: null }, detail: null };
    case 'request-supplement': {
      // Before 受理 it is the 材料不齐 一次性告知 (the clock has not started); after, it stops the clock.
      need();
      const items = (opts.items ?? []).map((s) => s.trim()).filter(Boolean);
      if (!items.length) throw badRequest('请列出需要补正的材料', { items: '请列出需要补正的材料' });
      const used = row.used_days + (row.clock_started_at ? workingDaysBetween(row.clock_started_at, now) : 0);
      return { to: 'supplement', set: { status: 'supplement', used_days: used, deadline_at: null, clock_started_at: null, supplement: JSON.stringify({ items, comment: comment || null }) }, detail: { items } };
    }
    case 'supplement': {
      need();
      if (!opts.data) throw badRequest('请填写补正内容', { data: '请填写补正内容' });
      const data = { data_enc: encrypt(JSON.stringify(opts.data)), supplement: null };
      // Asked before 受理: back to 待受理, the clock still not started.
      if (!row.accepted_at) return { to: 'submitted', set: { status: 'submitted', ...data }, detail: null };
      return { to: 'accepted', set: { status: 'accepted', ...data, ...restart() }, detail: null };
    }
    case 'approve':
      need();
      if (row.step_index + 1 >= steps.length) throw new AppError(409, 'CASE_STATE', '已是最后一个办理环节，请选择办结或不予许可');
      return { to: 'accepted', set: stepAt(row.step_index + 1), detail: { from: steps[row.step_index]?.name ?? null, to: steps[row.step_index + 1]?.name ?? null } };
    case 'return':
      need();
      if (row.step_index <= 0) throw new AppError(409, 'CASE_STATE', '已是第一个办理环节，不能退回');
      if (!comment) throw badRequest('请填写退回理由', { comment: '请填写退回理由' });
      return { to: 'accepted', set: stepAt(row.step_index - 1), detail: { from: steps[row.step_index]?.name ?? null, to: steps[row.step_index - 1]?.name ?? null } };
    case 'transfer':
      need();
      if (!opts.departmentId) throw badRequest('请选择转办部门', { departmentId: '请选择转办部门' });
      return { to: row.status, set: { department_id: opts.departmentId, assignee_id: null }, detail: { fromDepartmentId: row.department_id, departmentId: opts.departmentId } };
    case 'complete':
      need();
      return { to: 'completed', set: { status: 'completed', completed_at: now, handoff: row.handoff === 'sent' ? 'done' : row.handoff }, detail: null };
    case 'deny':
      need();
      if (!comment) throw badRequest('请填写不予许可的理由', { comment: '请填写不予许可的理由' });
      return { to: 'rejected', set: { status: 'rejected', completed_at: now, deadline_at: null, handoff: row.handoff === 'sent' ? 'done' : row.handoff }, detail: null };
    case 'reply':
      // 互动's 答复 ends the item like 办结; the text is the answer itself, so it is required.
      need();
      if (!comment) throw badRequest('请填写答复内容', { reply: '请填写答复内容' });
      return { to: 'completed', set: { status: 'completed', completed_at: now, deadline_at: null, overdue: 0 }, detail: null };
    case 'follow-up':
      // 追问 reopens a replied item on the same (reply) step with the workflow's FULL limit again:
      // it is a new question to answer, not the rest of the old clock.
      need();
      return { to: 'accepted', set: { status: 'accepted', completed_at: null, used_days: 0, overdue: 0, clock_started_at: now, deadline_at: addWorkingDays(now, def.timeLimitDays) }, detail: null };
    case 'withdraw':
      need();
      return { to: 'withdrawn', set: { status: 'withdrawn', deadline_at: null, handoff: row.handoff === 'pending' ? 'none' : row.handoff }, detail: null };
    default:
      throw badRequest('未知的办理操作', { action: '未知的办理操作' });
  }
}
