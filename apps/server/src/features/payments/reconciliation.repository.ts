import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, ReconDiffsTable, ReconRunsTable } from '../../db/schema.js';

export type ReconRunRow = Selectable<ReconRunsTable>;

/** 对账's runs and their differences. */
export class ReconciliationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insertRun(row: Insertable<ReconRunsTable>): Promise<number> {
    const res = await this.db.insertInto('recon_runs').values(row).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async insertDiffs(runId: number, diffs: Omit<Insertable<ReconDiffsTable>, 'run_id'>[]): Promise<void> {
    if (diffs.length) await this.db.insertInto('recon_diffs').values(diffs.map((d) => ({ ...d, run_id: runId }))).execute();
  }

  /** Failed runs of `day` other than `keep`: a later run of the day replaces them (a failed run has no differences). */
  async dropFailedRuns(day: string, keep: number): Promise<void> {
    await this.db.deleteFrom('recon_runs').where('day', '=', day).where('status', '=', 'failed').where('id', '!=', keep).execute();
  }

  runById(id: number): Promise<ReconRunRow | undefined> {
    return this.db.selectFrom('recon_runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async page(page: number, pageSize: number): Promise<{ rows: ReconRunRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.db.selectFrom('recon_runs').selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
      this.db.selectFrom('recon_runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  diffsOf(runId: number) {
    return this.db.selectFrom('recon_diffs').selectAll().where('run_id', '=', runId).orderBy('id').execute();
  }

  /** Days from `since` on whose runs all failed: the scheduled pass tries them again. */
  async daysOnlyFailed(since: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('recon_runs')
      .select('day')
      .where('day', '>=', since)
      .groupBy('day')
      .having((eb) => eb.fn.sum<number>(eb.case().when('status', '=', 'failed').then(0).else(1).end()), '=', 0)
      .execute();
    return rows.map((r) => r.day);
  }

  async hasSuccessfulRun(day: string, by: string): Promise<boolean> {
    return !!(await this.db.selectFrom('recon_runs').select('id').where('day', '=', day).where('created_by', '=', by).where('status', '!=', 'failed').executeTakeFirst());
  }
}
