/**
 * The durable job runner: one leader across instances sharing Redis, retries with backoff and the
 * last error visible, jobs that outlive a restart (rows), and at-least-once after a runner dies.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { jobView } from './jobs.console.js';
import { JobsRepository } from './jobs.repository.js';

const REDIS_URL = process.env.DZ_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let a: TestApp;
let b: FastifyInstance;
const ran: { job: string; by: string }[] = [];
const until = async (cond: () => boolean | Promise<boolean>, ms = 8000) => {
  for (let i = 0; i < ms / 50 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 50));
};

beforeAll(async () => {
  a = await createTestApp({ redisUrl: REDIS_URL, redisPrefix: `dz-test-${randomBytes(4).toString('hex')}:` });
  b = await buildApp({ config: a.config, prepare: false });
  await b.ready();
  for (const [app, by] of [[a.app, 'a'], [b, 'b']] as const)
    app.jobs.register('test.count', async (payload) => void ran.push({ job: (payload as { n: string }).n, by }));
});
afterAll(async () => {
  await b.close();
  await a.close();
});

describe('jobs runner', () => {
  it('elects one leader across two instances sharing Redis, which runs every job once; a stopped leader hands over', async () => {
    await a.app.jobs.tick();
    await b.jobs.tick();
    expect([a.app.jobs.isLeader, b.jobs.isLeader].filter(Boolean)).toHaveLength(1);
    for (let i = 0; i < 10; i++) await a.app.jobs.enqueue('test.count', { n: `j${i}` });
    expect(await a.app.jobs.enqueue('test.count', { n: 'dup' }, { key: 'once' })).not.toBeNull();
    expect(await b.jobs.enqueue('test.count', { n: 'dup' }, { key: 'once' })).toBeNull(); // same key: idempotent
    await until(() => ran.length >= 11);
    await Promise.all([a.app.jobs.idle(), b.jobs.idle()]);
    expect(ran.map((r) => r.job).sort()).toEqual(['dup', ...Array.from({ length: 10 }, (_, i) => `j${i}`)].sort());
    const leader = a.app.jobs.isLeader ? 'a' : 'b';
    expect(new Set(ran.map((r) => r.by))).toEqual(new Set([leader]));

    const [was, next] = leader === 'a' ? [a.app.jobs, b.jobs] : [b.jobs, a.app.jobs];
    await was.stop();
    await next.tick();
    expect(next.isLeader).toBe(true);
    expect(was.isLeader).toBe(false);
  });

  it('retries a failed job with backoff, shows its last error, and records the success', async () => {
    const runner = a.app.jobs.isLeader ? a.app.jobs : b.jobs;
    let tries = 0;
    runner.register('test.flaky', async () => {
      tries++;
      if (tries < 3) throw new Error(`对方系统超时 ${tries}`);
    }, { backoffMs: 100, maxAttempts: 4 });
    const id = (await runner.enqueue('test.flaky'))!;
    const repo = new JobsRepository(a.app.ctx.db);
    await until(() => tries >= 1);
    await runner.idle();
    const failed = (await repo.byId(id))!;
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, failures: 1, last_error: '对方系统超时 1' });
    expect(failed.run_at).toBeGreaterThan(failed.last_finished_at!);
    expect((await runner.list()).some((j) => j.id === id && j.last_error === '对方系统超时 1')).toBe(true);
    await until(async () => (await repo.byId(id))!.status === 'done');
    expect(await repo.byId(id)).toMatchObject({ status: 'done', attempts: 3, failures: 2, runs: 1, last_error: null });
  });

  it('gives up on a one-off job after maxAttempts and keeps it as failed', async () => {
    const runner = a.app.jobs.isLeader ? a.app.jobs : b.jobs;
    runner.register('test.broken', async () => Promise.reject(new Error('坏了')), { backoffMs: 10, maxAttempts: 2 });
    const id = (await runner.enqueue('test.broken'))!;
    const repo = new JobsRepository(a.app.ctx.db);
    await until(async () => (await repo.byId(id))!.status === 'failed');
    expect(await repo.byId(id)).toMatchObject({ status: 'failed', attempts: 2, failures: 2, last_error: '坏了' });
  });

  it('a job survives a restart (it is a row), and a job whose runner died is run again when its lock expires', async () => {
    // Enqueued for later on an instance that then closes, before anything ran it.
    const c = await buildApp({ config: a.config, prepare: false });
    await c.ready();
    const later = (await c.jobs.enqueue('test.count', { n: 'after-restart' }, { runAt: Date.now() + 300 }))!;
    await c.close();
    // Claimed by a runner that died mid-run: its lock expires after 1 ms.
    const crashedId = (await a.app.jobs.enqueue('test.count', { n: 'crashed' }, { runAt: Date.now() + 60_000 }))!;
    const repo = new JobsRepository(a.app.ctx.db);
    const row = (await repo.byId(crashedId))!;
    expect(await repo.claim({ ...row }, 'dead-instance', Date.now() - 60_000, 1)).toBe(true);

    const d = await buildApp({ config: a.config, prepare: false });
    d.jobs.register('test.count', async (payload) => void ran.push({ job: (payload as { n: string }).n, by: 'd' }));
    await d.ready();
    try {
      await until(() => ran.some((r) => r.job === 'after-restart') && ran.some((r) => r.job === 'crashed'));
      expect(ran.filter((r) => r.job === 'after-restart')).toHaveLength(1);
      expect(ran.filter((r) => r.job === 'crashed')).toHaveLength(1);
      expect(await repo.byId(later)).toMatchObject({ status: 'done' });
      expect(await repo.byId(crashedId)).toMatchObject({ status: 'done', attempts: 2 });
    } finally {
      await d.close();
    }
  });

  it('console jobs: claimed by a follower too, with progress, a result kept for a while, and a key that joins while active', async () => {
    // An instance that is not the leader, and the only one that knows the handler: if the job runs, a follower took it.
    const e = await buildApp({ config: a.config, prepare: false });
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    e.jobs.register('test.console', async (_p, job) => {
      await job.progress(1, 2, '已完成一半');
      await gate;
      return { rows: 7 };
    }, { anyInstance: true, maxAttempts: 1 });
    await e.ready();
    try {
      await e.jobs.tick();
      expect(e.jobs.isLeader).toBe(false);
      const first = await e.jobs.enqueueOrJoin('test.console', {}, { key: 'console:day', owner: { staffId: 1, siteCode: '511700' } });
      expect(first.created).toBe(true);
      expect(await a.app.jobs.enqueueOrJoin('test.console', {}, { key: 'console:day' })).toEqual({ id: first.id, created: false });
      const repo = new JobsRepository(a.app.ctx.db);
      await until(async () => (await repo.byId(first.id))!.message === '已完成一半');
      expect(jobView((await repo.byId(first.id))!)).toMatchObject({ state: 'running', percent: 50, done: 1, total: 2, message: '已完成一半' });
      release();
      await until(async () => (await repo.byId(first.id))!.status === 'done');
      const done = (await repo.byId(first.id))!;
      expect(done).toMatchObject({ locked_by: null, job_key: `console:day#${first.id}`, owner_staff_id: 1, owner_site: '511700' });
      expect(done.result_expires_at! - done.last_finished_at!).toBe(3_600_000);
      expect(jobView(done)).toMatchObject({ state: 'succeeded', percent: 100, result: { rows: 7 }, download: null });
      // ended, so the key is free: the next enqueue starts a new job
      const again = await e.jobs.enqueueOrJoin('test.console', {}, { key: 'console:day' });
      expect(again.created).toBe(true);
      expect(again.id).not.toBe(first.id);
      // results past their time are cleared
      await a.app.jobs.sweepResults(Date.now() + 2 * 3_600_000);
      expect(await repo.byId(first.id)).toMatchObject({ result: null, result_expires_at: null });
    } finally {
      release();
      await e.close();
    }
  });

  it('schedules the sweeps as rows, one per name, kept across restarts', async () => {
    const rows = await a.app.ctx.db.selectFrom('jobs').select(['name', 'job_key', 'every_ms']).where('job_key', 'like', 'every:%').orderBy('name').execute();
    expect(rows.map((r) => [r.name, Number(r.every_ms)])).toEqual([
      // the bookings core: held places past their lock expired and released at their owner
      ['bookings.expire', 30_000],
      // the applications engine: bureau decisions polled, overdue cases marked on the working-day clock
      ['cases.poll', 30_000],
      ['cases.sla', 600_000],
      // 景点 / 场馆: the day-before reminder of tomorrow's bookings
      ['culture.remind', 600_000],
      ['files.sweep', 3_600_000],
      // 互动: overdue items escalated to 督办 on the working-day clock
      ['interactions.escalate', 600_000],
      ['payments.sweep', 30_000],
      // 公共交通: the bus company's GTFS-Realtime polled into the shared store
      ['transit.realtime', 10_000],
      ['visits.fold', 2000],
      ['visits.purge', 86_400_000],
    ]);
  });
});
