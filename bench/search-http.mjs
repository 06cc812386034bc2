#!/usr/bin/env node
// Search over HTTP with 10,000+ news: what a console write costs the search of every instance.
//   node --import tsx --conditions=source bench/search-http.mjs [--news 10000] [--db sqlite|mysql] [--redis redis://127.0.0.1:6379]
//        [--writes 5] [--queries 300] [--limit-s 240] [--port 18480]
// Starts the server from source (one process, WORKERS=1) on a fresh database — two when --redis is
// given (instance A takes the console writes, instance B is searched: the change must travel through
// the shared content version and the change feed). Inserts the news straight into the table, then:
//   1. the first search of each instance (the only full build), with /api/health probed meanwhile;
//   2. search p95 on B before any write (sequential queries: Chinese, pinyin, initials);
//   3. `--writes` console writes on A (publish a new article, then edit its title): the time from
//      the write's answer until it is found on A and on B, with /api/health probed meanwhile;
//   4. search p95 on B after the writes (a patch must not slow the searches that follow).
// /api/health is probed from a separate process, one request at a time every 10 ms, so an
// event-loop stall shows as one long answer. Everything is bounded by --limit-s (default 240 s).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const NEWS = Number(arg('news', 10_000));
const DB = arg('db', 'sqlite');
const REDIS = arg('redis', null);
const WRITES = Number(arg('writes', 5));
const QUERIES = Number(arg('queries', 300));
const LIMIT_S = Number(arg('limit-s', 240));
const PORT = Number(arg('port', 18480));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let tsSource;
try {
  tsSource = {
    db: await import('../apps/server/src/infra/db.ts'),
    totp: await import('../apps/server/src/features/admin-auth/totp.ts'),
  };
} catch {
  console.error('请用 node --import tsx --conditions=source bench/search-http.mjs 运行（从 TypeScript 源码启动服务）');
  process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'dz-search-bench-'));
const mysqlBase = process.env.DZ_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const databaseUrl = DB === 'mysql' ? `${mysqlBase}/dz_bench_search_${Date.now().toString(36)}` : `sqlite:${join(dataDir, 'bench.sqlite')}`;
const ADMIN_PASSWORD = 'Bench@Admin2026';
/** One prefix for both instances: they share the content version through it. */
const REDIS_PREFIX = `dz-bench-${Date.now().toString(36)}:`;
const children = [];
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const c of children) c.kill('SIGTERM');
  await sleep(500);
  if (DB === 'mysql') await tsSource.db.dropMysqlDatabase(databaseUrl).catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}
const deadline = setTimeout(async () => {
  console.error(`超过 ${LIMIT_S} s 上限，已停止`);
  await cleanup();
  process.exit(2);
}, LIMIT_S * 1000);
process.on('SIGINT', async () => {
  await cleanup();
  process.exit(130);
});

async function startServer(port) {
  const taken = await fetch(`http://127.0.0.1:${port}/api/health`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`端口 ${port} 已被占用（另一个服务在运行？），请用 --port 换一个`);
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    WORKERS: '1',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'error',
    PARTNERS_BASE_URL: 'http://127.0.0.1:1',
    ADMIN_INITIAL_PASSWORD: ADMIN_PASSWORD,
    ...(REDIS ? { REDIS_URL: REDIS, REDIS_PREFIX: REDIS_PREFIX } : {}),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'apps/server/src/server.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return `http://127.0.0.1:${port}`;
}
async function waitUp(base) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  throw new Error(`${base} 一分钟内未响应`);
}

/** /api/health probed from another process: one request at a time, every 10 ms; samples are [epoch ms at start, latency ms]. */
function startProbe(bases) {
  const script = `
    const bases = ${JSON.stringify(bases)};
    const out = [];
    let stop = false;
    process.on('message', () => { stop = true; });
    (async () => {
      while (!stop) {
        for (const b of bases) {
          const t = Date.now(); const s = performance.now();
          try { await (await fetch(b + '/api/health')).arrayBuffer(); } catch {}
          out.push([t, performance.now() - s]);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      process.send(out, () => process.exit(0));
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('message', resolve);
        child.send('stop');
      }),
  };
}

const pct = (arr, p) => {
  if (!arr.length) return NaN;
  const a = [...arr].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)];
};
const f = (n) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const healthIn = (samples, from, to) => samples.filter(([t]) => t >= from && t <= to).map(([, ms]) => ms);

async function json(res) {
  const body = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${body}`);
  return JSON.parse(body);
}

