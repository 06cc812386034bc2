// Shared by scripts/start.mjs and scripts/test.mjs: plain Node, no dependencies, because these
// run before `npm ci` has installed anything.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

export function run(cmd, args, opts = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? root, stdio: 'inherit', env: { ...process.env, ...opts.env } });
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

/**
 * Several checks at once, each `[title, cmd, args]`: their output is kept and printed in the given
 * order when all have ended, so the log reads as if they had run one after another. Exits like
 * `must` when any of them failed. For checks that each use one core (eslint, tsc).
 */
export async function mustAll(checks) {
  const started = Date.now();
  const results = await Promise.all(
    checks.map(
      ([title, cmd, args]) =>
        new Promise((resolve) => {
          const child = spawn(cmd, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
          const out = [];
          child.stdout.on('data', (c) => out.push(c));
          child.stderr.on('data', (c) => out.push(c));
          child.on('error', (err) => resolve({ title, status: 1, output: String(err) }));
          child.on('close', (code) => resolve({ title, status: code ?? 1, output: Buffer.concat(out).toString('utf8') }));
        }),
    ),
  );
  for (const r of results) {
    step(r.title);
    if (r.output) process.stdout.write(r.output);
  }
  console.log(`（${checks.length} 项同时进行，共 ${((Date.now() - started) / 1000).toFixed(0)} s）`);
  const failed = results.find((r) => r.status !== 0);
  if (failed) {
    console.error(`\n✗ ${failed.title} 失败（退出码 ${failed.status}）`);
    process.exit(failed.status || 1);
  }
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

/**
 * Production runs Node 24 LTS (Node 20 reached end of life on 2026-04-30) while the quick start
 * still runs on the machine's Node 20, so `npm test` also runs the suites on this exact release.
 */
export const NODE24_VERSION = '24.22.3';
const node24Cache = join(root, '.cache', 'node24');

/** Thrown when the Node 24 toolchain cannot be prepared; the message says what to do. */
export class Node24Error extends Error {}

/**
 * Node 24 from the npm registry — the package node-<platform>-<arch>, the same build nodejs.org
 * ships (bin/node plus the include/node headers native modules compile against) — unpacked into
 * .cache/node24/ and reused from there. `npm pack` checks the tarball against the registry's
 * sha512 integrity. Returns the directory holding bin/ and include/.
 */
export function ensureNode24() {
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(node24Cache, `${pkg}-${NODE24_VERSION}`);
  const node = join(dir, 'bin', 'node');
  const usable = () =>
    existsSync(join(dir, 'include', 'node', 'common.gypi')) &&
    spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim() === `v${NODE24_VERSION}`;
  if (existsSync(node) && usable()) return dir;

  step(`获取 Node ${NODE24_VERSION}（npm 仓库的 ${pkg}@${NODE24_VERSION} 包，缓存到 .cache/node24/）`);
  const tmp = join(node24Cache, `.download-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const packed = spawnSync('npm', ['pack', `${pkg}@${NODE24_VERSION}`, '--pack-destination', tmp, '--json', '--loglevel=error'], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    let file;
    try {
      file = JSON.parse(packed.stdout)[0]?.filename;
    } catch {
      file = undefined;
    }
    if (packed.status !== 0 || !file || !existsSync(join(tmp, file))) {
      throw new Node24Error(`无法从 npm 仓库获取 ${pkg}@${NODE24_VERSION}（npm pack 退出码 ${packed.status}）。请检查网络和 npm 仓库设置（npm config get registry）后重试。`);
    }
    const untar = spawnSync('tar', ['-xzf', file], { cwd: tmp, stdio: 'inherit' });
    const unpacked = join(tmp, 'package');
    if (untar.status !== 0 || !existsSync(join(unpacked, 'bin', 'node')) || !existsSync(join(unpacked, 'include', 'node', 'node_api.h'))) {
      throw new Node24Error(`${pkg}@${NODE24_VERSION} 的内容不完整：缺少 bin/node 或 include/node 头文件。`);
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(unpacked, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!usable()) throw new Node24Error(`${node} 无法运行或版本不是 v${NODE24_VERSION}。`);
  return dir;
}

/** node-gyp as bundled with npm (npm itself builds native modules with it on `npm ci`). */
function nodeGyp() {
  const candidates = [
    process.env.npm_execpath && join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Node24Error(`找不到 npm 自带的 node-gyp（查找了 ${candidates.join('、')}）。`);
  return found;
}

/**
 * better-sqlite3 compiled for Node 24, into .cache/node24/ — node_modules keeps its Node 20 build
 * for the quick start. The server loads it when DZ_SQLITE_BINDING names it (better-sqlite3's
 * nativeBinding option). The other native packages (@node-rs/argon2, esbuild, rollup/rolldown,
 * lightningcss) are N-API or plain executables and run on either release as installed.
 * Rebuilt when better-sqlite3 or Node changes version. Returns the path of the .node file.
 */
export function ensureSqliteBindingFor(nodeDir) {
  const source = join(root, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const binding = join(node24Cache, `better-sqlite3-${version}-node-${NODE24_VERSION}`, 'better_sqlite3.node');
  if (existsSync(binding)) return binding;

  step(`为 Node ${NODE24_VERSION} 单独编译 better-sqlite3 ${version}（node-gyp，约 1–2 分钟）`);
  // Built outside the checkout (the sources include scripts that `eslint .` would lint); only the
  // addon is kept.
  const work = mkdtempSync(join(tmpdir(), 'dz-better-sqlite3-'));
  try {
    for (const part of ['package.json', 'binding.gyp', 'src', 'deps']) cpSync(join(source, part), join(work, part), { recursive: true });
    const jobs = String(Math.min(4, availableParallelism()));
    // node-gyp lets npm_config_* variables override its command line, and `npm test` exports the
    // user's npm config (a machine-wide `nodedir=/usr` would build against Node 20's headers), so
    // the build sees none of them.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(?:config|package_config_node_gyp)_/i.test(k)));
    const gyp = [nodeGyp(), 'rebuild', '--release', `--nodedir=${nodeDir}`, '--jobs', jobs];
    const r = spawnSync(join(nodeDir, 'bin', 'node'), gyp, { cwd: work, stdio: 'inherit', env });
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (r.status !== 0 || !existsSync(built)) {
      throw new Node24Error(`为 Node ${NODE24_VERSION} 编译 better-sqlite3 失败（退出码 ${r.status}）。需要 python3、make 和 g++。`);
    }
    // Checked here, not in the middle of the test run: the addon must load in Node 24.
    const load = `new (require(${JSON.stringify(join(source, 'lib', 'index.js'))}))(':memory:', { nativeBinding: ${JSON.stringify(built)} }).close()`;
    if (spawnSync(join(nodeDir, 'bin', 'node'), ['-e', load], { stdio: 'inherit' }).status !== 0) {
      throw new Node24Error(`为 Node ${NODE24_VERSION} 编译的 better-sqlite3 无法加载。`);
    }
    mkdirSync(dirname(binding), { recursive: true });
    cpSync(built, `${binding}.tmp`);
    renameSync(`${binding}.tmp`, binding);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binding;
}
