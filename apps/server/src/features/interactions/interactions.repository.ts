/**
 * SQL of 互动. An interaction is a case (kind `interaction`) plus its row in `interactions`; the
 * lists join the two on case_id. Every list is bounded by site codes (a subtree resolved by the
 * service) and never reads the encrypted case data: titles are the masked cases.title, public
 * texts were masked once when staff approved publication.
 */
import { sql, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { CaseStatus, InteractionQueue, InteractionType } from '@dz/contracts';
import type { CaseEventsTable, CasesTable, DB, InteractionsTable } from '../../db/schema.js';
import { CasesRepository, INTERACTION_KIND } from '../engine/cases/cases.repository.js';

export type InteractionRow = Selectable<InteractionsTable>;
export type InteractionSet = Updateable<InteractionsTable>;

/** The columns a list row needs from both tables. */
const ROW_COLUMNS = [
  'cases.id',
  'cases.case_no',
  'cases.title',
  'cases.status',
  'cases.user_id',
  'cases.applicant_masked',
  'cases.deadline_at',
  'cases.overdue',
  'cases.version',
  'cases.created_at',
  'cases.updated_at',
  'interactions.type',
  'interactions.site_code',
  'interactions.department_id',
  'interactions.want_public',
  'interactions.publish_state',
  'interactions.reply',
  'interactions.replied_at',
  'interactions.reply_unread',
  'interactions.reply_count',
  'interactions.followup_at',
  'interactions.escalated_at',
  'interactions.submitted_at',
  'departments.name as department_name',
] as const;

export interface InteractionListFilter {
  siteCodes: string[];
  status?: CaseStatus | undefined;
  queue?: InteractionQueue | undefined;
  type?: InteractionType | undefined;
  departmentId?: number | undefined;
  /** A case-number prefix or words of the (masked) title. */
  q?: string | undefined;
  now: string;
  dueSoonBound: string;
}

type Eb = ExpressionBuilder<DB, 'cases' | 'interactions'>;
const OPEN: CaseStatus[] = ['submitted', 'accepted'];

/** INTERACTION_QUEUES as conditions on the case status, its deadline and the escalation. */
function queueCondition(eb: Eb, queue: InteractionQueue, now: string, bound: string): Expression<SqlBool> {
  switch (queue) {
    case 'review':
      return eb('cases.status', '=', 'submitted');
    case 'processing':
      return eb('cases.status', '=', 'accepted');
    case 'due-soon':
      return eb.and([eb('cases.status', '=', 'accepted'), eb('cases.deadline_at', '>=', now), eb('cases.deadline_at', '<=', bound)]);
    case 'overdue':
      return eb.and([eb('cases.status', '=', 'accepted'), eb.or([eb('cases.deadline_at', '<', now), eb('cases.overdue', '=', 1)])]);
    case 'supervise':
      return eb.and([eb('interactions.escalated_at', 'is not', null), eb('cases.status', 'in', OPEN)]);
    case 'replied':
      return eb('cases.status', '=', 'completed');
    case 'closed':
      return eb('cases.status', 'in', ['rejected', 'withdrawn']);
    case 'all':
      return sql<SqlBool>`1 = 1`;
  }
}

/** LIKE with its wildcards escaped (a citizen's % is a character, not a pattern). */
const likeEscaped = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class InteractionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A filed interaction: the case, its 提交申请 entry, its photos' links and its row, all or nothing. */
  async insert(c: Insertable<CasesTable>, event: Omit<Insertable<CaseEventsTable>, 'case_id'>, i: Omit<Insertable<InteractionsTable>, 'case_id'>, link: (trx: Kysely<DB>, caseId: number) => Promise<void>): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const cases = new CasesRepository(trx);
      const id = await cases.insert(c);
      await cases.insertEvent({ ...event, case_id: id });
      await trx.insertInto('interactions').values({ ...i, case_id: id }).execute();
      await link(trx, id);
      return id;
    });
  }

  find(caseId: number): Promise<InteractionRow | undefined> {
    return this.db.selectFrom('interactions').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  }

  async update(caseId: number, set: InteractionSet): Promise<void> {
    await this.db.updateTable('interactions').set(set).where('case_id', '=', caseId).execute();
  }

  /** The first reply sets reply_seconds; every reply bumps the count and leaves it unread. */
  async recordReply(caseId: number, r: { reply: string; departmentId: number | null; at: string; seconds: number }): Promise<void> {
    await this.db
      .updateTable('interactions')
      .set((eb) => ({
        reply: r.reply,
        reply_department_id: r.departmentId,
        replied_at: r.at,
        reply_seconds: eb.fn.coalesce('reply_seconds', sql<number>`${r.seconds}`),
        reply_count: eb('reply_count', '+', 1),
        reply_unread: 1,
        updated_at: r.at,
      }))
      .where('case_id', '=', caseId)
      .execute();
  }

  /** Stores the one 追问 only if there is none yet: false when another request stored one first. */
  async setFollowUp(caseId: number, enc: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('interactions').set({ followup_enc: enc, followup_at: at, updated_at: at }).where('case_id', '=', caseId).where('followup_enc', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** How many the citizen filed since `since` (the daily limit), and their recent ones' data (duplicates). */
  async countSince(userId: number, since: string): Promise<number> {
    const r = await this.db
      .selectFrom('interactions')
      .innerJoin('cases', 'cases.id', 'interactions.case_id')
      .where('cases.user_id', '=', userId)
      .where('interactions.submitted_at', '>=', since)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  recentData(userId: number, since: string) {
    return this.db
      .selectFrom('interactions')
      .innerJoin('cases', 'cases.id', 'interactions.case_id')
      .where('cases.user_id', '=', userId)
      .where('interactions.submitted_at', '>=', since)
      .select(['cases.id', 'cases.case_no', 'cases.data_enc'])
      .execute();
  }

  departmentSite(id: number) {
    return this.db.selectFrom('departments').select(['id', 'site_code', 'name']).where('id', '=', id).executeTakeFirst();
  }

  async departmentNames(ids: (number | null)[]): Promise<Map<number, string>> {
    const want = [...new Set(ids.filter((x): x is number => x != null))];
    if (!want.length) return new Map();
    const rows = await this.db.selectFrom('departments').select(['id', 'name']).where('id', 'in', want).execute();
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  }

  staffDepartment(staffId: number) {
    return this.db.selectFrom('staff').select(['department_id']).where('id', '=', staffId).executeTakeFirst();
  }

  private joined() {
    return this.db
      .selectFrom('interactions')
      .innerJoin('cases', 'cases.id', 'interactions.case_id')
      .leftJoin('departments', 'departments.id', 'interactions.department_id')
      .where('cases.kind', '=', INTERACTION_KIND);
  }

  /** 我的回复: the citizen's own, newest first, with the count of unread replies. */
  async mine(userId: number, type: InteractionType | undefined, offset: number, limit: number) {
    const base = this.joined()
      .where('cases.user_id', '=', userId)
      .where('cases.status', '!=', 'draft')
      .$if(!!type, (q) => q.where('interactions.type', '=', type!));
    const [items, total, unread] = await Promise.all([
      base.select(ROW_COLUMNS).orderBy('interactions.submitted_at', 'desc').orderBy('cases.id', 'desc').offset(offset).limit(limit).execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      this.joined().where('cases.user_id', '=', userId).where('interactions.reply_unread', '=', 1).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n), unread: Number(unread.n) };
  }

  /** The console's queue list (site subtree, filters), newest first; deadlines first on the deadline queues. */
  async list(f: InteractionListFilter, offset: number, limit: number) {
    const base = this.filtered(f);
    const byDeadline = f.queue === 'due-soon' || f.queue === 'overdue';
    let q = base.select(ROW_COLUMNS);
    q = byDeadline ? q.orderBy('cases.deadline_at', 'asc').orderBy('cases.id', 'asc') : q.orderBy('cases.id', 'desc');
    const [items, total] = await Promise.all([q.offset(offset).limit(limit).execute(), base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()]);
    return { items, total: Number(total.n) };
  }

  private filtered(f: InteractionListFilter) {
    return this.joined()
      .where('interactions.site_code', 'in', f.siteCodes.length ? f.siteCodes : ['-'])
      .where('cases.status', '!=', 'draft')
      .where((eb) => {
        const conds: Expression<SqlBool>[] = [];
        if (f.status) conds.push(eb('cases.status', '=', f.status));
        if (f.queue) conds.push(queueCondition(eb, f.queue, f.now, f.dueSoonBound));
        if (f.type) conds.push(eb('interactions.type', '=', f.type));
        if (f.departmentId) conds.push(eb('interactions.department_id', '=', f.departmentId));
        const term = f.q?.trim();
        if (term) {
          const any: Expression<SqlBool>[] = [eb('cases.title', 'like', likeEscaped(term))];
          if (/^[A-Za-z]{1,4}\d{0,24}$/.test(term) && term.length >= 4) any.push(eb('cases.case_no', 'like', `${term.toUpperCase()}%`));
          conds.push(eb.or(any));
        }
        return eb.and(conds);
      });
  }

  /** A count per queue in one pass (tab badges). */
  async counts(siteCodes: string[], now: string, bound: string): Promise<Record<InteractionQueue, number>> {
    const r = await this.joined()
      .where('interactions.site_code', 'in', siteCodes.length ? siteCodes : ['-'])
      .where('cases.status', '!=', 'draft')
      .select([
        sql<number>`SUM(CASE WHEN cases.status = 'submitted' THEN 1 ELSE 0 END)`.as('review'),
        sql<number>`SUM(CASE WHEN cases.status = 'accepted' THEN 1 ELSE 0 END)`.as('processing'),
        sql<number>`SUM(CASE WHEN cases.status = 'accepted' AND cases.deadline_at >= ${now} AND cases.deadline_at <= ${bound} THEN 1 ELSE 0 END)`.as('due_soon'),
        sql<number>`SUM(CASE WHEN cases.status = 'accepted' AND (cases.deadline_at < ${now} OR cases.overdue = 1) THEN 1 ELSE 0 END)`.as('overdue'),
        sql<number>`SUM(CASE WHEN interactions.escalated_at IS NOT NULL AND cases.status IN ('submitted', 'accepted') THEN 1 ELSE 0 END)`.as('supervise'),
        sql<number>`SUM(CASE WHEN cases.status = 'completed' THEN 1 ELSE 0 END)`.as('replied'),
        sql<number>`SUM(CASE WHEN cases.status IN ('rejected', 'withdrawn') THEN 1 ELSE 0 END)`.as('closed'),
        (eb) => eb.fn.countAll<number | string>().as('all'),
      ])
      .executeTakeFirstOrThrow();
    return {
      review: Number(r.review ?? 0),
      processing: Number(r.processing ?? 0),
      'due-soon': Number(r.due_soon ?? 0),
      overdue: Number(r.overdue ?? 0),
      supervise: Number(r.supervise ?? 0),
      replied: Number(r.replied ?? 0),
      closed: Number(r.closed ?? 0),
      all: Number(r.all ?? 0),
    };
  }

  // ---- 答复公开 --------------------------------------------------------------------------------

  private published(siteCodes: string[]) {
    return this.db
      .selectFrom('interactions')
      .innerJoin('cases', 'cases.id', 'interactions.case_id')
      .leftJoin('departments', 'departments.id', 'interactions.department_id')
      .where('interactions.publish_state', '=', 'published')
      .where('interactions.site_code', 'in', siteCodes.length ? siteCodes : ['-']);
  }

  async publicList(siteCodes: string[], f: { type?: InteractionType | undefined; departmentId?: number | undefined }, offset: number, limit: number) {
    const base = this.published(siteCodes)
      .$if(!!f.type, (q) => q.where('interactions.type', '=', f.type!))
      .$if(!!f.departmentId, (q) => q.where('interactions.department_id', '=', f.departmentId!));
    const cols = ['cases.id', 'cases.case_no', 'interactions.type', 'interactions.public_title', 'interactions.public_content', 'interactions.public_reply', 'interactions.published_at', 'interactions.submitted_at', 'interactions.replied_at', 'departments.name as department_name'] as const;
    const [items, total] = await Promise.all([
      base.select(cols).orderBy('interactions.published_at', 'desc').orderBy('cases.id', 'desc').offset(offset).limit(limit).execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  publicOne(id: number) {
    return this.db
      .selectFrom('interactions')
      .innerJoin('cases', 'cases.id', 'interactions.case_id')
      .leftJoin('departments', 'departments.id', 'interactions.department_id')
      .where('interactions.publish_state', '=', 'published')
      .where('cases.id', '=', id)
      .select(['cases.id', 'cases.case_no', 'interactions.type', 'interactions.public_title', 'interactions.public_content', 'interactions.public_reply', 'interactions.published_at', 'interactions.submitted_at', 'interactions.replied_at', 'departments.name as department_name'])
      .executeTakeFirst();
  }

  // ---- 数据统计 --------------------------------------------------------------------------------

  /** One GROUP BY over the narrow table (type, month, department, status): every figure folds from these rows. */
  statsRows(siteCodes: string[], from: string, to: string, f: { type?: InteractionType | undefined; departmentId?: number | undefined }) {
    return this.db
      .selectFrom('interactions')
      .innerJoin('cases', 'cases.id', 'interactions.case_id')
      .where('interactions.site_code', 'in', siteCodes.length ? siteCodes : ['-'])
      .where('interactions.month', '>=', from)
      .where('interactions.month', '<=', to)
      .where('cases.status', '!=', 'draft')
      .$if(!!f.type, (q) => q.where('interactions.type', '=', f.type!))
      .$if(!!f.departmentId, (q) => q.where('interactions.department_id', '=', f.departmentId!))
      .select([
        'interactions.type',
        'interactions.month',
        'interactions.department_id',
        'cases.status',
        (eb) => eb.fn.countAll<number | string>().as('n'),
        sql<number | string>`SUM(CASE WHEN interactions.reply_count > 0 THEN 1 ELSE 0 END)`.as('replied'),
        sql<number | string>`SUM(CASE WHEN interactions.reply_seconds IS NOT NULL THEN 1 ELSE 0 END)`.as('timed'),
        sql<number | string>`SUM(COALESCE(interactions.reply_seconds, 0))`.as('seconds'),
      ])
      .groupBy(['interactions.type', 'interactions.month', 'interactions.department_id', 'cases.status'])
      .execute();
  }

  // ---- 督办 ------------------------------------------------------------------------------------

  /** Accepted interactions past their deadline (or marked overdue) not yet escalated, oldest deadline first. */
  async escalationCandidates(now: string, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('interactions')
      .innerJoin('cases', 'cases.id', 'interactions.case_id')
      .where('cases.status', '=', 'accepted')
      .where('interactions.escalated_at', 'is', null)
      .where((eb) => eb.or([eb('cases.deadline_at', '<', now), eb('cases.overdue', '=', 1)]))
      .select('cases.id')
      .orderBy('cases.deadline_at')
      .limit(limit)
      .execute();
    return rows.map((r) => Number(r.id));
  }

  /** Marks one escalated unless another runner did; true when this call marked it. */
  async markEscalated(caseId: number, at: string): Promise<boolean> {
    const r = await this.db.updateTable('interactions').set({ escalated_at: at, updated_at: at }).where('case_id', '=', caseId).where('escalated_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }


  user(userId: number) {
    return this.db.selectFrom('users').select(['id', 'name_enc', 'phone_enc']).where('id', '=', userId).executeTakeFirst();
  }
}
