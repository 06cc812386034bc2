// Issue 13 · GTFS import at city scale: generates the grid-city feed (bench/lib/gtfs-city.mjs,
// ≥10,000 stops, ≥1,000,000 stop_times) as a zip, imports it through the same importFeed the
// console uses — on SQLite, and on MariaDB when one answers — and prints the time, the peak RSS
// and the event loop's worst delay. Then imports it a second time (the first feed is replaced and
// its rows deleted), as an operator's re-upload would.
//
//   node --expose-gc --import tsx --conditions=source bench/transit-import.mjs [--stops 12000 --routes 400] [--mysql mysql://root@127.0.0.1:3306]
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateCityFeed } from './lib/gtfs-city.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const stops = Number(arg('stops', 12000));
const routes = Number(arg('routes', 400));
const mysqlBase = arg('mysql', process.env.DZ_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');

const { openDatabase, migrateToLatest, dropMysqlDatabase } = await import('../apps/server/src/infra/db.ts');
const { importFeed } = await import('../apps/server/src/features/transit/feeds/import.ts');

const work = mkdtempSync(join(tmpdir(), 'gtfs-bench-'));
const feedDir = join(work, 'feed');
const zip = join(work, 'city.zip');
let t0 = Date.now();
const gen = await generateCityFeed({ dir: feedDir, zip, stops, routes });
console.log(`generated ${gen.stops} stops, ${gen.routes} routes, ${gen.trips} trips, ${gen.stopTimes} stop_times in ${((Date.now() - t0) / 1000).toFixed(1)} s; zip ${(statSync(zip).size / 1e6).toFixed(1)} MB`);

async function run(label, url) {
  const { db, destroy } = await openDatabase(url, { poolSize: 4 });
  try {
    await migrateToLatest(db);
    const results = [];
    for (const round of [1, 2]) {
      if (global.gc) global.gc();
      const base = process.memoryUsage().rss;
      let peak = base;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      t0 = Date.now();
      const res = await importFeed({ db }, { siteCode: '511700', source: zip, fileName: 'city.zip', createdBy: 'bench' });
      const seconds = (Date.now() - t0) / 1000;
      loop.disable();
      clearInterval(timer);
      if ('errors' in res) throw new Error(JSON.stringify(res.errors.slice(0, 5)));
      const row = { db: label, round, seconds, stopTimes: res.stopTimes, rowsPerS: Math.round(res.stopTimes / seconds), rssBaseMB: Math.round(base / 1e6), rssPeakMB: Math.round(peak / 1e6), loopMaxMs: Math.round(loop.max / 1e6), loopP99Ms: Math.round(loop.percentile(99) / 1e6) };
      console.log(JSON.stringify(row));
      results.push(row);
    }
    return results;
  } finally {
    await destroy();
  }
}

const all = [];
all.push(...(await run('SQLite', `sqlite:${join(work, 'bench.sqlite')}`)));
const mysqlUrl = `${mysqlBase}/dz_bench_gtfs_${Date.now().toString(36)}`;
try {
  all.push(...(await run('MariaDB', mysqlUrl)));
} catch (err) {
  console.log(`MariaDB skipped: ${err.message}`);
} finally {
  await dropMysqlDatabase(mysqlUrl).catch(() => undefined);
}
console.log(`\nNode ${process.version} · ${cpus().length} cores`);
console.log('| 数据库 | 轮次 | 耗时 s | stop_times | 行/s | RSS 起点 MB | RSS 峰值 MB | 事件循环最大延迟 ms |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of all) console.log(`| ${r.db} | ${r.round === 1 ? '首次导入' : '再次导入（替换旧数据）'} | ${r.seconds.toFixed(1)} | ${r.stopTimes} | ${r.rowsPerS} | ${r.rssBaseMB} | ${r.rssPeakMB} | ${r.loopMaxMs} |`);
if (existsSync(work)) rmSync(work, { recursive: true, force: true });
