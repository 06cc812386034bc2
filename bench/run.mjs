#!/usr/bin/env node
// Load benchmark on loopback, bounded in time: builds if needed, starts the sandbox and the server
// on a fresh SQLite (or, with --db mysql, MariaDB) database (embedded profile), logs the demo citizen in, then drives each
// scenario with autocannon at the given concurrency. Prints a Markdown table for bench/README.md
// and writes the raw figures to bench/results/.
//   node bench/run.mjs [--connections 500] [--duration 10] [--only health,me,water-bills,gas-bills] [--db sqlite|mysql] [--source]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { arg, autocannon, flag, loginCookie, root, sleep, startStack } from './lib.mjs';

const connections = Number(arg('connections', 500));
const duration = Number(arg('duration', 10));
const only = arg('only', '')?.split(',').filter(Boolean);

const stack = await startStack({ db: arg('db', 'sqlite'), source: flag('source') });
const base = stack.base;
const cookie = await loginCookie(base);

const scenarios = [
  { name: 'health', title: 'GET /api/health（数据库往返）', path: '/api/health' },
  { name: 'sites', title: 'GET /api/sites（站点树）', path: '/api/sites' },
  { name: 'me', title: 'GET /api/me（会话校验 + SM4 解密 + 脱敏）', path: '/api/me', headers: { cookie } },
  { name: 'home', title: 'GET /（H5 首页，内嵌首屏数据）', path: '/', headers: { 'accept-encoding': 'br' } },
  { name: 'pages-home', title: 'GET /api/pages/home（预计算字节）', path: '/api/pages/home?site=511700', headers: { 'accept-encoding': 'gzip' } },
  // Each query asks the company unless the 30 s memo of that account still holds (our orders unchanged).
  { name: 'water-bills', title: 'GET /api/water/bills（签名调用自来水公司沙箱）', path: '/api/water/bills?cardNo=3100012345', headers: { cookie } },
  { name: 'gas-bills', title: 'GET /api/gas/bills（签名调用燃气公司沙箱）', path: '/api/gas/bills?customerNo=8800012345', headers: { cookie } },
].filter((s) => !only?.length || only.includes(s.name));

const rows = [];
for (const [i, s] of scenarios.entries()) {
  // Let the previous scenario's connections close and its buffered writes flush first, so each
  // scenario starts from a quiet server.
  if (i > 0) await sleep(5000);
  const r = await autocannon({ url: base + s.path, connections, duration, headers: s.headers ?? {} });
  rows.push({
    scenario: s.title,
    connections,
    seconds: duration,
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  });
  console.log(`${s.name}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts}`);
}
await stack.stop();

const when = new Date().toISOString();
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', `${when.slice(0, 10)}-${only?.length ? only.join('+') : 'all'}${stack.db === 'mysql' ? '-mysql' : ''}.json`), JSON.stringify({ when, node: process.version, cpus: cpus().length, workers: process.env.WORKERS || 'auto', db: stack.db, rows }, null, 2));
// The server runs as `npm start` does: WORKERS worker processes, one per core when unset.
console.log(`\n${when} · Node ${process.version} · ${cpus().length} cores · server WORKERS=${process.env.WORKERS || 'auto'} · ${stack.db === 'mysql' ? 'MariaDB' : 'SQLite'} · ${connections} connections × ${duration} s\n`);
console.log('| 场景 | 请求数 | 吞吐 req/s | p50 ms | p90 ms | p99 ms | 最大 ms | 非2xx | 错误 |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.scenario} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.non2xx} | ${r.errors} |`);
process.exit(0);
