/**
 * Rows that must be recorded but must not cost the request that produced them (visit counts, the
 * partner call log): buffered in memory and written in multi-row inserts every `flushEveryMs` or
 * every `flushAt` rows, and once more when the app closes. What a crash loses is at most one
 * interval of rows, which statistics and logs tolerate.
 */
import type { FastifyBaseLogger } from 'fastify';

export interface BatchBufferOptions {
  /** Chinese name for log lines: 访问记录 / 接口调用日志. */
  label: string;
  flushEveryMs?: number;
  flushAt?: number;
  /** If the database is unreachable for long, the oldest rows are dropped beyond this. */
  max?: number;
}

export class BatchBuffer<T> {
  private rows: T[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private dropped = 0;
  private readonly flushAt: number;
  private readonly max: number;

  constructor(
    private readonly write: (rows: T[]) => Promise<void>,
    private readonly log: FastifyBaseLogger,
    private readonly opts: BatchBufferOptions,
  ) {
    this.flushAt = opts.flushAt ?? 200;
    this.max = opts.max ?? 50_000;
    this.timer = setInterval(() => void this.flush(), opts.flushEveryMs ?? 2000);
    this.timer.unref();
  }

  get pending(): number {
    return this.rows.length;
  }

  add(row: T): void {
    if (this.rows.length >= this.max) {
      this.rows.shift();
      if (this.dropped++ % 1000 === 0) this.log.warn({ dropped: this.dropped }, `${this.opts.label}缓冲区已满，最早的记录被丢弃（数据库不可用？）`);
    }
    this.rows.push(row);
    if (this.rows.length >= this.flushAt) void this.flush();
  }

  /** Writes everything buffered so far. Flushes never overlap; a failed batch goes back to the buffer. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.rows.length) return;
      const batch = this.rows;
      this.rows = [];
      try {
        await this.write(batch);
      } catch (err) {
        this.log.error({ err, rows: batch.length }, `${this.opts.label}写入失败，稍后重试`);
        this.rows = [...batch, ...this.rows].slice(-this.max);
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
