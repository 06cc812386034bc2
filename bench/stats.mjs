#!/usr/bin/env node
// 访问统计 at scale (issue 9): seeds N visits over D days straight into the raw table (bulk: a
// prepared statement in one transaction per day on SQLite, 5,000-row INSERTs on MariaDB) and into
// both rollup tables (the fold job's own aggregate() and perSubtree(), so the rollups are what the
// job would build), then serves the app on a port and asks 访问统计 for 达州市 over 30 and 366 days
// over HTTP (p50 / p95), while a SEPARATE PROCESS probes /api/health every 20 ms (p50 / p99 / max).
//   node --expose-gc --import tsx --conditions=source bench/stats.mjs [--db sqlite|mysql] [--visits 10000000] [--days 30] [--requests 40] [--keep]
// --keep leaves the seeded database (SQLite file or MariaDB database) in place and prints where.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/infra/config.ts';
import { beijingDay } from '../apps/server/src/infra/time.ts';
import { aggregate, perSubtree } from '../apps/server/src/features/visits/rollups.service.ts';
import { setupAdmin } from '../apps/server/src/features/admin-auth/test-support.ts';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const dbKind = arg('db', 'sqlite');
const total = Number(arg('visits', 10_000_000));
const days = Number(arg('days', 30));
const requests = Number(arg('requests', 40));
const dataDir = mkdtempSync(join(tmpdir(), 'dz-bench-stats-'));
const sqliteFile = join(dataDir, 'dz.sqlite');
const databaseUrl = dbKind === 'mysql' ? `mysql://root@127.0.0.1:3306/dz_bench_stats_${Date.now().toString(36)}` : `sqlite:${sqliteFile}`;
const env = {
  ...process.env,
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: 'error',
  PARTNERS_BASE_URL: 'http://127.0.0.1:1',
  ADMIN_INITIAL_PASSWORD: 'Bench@Admin2026',
  DATA_KEY: randomBytes(16).toString('hex'),
  INDEX_KEY: randomBytes(16).toString('hex'),
};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

