#!/usr/bin/env node
// Issue 13 · journey planner at city scale. Generates the grid-city GTFS feed (bench/lib/gtfs-city.mjs:
// 12,000 stops, ~1.3M stop_times), imports it into a fresh SQLite database with the console's
// importFeed, reads it back with the planner's loader (keyset pages) and builds the timetable — the
// path a server takes on its first request — reporting each step's time and the memory the
// timetable holds. Then times `--queries` random plans per mode in-process (stop → stop and point →
// point, 06:00–22:00 on a weekday): p50 / p95 / p99 / max per query; target p95 < 50 ms.
// With --http: starts the server from source on that database and loads GET /api/transit/plan with
// autocannon at `--connections` (500) for `--duration` seconds, random queries of the three modes.
//
//   node --expose-gc --import tsx --conditions=source bench/transit-plan.mjs [--stops 12000 --routes 400]
//        [--queries 1000] [--http --connections 500 --duration 20 --port 18580]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateCityFeed } from './lib/gtfs-city.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const STOPS = Number(arg('stops', 12000));
const ROUTES = Number(arg('routes', 400));
const QUERIES = Number(arg('queries', 1000));
const HTTP = process.argv.includes('--http');
const CONNECTIONS = Number(arg('connections', 500));
const DURATION = Number(arg('duration', 20));
const PORT = Number(arg('port', 18580));
const DATE = '2026-12-08'; // a Tuesday

const { openDatabase, migrateToLatest } = await import('../apps/server/src/infra/db.ts');
const { importFeed } = await import('../apps/server/src/features/transit/feeds/import.ts');
const { loadFeedData } = await import('../apps/server/src/features/transit/planner/load.ts');
const { buildTimetable } = await import('../apps/server/src/features/transit/planner/timetable.ts');

const mb = (b) => Math.round(b / 1e6);
const gc = () => global.gc?.();
const work = mkdtempSync(join(tmpdir(), 'transit-plan-bench-'));
const feedDir = join(work, 'feed');
const databaseUrl = `sqlite:${join(work, 'bench.sqlite')}`;
const report = {};

