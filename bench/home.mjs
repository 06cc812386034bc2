#!/usr/bin/env node
// The home page against nginx, in one run, alternating (issue 9): our
// `GET /api/pages/home?site=511700` next to nginx (Debian's package) serving the very same bytes —
// the gzip form our server sends, through gzip_static, with the same Content-Type — and a bare
// node:cluster server sending them too (bench/lib/bare-node.mjs, the ceiling of any Node server) — at 500
// connections, then ours and the bare one at 5,000 connections. On SQLite and on MariaDB
// (a fresh database on 127.0.0.1:3306, root, no password). Prints a Markdown table for
// bench/README.md and keeps the raw figures in bench/results/.
//
//   node bench/home.mjs [--db sqlite,mysql] [--duration 8] [--connections 500] [--big 5000] [--rounds 2]
//                      [--workers N] [--no-build] [--label busy]
//
// The load generator is wrk (Debian package `wrk`) when installed, else autocannon; it shares the
// machine's cores with the server (and with nginx), so every figure is a floor. nginx runs with
// `worker_processes auto` — one worker per core, the machine's limit the issue compares with;
// our server runs as `npm start` does: one worker per core (WORKERS; --workers overrides it,
// --workers 1 measures the single process). --no-build uses the dist/ already built.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { must, root } from '../scripts/lib.mjs';
import { autocannon, serverEnv } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const dbs = arg('db', 'sqlite,mysql').split(',').filter(Boolean);
const duration = Number(arg('duration', 8));
const connections = Number(arg('connections', 500));
const big = Number(arg('big', 5000));
const rounds = Number(arg('rounds', 2));
const workers = arg('workers', process.env.WORKERS ?? '');
const build = !process.argv.includes('--no-build');
// A run on a busy machine is kept beside the quiet one instead of replacing it: --label busy.
const label = arg('label', '');
const mysqlBase = process.env.DZ_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const PATH = '/api/pages/home?site=511700';
const port = 18181;
const nginxPort = 18281;
const barePort = 18381;

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd} || ls /usr/sbin/${cmd} 2>/dev/null`], { encoding: 'utf8' }).stdout.trim().split('\n')[0] || null;
const nginxBin = which('nginx');
const wrkBin = which('wrk');
if (!nginxBin) {
  console.error('nginx 未安装：apt-get install -y nginx-light（或 nginx）后重试');
  process.exit(1);
}

// 5,000 connections need as many descriptors in wrk and, spread over the workers, in the server
// (both inherit this shell's limit; Node cannot raise it itself).
const nofile = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim());
if (Number.isFinite(nofile) && nofile < big + 1024) {
  console.error(`打开文件数上限 ulimit -n = ${nofile}，不足以维持 ${big} 个连接：请先执行 ulimit -n ${big * 2 + 1024} 再运行`);
  process.exit(1);
}

// Only what the server needs (the front ends are not served in this bench).
if (build) for (const ws of ['packages/contracts', 'packages/partner-protocol', 'apps/server']) must(`构建 ${ws}`, 'npm', ['run', 'build', '-w', ws]);
// The server's own rule for WORKERS (one per core when unset), for the figures' caption.
const { parseWorkers } = await import('../apps/server/dist/infra/config.js');
const workerCount = parseWorkers(workers);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The raw bytes (not decoded) and headers of one GET. */
function rawGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitUp(url) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await rawGet(url)).status === 200) return;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  throw new Error(`${url} did not come up`);
}

// ---- the load generator -------------------------------------------------------------------------

function runWrk(url, c) {
  const threads = Math.min(2, cpus().length);
  const args = ['-t', String(threads), '-c', String(c), '-d', `${duration}s`, '--timeout', '5s', '--latency', '-H', 'Accept-Encoding: gzip', url];
  const r = spawnSync(wrkBin, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const out = r.stdout;
  const ms = (s) => {
    const m = /([\d.]+)(us|ms|s)\b/.exec(s);
    if (!m) return null;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const line = (label) => out.split('\n').find((l) => l.trim().startsWith(label));
  const sock = /connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  return {
    tool: 'wrk',
    requests: total ? Number(total[1]) : 0,
    rps: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
    p50: ms(line('50%') ?? ''),
    p99: ms(line('99%') ?? ''),
    max: ms(/Latency\s+\S+\s+\S+\s+(\S+)/.exec(out)?.[1] ?? ''),
    errors: sock ? sock.slice(1).reduce((n, x) => n + Number(x), 0) : 0,
    errorDetail: sock ? sock[0] : '',
    non2xx: non2xx ? Number(non2xx[1]) : 0,
  };
}

async function runAutocannon(url, c) {
  const j = await autocannon({ url, connections: c, duration, headers: { 'accept-encoding': 'gzip' } });
  return { tool: 'autocannon', requests: j.requests.total, rps: Math.round(j.requests.average), p50: j.latency.p50, p99: j.latency.p99, max: j.latency.max, errors: j.errors + j.timeouts, errorDetail: `errors ${j.errors}, timeouts ${j.timeouts}`, non2xx: j.non2xx };
}

const load = (url, c) => (wrkBin ? runWrk(url, c) : runAutocannon(url, c));

// ---- one database -------------------------------------------------------------------------------

async function benchOn(db) {
  const dataDir = mkdtempSync(join(tmpdir(), 'dz-bench-home-'));
  const databaseUrl = db === 'mysql' ? `${mysqlBase}/dz_bench_${Date.now().toString(36)}` : `sqlite:${join(dataDir, 'bench.sqlite')}`;
  // No partner is called by the home page: an address where nothing listens.
  const env = serverEnv({ port, dataDir, databaseUrl, partnersBaseUrl: 'http://127.0.0.1:1', extra: { WORKERS: String(workerCount) } });
  const server = spawn(process.execPath, ['apps/server/dist/server.js'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  let nginx = null;
  let bare = null;
  const stop = () => {
    server.kill('SIGTERM');
    nginx?.kill('SIGQUIT');
    bare?.kill('SIGTERM');
  };
  process.on('exit', stop);
  try {
    const ours = `http://127.0.0.1:${port}${PATH}`;
    await waitUp(ours);

    // The very bytes our server sends to a browser (gzip), and their identity form.
    const gz = await rawGet(ours, { 'accept-encoding': 'gzip' });
    const plain = await rawGet(ours);
    if (gz.headers['content-encoding'] !== 'gzip') throw new Error('our server did not answer gzip');
    const www = join(dataDir, 'www');
    mkdirSync(www, { recursive: true });
    writeFileSync(join(www, 'home.json'), plain.body);
    writeFileSync(join(www, 'home.json.gz'), gz.body);
    // nginx's workers run as an unprivileged user; mkdtemp made the directory private.
    chmodSync(dataDir, 0o755);
    const conf = join(dataDir, 'nginx.conf');
    writeFileSync(
      conf,
      `worker_processes auto;
daemon off;
pid ${join(dataDir, 'nginx.pid')};
error_log ${join(dataDir, 'nginx-error.log')} error;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path ${dataDir}/ncb; proxy_temp_path ${dataDir}/np; fastcgi_temp_path ${dataDir}/nf; uwsgi_temp_path ${dataDir}/nu; scgi_temp_path ${dataDir}/ns;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${nginxPort} backlog=8192;
    root ${www};
    location = /api/pages/home {
      default_type 'application/json; charset=utf-8';
      gzip_static on;
      gzip_vary on;
      add_header Cache-Control 'public, max-age=30';
      try_files /home.json =404;
    }
  }
}
`,
    );
    nginx = spawn(nginxBin, ['-c', conf, '-p', dataDir], { stdio: ['ignore', 'inherit', 'inherit'] });
    const theirs = `http://127.0.0.1:${nginxPort}${PATH}`;
    await waitUp(theirs);
    const check = await rawGet(theirs, { 'accept-encoding': 'gzip' });
    if (!check.body.equals(gz.body) || check.headers['content-encoding'] !== 'gzip') throw new Error('nginx does not serve the same gzip bytes');

    // The control: a bare node:cluster server with our worker count, sending the same bytes.
    bare = spawn(process.execPath, [join(root, 'bench', 'lib', 'bare-node.mjs'), String(barePort), String(workerCount), join(www, 'home.json.gz')], { stdio: ['ignore', 'inherit', 'inherit'] });
    const bareUrl = `http://127.0.0.1:${barePort}${PATH}`;
    await waitUp(bareUrl);

    const rows = [];
    const run = async (who, url, c) => {
      await sleep(3000); // the previous scenario's sockets close first
      const r = await load(url, c);
      const row = { db, who, workers: who === 'nginx' ? null : workerCount, connections: c, seconds: duration, bytes: gz.body.length, load: loadavg()[0].toFixed(2), ...r };
      rows.push(row);
      console.log(`${db} ${who} c=${c}: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors} (${r.errorDetail}), non-2xx ${r.non2xx}`);
    };
    for (let i = 0; i < rounds; i++) {
      await run('ours', ours, connections);
      await run('bare', bareUrl, connections);
      await run('nginx', theirs, connections);
    }
    await run('ours', ours, big);
    await run('bare', bareUrl, big);
    return { rows, bytes: { identity: plain.body.length, gzip: gz.body.length } };
  } finally {
    stop();
    await sleep(500);
  }
}