// ---- seed ---------------------------------------------------------------------------------------
const config = loadConfig(env, { h5Dir: null, adminDir: null, argon2: { memoryCost: 1024, timeCost: 1 } });
const app = await buildApp({ config });
await app.ready();
await app.jobs.stop(); // the bench writes the rollups itself
const admin = await setupAdmin({ app, config, adminPassword: env.ADMIN_INITIAL_PASSWORD, close: async () => {} });
const db = app.ctx.db;
const siteRows = await db.selectFrom('sites').select(['code', 'parent_code']).where('code', 'like', '5117%').execute();
const sites = siteRows.map((r) => r.code);
const parent = new Map(siteRows.map((r) => [r.code, r.parent_code]));
const ancestry = (code) => {
  const out = [];
  for (let c = code; c && !out.includes(c); c = parent.get(c)) out.push(c);
  return out;
};
const objects = [
  ...['home', 'affairs', 'services', 'mine'].map((ref) => ['page', ref]),
  ...Array.from({ length: 12 }, (_, i) => ['zone', `zone-${i}`]),
  ...Array.from({ length: 20 }, (_, i) => ['app', String(i + 1)]),
  ...Array.from({ length: 10 }, (_, i) => ['palm', String(i + 1)]),
  ...Array.from({ length: 20 }, (_, i) => ['item', String(i + 1)]),
  ...Array.from({ length: 10 }, (_, i) => ['news', String(i + 1)]),
];
const perDay = Math.ceil(total / days);
const visitorPool = Math.round(perDay * 1.5);
let seed = 7;
// mulberry32: 32-bit integer arithmetic only (a float LCG loses precision past 2^53 and repeats).
const rnd = (n) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
};
// Raw rows go in through the driver directly: the query builder's per-row cost would make the
// 10,000,000-row seed take most of an hour; the app never reads them for statistics anyway.
const COLUMNS = 'site_code, type, ref, user_id, visitor, day, at';
let insertRaw;
let closeRaw;
if (dbKind === 'mysql') {
  const conn = await createConnection({ uri: databaseUrl, charset: 'utf8mb4' });
  insertRaw = async (rows) => {
    await conn.query('START TRANSACTION');
    for (let i = 0; i < rows.length; i += 5000) await conn.query(`INSERT INTO visits (${COLUMNS}) VALUES ?`, [rows.slice(i, i + 5000)]);
    await conn.query('COMMIT');
  };
  closeRaw = () => conn.end();
} else {
  const raw = new SQLite(sqliteFile);
  raw.pragma('busy_timeout = 5000');
  const stmt = raw.prepare(`INSERT INTO visits (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const many = raw.transaction((rows) => {
    for (const r of rows) stmt.run(r);
  });
  insertRaw = async (rows) => many(rows);
  closeRaw = async () => raw.close();
}
const t0 = process.hrtime.bigint();
let inserted = 0;
for (let d = days - 1; d >= 0; d--) {
  const day = beijingDay(Date.now() - d * 86_400_000);
  const at = `${day}T08:00:00.000Z`;
  const rows = [];
  for (let i = 0; i < perDay && inserted + rows.length < total; i++) {
    const [type, ref] = objects[Math.min(objects.length - 1, Math.floor(objects.length * (rnd(1000) / 1000) ** 2))];
    rows.push([sites[rnd(sites.length)], type, ref, null, `d:${rnd(visitorPool).toString(16).padStart(40, '0')}`, day, at]);
  }
  await insertRaw(rows);
  inserted += rows.length;
  const inc = aggregate(rows.map(([site_code, type, ref, , visitor], i) => ({ id: i, day, site_code, type, ref, visitor })));
  const encode = (acc) => [...acc.values()].map((a) => ({ day: a.day, site_code: a.site_code, type: a.type, ref: a.ref, pv: a.pv, hll: a.hll.encode() }));
  for (const [table, out] of [
    ['visit_rollups', encode(inc)],
    ['visit_tree_rollups', encode(perSubtree(inc, ancestry))],
  ])
    for (let i = 0; i < out.length; i += 200) await db.insertInto(table).values(out.slice(i, i + 200)).execute();
  process.stdout.write(`\r${day}: ${inserted.toLocaleString()} visits seeded, ${ms(t0).toFixed(0)} ms`);
}
await closeRaw();
// The seed's garbage (10,000,000 row arrays) belongs to the bench, not to the server it measures:
// collected now (with --expose-gc), it no longer stops the server's loop during the measurement.
globalThis.gc?.();
const maxId = Number((await db.selectFrom('visits').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst()).m);
await db.updateTable('visit_rollup_state').set({ last_id: maxId }).where('name', '=', 'visits').execute();
const countOf = async (table) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);
const rollupRows = await countOf('visit_rollups');
const treeRows = await countOf('visit_tree_rollups');
const seedMs = ms(t0);
console.log(`\nseeded ${inserted.toLocaleString()} visits (${rollupRows.toLocaleString()} site rollup rows, ${treeRows.toLocaleString()} subtree rollup rows) in ${(seedMs / 1000).toFixed(1)} s`);
// ---- measure ------------------------------------------------------------------------------------
// Over HTTP on a real port. /api/health is probed by another process, so its figures are what a
// load balancer's health check (or any other citizen) sees while statistics run.
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${app.server.address().port}`;
const cookie = admin.cookie;
const get = async (path) => {
  const t = process.hrtime.bigint();
  const res = await fetch(base + path, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
  return { ms: ms(t), body };
};
const PROBER = `
const lat = [];
let on = true;
process.stdin.on('data', () => (on = false));
(async () => {
  while (on) {
    const t = performance.now();
    const r = await fetch(process.argv[1]);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error('health ' + r.status);
    lat.push(performance.now() - t);
    await new Promise((ok) => setTimeout(ok, 20));
  }
  process.stdout.write(JSON.stringify(lat));
})();`;
const probe = () => {
  const child = spawn(process.execPath, ['-e', PROBER, `${base}/api/health`], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  const done = new Promise((ok) => child.on('exit', () => ok(JSON.parse(out || '[]'))));
  return { stop: () => (child.stdin.end('stop\n'), done) };
};
const results = {};
for (const span of [30, 366]) {
  const q = `/api/admin/stats/visits?site=511700&from=${beijingDay(Date.now() - (span - 1) * 86_400_000)}&to=${beijingDay()}`;
  const first = await get(q); // the first also starts the statistics worker thread
  const prober = probe();
  await new Promise((ok) => setTimeout(ok, 300)); // let the prober start before the requests
  // The server's own view: how late its event loop ran while the statistics were computed.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const times = [];
  for (let i = 0; i < requests; i++) times.push((await get(q)).ms);
  loop.disable();
  const health = await prober.stop();
  const s = JSON.parse(first.body);
  results[span] = { first: first.ms, p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times), healthP50: pct(health, 50), healthP99: pct(health, 99), healthMax: Math.max(...health), healthN: health.length, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6, pv: s.summary.pv, uv: s.summary.uv };
}
// the CSV export reads rollups too
const csv = await get(`/api/admin/stats/visits.csv?site=511700&from=${beijingDay(Date.now() - 29 * 86_400_000)}&to=${beijingDay()}`);
await app.close();

console.log(`\nNode ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}, ${dbKind}`);
console.log(`| 数据库 | 访问记录 | 范围 | 首次 ms | p50 ms | p95 ms | 最大 ms | /api/health（另一进程，同时）p50 / p99 / 最大 ms | 事件循环延迟 p99 / 最大 ms | PV | UV |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
for (const [span, r] of Object.entries(results))
  console.log(`| ${dbKind === 'mysql' ? 'MariaDB' : 'SQLite'} | ${inserted.toLocaleString()} | ${span} 天 | ${r.first.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.healthP50.toFixed(1)} / ${r.healthP99.toFixed(1)} / ${r.healthMax.toFixed(1)} (${r.healthN} 次) | ${r.loopP99.toFixed(1)} / ${r.loopMax.toFixed(1)} | ${r.pv.toLocaleString()} | ${r.uv.toLocaleString()} |`);
console.log(`seed ${(seedMs / 1000).toFixed(1)} s; rollup rows ${rollupRows.toLocaleString()} per site + ${treeRows.toLocaleString()} per subtree; CSV export (30 天) ${csv.ms.toFixed(0)} ms, ${csv.body.length.toLocaleString()} bytes`);
if (process.argv.includes('--keep')) console.log(`kept: ${databaseUrl}`);
else {
  if (dbKind === 'mysql') {
    const { dropMysqlDatabase } = await import('../apps/server/src/infra/db.ts');
    await dropMysqlDatabase(databaseUrl);
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
