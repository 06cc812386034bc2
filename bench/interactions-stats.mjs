#!/usr/bin/env node
// 互动 数据统计 at scale (issue 11): seeds N filed interactions (cases + interactions rows, spread over
// 36 months, the city and its counties, three types, half answered) straight into the tables, then
// asks the public GET /api/interactions/stats for 达州市 (the whole subtree, last 12 months) in-process:
// the first answer (cold) and repeated ones (p50 / p95), each with the longest event-loop stall seen
// meanwhile — on SQLite the query runs on the event loop, so its time is every other request's wait.
//   node --import tsx --conditions=source bench/interactions-stats.mjs [--db sqlite|mysql] [--rows 100000] [--requests 40]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/infra/config.ts';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const dbKind = arg('db', 'sqlite');
const rows = Number(arg('rows', 100_000));
const requests = Number(arg('requests', 40));
const dataDir = mkdtempSync(join(tmpdir(), 'dz-bench-ix-'));
const databaseUrl = dbKind === 'mysql' ? `mysql://root@127.0.0.1:3306/dz_bench_ix_${Date.now().toString(36)}` : `sqlite:${join(dataDir, 'dz.sqlite')}`;
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

const config = loadConfig(env, { h5Dir: null, adminDir: null, argon2: { memoryCost: 1024, timeCost: 1 } });
const app = await buildApp({ config });
await app.ready();
await app.jobs.stop();
const db = app.ctx.db;

// ---- seed ---------------------------------------------------------------------------------------
const sites = (await db.selectFrom('sites').select('code').where('code', 'like', '5117%').execute()).map((r) => r.code);
const depts = (await db.selectFrom('departments').select(['id', 'site_code']).execute()).filter((d) => sites.includes(d.site_code));
const TYPES = ['consult', 'suggest', 'complain'];
const STATUSES = ['submitted', 'accepted', 'completed', 'completed', 'rejected'];
const now = new Date();
const t0 = process.hrtime.bigint();
const BATCH = 2_000;
for (let start = 0; start < rows; start += BATCH) {
  const cases = [];
  const ixs = [];
  for (let i = start; i < Math.min(rows, start + BATCH); i++) {
    const site = sites[i % sites.length];
    const at = new Date(now.getTime() - (i % (36 * 30)) * 86_400_000).toISOString();
    const status = STATUSES[i % STATUSES.length];
    const type = TYPES[i % 3];
    cases.push({ case_no: `HB${String(i).padStart(14, '0')}`, user_id: 1, site_code: site, kind: 'interaction', title: '压测', status, form_code: `interaction-${type}`, form_site: '511700', form_version: 1, workflow_code: `interaction-${type}`, workflow_site: '511700', workflow_version: 1, data_enc: 'x', created_at: at, updated_at: at });
    const answered = status === 'completed';
    const dept = depts.length ? depts[i % depts.length] : null;
    ixs.push({ type, site_code: site, department_id: dept?.id ?? null, month: at.slice(0, 7), want_public: 0, publish_state: 'none', reply_count: answered ? 1 : 0, reply_seconds: answered ? 3_600 + (i % 200_000) : null, replied_at: answered ? at : null, reply_unread: 0, submitted_at: at, updated_at: at });
  }
  await db.transaction().execute(async (trx) => {
    const first = await trx.insertInto('cases').values(cases).execute();
    void first;
    const ids = await trx.selectFrom('cases').select('id').where('case_no', 'in', cases.map((c) => c.case_no)).orderBy('id').execute();
    await trx.insertInto('interactions').values(ixs.map((x, k) => ({ ...x, case_id: Number(ids[k].id) }))).execute();
  });
}
console.log(`${dbKind}: seeded ${rows.toLocaleString()} interactions in ${(ms(t0) / 1000).toFixed(1)} s (load ${loadavg()[0].toFixed(1)})`);

// ---- measure ------------------------------------------------------------------------------------
// The longest gap between 1 ms ticks while a request runs: how long everything else waited.
let last = 0;
let gap = 0;
const ticker = setInterval(() => {
  const t = performance.now();
  gap = Math.max(gap, t - last);
  last = t;
}, 1);
const ask = async (url) => {
  last = performance.now();
  gap = 0;
  const t = process.hrtime.bigint();
  const res = await app.inject({ url });
  const took = ms(t);
  await new Promise((r) => setTimeout(r, 5)); // let the ticker see the end of a stall
  if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
  return { took, stall: gap, body: res.json() };
};
const cold = await ask('/api/interactions/stats?site=511700');
const warm = [];
const stalls = [];
for (let i = 0; i < requests; i++) {
  const r = await ask('/api/interactions/stats?site=511700');
  warm.push(r.took);
  stalls.push(r.stall);
}
const changed = [];
const changedStalls = [];
for (let i = 0; i < 5; i++) {
  // a write in between: the next answer is computed again
  await db.updateTable('interactions').set({ updated_at: new Date().toISOString() }).where('case_id', '=', 1).execute();
  await app.interactions.statsChanged();
  const r = await ask('/api/interactions/stats?site=511700');
  changed.push(r.took);
  changedStalls.push(r.stall);
}
clearInterval(ticker);
console.log(`submitted in range: ${cold.body.total.submitted.toLocaleString()}, replied ${cold.body.total.replied.toLocaleString()}`);
console.log(`cold: ${cold.took.toFixed(1)} ms (event-loop stall ${cold.stall.toFixed(1)} ms)`);
console.log(`repeated ×${requests}: p50 ${pct(warm, 50).toFixed(2)} ms, p95 ${pct(warm, 95).toFixed(2)} ms, longest stall ${Math.max(...stalls).toFixed(1)} ms`);
console.log(`after a write ×5: p50 ${pct(changed, 50).toFixed(1)} ms, max ${Math.max(...changed).toFixed(1)} ms; longest stall ${Math.max(...changedStalls).toFixed(1)} ms`);

await app.close();
if (dbKind === 'mysql') {
  const { createConnection } = await import('mysql2/promise');
  const c = await createConnection({ host: '127.0.0.1', user: 'root' });
  await c.query(`DROP DATABASE IF EXISTS \`${new URL(databaseUrl).pathname.slice(1)}\``);
  await c.end();
}
rmSync(dataDir, { recursive: true, force: true });
