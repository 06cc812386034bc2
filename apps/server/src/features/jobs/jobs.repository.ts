import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, JobsTable } from '../../db/schema.js';
import { isDuplicateKey } from '../../infra/duplicate-key.js';

export type JobRow = Selectable<JobsTable>;

const num = (v: unknown) => (v == null ? null : Number(v));
const toRow = (r: JobRow): JobRow => ({
  ...r,
  id: Number(r.id),
  run_at: Number(r.run_at),
  every_ms: num(r.every_ms),
  attempts: Number(r.attempts),
  max_attempts: Number(r.max_attempts),
  locked_until: Number(r.locked_until),
  last_started_at: num(r.last_started_at),
  last_finished_at: num(r.last_finished_at),
  runs: Number(r.runs),
  failures: Number(r.failures),
  owner_staff_id: num(r.owner_staff_id),
  active_key: Number(r.active_key),
  progress_done: Number(r.progress_done),
  progress_total: Number(r.progress_total),
  result_expires_at: num(r.result_expires_at),
});

/** Columns a producer may leave out: the runner's bookkeeping, and the console-job fields (migration 0010). */
type Defaulted = 'id' | 'locked_by' | 'locked_until' | 'last_started_at' | 'last_finished_at' | 'last_error' | 'runs' | 'failures' | 'attempts'
  | 'owner_staff_id' | 'owner_site' | 'active_key' | 'progress_done' | 'progress_total' | 'message' | 'result' | 'result_expires_at';
export type NewJob = Omit<JobsTable, Defaulted> & Partial<Pick<JobsTable, 'owner_staff_id' | 'owner_site' | 'active_key' | 'message'>>;
/** What a finished run writes besides its status. */
export type JobOutcome = Partial<Pick<JobsTable, 'status' | 'run_at' | 'attempts' | 'last_finished_at' | 'last_error' | 'message' | 'result' | 'result_expires_at' | 'job_key'>> & { ok: boolean };


export class JobsRepository {
  private readonly db: Kysely<DB> | Transaction<DB>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db;
  }

  /** Inserts a job unless one with the same key exists (no upsert: the unique key decides). Its id, or null. */
  async insertIfAbsent(row: NewJob): Promise<number | null> {
    try {
      const r = await this.db.insertInto('jobs').values({ active_key: 0, ...row, attempts: 0, locked_until: 0, runs: 0, failures: 0, progress_done: 0, progress_total: 0 }).executeTakeFirst();
      return Number(r.insertId);
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  async byKey(key: string): Promise<JobRow | null> {
    const r = await this.db.selectFrom('jobs').selectAll().where('job_key', '=', key).executeTakeFirst();
    return r ? toRow(r) : null;
  }

  async byId(id: number): Promise<JobRow | null> {
    const r = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRow(r) : null;
  }

  async setSchedule(id: number, everyMs: number, maxAttempts: number): Promise<void> {
    await this.db.updateTable('jobs').set({ every_ms: everyMs, max_attempts: maxAttempts }).where('id', '=', id).execute();
  }

  /** Due jobs of the given names: pending and due, or running with an expired lock (its runner died). */
  async due(names: string[], now: number, limit: number): Promise<JobRow[]> {
    if (!names.length) return [];
    const rows = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', 'in', names)
      .where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', now)])]))
      .orderBy('run_at')
      .limit(limit)
      .execute();
    return rows.map(toRow);
  }

  /** Compare-and-set from the state we read: true when this runner now holds the job. */
  async claim(job: JobRow, owner: string, now: number, lockMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .set({ status: 'running', locked_by: owner, locked_until: now + lockMs, attempts: job.attempts + 1, last_started_at: now })
      .where('id', '=', job.id)
      .where('status', '=', job.status)
      .where('attempts', '=', job.attempts)
      .where('locked_until', '=', job.locked_until)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async finish(id: number, owner: string, set: JobOutcome): Promise<void> {
    const { ok, ...fields } = set;
    await this.db
      .updateTable('jobs')
      .set((eb) => ({ ...fields, locked_by: null, locked_until: 0, ...(ok ? { runs: eb('runs', '+', 1) } : { failures: eb('failures', '+', 1) }) }))
      .where('id', '=', id)
      .where('locked_by', '=', owner)
      .execute();
  }

  /** A running job's progress, written only while this runner still holds it. */
  async progress(id: number, owner: string, done: number, total: number, message: string | null): Promise<void> {
    await this.db.updateTable('jobs').set({ progress_done: done, progress_total: total, message }).where('id', '=', id).where('locked_by', '=', owner).execute();
  }

  /** Marks a result as taken (compare-and-set on its text), so a once-only download is served once. */
  async takeResult(id: number, expected: string, next: string): Promise<boolean> {
    const r = await this.db.updateTable('jobs').set({ result: next }).where('id', '=', id).where('result', '=', expected).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Finished jobs whose result is past its keeping time. */
  async expiredResults(now: number, limit: number): Promise<JobRow[]> {
    const rows = await this.db.selectFrom('jobs').selectAll().where('result_expires_at', '<=', now).limit(limit).execute();
    return rows.map(toRow);
  }

  async dropResult(id: number): Promise<void> {
    await this.db.updateTable('jobs').set({ result: null, result_expires_at: null }).where('id', '=', id).execute();
  }

  async list(): Promise<JobRow[]> {
    const rows = await this.db.selectFrom('jobs').selectAll().where('status', 'in', ['pending', 'running', 'failed']).orderBy('name').orderBy('id').limit(500).execute();
    return rows.map(toRow);
  }

  /** Finished one-off jobs older than `before`. */
  async purgeDone(before: number): Promise<void> {
    await this.db.deleteFrom('jobs').where('status', '=', 'done').where('every_ms', 'is', null).where('last_finished_at', '<', before).execute();
  }
}
