// Shared by scripts/start.mjs and scripts/test.mjs: plain Node, no dependencies, because these
// run before `npm ci` has installed anything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

export function run(cmd, args, opts = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env } });
  return { ok: r.status === 0, status: r.status ?? 1, seconds: (Date.now() - started) / 1000 };
}

export function must(title, cmd, args, opts) {
  step(title);
  const r = run(cmd, args, opts);
  if (!r.ok) {
    console.error(`\n✗ ${title} 失败（退出码 ${r.status}）`);
    process.exit(r.status || 1);
  }
  return r;
}

export function step(title) {
  console.log(`\n▶ ${title}`);
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Installs dependencies when node_modules is missing or older than the lock file. */
export function ensureInstalled() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  must('安装依赖 npm ci', 'npm', ['ci', '--no-audit', '--no-fund']);
}

const WORKSPACES = ['packages/contracts', 'packages/partner-protocol', 'apps/server', 'apps/partners', 'apps/h5', 'apps/admin'];

/** Builds every workspace whose sources are newer than its dist (or all with force). */
export function ensureBuilt(force = false) {
  const stale = WORKSPACES.filter((ws) => {
    const dist = join(root, ws, 'dist');
    if (force || !existsSync(dist)) return true;
    return newestMtime(join(root, ws)) > statSync(dist).mtimeMs;
  });
  if (!stale.length) return;
  // The shared packages first, always: the apps import their dist at run time.
  const order = [...new Set(['packages/contracts', 'packages/partner-protocol', ...stale])];
  for (const ws of order) {
    must(`构建 ${ws}`, 'npm', ['run', 'build', '-w', ws]);
    // mark dist as fresh so the next start skips this workspace
    spawnSync('touch', [join(root, ws, 'dist')]);
  }
}

export function spawnChild(name, cmd, args, env) {
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM' && signal !== 'SIGINT') console.error(`${name} 已退出（${code ?? signal}）`);
  });
  return child;
}
