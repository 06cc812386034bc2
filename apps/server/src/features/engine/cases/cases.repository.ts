/** SQL of cases and their timeline. Every status change goes through `transition` (one conditional UPDATE). */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { CaseEventsTable, CasesTable, DB } from '../../../db/schema.js';

export type CaseRow = Selectable<CasesTable>;

/**
 * 在线报装 / 燃气报装 are cases of this kind (migration 0012) but not the engine's to move: the
 * water, power or gas company decides them (features/applications). The engine lists them in
 * 我的办件, opening their own page, and otherwise leaves them alone: its citizen routes answer 404,
 * the state machine refuses them, the console's 办件中心 and statistics leave them out.
 */
export const INSTALLATION_KIND = 'installation';
/**
 * 互动 (咨询 / 建议 / 投诉, issue 11) are cases of this kind, moved by the engine's state machine
 * but listed and handled in their own screens (我的回复, the console's 互动受理): 我的办件, 办件中心
 * and 办件统计 leave them out.
 */
export const INTERACTION_KIND = 'interaction';
/** Kinds that have their own lists and are left out of 我的办件 / 办件中心 / 办件统计. */
export const OWN_LIST_KINDS = [INSTALLATION_KIND, INTERACTION_KIND];
export type CaseEventRow = Selectable<CaseEventsTable>;
export type CaseSet = Updateable<CasesTable>;

/** What lists need (no encrypted data). */
const LIST_COLUMNS = ['id', 'case_no', 'title', 'kind', 'status', 'site_code', 'deadline_at', 'created_at', 'updated_at', 'part_code', 'parent_id'] as const;
export type CaseListRow = Pick<CaseRow, (typeof LIST_COLUMNS)[number]>;

export class CasesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(row: Insertable<CasesTable>): Promise<number> {
    const r = await this.db.insertInto('cases').values(row).executeTakeFirstOrThrow();
    return Number(r.insertId);
  }

  find(id: number): Promise<CaseRow | undefined> {
    return this.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findOwned(userId: number, id: number): Promise<CaseRow | undefined> {
    return this.db.selectFrom('cases').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  }

  /**
   * THE state change: applies `set` only if the case is still in `status` at `version`, and bumps
   * the version. Returns false when someone else moved it first (the optimistic lock).
   */
  async transition(id: number, status: CaseRow['status'], version: number, set: CaseSet): Promise<boolean> {
    const r = await this.db
      .updateTable('cases')
      .set({ ...set, version: version + 1 })
      .where('id', '=', id)
      .where('status', '=', status)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Bookkeeping that is not a status change (document id, hand-off attempts); no version bump. */
  async patch(id: number, set: CaseSet): Promise<void> {
    await this.db.updateTable('cases').set(set).where('id', '=', id).execute();
  }

  async insertEvent(e: Insertable<CaseEventsTable>): Promise<void> {
    await this.db.insertInto('case_events').values(e).execute();
  }

  events(caseId: number): Promise<CaseEventRow[]> {
    return this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  }

  lastEvent(caseId: number): Promise<CaseEventRow | undefined> {
    return this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /** 我的办件: one page, newest first — parents only (a 一件事's parts show on it), no 查询, no 互动 (我的回复 lists those). */
  listForUser(userId: number, offset: number, limit: number): Promise<CaseListRow[]> {
    return this.mine(userId).select(LIST_COLUMNS).orderBy('updated_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute();
  }

  /**
   * How many there are, counted up to `cap` + 1: enough for the pager, and the cost stays bounded
   * for an account with thousands of cases.
   */
  async countForUser(userId: number, cap = 1000): Promise<number> {
    const r = await this.db
      .selectFrom(this.mine(userId).select('id').limit(cap + 1).as('m'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  private mine(userId: number) {
    return this.db.selectFrom('cases').where('user_id', '=', userId).where('parent_id', 'is', null).where('kind', 'not in', ['query', INTERACTION_KIND]);
  }

  parts(parentId: number): Promise<CaseRow[]> {
    return this.db.selectFrom('cases').selectAll().where('parent_id', '=', parentId).orderBy('id').execute();
  }

  /** Cases waiting for a bureau system: `pending` (not yet accepted by it) or `sent` (awaiting its decision). */
  handoffs(state: 'pending' | 'sent', limit: number): Promise<Pick<CaseRow, 'id'>[]> {
    return this.db.selectFrom('cases').select('id').where('handoff', '=', state).orderBy('id').limit(limit).execute();
  }

  /** 超期: accepted cases whose deadline passed and that are not marked yet (oldest deadline first). */
  async overdueCandidates(nowIso: string, limit: number): Promise<number[]> {
    const rows = await this.db.selectFrom('cases').select('id').where('status', '=', 'accepted').where('overdue', '=', 0).where('deadline_at', '<', nowIso).orderBy('deadline_at').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  /** Marks one case overdue unless another runner did; true when this call marked it. */
  async markOverdue(id: number, nowIso: string): Promise<boolean> {
    const r = await this.db.updateTable('cases').set({ overdue: 1 }).where('id', '=', id).where('status', '=', 'accepted').where('overdue', '=', 0).where('deadline_at', '<', nowIso).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  document(id: string) {
    return this.db.selectFrom('documents').select(['id', 'doc_no', 'title', 'issued_at']).where('id', '=', id).executeTakeFirst();
  }

  user(userId: number) {
    return this.db.selectFrom('users').select(['id', 'name_enc', 'id_number_enc', 'phone_enc', 'real_name_verified']).where('id', '=', userId).executeTakeFirst();
  }


  async caseNoTaken(caseNo: string): Promise<boolean> {
    return !!(await this.db.selectFrom('cases').select('id').where('case_no', '=', caseNo).executeTakeFirst());
  }
}