async function search(base, q) {
  return json(await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&site=511700&record=false`));
}

async function consoleSession(base) {
  const call = async (method, url, cookie, body) =>
    fetch(`${base}${url}`, { method, headers: { ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const login = await call('POST', '/api/admin/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD });
  const sid = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('dz_admin_sid='));
  if (!login.ok || !sid) throw new Error(`控制台登录失败：${login.status} ${await login.text()}`);
  const newPassword = 'Bench@Console2026!';
  await json(await call('PUT', '/api/admin/me/password', sid, { oldPassword: ADMIN_PASSWORD, newPassword }));
  const { secret } = await json(await call('POST', '/api/admin/me/otp', sid));
  const { base32Decode, totp } = tsSource.totp;
  await json(await call('POST', '/api/admin/me/otp/verify', sid, { otp: totp(base32Decode(secret), Date.now()) }));
  return (method, url, body) => call(method, url, sid, body).then(json);
}

const WORDS = ['公积金', '社保', '政务服务', '便民举措', '医保', '不动产', '营业执照', '景区'];
const { pinyin } = await import('pinyin-pro');
function queries(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const w = WORDS[i % WORDS.length];
    const kind = i % 3;
    if (kind === 0) out.push(i % 7 === 0 ? `第${(i * 37) % NEWS}期` : w);
    else if (kind === 1) out.push(pinyin(w, { toneType: 'none', type: 'array', v: true }).join(''));
    else out.push(pinyin(w, { pattern: 'first', toneType: 'none', type: 'array' }).join(''));
  }
  return out;
}
async function searchP95(base, n) {
  const times = [];
  for (const q of queries(n)) {
    const s = performance.now();
    await search(base, q);
    times.push(performance.now() - s);
  }
  return { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) };
}

async function untilFound(base, q, id, present = true) {
  const t0 = performance.now();
  for (;;) {
    const r = await search(base, q);
    if (r.news.some((x) => x.id === id) === present) return performance.now() - t0;
    if (performance.now() - t0 > 30_000) throw new Error(`${base} 30 s 后仍${present ? '搜不到' : '能搜到'} ${id}：${JSON.stringify(r.news.slice(0, 3))}`);
    await sleep(10);
  }
}

try {
  const A = await startServer(PORT);
  await waitUp(A);
  const B = REDIS ? await startServer(PORT + 1) : A;
  if (B !== A) await waitUp(B);
  const instances = B === A ? [A] : [A, B];

  // The news, straight into the table (no feed, no index yet: the first search builds it).
  const { db } = await tsSource.db.openDatabase(databaseUrl, { poolSize: 2 });
  const now = new Date().toISOString();
  const filler = '为进一步优化营商环境，提升政务服务便利度，市政务服务管理局推出多项便民举措，群众可通过天府通办达州分站在线办理公积金、社保、医保等业务，实现数据多跑路群众少跑腿。';
  const rows = Array.from({ length: NEWS }, (_, i) => ({
    site_code: '511700',
    title: `达州市政务服务动态第${i}期`,
    summary: filler.slice(0, 60),
    content: `<p>第${i}期：${filler}</p><p>${filler}</p>`,
    cover_url: null,
    status: 'published',
    published_at: now,
    popularity: i % 1000,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('news').values(rows.slice(i, i + 500)).execute();
  await db.destroy();

  const probe = startProbe(instances);
  await sleep(300);
  const phases = {};
  const mark = async (name, fn) => {
    const from = Date.now();
    const result = await fn();
    phases[name] = { from, to: Date.now(), result };
    return result;
  };

  await mark('first', async () => {
    const out = {};
    for (const base of instances) {
      const s = performance.now();
      await search(base, '公积金');
      out[base] = performance.now() - s;
    }
    return out;
  });
  const before = await mark('before', () => searchP95(B, QUERIES));
  const adminCall = await consoleSession(A);
  const writeTimes = { A: [], B: [], editB: [] };
  await mark('writes', async () => {
    for (let w = 0; w < WRITES; w++) {
      const title = `川东数字政务专稿${w}号发布`;
      const created = await adminCall('POST', '/api/admin/news', { siteCode: '511700', title, content: `<p>巴山大峡谷第${w}期预约服务上线。</p>`, status: 'published' });
      // Both from the moment the write answered: the writer's instance and the other one.
      const [onA, onB] = await Promise.all([untilFound(A, title, created.id), untilFound(B, title, created.id)]);
      writeTimes.A.push(onA);
      writeTimes.B.push(onB);
      const edited = `川东智慧政务新稿${w}号`;
      const t0 = performance.now();
      await adminCall('PUT', `/api/admin/news/${created.id}`, { title: edited });
      const put = performance.now() - t0;
      writeTimes.editB.push(put + (await untilFound(B, edited, created.id)));
      await sleep(200);
    }
  });
  const after = await mark('after', () => searchP95(B, QUERIES));
  const samples = await probe.stop();

  console.log(`\nNode ${process.version} · ${cpus().length} cores · ${DB} · ${NEWS} news + seed · ${instances.length} instance(s)${REDIS ? ' sharing Redis' : ''} · ${WRITES} console writes`);
  console.log(`first search (full build): ${Object.values(phases.first.result).map((ms) => `${f(ms)} ms`).join(' / ')}\n`);
  console.log('| phase | search p50 ms | search p95 ms | search max ms | /api/health p99 ms | /api/health max ms | probes |');
  console.log('|---|---|---|---|---|---|---|');
  for (const name of ['first', 'before', 'writes', 'after']) {
    const p = phases[name];
    const h = healthIn(samples, p.from, p.to);
    const s = name === 'before' ? before : name === 'after' ? after : null;
    console.log(`| ${name} | ${s ? f(s.p50) : '—'} | ${s ? f(s.p95) : '—'} | ${s ? f(s.max) : '—'} | ${f(pct(h, 99))} | ${f(Math.max(...h))} | ${h.length} |`);
  }
  const line = (label, arr) => `${label}: median ${f(pct(arr, 50))} ms, max ${f(Math.max(...arr))} ms`;
  console.log(`\n${line('publish → searchable on A (the writer)', writeTimes.A)}`);
  if (B !== A) console.log(line('publish → searchable on B', writeTimes.B));
  console.log(line(`edit → new title searchable on ${B === A ? 'A' : 'B'} (PUT included)`, writeTimes.editB));
  const worst = Math.max(...writeTimes.editB, ...writeTimes.A, ...writeTimes.B);
  console.log(`\nwrite → searchable everywhere ≤ ${f(worst)} ms ${worst < 1000 ? '< 1 s ✓' : '≥ 1 s ✗'}`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  await cleanup();
}
