#!/usr/bin/env node
// Lighthouse on the H5 in the mobile profile (slow 4G, 4× CPU, 412 × 823): 首页, a zone, 搜索 and a
// form page, several runs each, median reported. Lighthouse is not a dependency of the project: it
// needs Node ≥ 22 and brings a large tree, so it is installed once into the git-ignored
// .cache/lighthouse (npm's registry only, no browser download) and run with the Node 24 that
// `npm test -- node24` keeps in .cache/node24, against the system Chromium.
//   node bench/lighthouse.mjs [--runs 3] [--only /,/search] [--h5-dir <built H5 to serve>] [--label after]
//                             [--url http://127.0.0.1:8080 (an already running server)] [--keep <dir of whole reports>]
// Without --url it starts the sandbox and the server on a fresh SQLite database, as bench/run.mjs
// does; --h5-dir serves another build of the H5 (H5_DIR), e.g. the one before a change:
//   git worktree add /tmp/h5base HEAD && (cd /tmp/h5base/apps/h5 && npx vite build --outDir /tmp/h5base-dist)
//   node bench/lighthouse.mjs --h5-dir /tmp/h5base-dist --label before
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ensureInstalled, ensureNode24, root, step } from '../scripts/lib.mjs';

// The version measured in bench/README.md; change both together.
const LIGHTHOUSE_VERSION = '13.5.0';
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = '--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const runs = Number(arg('runs', 3));
const label = arg('label', 'after');
const h5Dir = arg('h5-dir', undefined);
let base = arg('url', undefined);
// --keep <dir>: every run's whole report is kept there (long tasks, script bootup, the trace's
// main-thread breakdown) for looking into a figure, not only its summary.
const keep = arg('keep', undefined);

const only = arg('only', '')?.split(',').filter(Boolean);
const ALL_PAGES = [
  { name: '首页', path: '/' },
  { name: '水电服务专区', path: '/zones/water-power' },
  { name: '搜索', path: '/search' },
  // A form page behind login: measured logged in (the demo citizen), as a citizen meets it.
  { name: '燃气报装（登录后）', path: '/apps/gas-install', auth: true },
];
// --only /,/search measures just those paths.
const PAGES = ALL_PAGES.filter((p) => !only?.length || only.includes(p.path));

function ensureLighthouse() {
  const dir = join(root, '.cache', 'lighthouse');
  const cli = join(dir, 'node_modules', 'lighthouse', 'cli', 'index.js');
  const pkg = join(dir, 'node_modules', 'lighthouse', 'package.json');
  if (existsSync(cli) && JSON.parse(readFileSync(pkg, 'utf8')).version === LIGHTHOUSE_VERSION) return cli;
  step(`安装 lighthouse@${LIGHTHOUSE_VERSION} 到 .cache/lighthouse（不下载浏览器，使用 ${CHROME_PATH}）`);
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--registry=https://registry.npmjs.org/', `lighthouse@${LIGHTHOUSE_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', PUPPETEER_SKIP_CHROMIUM_DOWNLOAD: '1' },
  });
  if (r.status !== 0 || !existsSync(cli)) throw new Error(`npm install lighthouse@${LIGHTHOUSE_VERSION} failed (${r.status})`);
  return cli;
}

async function waitUp(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
}

const cli = ensureLighthouse();
const node24 = join(ensureNode24(), 'bin', 'node');
let children = [];
if (!base) {
  ensureInstalled();
  ensureBuilt();
  const port = 18280;
  const sandboxPort = 18290;
  base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'dz-lighthouse-'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error', PARTNERS_BASE_URL: `http://127.0.0.1:${sandboxPort}`, ADMIN_INITIAL_PASSWORD: 'Bench@Admin2026', ...(h5Dir ? { H5_DIR: h5Dir } : {}) };
  children = [
    spawn(process.execPath, ['apps/partners/dist/main.js'], { cwd: root, env: { ...env, PARTNERS_PORT: String(sandboxPort) }, stdio: 'inherit' }),
    spawn(process.execPath, ['apps/server/dist/server.js'], { cwd: root, env, stdio: 'inherit' }),
  ];
  process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));
}
await waitUp(base);

