/**
 * The durable job runner (ARCHITECTURE "Cores": jobs — durable jobs, one leader across instances).
 *
 * - Jobs are rows (table `jobs`): a recurring schedule is one row per name, whose next run time
 *   survives a restart; a one-off job is a row with its own key (enqueueing the same key twice is a
 *   no-op, which makes producers idempotent).
 * - One leader: each instance tries to hold the lease `jobs:leader` in the shared store (Redis when
 *   configured, else the database's kv table, so several processes on one SQLite file agree too),
 *   renewed on every tick; only the leader runs jobs. A leader that dies stops renewing and another
 *   takes over within the lease time.
 * - At-least-once: a job is claimed by a compare-and-set on its row with a lock time; a runner that
 *   dies mid-job leaves a lock that expires, and the job runs again. Handlers must therefore be
 *   idempotent (the ones here are: sweeps, a watermark-guarded fold, a day-bounded purge). The row
 *   claim also keeps two would-be leaders (a lease race) from running the same job twice at once.
 * - Retries with exponential backoff; a one-off job that fails `maxAttempts` times is kept as
 *   `failed` with its error; a schedule retries with backoff, then waits for its next period.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { KeyValueStore } from '../../infra/kv.js';
import { JobsRepository, type JobRow } from './jobs.repository.js';

export interface JobContext {
  id: number;
  /** 1 on the first try. */
  attempt: number;
}
export type JobHandler = (payload: unknown, job: JobContext) => Promise<void>;

export interface JobOptions {
  /** Run every so many milliseconds (a recurring schedule). */
  every?: number;
  /** Tries before giving up (one-off) or waiting for the next period (schedule). Default 5. */
  maxAttempts?: number;
  /** First retry delay; doubled on each further failure, capped at 10 minutes. Default 1 s. */
  backoffMs?: number;
  /** How long a run may take before another runner may assume it died. Default 5 minutes. */
  lockMs?: number;
}

export interface RunnerOptions {
  tickMs?: number;
  leaseMs?: number;
  /** Delay before a new schedule's first run; default its period (the old timers' behaviour). */
  firstRunAfter?: (everyMs: number) => number;
}

const LEASE_KEY = 'jobs:leader';
const MAX_BACKOFF_MS = 10 * 60_000;
const DONE_KEPT_MS = 7 * 86_400_000;

