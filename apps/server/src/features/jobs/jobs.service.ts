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
 * - Console jobs (issue 9: audit CSV export, 立即对账): a one-off job may carry its owner (staff and
 *   site), report progress and a Chinese message while it runs, and return a result that is kept for
 *   `resultTtlMs` and then swept (`discard` removes what the result points at, e.g. a file).
 *   Handlers registered with `anyInstance` are claimed by every instance, not only the leader: a
 *   person is waiting for them, so they should not queue behind one process's sweeps, and the row's
 *   compare-and-set claim already makes two instances taking the same job harmless. Schedules stay
 *   with the leader: they are singletons by nature and one poller for them is enough.
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
  /** Progress for whoever watches the job (written at most every 250 ms, and always on done = total). */
  progress(done: number, total: number, message?: string | null): Promise<void>;
}
/** Resolves to the job's result (kept as JSON for `resultTtlMs`), or to nothing. */
export type JobHandler = (payload: unknown, job: JobContext) => Promise<unknown>;

export interface JobOptions {
  /** Run every so many milliseconds (a recurring schedule). */
  every?: number;
  /** Tries before giving up (one-off) or waiting for the next period (schedule). Default 5. */
  maxAttempts?: number;
  /** First retry delay; doubled on each further failure, capped at 10 minutes. Default 1 s. */
  backoffMs?: number;
  /** How long a run may take before another runner may assume it died. Default 5 minutes. */
  lockMs?: number;
  /** One-off jobs of this name are claimed by any instance, not only the leader (see the header). */
  anyInstance?: boolean;
  /** Permission a staff member needs to read this job and its result (checked again at download). */
  permission?: string;
  /** How long a result is kept after the job ends. Default 1 hour. */
  resultTtlMs?: number;
  /** Removes what an expired result refers to (a file); the result itself is then cleared. */
  discard?: (result: unknown) => Promise<void>;
}

export interface EnqueueOptions {
  key?: string;
  runAt?: number;
  maxAttempts?: number;
  /** The staff member (and the site they act for) who may read the job and its result. */
  owner?: { staffId: number; siteCode: string };
  /** The key is unique only while the job is pending or running: enqueueing it again then joins that job. */
  whileActive?: boolean;
  /** The message shown until the handler reports progress. */
  message?: string;
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
const RESULT_TTL_MS = 3_600_000;
const PROGRESS_EVERY_MS = 250;
/** A handler's error as the console shows it: our errors are written in Chinese; anything else is not for staff eyes. */
export function jobFailureMessage(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return /[\u4e00-\u9fff]/.test(m) ? m.slice(0, 200) : '任务执行失败，请稍后重试';
}

type Registered = { fn: JobHandler; opts: Required<Omit<JobOptions, 'every' | 'discard' | 'permission'>> & Pick<JobOptions, 'every' | 'discard' | 'permission'> };

export class JobRunner {
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly handlers = new Map<string, Registered>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private scheduled = false;
  private stopped = false;
  private leader = false;
  private lastHousekeeping = 0;
  private lastResultSweep = 0;
  private loop: (() => void) | null = null;
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
    this.handlers.set(name, {
      fn,
      opts: { maxAttempts: opts.maxAttempts ?? 5, backoffMs: opts.backoffMs ?? 1000, lockMs: opts.lockMs ?? 5 * 60_000, every: opts.every, anyInstance: opts.anyInstance ?? false, resultTtlMs: opts.resultTtlMs ?? RESULT_TTL_MS, discard: opts.discard, permission: opts.permission },
    });
  }

  /** Adds a one-off job; with a key already used, nothing happens and null is returned. */
  async enqueue(name: string, payload: unknown = {}, o: EnqueueOptions = {}): Promise<number | null> {
    const h = this.handlers.get(name);
    const id = await new JobsRepository(this.db).insertIfAbsent({
      name,
      job_key: o.key ?? `${name}:${randomUUID()}`,
      payload: JSON.stringify(payload ?? {}),
      status: 'pending',
      run_at: o.runAt ?? Date.now(),
      every_ms: null,
      max_attempts: o.maxAttempts ?? h?.opts.maxAttempts ?? 5,
      owner_staff_id: o.owner?.staffId ?? null,
      owner_site: o.owner?.siteCode ?? null,
      active_key: o.whileActive ? 1 : 0,
      message: o.message ?? null,
    });
    // Someone may be waiting: look at once instead of at the next tick.
    if (id !== null && (o.runAt ?? 0) <= Date.now()) this.kick();
    return id;
  }

  /**
   * Enqueues, or when a job with this key is still pending or running (`whileActive`), returns that
   * one: a second click joins the first. `created` tells which.
   */
  async enqueueOrJoin(name: string, payload: unknown, o: EnqueueOptions & { key: string }): Promise<{ id: number; created: boolean }> {
    const repo = new JobsRepository(this.db);
    for (let i = 0; i < 3; i++) {
      const id = await this.enqueue(name, payload, { ...o, whileActive: true });
      if (id !== null) return { id, created: true };
      const running = await repo.byKey(o.key);
      if (running) return { id: running.id, created: false };
      // it ended between our insert and our read, releasing the key: try again
    }
    throw new Error(`job key ${o.key} is contended`);
  }

