/**
 * SQL of 办件中心 (console side of the cases core). Every read is bounded by the staff member's
 * site subtree (`site_code IN …`, the leading column of ix_cases_site_status) and never returns
 * drafts: a draft is the citizen's own until they submit it.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { CaseQueue, CaseStatus } from '@dz/contracts';
import type { DB } from '../../../db/schema.js';
import { OWN_LIST_KINDS } from './cases.repository.js';

/** What the queue list filters on, already resolved by the service (sites, blind indexes, bounds). */
export interface CaseListFilter {
  siteCodes: string[];
  status?: CaseStatus | undefined;
  queue?: CaseQueue | undefined;
  formCode?: string | undefined;
  /** Case-number prefix and the applicant's blind indexes (name / ID number / phone) for `q`. */
  search?: { caseNoPrefix: string | null; nameIdx: string; idIdx: string; phoneIdx: string } | undefined;
  assigneeId?: number | undefined;
  /** now and the due-soon bound (2 working days ahead), computed once per request. */
  now: string;
  dueSoonBound: string;
  offset: number;
  limit: number;
}

type CasesEb = ExpressionBuilder<DB, 'cases'>;

export const DONE_STATUSES: CaseStatus[] = ['completed', 'rejected', 'withdrawn'];

/** The queue as a condition on status and deadline (CASE_QUEUES). */
function queueCondition(eb: CasesEb, queue: CaseQueue, now: string, bound: string): Expression<SqlBool> {
  switch (queue) {
    case 'pending':
      return eb('cases.status', '=', 'submitted');
    case 'processing':
      return eb('cases.status', '=', 'accepted');
    case 'supplement':
      return eb('cases.status', '=', 'supplement');
    case 'due-soon':
      return eb.and([eb('cases.status', '=', 'accepted'), eb('cases.deadline_at', '>=', now), eb('cases.deadline_at', '<=', bound)]);
    case 'overdue':
      return eb.and([eb('cases.status', '=', 'accepted'), eb('cases.deadline_at', '<', now)]);
    case 'done':
      return eb('cases.status', 'in', DONE_STATUSES);
  }
}

export class CasesAdminRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(f: Omit<CaseListFilter, 'offset' | 'limit'>) {
    return this.db
      .selectFrom('cases')
      .where('cases.site_code', 'in', f.siteCodes.length ? f.siteCodes : ['-'])
      .where('cases.status', '!=', 'draft')
      .where('cases.kind', 'not in', OWN_LIST_KINDS)
      .where((eb) => {
        const conds: Expression<SqlBool>[] = [];
        if (f.status) conds.push(eb('cases.status', '=', f.status));
        if (f.queue) conds.push(queueCondition(eb, f.queue, f.now, f.dueSoonBound));
        if (f.formCode) conds.push(eb('cases.form_code', '=', f.formCode));
        if (f.assigneeId !== undefined) conds.push(eb('cases.assignee_id', '=', f.assigneeId));
        if (f.search) {
          const s = f.search;
          const any: Expression<SqlBool>[] = [eb('cases.applicant_name_bidx', '=', s.nameIdx), eb('cases.applicant_id_bidx', '=', s.idIdx), eb('cases.applicant_phone_bidx', '=', s.phoneIdx)];
          if (s.caseNoPrefix) any.push(eb('cases.case_no', 'like', `${s.caseNoPrefix}%`));
          conds.push(eb.or(any));
        }
        return eb.and(conds);
      });
  }

  async list(f: CaseListFilter) {
    const base = this.filtered(f);
    const byDeadline = f.queue === 'due-soon' || f.queue === 'overdue';
    let q = base
      .leftJoin('departments', 'departments.id', 'cases.department_id')
      .leftJoin('staff', 'staff.id', 'cases.assignee_id')
      .select([
        'cases.id',
        'cases.case_no',
        'cases.title',
        'cases.kind',
        'cases.status',
        'cases.step_key',
        'cases.step_index',
        'cases.site_code',
        'cases.form_code',
        'cases.workflow_code',
        'cases.workflow_site',
        'cases.workflow_version',
        'cases.applicant_masked',
        'cases.parent_id',
        'cases.part_code',
        'cases.deadline_at',
        'cases.overdue',
        'cases.submitted_at',
        'cases.updated_at',
        'cases.version',
        'departments.name as department_name',
        'staff.display_name as assignee_name',
      ]);
    q = byDeadline ? q.orderBy('cases.deadline_at', 'asc').orderBy('cases.id', 'asc') : q.orderBy('cases.id', 'desc');
    const [items, total] = await Promise.all([
      q.limit(f.limit).offset(f.offset).execute(),
      base.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  /** One pass over the subtree's non-draft cases: a count per queue (tab badges). */
  async counts(siteCodes: string[], now: string, bound: string): Promise<Record<CaseQueue, number>> {
    const row = await this.db
      .selectFrom('cases')
      .where('site_code', 'in', siteCodes.length ? siteCodes : ['-'])
      .where('status', '!=', 'draft')
      .where('kind', 'not in', OWN_LIST_KINDS)
      .select([
        sql<number>`SUM(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END)`.as('pending'),
        sql<number>`SUM(CASE WHEN status = 'accepted' THEN 1 ELSE 0 END)`.as('processing'),
        sql<number>`SUM(CASE WHEN status = 'supplement' THEN 1 ELSE 0 END)`.as('supplement'),
        sql<number>`SUM(CASE WHEN status = 'accepted' AND deadline_at >= ${now} AND deadline_at <= ${bound} THEN 1 ELSE 0 END)`.as('due_soon'),
        sql<number>`SUM(CASE WHEN status = 'accepted' AND deadline_at < ${now} THEN 1 ELSE 0 END)`.as('overdue'),
        sql<number>`SUM(CASE WHEN status IN ('completed', 'rejected', 'withdrawn') THEN 1 ELSE 0 END)`.as('done'),
      ])
      .executeTakeFirstOrThrow();
    return {
      pending: Number(row.pending ?? 0),
      processing: Number(row.processing ?? 0),
      supplement: Number(row.supplement ?? 0),
      'due-soon': Number(row.due_soon ?? 0),
      overdue: Number(row.overdue ?? 0),
      done: Number(row.done ?? 0),
    };
  }

  findById(id: number) {
    return this.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  events(caseId: number) {
    return this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  }

  parts(parentId: number) {
    return this.db
      .selectFrom('cases')
      .leftJoin('departments', 'departments.id', 'cases.department_id')
      .select(['cases.id', 'cases.part_code', 'cases.title', 'cases.status', 'cases.updated_at', 'departments.name as department_name'])
      .where('cases.parent_id', '=', parentId)
      .orderBy('cases.id')
      .execute();
  }

  async departmentName(id: number | null): Promise<string | null> {
    if (id == null) return null;
    const r = await this.db.selectFrom('departments').select('name').where('id', '=', id).executeTakeFirst();
    return r?.name ?? null;
  }

  staffById(id: number) {
    return this.db.selectFrom('staff').select(['id', 'display_name', 'username', 'site_code', 'status']).where('id', '=', id).executeTakeFirst();
  }
}
