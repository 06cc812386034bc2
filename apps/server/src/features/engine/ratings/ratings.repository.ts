/**
 * SQL of 好差评 and 整改. A rating copies the case's site, form and department so the figures per
 * site / form / department group on case_ratings alone (ix_case_ratings_site leads with site_code).
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { isDuplicateKey } from '../../../infra/duplicate-key.js';

export interface RatingFilter {
  siteCodes: string[];
  level?: number | undefined;
  formCode?: string | undefined;
  /** ISO bounds on created_at, from inclusive, to exclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export type RatingGroup = 'department' | 'form' | 'site';

export class RatingsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  caseOf(caseId: number) {
    return this.db
      .selectFrom('cases')
      .select(['id', 'user_id', 'case_no', 'title', 'status', 'site_code', 'form_code', 'department_id', 'parent_id'])
      .where('id', '=', caseId)
      .executeTakeFirst();
  }

  /** The case's ratings, oldest round first, each with its 整改 (when a 差评 opened one). */
  forCase(caseId: number) {
    return this.db
      .selectFrom('case_ratings')
      .leftJoin('rectifications', 'rectifications.rating_id', 'case_ratings.id')
      .select([
        'case_ratings.id',
        'case_ratings.round',
        'case_ratings.level',
        'case_ratings.comment',
        'case_ratings.aspects',
        'case_ratings.created_at',
        'rectifications.status as rect_status',
        'rectifications.answer',
      ])
      .where('case_ratings.case_id', '=', caseId)
      .orderBy('case_ratings.round')
      .execute();
  }

  /**
   * The rating and, for a 差评, its 整改 task, in one transaction. The unique (case_id, round) key
   * settles two submissions racing for the same round: the loser gets false.
   */
  async insert(
    rating: { caseId: number; userId: number; round: number; level: number; aspects: string; comment: string | null; siteCode: string; formCode: string; departmentId: number | null; now: string },
    rectificationDeadline: string | null,
  ): Promise<number | null> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const res = await trx
          .insertInto('case_ratings')
          .values({
            case_id: rating.caseId,
            user_id: rating.userId,
            round: rating.round,
            level: rating.level,
            aspects: rating.aspects,
            comment: rating.comment,
            site_code: rating.siteCode,
            form_code: rating.formCode,
            department_id: rating.departmentId,
            created_at: rating.now,
          })
          .executeTakeFirstOrThrow();
        const id = Number(res.insertId);
        if (rectificationDeadline)
          await trx
            .insertInto('rectifications')
            .values({ case_id: rating.caseId, rating_id: id, site_code: rating.siteCode, department_id: rating.departmentId, status: 'open', deadline_at: rectificationDeadline, created_at: rating.now })
            .execute();
        return id;
      });
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  mine(userId: number) {
    return this.db
      .selectFrom('case_ratings')
      .innerJoin('cases', 'cases.id', 'case_ratings.case_id')
      .leftJoin('rectifications', 'rectifications.rating_id', 'case_ratings.id')
      .select(['case_ratings.id', 'case_ratings.case_id', 'cases.case_no', 'cases.title', 'case_ratings.level', 'case_ratings.comment', 'case_ratings.round', 'case_ratings.created_at', 'rectifications.answer'])
      .where('case_ratings.user_id', '=', userId)
      .orderBy('case_ratings.id', 'desc')
      .limit(200)
      .execute();
  }

  private ratingsWhere(f: RatingFilter) {
    return this.db
      .selectFrom('case_ratings')
      .where('case_ratings.site_code', 'in', f.siteCodes.length ? f.siteCodes : ['-'])
      .where((eb) => {
        const c: Expression<SqlBool>[] = [];
        if (f.level !== undefined) c.push(eb('case_ratings.level', '=', f.level));
        if (f.formCode) c.push(eb('case_ratings.form_code', '=', f.formCode));
        if (f.from) c.push(eb('case_ratings.created_at', '>=', f.from));
        if (f.to) c.push(eb('case_ratings.created_at', '<', f.to));
        return eb.and(c);
      });
  }

  async list(f: RatingFilter, offset: number, limit: number) {
    const base = this.ratingsWhere(f);
    const [items, total] = await Promise.all([
      base
        .innerJoin('cases', 'cases.id', 'case_ratings.case_id')
        .leftJoin('departments', 'departments.id', 'case_ratings.department_id')
        .leftJoin('rectifications', 'rectifications.rating_id', 'case_ratings.id')
        .select([
          'case_ratings.id',
          'case_ratings.case_id',
          'cases.case_no',
          'cases.title',
          'cases.applicant_masked',
          'case_ratings.level',
          'case_ratings.comment',
          'case_ratings.aspects',
          'case_ratings.round',
          'case_ratings.site_code',
          'case_ratings.form_code',
          'departments.name as department_name',
          'case_ratings.created_at',
          'rectifications.answer',
        ])
        .orderBy('case_ratings.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  /** Counts per level, grouped by department, form or site (SQL aggregates over the indexed site range). */
  async stats(group: RatingGroup, f: RatingFilter) {
    const key = group === 'department' ? 'case_ratings.department_id' : group === 'form' ? 'case_ratings.form_code' : 'case_ratings.site_code';
    const lvl = (n: number) => sql<number>`SUM(CASE WHEN case_ratings.level = ${n} THEN 1 ELSE 0 END)`;
    return this.ratingsWhere(f)
      .select([
        sql<string | number | null>`${sql.ref(key)}`.as('k'),
        (eb) => eb.fn.countAll<number | string | bigint>().as('total'),
        lvl(1).as('l1'),
        lvl(2).as('l2'),
        lvl(3).as('l3'),
        lvl(4).as('l4'),
        lvl(5).as('l5'),
      ])
      .groupBy(key)
      .execute();
  }

  async rectifications(f: { siteCodes: string[]; status?: 'open' | 'answered' | undefined; id?: number | undefined }, offset: number, limit: number) {
    const base = this.db
      .selectFrom('rectifications')
      .where('rectifications.site_code', 'in', f.siteCodes.length ? f.siteCodes : ['-'])
      .where((eb) => eb.and([...(f.status ? [eb('rectifications.status', '=', f.status)] : []), ...(f.id !== undefined ? [eb('rectifications.id', '=', f.id)] : [])]));
    const [items, total] = await Promise.all([
      base
        .innerJoin('cases', 'cases.id', 'rectifications.case_id')
        .innerJoin('case_ratings', 'case_ratings.id', 'rectifications.rating_id')
        .leftJoin('departments', 'departments.id', 'rectifications.department_id')
        .select([
          'rectifications.id',
          'rectifications.case_id',
          'cases.case_no',
          'cases.title',
          'rectifications.rating_id',
          'case_ratings.level',
          'case_ratings.comment',
          'rectifications.site_code',
          'departments.name as department_name',
          'rectifications.status',
          'rectifications.deadline_at',
          'rectifications.answer',
          'rectifications.answered_by',
          'rectifications.answered_at',
          'rectifications.created_at',
        ])
        // Open tasks nearest their deadline first, then the answered ones, newest first.
        .orderBy('rectifications.status', 'desc')
        .orderBy('rectifications.deadline_at', 'asc')
        .orderBy('rectifications.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  rectificationById(id: number) {
    return this.db
      .selectFrom('rectifications')
      .innerJoin('cases', 'cases.id', 'rectifications.case_id')
      .select(['rectifications.id', 'rectifications.case_id', 'rectifications.site_code', 'rectifications.status', 'cases.user_id', 'cases.case_no', 'cases.title'])
      .where('rectifications.id', '=', id)
      .executeTakeFirst();
  }

  /**
   * The answer (open → answered, once: a conditional update) and the citizen's personal message
   * (消息中心, link to the case) in one transaction.
   */
  async answer(id: number, answer: string, by: string, now: string, message: { userId: number; title: string; body: string; link: string }): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('rectifications').set({ status: 'answered', answer, answered_by: by, answered_at: now }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      await trx.insertInto('messages').values({ site_code: null, user_id: message.userId, title: message.title, body: message.body, link: message.link, created_by: null, created_at: now }).execute();
      return true;
    });
  }
}