export class JobRunner {
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly handlers = new Map<string, { fn: JobHandler; opts: Required<Omit<JobOptions, 'every'>> & { every?: number } }>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private scheduled = false;
  private stopped = false;
  private leader = false;
  private lastHousekeeping = 0;
  private readonly tickMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly lease: KeyValueStore,
    private readonly log: FastifyBaseLogger,
    private readonly opts: RunnerOptions = {},
  ) {
    this.tickMs = opts.tickMs ?? 1000;
    this.leaseMs = opts.leaseMs ?? 15_000;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  register(name: string, fn: JobHandler, opts: JobOptions = {}): void {
    if (this.handlers.has(name)) throw new Error(`job ${name} registered twice`);
    this.handlers.set(name, { fn, opts: { maxAttempts: opts.maxAttempts ?? 5, backoffMs: opts.backoffMs ?? 1000, lockMs: opts.lockMs ?? 5 * 60_000, every: opts.every } });
  }

  /** Adds a one-off job; with a key already used, nothing happens and null is returned. */
  async enqueue(name: string, payload: unknown = {}, o: { key?: string; runAt?: number; maxAttempts?: number } = {}): Promise<number | null> {
    const h = this.handlers.get(name);
    return new JobsRepository(this.db).insertIfAbsent({
      name,
      job_key: o.key ?? `${name}:${randomUUID()}`,
      payload: JSON.stringify(payload ?? {}),
      status: 'pending',
      run_at: o.runAt ?? Date.now(),
      every_ms: null,
      max_attempts: o.maxAttempts ?? h?.opts.maxAttempts ?? 5,
    });
  }

  /** Every job that is not done, for the console and for tests: last run, attempts, last error. */
  list(): Promise<JobRow[]> {
    return new JobsRepository(this.db).list();
  }

  /** Writes the schedules' rows (once) and starts ticking. */
  start(): void {
    if (this.timer || this.stopped) return;
    const loop = () => {
      this.ticking = this.tick()
        .catch((err: unknown) => this.log.error({ err }, '任务调度出错'))
        .finally(() => {
          this.ticking = null;
          if (!this.stopped) {
            this.timer = setTimeout(loop, this.tickMs);
            this.timer.unref();
          }
        });
    };
    this.timer = setTimeout(loop, 0);
    this.timer.unref();
  }

  /** Stops ticking, waits for running jobs, and hands the lease back so another instance leads at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await Promise.allSettled(this.inFlight.values());
    if (this.leader && (await this.lease.get(LEASE_KEY).catch(() => null)) === this.owner) await this.lease.del(LEASE_KEY).catch(() => undefined);
    this.leader = false;
  }

  private async ensureSchedules(): Promise<void> {
    const repo = new JobsRepository(this.db);
    const now = Date.now();
    for (const [name, h] of this.handlers) {
      if (!h.opts.every) continue;
      const key = `every:${name}`;
      const first = this.opts.firstRunAfter ? this.opts.firstRunAfter(h.opts.every) : h.opts.every;
      const id = await repo.insertIfAbsent({ name, job_key: key, payload: '{}', status: 'pending', run_at: now + first, every_ms: h.opts.every, max_attempts: h.opts.maxAttempts });
      if (id !== null) continue;
      const row = await repo.byKey(key);
      if (row && (row.every_ms !== h.opts.every || row.max_attempts !== h.opts.maxAttempts)) await repo.setSchedule(row.id, h.opts.every, h.opts.maxAttempts);
    }
    this.scheduled = true;
  }

  /** Takes or renews the lease. Between get and set another may take an expired lease; the row claims keep that harmless. */
  private async lead(): Promise<boolean> {
    if (await this.lease.setIfAbsent(LEASE_KEY, this.owner, this.leaseMs)) return (this.leader = true);
    if ((await this.lease.get(LEASE_KEY)) === this.owner) {
      await this.lease.set(LEASE_KEY, this.owner, this.leaseMs);
      return (this.leader = true);
    }
    return (this.leader = false);
  }

  /** One pass: lead, then start every due job not already running here. Exposed for tests. */
  async tick(): Promise<void> {
    if (!this.scheduled) await this.ensureSchedules();
    if (!(await this.lead())) return;
    const repo = new JobsRepository(this.db);
    const now = Date.now();
    const due = await repo.due([...this.handlers.keys()], now, 20);
    for (const job of due) {
      if (this.inFlight.has(job.id) || this.stopped) continue;
      const h = this.handlers.get(job.name)!;
      if (!(await repo.claim(job, this.owner, now, h.opts.lockMs))) continue;
      const run = this.run(job, h).finally(() => this.inFlight.delete(job.id));
      this.inFlight.set(job.id, run);
    }
    if (now - this.lastHousekeeping > 3_600_000) {
      this.lastHousekeeping = now;
      await repo.purgeDone(now - DONE_KEPT_MS);
    }
  }

  /** Resolves when every job running on this instance has finished (tests). */
  async idle(): Promise<void> {
    await Promise.allSettled(this.inFlight.values());
  }

  private async run(job: JobRow, h: { fn: JobHandler; opts: Required<Omit<JobOptions, 'every'>> & { every?: number } }): Promise<void> {
    const repo = new JobsRepository(this.db);
    const attempt = job.attempts + 1;
    try {
      await h.fn(JSON.parse(job.payload) as unknown, { id: job.id, attempt });
      const now = Date.now();
      await repo.finish(job.id, this.owner, job.every_ms
        ? { ok: true, status: 'pending', run_at: now + job.every_ms, attempts: 0, last_finished_at: now, last_error: null }
        : { ok: true, status: 'done', last_finished_at: now, last_error: null });
    } catch (err) {
      const now = Date.now();
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      this.log.error({ err, job: job.name, attempt }, '后台任务失败');
      const retry = attempt < job.max_attempts;
      const backoff = Math.min(MAX_BACKOFF_MS, h.opts.backoffMs * 2 ** (attempt - 1));
      await repo
        .finish(job.id, this.owner, retry
          ? { ok: false, status: 'pending', run_at: now + backoff, last_finished_at: now, last_error: message }
          : job.every_ms
            ? { ok: false, status: 'pending', run_at: now + job.every_ms, attempts: 0, last_finished_at: now, last_error: message }
            : { ok: false, status: 'failed', last_finished_at: now, last_error: message })
        .catch((e: unknown) => this.log.error({ err: e }, '记录任务结果失败'));
    }
  }
}