  /** The permission registered for a job name (console jobs), if any. */
  permissionOf(name: string): string | undefined {
    return this.handlers.get(name)?.opts.permission;
  }

  /** A job's row (status, progress, result), or null. */
  get(id: number): Promise<JobRow | null> {
    return new JobsRepository(this.db).byId(id);
  }

  /** Runs a tick now (coalesced with one already running). */
  private kick(): void {
    if (!this.loop || this.stopped || this.ticking) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.loop, 0);
    this.timer.unref();
  }

  /** Every job that is not done, for the console and for tests: last run, attempts, last error. */
  list(): Promise<JobRow[]> {
    return new JobsRepository(this.db).list();
  }

  /** Writes the schedules' rows (once) and starts ticking. */
  start(): void {
    if (this.timer || this.stopped) return;
    const loop = (this.loop = () => {
      this.ticking = this.tick()
        .catch((err: unknown) => this.log.error({ err }, '任务调度出错'))
        .finally(() => {
          this.ticking = null;
          if (!this.stopped) {
            this.timer = setTimeout(loop, this.tickMs);
            this.timer.unref();
          }
        });
    });
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
    const leader = await this.lead();
    // A follower still takes the jobs any instance may run (see the header).
    const names = [...this.handlers].filter(([, h]) => leader || (h.opts.anyInstance && !h.opts.every)).map(([n]) => n);
    if (!names.length) return;
    const repo = new JobsRepository(this.db);
    const now = Date.now();
    const due = await repo.due(names, now, 20);
    for (const job of due) {
      if (this.inFlight.has(job.id) || this.stopped) continue;
      const h = this.handlers.get(job.name)!;
      if (!(await repo.claim(job, this.owner, now, h.opts.lockMs))) continue;
      const run = this.run(job, h).finally(() => this.inFlight.delete(job.id));
      this.inFlight.set(job.id, run);
    }
    if (!leader) return;
    if (now - this.lastResultSweep > 60_000) {
      this.lastResultSweep = now;
      await this.sweepResults(now);
    }
    if (now - this.lastHousekeeping > 3_600_000) {
      this.lastHousekeeping = now;
      await repo.purgeDone(now - DONE_KEPT_MS);
    }
  }

  /** Clears results past their keeping time, after their handler has removed what they point at. Exposed for tests. */
  async sweepResults(now = Date.now()): Promise<void> {
    const repo = new JobsRepository(this.db);
    for (const job of await repo.expiredResults(now, 100)) {
      const discard = this.handlers.get(job.name)?.opts.discard;
      try {
        if (discard && job.result) await discard(JSON.parse(job.result) as unknown);
        await repo.dropResult(job.id);
      } catch (err) {
        this.log.error({ err, job: job.name, id: job.id }, '清理任务结果失败');
      }
    }
  }

  /** Resolves when every job running on this instance has finished (tests). */
  async idle(): Promise<void> {
    await Promise.allSettled(this.inFlight.values());
  }

  private async run(job: JobRow, h: Registered): Promise<void> {
    const repo = new JobsRepository(this.db);
    const attempt = job.attempts + 1;
    let lastProgress = 0;
    const progress = async (done: number, total: number, message?: string | null) => {
      const t = Date.now();
      if (t - lastProgress < PROGRESS_EVERY_MS && done < total) return;
      lastProgress = t;
      await repo.progress(job.id, this.owner, done, total, message ?? null);
    };
    // A key held only while active is released when the job ends, so the next enqueue starts anew.
    const released = job.active_key && !job.every_ms ? { job_key: `${job.job_key}#${job.id}` } : {};
    try {
      const result = await h.fn(JSON.parse(job.payload) as unknown, { id: job.id, attempt, progress });
      const now = Date.now();
      const kept = result === undefined ? {} : { result: JSON.stringify(result), result_expires_at: now + h.opts.resultTtlMs };
      await repo.finish(job.id, this.owner, job.every_ms
        ? { ok: true, status: 'pending', run_at: now + job.every_ms, attempts: 0, last_finished_at: now, last_error: null }
        : { ok: true, status: 'done', last_finished_at: now, last_error: null, ...kept, ...released });
    } catch (err) {
      const now = Date.now();
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      this.log.error({ err, job: job.name, attempt }, '后台任务失败');
      const retry = attempt < job.max_attempts;
      const backoff = Math.min(MAX_BACKOFF_MS, h.opts.backoffMs * 2 ** (attempt - 1));
      await repo
        .finish(job.id, this.owner, retry
          ? { ok: false, status: 'pending', run_at: now + backoff, last_finished_at: now, last_error: message, ...(job.every_ms ? {} : { message: `第 ${attempt} 次执行失败，${Math.ceil(backoff / 1000)} 秒后重试` }) }
          : job.every_ms
            ? { ok: false, status: 'pending', run_at: now + job.every_ms, attempts: 0, last_finished_at: now, last_error: message }
            : { ok: false, status: 'failed', last_finished_at: now, last_error: message, message: jobFailureMessage(err), ...released })
        .catch((e: unknown) => this.log.error({ err: e }, '记录任务结果失败'));
    }
  }
}
