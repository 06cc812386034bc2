#!/usr/bin/env node
// A mixed citizen journey at N concurrent virtual users (issue 9), bounded in time: each user goes
// 首页 → a 专区 → an app's page → 搜索 → 我的（/api/me）→ 我的办件 → a 水费 bill query, then starts
// over, with no think time (a closed loop: every user always has a request in flight — harsher
// than people reading pages). Prints p50 / p99 per step and errors, writes
// bench/results/<date>-journey[-mysql].json.
//
// Login is argon2id-bound on purpose (19 MiB, t=2: ~50-100 ms of one core each), so 500
// simultaneous logins measure nothing but the hash. Instead the users share a pool of sessions
// logged in at warm-up (--sessions, all the demo citizen 张三 — the only seeded citizen), and
// login is measured alongside, on its own lane, at a realistic fixed rate (--login-rate per
// second; 5/s is 18,000 logins an hour, a busy city's morning) while the journeys run.
//
//   node bench/journey.mjs [--users 500] [--duration 20] [--sessions 50] [--login-rate 5] [--db sqlite|mysql] [--source]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { arg, flag, loginCookie, loopClient, printStepTable, root, sleep, startStack, stepStats } from './lib.mjs';

const users = Number(arg('users', 500));
const duration = Number(arg('duration', 20));
const sessionCount = Number(arg('sessions', 50));
const loginRate = Number(arg('login-rate', 5));
const db = arg('db', 'sqlite');
const SITE = '511700';
const TIMEOUT_MS = 10_000;
// The water accounts of the sandbox's demo roster (apps/partners/src/demo/utilities.ts).
const CARDS = ['3100012345', '3100012346', '3100022345', '3100032345', '3100042345', '3100052345', '3100099999'];
const TERMS = ['水费', '公积金', 'gjj', '社保', '户口', '燃气', '不动产', '医保'];

// Ports of its own, so it can run beside run.mjs (18180/18190) and the other benches.
const stack = await startStack({ db, source: flag('source'), port: Number(arg('port', 18780)), sandboxPort: Number(arg('sandbox-port', 18790)) });
const { base } = stack;
const { hit, destroy } = loopClient(base, { maxSockets: users + 20, timeoutMs: TIMEOUT_MS });

async function json(path) {
  const r = await fetch(`${base}${path}`);
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}

// ---- warm-up: what the journey picks from, and the session pool ---------------------------------
const zones = (await json(`/api/zones?site=${SITE}`)).map((z) => z.code);
const apps = await json(`/api/apps?site=${SITE}`);
const appIds = (Array.isArray(apps) ? apps : (apps.items ?? [])).map((a) => a.id);
if (!zones.length || !appIds.length) throw new Error(`no zones (${zones.length}) or apps (${appIds.length}) to visit`);
const sessions = [];
for (let i = 0; i < sessionCount; i++) sessions.push(await loginCookie(base));
console.log(`warm-up: ${zones.length} zones, ${appIds.length} apps, ${sessions.length} sessions; ${users} users × ${duration} s on ${db === 'mysql' ? 'MariaDB' : 'SQLite'}`);

const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const STEPS = [
  ['首页', () => ['GET', `/api/pages/home?site=${SITE}`]],
  ['专区', () => ['GET', `/api/zones/${pick(zones)}?site=${SITE}`]],
  ['应用页', () => ['GET', `/api/apps/${pick(appIds)}`]],
  ['搜索', () => ['GET', `/api/search?q=${encodeURIComponent(pick(TERMS))}&site=${SITE}`]],
  ['我的（/api/me）', (s) => ['GET', '/api/me', s]],
  ['我的办件', (s) => ['GET', '/api/applications?page=1&pageSize=20', s]],
  ['水费账单', (s) => ['GET', `/api/water/bills?cardNo=${pick(CARDS)}`, s]],
];
const stats = stepStats([...STEPS.map(([n]) => n), '登录（独立通道）']);
const record = stats.record;

// Every step once per zone / app / term / card first, outside the clock: the first request of each
// builds that page's published bytes, the search index and the JIT's code, which a server that
// has been up for a minute has long done.
const warm = (path) => hit('GET', path, { cookie: sessions[0] });
await warm(`/api/pages/home?site=${SITE}`);
for (const z of zones) await warm(`/api/zones/${z}?site=${SITE}`);
for (const id of appIds) await warm(`/api/apps/${id}`);
for (const q of TERMS) await warm(`/api/search?q=${encodeURIComponent(q)}&site=${SITE}`);
for (const c of CARDS) await warm(`/api/water/bills?cardNo=${c}`);
for (const [, make] of STEPS) for (let i = 0; i < 20; i++) await hit(...make(sessions[0]).slice(0, 2), { cookie: sessions[0] });

// ---- the run -------------------------------------------------------------------------------------
const load0 = loadavg()[0];
const until = Date.now() + duration * 1000;
let journeys = 0;
async function user(i) {
  const cookie = sessions[i % sessions.length];
  // Spread the starts over the first second, as arrivals are.
  await sleep(Math.random() * 1000);
  while (Date.now() < until) {
    for (const [name, make] of STEPS) {
      if (Date.now() >= until) return;
      const [method, path, withCookie] = make(cookie);
      record(name, await hit(method, path, { cookie: withCookie }));
    }
    journeys += 1;
  }
}
async function loginLane() {
  if (loginRate <= 0) return;
  const every = 1000 / loginRate;
  const pending = [];
  for (let next = Date.now(); next < until; next += every) {
    await sleep(Math.max(0, next - Date.now()));
    pending.push(hit('POST', '/api/auth/login', { body: { account: '13900000001', password: 'Demo@2026' } }).then((r) => record('登录（独立通道）', r)));
  }
  await Promise.all(pending);
}
const t0 = Date.now();
await Promise.all([...Array.from({ length: users }, (_, i) => user(i)), loginLane()]);
const seconds = (Date.now() - t0) / 1000;
const load1 = loadavg()[0];
destroy();
await stack.stop();

// ---- report --------------------------------------------------------------------------------------
const rows = stats.rows(seconds);
const when = new Date().toISOString();
const result = { when, node: process.version, cpus: cpus().length, db, users, seconds: Math.round(seconds * 10) / 10, sessions: sessionCount, loginRate, journeys, loadavg: { before: load0, after: load1 }, rows };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const file = join(root, 'bench', 'results', `${when.slice(0, 10)}-journey${db === 'mysql' ? '-mysql' : ''}.json`);
writeFileSync(file, JSON.stringify(result, null, 2));
console.log(`\n${when} · Node ${process.version} · ${cpus().length} cores · ${db === 'mysql' ? 'MariaDB' : 'SQLite'} · ${users} users × ${result.seconds} s · ${journeys} journeys · load ${load0.toFixed(1)} → ${load1.toFixed(1)}\n`);
printStepTable(rows);
console.log(`\n→ ${file}`);
process.exit(0);
