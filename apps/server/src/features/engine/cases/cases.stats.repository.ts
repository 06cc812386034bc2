/**
 * SQL of 办件统计: one GROUP BY over the site subtree's cases filed in the period (site_code leads
 * ix_cases_site_status). Handling time is computed in SQL per dialect, since the times are ISO
 * strings: julianday on SQLite, TIMESTAMPDIFF over STR_TO_DATE on MariaDB / MySQL.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { OWN_LIST_KINDS } from './cases.repository.js';
import type { DialectName } from '../../../infra/db.js';

export type CaseStatsGroup = 'form' | 'department' | 'site';

export interface CaseStatsAggregate {
  k: string | number | null;
  total: number | string | bigint;
  completed: number | string | null;
  on_time: number | string | null;
  overdue: number | string | null;
  handled: number | string | null;
  handled_hours: number | string | null;
}

export class CasesStatsRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
  ) {}

  private hours(): RawBuilder<number> {
    if (this.dialect === 'sqlite') return sql<number>`(julianday(completed_at) - julianday(accepted_at)) * 24`;
    const f = '%Y-%m-%dT%H:%i:%s.%fZ';
    return sql<number>`TIMESTAMPDIFF(SECOND, STR_TO_DATE(accepted_at, ${f}), STR_TO_DATE(completed_at, ${f})) / 3600`;
  }

  /**
   * Per group: cases filed (submitted) in [from, to), how many were completed, on time (by the
   * deadline), overdue (completed late or still open past the deadline), and the summed handling
   * hours over the completed ones that were accepted. By department the parts of a 一件事 count
   * (each is a department's case) and their parent does not; by form and site the parent counts once.
   */
  aggregate(group: CaseStatsGroup, siteCodes: string[], from: string, to: string, now: string): Promise<CaseStatsAggregate[]> {
    const key = group === 'department' ? 'department_id' : group === 'form' ? 'form_code' : 'site_code';
    const hours = this.hours();
    let q = this.db
      .selectFrom('cases')
      .where('site_code', 'in', siteCodes.length ? siteCodes : ['-'])
      .where('status', '!=', 'draft')
      .where('kind', 'not in', OWN_LIST_KINDS)
      .where('submitted_at', '>=', from)
      .where('submitted_at', '<', to);
    q = group === 'department' ? q.where((eb) => eb.not(eb.and([eb('kind', '=', 'bundle'), eb('parent_id', 'is', null)]))) : q.where('parent_id', 'is', null);
    return q
      .select([
        sql<string | number | null>`${sql.ref(key)}`.as('k'),
        (eb) => eb.fn.countAll<number | string | bigint>().as('total'),
        sql<number>`SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END)`.as('completed'),
        sql<number>`SUM(CASE WHEN status = 'completed' AND (deadline_at IS NULL OR completed_at <= deadline_at) THEN 1 ELSE 0 END)`.as('on_time'),
        sql<number>`SUM(CASE WHEN (status = 'completed' AND deadline_at IS NOT NULL AND completed_at > deadline_at) OR (status = 'accepted' AND deadline_at < ${now}) THEN 1 ELSE 0 END)`.as('overdue'),
        sql<number>`SUM(CASE WHEN status = 'completed' AND accepted_at IS NOT NULL AND completed_at IS NOT NULL THEN 1 ELSE 0 END)`.as('handled'),
        sql<number>`SUM(CASE WHEN status = 'completed' AND accepted_at IS NOT NULL AND completed_at IS NOT NULL THEN ${hours} ELSE 0 END)`.as('handled_hours'),
      ])
      .groupBy(key)
      .execute() as Promise<CaseStatsAggregate[]>;
  }
}
