#!/usr/bin/env node
// 访问统计 at scale (issue 9): seeds N visits over D days straight into the raw table and the daily
// rollups (the same aggregate() the fold job uses, so the rollups are what the job would build),
// then measures, in process through app.inject, 访问统计 for 达州市
// over 30 and 366 days (p50 / p95), and /api/health latency sampled every 20 ms meanwhile.
//   node --import tsx --conditions=source bench/stats.mjs [--db sqlite|mysql] [--visits 10000000] [--days 30] [--requests 40]
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/infra/config.ts';
import { beijingDay } from '../apps/server/src/infra/time.ts';
import { aggregate } from '../apps/server/src/features/visits/rollups.service.ts';
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
const databaseUrl = dbKind === 'mysql' ? `mysql://root@127.0.0.1:3306/dz_bench_stats_${Date.now().toString(36)}` : `sqlite:${join(dataDir, 'dz.sqlite')}`;
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
const sites = (await db.selectFrom('sites').select('code').where('code', 'like', '5117%').execute()).map((r) => r.code);
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
const CHUNK = 1000;
const t0 = process.hrtime.bigint();
let inserted = 0;
for (let d = days - 1; d >= 0; d--) {
  const day = beijingDay(Date.now() - d * 86_400_000);
  const rows = [];
  for (let i = 0; i < perDay && inserted + rows.length < total; i++) {
    const [type, ref] = objects[Math.min(objects.length - 1, Math.floor(objects.length * (rnd(1000) / 1000) ** 2))];
    rows.push({ site_code: sites[rnd(sites.length)], type, ref, user_id: null, visitor: `d:${rnd(visitorPool).toString(16).padStart(40, '0')}`, day, at: `${day}T08:00:00.000Z` });
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('visits').values(rows.slice(i, i + CHUNK)).execute();
  });
  inserted += rows.length;
  const acc = aggregate(rows.map((r, i) => ({ ...r, id: i })));
  const rollups = [...acc.values()].map((a) => ({ day: a.day, site_code: a.site_code, type: a.type, ref: a.ref, pv: a.pv, hll: a.hll.encode() }));
  const r = db.withTables();
  for (let i = 0; i < rollups.length; i += 200) await r.insertInto('visit_rollups').values(rollups.slice(i, i + 200)).execute();
  process.stdout.write(`\r${day}: ${inserted.toLocaleString()} visits seeded, ${ms(t0).toFixed(0)} ms`);
}
const maxId = Number((await db.selectFrom('visits').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst()).m);
await db.withTables().updateTable('visit_rollup_state').set({ last_id: maxId }).where('name', '=', 'visits').execute();
const rollupRows = Number((await db.withTables().selectFrom('visit_rollups').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);
const seedMs = ms(t0);
console.log(`\nseeded ${inserted.toLocaleString()} visits (${rollupRows.toLocaleString()} rollup rows) in ${(seedMs / 1000).toFixed(1)} s`);
// ---- measure ------------------------------------------------------------------------------------
// In the seeding process, through app.inject (no sockets): the health probes share the event loop
// with the statistics requests, so any blocking of the loop by a statistics read shows in them.
const cookie = admin.cookie;
const get = async (path) => {
  const t = process.hrtime.bigint();
  const res = await app.inject({ url: path, headers: { cookie } });
  const body = res.body;
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${body.slice(0, 200)}`);
  return { ms: ms(t), body };
};
const results = {};
for (const span of [30, 366]) {
  const q = `/api/admin/stats/visits?site=511700&from=${beijingDay(Date.now() - (span - 1) * 86_400_000)}&to=${beijingDay()}`;
  const first = await get(q);
  const health = [];
  let running = true;
  const prober = (async () => {
    while (running) {
      health.push((await get('/api/health')).ms);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const times = [first.ms];
  for (let i = 1; i < requests; i++) times.push((await get(q)).ms);
  running = false;
  await prober;
  const s = JSON.parse(first.body);
  results[span] = { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times), healthP50: pct(health, 50), healthP95: pct(health, 95), healthMax: Math.max(...health), healthN: health.length, pv: s.summary.pv, uv: s.summary.uv };
}
// the CSV export reads rollups too
const csv = await get(`/api/admin/stats/visits.csv?site=511700&from=${beijingDay(Date.now() - 29 * 86_400_000)}&to=${beijingDay()}`);
await app.close();

console.log(`\nNode ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}, ${dbKind}`);
console.log(`| 数据库 | 访问记录 | 汇总行 | 范围 | p50 ms | p95 ms | 最大 ms | /api/health p95 ms（同时） | 最大 ms | PV | UV |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
for (const [span, r] of Object.entries(results))
  console.log(`| ${dbKind === 'mysql' ? 'MariaDB' : 'SQLite'} | ${inserted.toLocaleString()} | ${rollupRows.toLocaleString()} | ${span} 天 | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.healthP95.toFixed(1)} (${r.healthN} 次) | ${r.healthMax.toFixed(1)} | ${r.pv.toLocaleString()} | ${r.uv.toLocaleString()} |`);
console.log(`seed ${(seedMs / 1000).toFixed(1)} s; CSV export (30 天) ${csv.ms.toFixed(0)} ms, ${csv.body.length.toLocaleString()} bytes`);
if (dbKind === 'mysql') {
  const { dropMysqlDatabase } = await import('../apps/server/src/infra/db.ts');
  await dropMysqlDatabase(databaseUrl);
}
process.exit(0);
