#!/usr/bin/env node
// `npm test`: the whole suite, with its own set-up. Lint and typecheck, unit tests, the API tests
// on SQLite and on MariaDB, a production build, then the browser tests in Chromium.
// Ends with one plain line "N passed, N failed" summing every runner.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { ensureBuilt, ensureInstalled, must, root, run, step } from './lib.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- api` to run a subset
const want = (name) => only.length === 0 || only.includes(name);
const results = [];
const reportDir = join(root, 'test-results');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

function vitest(title, project, env, file) {
  step(title);
  const out = join(reportDir, `${file}.json`);
  const args = ['vitest', 'run', ...project.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${out}`];
  const r = run('npx', args, { env });
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

if (want('lint')) {
  must('代码检查 eslint', 'npx', ['eslint', '.', '--max-warnings=0']);
  must('类型检查 tsc / vue-tsc', 'npm', ['run', 'typecheck']);
}
if (want('unit')) vitest('单元测试（校验器、合作方协议、沙箱）', ['contracts', 'partner-protocol', 'partners'], {}, 'unit');
if (want('api')) {
  vitest('API 测试 · SQLite', ['server'], { DZ_TEST_DB: 'sqlite' }, 'api-sqlite');
  if (!(await reachable(3306))) {
    console.error('\n✗ MariaDB 未在 127.0.0.1:3306 运行。请先启动：start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd');
    results.push({ title: 'API 测试 · MariaDB（数据库不可用）', passed: 0, failed: 1, seconds: 0 });
  } else {
    vitest('API 测试 · MariaDB', ['server'], { DZ_TEST_DB: 'mysql' }, 'api-mysql');
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