const all = [];
const sizes = {};
for (const db of dbs) {
  const r = await benchOn(db);
  all.push(...r.rows);
  sizes[db] = r.bytes;
}

const when = new Date().toISOString();
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', `${when.slice(0, 10)}-home-vs-nginx${label ? `-${label}` : ''}.json`), JSON.stringify({ when, node: process.version, cpus: cpus().length, workers: workerCount, tool: wrkBin ? 'wrk' : 'autocannon', sizes, rows: all }, null, 2));

const avg = (xs) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
console.log(`\n${when} · Node ${process.version} · ${cpus().length} cores · server WORKERS=${workerCount} · ${wrkBin ? 'wrk -t2' : 'autocannon'} · ${duration} s per scenario · Accept-Encoding: gzip\n`);
console.log('| 数据库 | 服务 | 连接数 | 请求数 | 吞吐 req/s | p50 ms | p99 ms | 最大 ms | 错误 | 非2xx | 负载 |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of all) console.log(`| ${r.db === 'mysql' ? 'MariaDB' : 'SQLite'} | ${{ ours: '本服务', bare: '裸 Node（对照）', nginx: 'nginx' }[r.who]} | ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} | ${r.non2xx} | ${r.load} |`);
for (const db of dbs) {
  const rps = (who) => avg(all.filter((r) => r.db === db && r.who === who && r.connections === connections).map((r) => r.rps));
  const [ours, bareRps, theirs] = [rps('ours'), rps('bare'), rps('nginx')];
  console.log(`\n${db}: ours ${Math.round(ours)} req/s vs nginx ${Math.round(theirs)} req/s at ${connections} connections → ${((100 * ours) / theirs).toFixed(1)} %; bare Node ${Math.round(bareRps)} → ${((100 * bareRps) / theirs).toFixed(1)} % of nginx, ours ${((100 * ours) / bareRps).toFixed(1)} % of bare Node`);
}
process.exit(0);