const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ account: '13900000001', password: 'Demo@2026' }) });
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
if (!login.ok || !cookie) console.warn(`demo login failed (${login.status}): the form page is measured logged out`);

function lighthouse(url, headers) {
  const out = join(tmpdir(), `dz-lh-${process.pid}.json`);
  const args = [cli, url, '--quiet', '--output=json', `--output-path=${out}`, '--only-categories=performance,accessibility', `--chrome-flags=${CHROME_FLAGS}`];
  if (headers) args.push(`--extra-headers=${JSON.stringify(headers)}`);
  // On a loaded machine Chromium now and then loses the trace (NO_NAVSTART, "run Lighthouse
  // again"): such a run is repeated, up to three attempts, instead of ending the whole bench.
  let report;
  for (let attempt = 1; !report; attempt++) {
    rmSync(out, { force: true });
    const r = spawnSync(node24, args, { env: { ...process.env, CHROME_PATH }, stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
    const parsed = r.status === 0 && existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : null;
    if (parsed && !parsed.runtimeError && parsed.categories.performance.score !== null) report = parsed;
    else if (attempt >= 3) throw new Error(`lighthouse failed on ${url} (${r.status}${parsed?.runtimeError ? `, ${parsed.runtimeError.code}` : ''})`);
  }
  if (keep) {
    mkdirSync(keep, { recursive: true });
    writeFileSync(join(keep, `${new URL(url).pathname.replace(/\W+/g, '_') || 'root'}-${Date.now()}.json`), JSON.stringify(report));
  }
  rmSync(out, { force: true });
  const a = report.audits;
  return {
    performance: Math.round(report.categories.performance.score * 100),
    accessibility: Math.round(report.categories.accessibility.score * 100),
    cls: a['cumulative-layout-shift'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    fcp: a['first-contentful-paint'].numericValue,
    // Lighthouse's own measure of the host CPU: the simulated 4× slowdown multiplies what this
    // machine did, so figures from machines with different indexes are not comparable.
    benchmarkIndex: report.environment.benchmarkIndex,
  };
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const rows = [];
for (const p of PAGES) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(lighthouse(base + p.path, p.auth && cookie ? { Cookie: cookie } : undefined));
  const row = { page: p.name, path: p.path, runs, ...Object.fromEntries(['performance', 'accessibility', 'cls', 'lcp', 'tbt', 'fcp', 'benchmarkIndex'].map((k) => [k, median(samples.map((s) => s[k]))])), samples };
  rows.push(row);
  console.log(`${p.name}: performance ${row.performance}, CLS ${row.cls.toFixed(3)}, LCP ${(row.lcp / 1000).toFixed(2)} s, TBT ${Math.round(row.tbt)} ms, a11y ${row.accessibility}, benchmarkIndex ${Math.round(row.benchmarkIndex)}`);
}
children.forEach((c) => c.kill('SIGTERM'));

const when = new Date().toISOString();
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', `${when.slice(0, 10)}-lighthouse-${label}.json`), JSON.stringify({ when, lighthouse: LIGHTHOUSE_VERSION, node: spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim(), h5Dir: h5Dir ?? 'apps/h5/dist', rows }, null, 2));
console.log(`\n${when} · Lighthouse ${LIGHTHOUSE_VERSION} · mobile profile · median of ${runs} · ${label}\n`);
console.log('| 页面 | 性能 | CLS | LCP s | TBT ms | FCP s | 无障碍 |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.page} | ${r.performance} | ${r.cls.toFixed(3)} | ${(r.lcp / 1000).toFixed(2)} | ${Math.round(r.tbt)} | ${(r.fcp / 1000).toFixed(2)} | ${r.accessibility} |`);
process.exit(0);
