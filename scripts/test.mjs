#!/usr/bin/env node
// `npm test`: the whole suite, with its own set-up. Lint and typecheck; the unit tests and the API
// tests on SQLite on the machine's Node (the quick start's runtime and database); the unit tests
// and the API tests on MariaDB on Node 24 LTS (production's runtime and database); a production
// build, then the browser tests in Chromium.
// Ends with one plain line "N passed, N failed" summing every runner.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { ensureBuilt, ensureInstalled, ensureNode24, ensureSqliteBindingFor, mustAll, Node24Error, NODE24_VERSION, root, run, step } from './lib.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- api` to run a subset
const want = (name) => only.length === 0 || only.includes(name);
const results = [];
const reportDir = join(root, 'test-results');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

/** Runs vitest on the machine's Node, or on the Node binary `node` when given. */
function vitest(title, project, env, file, node) {
  step(title);
  const out = join(reportDir, `${file}.json`);
  const args = ['run', ...project.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${out}`];
  const r = node ? run(node, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), ...args], { env }) : run('npx', ['vitest', ...args], { env });
  let passed = 0;
  let failed = 0;
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed = j.numPassedTests;
    failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
  }
  if (!r.ok && failed === 0) failed = 1; // a crash before any test ran still counts as a failure
  results.push({ title, passed, failed, seconds: r.seconds });
}

function reachable(port) {
  return new Promise((res) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => {
      s.end();
      res(true);
    });
    s.on('error', () => res(false));
    s.setTimeout(2000, () => {
      s.destroy();
      res(false);
    });
  });
}

const t0 = Date.now();
ensureInstalled();

/**
 * Node 24's toolchain (a download and a native compile of better-sqlite3: 1–3 minutes, once per
 * clone) is prepared by a child process while lint, typecheck and the Node 20 tests run — they
 * leave a core idle much of the time — instead of in front of the Node 24 tests. Its output goes to
 * test-results/node24-prep.log and is printed when the Node 24 tests need it.
 */
function prepareNode24InBackground() {
  const log = join(reportDir, 'node24-prep.log');
  const fd = openSync(log, 'w');
  const started = Date.now();
  const child = spawn(process.execPath, [join(root, 'scripts', 'prepare-node24.mjs')], { cwd: root, stdio: ['ignore', fd, fd] });
  const done = new Promise((resolve) => {
    child.on('error', () => resolve(null));
    child.on('exit', (code) => resolve(code));
  }).finally(() => closeSync(fd));
  return async () => {
    const code = await done;
    const text = readFileSync(log, 'utf8').trim();
    if (text) console.log(`\n（后台准备 Node ${NODE24_VERSION}，${((Date.now() - started) / 1000).toFixed(0)} s 前开始）\n${text}`);
    return code;
  };
}
const node24Ready = want('node24') ? prepareNode24InBackground() : null;

if (want('lint')) {
  // Each uses one core most of the time: side by side they take about as long as the longer one.
  await mustAll([
    ['代码检查 eslint', 'npx', ['eslint', '.', '--max-warnings=0']],
    ['类型检查 tsc / vue-tsc', 'npm', ['run', 'typecheck']],
  ]);
}
if (want('unit')) vitest('单元测试（校验器、合作方协议、沙箱）', ['contracts', 'partner-protocol', 'partners'], {}, 'unit');
if (want('api')) vitest('API 测试 · SQLite', ['server'], { DZ_TEST_DB: 'sqlite' }, 'api-sqlite');
if (want('node24')) {
  // Production runs Node 24 LTS on MariaDB; the quick start runs the machine's Node 20 on SQLite. Each
  // pair is tested as it is deployed: the API suite runs once per database (a second SQLite run on
  // Node 24 and a MariaDB run on Node 20 cost 13 minutes together on the 2-core machine and tested
  // no pairing anything runs). Node 24 still gets better-sqlite3 built for it (80–180 s once per
  // clone, in the background since the start): the DZ_SQLITE_BINDING test and the tools on Node 24
  // (Lighthouse bench) open SQLite.
  const title = `Node ${NODE24_VERSION}`;
  let node24 = null;
  // Whatever the background preparation ended with, the calls below find its results in the cache
  // or do (and report) the same work again here.
  await node24Ready?.();
  try {
    const dir = ensureNode24();
    node24 = { node: join(dir, 'bin', 'node'), binding: ensureSqliteBindingFor(dir), path: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` };
  } catch (err) {
    if (!(err instanceof Node24Error)) throw err;
    console.error(`\n✗ ${err.message}`);
    results.push({ title: `${title}（无法准备运行环境）`, passed: 0, failed: 1, seconds: 0 });
  }
  if (node24) {
    // PATH first: anything a test starts as `node` is Node 24 too.
    const env = { DZ_SQLITE_BINDING: node24.binding, PATH: node24.path };
    vitest(`${title} · 单元测试（校验器、合作方协议、沙箱）`, ['contracts', 'partner-protocol', 'partners'], env, 'node24-unit', node24.node);
    if (!(await reachable(3306))) {
      console.error('\n✗ MariaDB 未在 127.0.0.1:3306 运行。请先启动：start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd');
      results.push({ title: `${title} · API 测试 · MariaDB（数据库不可用）`, passed: 0, failed: 1, seconds: 0 });
    } else {
      vitest(`${title} · API 测试 · MariaDB`, ['server'], { ...env, DZ_TEST_DB: 'mysql' }, 'node24-api-mysql', node24.node);
    }
  }
}
if (want('e2e')) {
  step('构建全部前后端');
  ensureBuilt();
  step('浏览器测试 · Chromium（Playwright）');
  const out = join(reportDir, 'e2e.json');
  const r = run('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'], { env: { PLAYWRIGHT_JSON_OUTPUT_NAME: out } });
  let passed = 0;
  let failed = 0;
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed = j.stats?.expected ?? 0;
    failed = (j.stats?.unexpected ?? 0) + (j.stats?.flaky ?? 0);
  }
  if (!r.ok && failed === 0) failed = 1;
  results.push({ title: '浏览器测试 · Chromium', passed, failed, seconds: r.seconds });
}

const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log('\n测试汇总');
for (const r of results) console.log(`  ${r.failed ? '✗' : '✓'} ${r.title}: ${r.passed} 通过, ${r.failed} 失败 (${r.seconds.toFixed(0)} s)`);
console.log(`  总耗时 ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
