/**
 * Runs 访问统计's rollup reads and sketch unions (stats.reader.ts) in a worker thread.
 *
 * Why: issue 9 — nothing that scans a growing table may run on the request thread or block other
 * requests. On SQLite every read is synchronous (better-sqlite3), and a statistics answer unions
 * hundreds to thousands of 4 KiB sketches; on the event loop that is tens to hundreds of
 * milliseconds during which /api/health and every citizen's request wait. In the worker it costs
 * the loop one message each way.
 *
 * One worker per process, started on the first statistics request (most instances never serve
 * one) and stopped with the app. An in-memory SQLite database cannot be opened from a second
 * connection, so there — and only there — the reads run in-thread.
 */
import type { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { startWorker } from '../../infra/worker-thread.js';
import { readDetail, readStats, type DetailRow, type StatsFigures, type StatsFilter } from './stats.reader.js';

export type StatsRequest = { id: number; op: 'stats' | 'detail'; filter: StatsFilter };
export type StatsResponse = { id: number; ok: true; value: StatsFigures | DetailRow[] } | { id: number; ok: false; error: string };

interface Pending {
  resolve(v: StatsFigures | DetailRow[]): void;
  reject(e: Error): void;
}

export class StatsRunner {
  /** The worker and the requests it owes an answer (a crashed worker fails only its own). */
  private worker: { thread: Worker; pending: Map<number, Pending> } | null = null;
  private nextId = 1;

  constructor(
    private readonly databaseUrl: string,
    private readonly db: Kysely<DB>,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** True where the reads cannot leave this thread (an in-memory SQLite database). */
  get inThread(): boolean {
    return this.databaseUrl === 'sqlite::memory:';
  }

  /** Whether the worker thread is up (tests check that statistics really left the request thread). */
  get started(): boolean {
    return this.worker !== null;
  }

  stats(filter: StatsFilter): Promise<StatsFigures> {
    return this.inThread ? readStats(this.db, filter) : (this.ask('stats', filter) as Promise<StatsFigures>);
  }

  detail(filter: StatsFilter): Promise<DetailRow[]> {
    return this.inThread ? readDetail(this.db, filter) : (this.ask('detail', filter) as Promise<DetailRow[]>);
  }

  async close(): Promise<void> {
    const w = this.worker?.thread;
    this.worker = null;
    if (!w) return;
    const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    w.postMessage('close');
    // A worker stuck in a long read is not waited for beyond a second.
    const timer = setTimeout(() => void w.terminate(), 1000);
    await exited;
    clearTimeout(timer);
  }

  private ask(op: StatsRequest['op'], filter: StatsFilter): Promise<StatsFigures | DetailRow[]> {
    const w = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      w.pending.set(id, { resolve, reject });
      w.thread.postMessage({ id, op, filter } satisfies StatsRequest);
    });
  }

  private start(): { thread: Worker; pending: Map<number, Pending> } {
    const w = startWorker(import.meta.url, './stats.worker', { databaseUrl: this.databaseUrl });
    // The worker never keeps the process alive on its own; close() ends it with the app.
    w.unref();
    const pending = new Map<number, Pending>();
    w.on('message', (m: StatsResponse) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(`访问统计读取失败：${m.error}`));
    });
    const fail = (err: Error) => {
      if (this.worker?.thread === w) this.worker = null;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    w.on('error', (err) => {
      this.log.error({ err }, '访问统计工作线程出错，下次请求时重新启动');
      fail(err);
    });
    w.on('exit', () => fail(new Error('访问统计工作线程已退出')));
    this.worker = { thread: w, pending };
    return this.worker;
  }
}
