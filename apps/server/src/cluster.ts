/**
 * The cluster primary (WORKERS > 1): one Node event loop per core, since a single loop saturates
 * long before the machine does (the home page's precomputed bytes at ~20 % of nginx, p99 in
 * seconds at 500 connections).
 *
 * The primary serves no HTTP itself. It
 * - migrates and seeds once (prepareDatabase), so workers never race over the schema or the seed
 *   and a generated admin password is printed once;
 * - forks the workers, which listen on the same port (node:cluster hands each new connection to
 *   the next worker in turn, so they share the load evenly however many connections are open);
 * - replaces a worker that dies unexpectedly, after a back-off that grows with each crash, and
 *   gives up loudly — stopping every worker and exiting non-zero — when they crash in a loop, so a
 *   supervisor (systemd, the container runtime) sees the failure instead of a primary that
 *   re-forks forever;
 * - on SIGTERM / SIGINT asks every worker to finish its requests and close, and exits when all
 *   have (forcibly after SHUTDOWN_GRACE_MS).
 */
import cluster, { type Worker } from 'node:cluster';
import { pino } from 'pino';
import { prepareDatabase } from './app.js';
import type { Config } from './infra/config.js';

/** Crashes counted within this window decide between "restart" and "crash loop". */
const CRASH_WINDOW_MS = 60_000;
/** Back-off before a replacement: 250 ms, doubled per recent crash, at most 10 s. */
const RESTART_BASE_MS = 250;
const RESTART_MAX_MS = 10_000;
/** Longer than a worker's own 10 s forced exit, so a clean close is always waited for. */
const SHUTDOWN_GRACE_MS = 12_000;

export interface PrimaryOptions {
  onAdminPasswordGenerated?: (password: string) => void;
  /** Called once, when the first worker listens. */
  onListening?: () => void;
}

/** Crashes tolerated within CRASH_WINDOW_MS before giving up: a few per worker. */
export const crashLimit = (workers: number) => Math.max(5, 2 * workers);

/** Milliseconds to wait before replacing a worker, given how many crashed within the window. */
export const restartDelay = (recentCrashes: number) => Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** Math.max(0, recentCrashes - 1));

export async function runPrimary(config: Config, opts: PrimaryOptions = {}): Promise<void> {
  const log = pino({ level: config.logLevel }).child({ role: 'primary' });
  await prepareDatabase({ config, onAdminPasswordGenerated: opts.onAdminPasswordGenerated });

  let closing = false;
  let listening = false;
  let failed = false;
  const crashes: number[] = [];

  const fork = (): Worker => {
    const w = cluster.fork();
    log.info({ worker: w.id, workerPid: w.process.pid }, '工作进程已启动');
    return w;
  };

  cluster.on('listening', (w) => {
    log.info({ worker: w.id, workerPid: w.process.pid }, '工作进程开始监听');
    if (!listening) {
      listening = true;
      opts.onListening?.();
    }
  });

  const stopAll = (signal: NodeJS.Signals) => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };

  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, '正在停止全部工作进程');
    stopAll('SIGTERM');
    const force = setTimeout(() => {
      log.error('工作进程未在规定时间内退出，强制结束');
      stopAll('SIGKILL');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    if (!Object.keys(cluster.workers ?? {}).length) process.exit(failed ? 1 : 0);
  };

  cluster.on('exit', (w, code, signal) => {
    if (closing) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(failed ? 1 : 0);
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && now - crashes[0]! > CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length > crashLimit(config.workers)) {
      failed = true;
      log.fatal({ crashes: crashes.length, windowSeconds: CRASH_WINDOW_MS / 1000 }, `工作进程在 ${CRASH_WINDOW_MS / 1000} 秒内意外退出 ${crashes.length} 次，判定为反复崩溃，停止服务：请查看上面的错误日志`);
      shutdown('crash loop');
      return;
    }
    const delay = restartDelay(crashes.length);
    log.error({ worker: w.id, workerPid: w.process.pid, code, signal, restartInMs: delay }, `工作进程意外退出（${signal ?? `退出码 ${code}`}），${delay} 毫秒后重启`);
    // Not unref'd: with every worker gone this timer is what keeps the primary alive to re-fork.
    setTimeout(() => {
      if (!closing) fork();
    }, delay);
  });

  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  log.info({ workers: config.workers }, `启动 ${config.workers} 个工作进程`);
  for (let i = 0; i < config.workers; i++) fork();
}