let t0 = performance.now();
const gen = await generateCityFeed({ dir: feedDir, stops: STOPS, routes: ROUTES });
report.feed = gen;
console.log(`generated ${gen.stops} stops, ${gen.routes} routes, ${gen.trips} trips, ${gen.stopTimes} stop_times in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const { db, destroy } = await openDatabase(databaseUrl, { poolSize: 4 });
await migrateToLatest(db);
t0 = performance.now();
const imported = await importFeed({ db }, { siteCode: '511700', source: feedDir, fileName: 'city', createdBy: 'bench' });
if ('errors' in imported) throw new Error(JSON.stringify(imported.errors.slice(0, 5)));
report.importS = (performance.now() - t0) / 1000;
console.log(`imported feed ${imported.feedId} in ${report.importS.toFixed(1)} s`);

gc();
const heap0 = process.memoryUsage().heapUsed;
t0 = performance.now();
const data = await loadFeedData(db, imported.feedId);
report.loadS = (performance.now() - t0) / 1000;
t0 = performance.now();
const tt = buildTimetable(data);
report.buildS = (performance.now() - t0) / 1000;
gc();
const heapWithData = process.memoryUsage().heapUsed;
const keep = data; // the FeedData stays referenced by the timetable (trip times, shapes) — measure both together
report.heapMB = mb(heapWithData - heap0);
report.rssMB = mb(process.memoryUsage().rss);
report.patterns = tt.pats.length;
report.footpaths = tt.fpTo.length;
console.log(`loaded in ${report.loadS.toFixed(1)} s, built in ${report.buildS.toFixed(1)} s: ${tt.stops().length} stops, ${tt.pats.length} patterns, ${tt.fpTo.length} footpaths, heap +${report.heapMB} MB (RSS ${report.rssMB} MB)`);
void keep;
await destroy();

// ---- in-process queries ------------------------------------------------------------------------------
let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const stops = tt.stops();
let minLat = Infinity, maxLat = -Infinity, minLng = Infinity, maxLng = -Infinity;
for (const s of stops) {
  minLat = Math.min(minLat, s.lat); maxLat = Math.max(maxLat, s.lat);
  minLng = Math.min(minLng, s.lng); maxLng = Math.max(maxLng, s.lng);
}
const randomPlace = () =>
  rnd() < 0.7
    ? { stopId: stops[Math.floor(rnd() * stops.length)].id }
    : { lat: +(minLat + rnd() * (maxLat - minLat)).toFixed(6), lng: +(minLng + rnd() * (maxLng - minLng)).toFixed(6) };
const asParam = (p) => ('stopId' in p ? `stop:${p.stopId}` : `${p.lat},${p.lng}`);
const randomTime = () => 6 * 3600 + Math.floor(rnd() * 16 * 3600);
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

// warm-up (JIT)
for (let i = 0; i < 50; i++) tt.plan({ from: randomPlace(), to: randomPlace(), date: DATE, time: randomTime(), mode: 'fastest' });
report.modes = {};
for (const mode of ['fastest', 'least-walk', 'fewest-transfers']) {
  const ms = [];
  let withPlan = 0;
  let transfers = 0;
  for (let i = 0; i < QUERIES; i++) {
    const req = { from: randomPlace(), to: randomPlace(), date: DATE, time: randomTime(), mode };
    const s = performance.now();
    const res = tt.plan(req);
    ms.push(performance.now() - s);
    if (res.itineraries.length) {
      withPlan++;
      transfers += res.itineraries[0].transfers;
    }
  }
  ms.sort((a, b) => a - b);
  const row = { p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99), max: ms[ms.length - 1], withPlan, avgTransfers: transfers / Math.max(1, withPlan) };
  report.modes[mode] = row;
  console.log(`${mode.padEnd(17)} p50 ${row.p50.toFixed(1)} ms · p95 ${row.p95.toFixed(1)} ms · p99 ${row.p99.toFixed(1)} ms · max ${row.max.toFixed(1)} ms · ${withPlan}/${QUERIES} with a plan · ${row.avgTransfers.toFixed(2)} transfers on average`);
}

// ---- over HTTP ---------------------------------------------------------------------------------------
if (HTTP) {
  const env = {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    DATA_DIR: work,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'error',
    PARTNERS_BASE_URL: 'http://127.0.0.1:1',
    ADMIN_INITIAL_PASSWORD: 'Bench@Admin2026',
    WORKERS: '1',
  };
  const server = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'apps/server/src/server.ts'], { cwd: root, env, stdio: 'inherit' });
  const kill = () => server.kill('SIGTERM');
  process.on('exit', kill);
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not yet */
    }
    if (i > 240) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  // the first plan builds the timetable (load + build, as measured above)
  t0 = performance.now();
  const first = await fetch(`${base}/api/transit/plan?from=stop:${stops[0].id}&to=stop:${stops[stops.length - 1].id}&date=${DATE}&time=08:00`);
  report.firstHttpPlanS = (performance.now() - t0) / 1000;
  console.log(`first plan over HTTP (builds the timetable): ${first.status} in ${report.firstHttpPlanS.toFixed(1)} s`);
  const paths = Array.from({ length: 2000 }, (_, i) => {
    const mode = ['fastest', 'least-walk', 'fewest-transfers'][i % 3];
    const t = randomTime();
    const hm = `${String(Math.floor(t / 3600)).padStart(2, '0')}:${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}`;
    return `/api/transit/plan?from=${encodeURIComponent(asParam(randomPlace()))}&to=${encodeURIComponent(asParam(randomPlace()))}&date=${DATE}&time=${hm}&mode=${mode}`;
  });
  const { default: autocannon } = await import('autocannon');
  let k = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    timeout: 30,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[k++ % paths.length] }) }],
  });
  report.http = {
    connections: CONNECTIONS,
    duration: DURATION,
    rps: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    total: result.requests.total,
  };
  console.log(`HTTP ${CONNECTIONS} connections × ${DURATION} s: ${result.requests.average} req/s, latency p50 ${result.latency.p50} ms · p97.5 ${result.latency.p97_5} ms · p99 ${result.latency.p99} ms · max ${result.latency.max} ms; ${result.requests.total} requests, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`);
  kill();
  await new Promise((r) => setTimeout(r, 500));
}

console.log(`\nNode ${process.version} · ${cpus().length} cores · ${cpus()[0].model}`);
console.log(JSON.stringify(report));
rmSync(work, { recursive: true, force: true });
process.exit(0);
