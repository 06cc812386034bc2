// Shared by the load benches (run.mjs, journey.mjs, cases.mjs): start the partner sandbox and the server on a
// fresh database on loopback, wait until they answer, log a citizen in, run autocannon.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ensureBuilt, ensureInstalled, root } from '../scripts/lib.mjs';

export { root };

export const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
export const flag = (name) => process.argv.includes(`--${name}`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const DEMO_CITIZEN = { account: '13900000001', password: 'Demo@2026' };

// Each scenario's load comes from a fresh autocannon process: two runs from one process left the
// second with connections that never got going (10 s timeouts the server never saw).
const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
export function autocannon({ url, connections, duration, headers = {} }) {
  const args = [autocannonCli, '--json', '-c', String(connections), '-d', String(duration)];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon exited ${code}`))));
  });
}

async function waitUp(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(500);
  }
  throw new Error(`${url} did not answer within a minute`);
}

/** The server's environment in every bench: loopback, a throw-away data dir and database, quiet logs. */
export function serverEnv({ port, dataDir, databaseUrl, partnersBaseUrl, extra = {} }) {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'error',
    PARTNERS_BASE_URL: partnersBaseUrl,
    ADMIN_INITIAL_PASSWORD: 'Bench@Admin2026',
    ...extra,
  };
}

/**
 * The sandbox and the server (embedded profile, LOG_LEVEL=error) on a fresh database: SQLite in a
 * temp dir, or a new MariaDB database (`db: 'mysql'`, dropped by `stop()`). `source: true` runs
 * both from TypeScript through tsx instead of building dist (handy while dist is someone else's).
 * Returns the base URL and `stop()`; the children are also killed when this process exits.
 */
export async function startStack({ port = 18180, sandboxPort = 18190, db = 'sqlite', source = false, env: extra = {} } = {}) {
  ensureInstalled();
  if (!source) ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'dz-bench-'));
  const mysqlBase = process.env.DZ_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
  const dbName = `dz_bench_${Date.now().toString(36)}`;
  const databaseUrl = db === 'mysql' ? `${mysqlBase}/${dbName}` : `sqlite:${join(dataDir, 'bench.sqlite')}`;
  const env = serverEnv({ port, dataDir, databaseUrl, partnersBaseUrl: `http://127.0.0.1:${sandboxPort}`, extra });
  const entry = (app, file) => (source ? ['--import', 'tsx', '--conditions=source', `apps/${app}/src/${file}.ts`] : [`apps/${app}/dist/${file}.js`]);
  const children = [
    spawn(process.execPath, entry('partners', 'main'), { cwd: root, env: { ...env, PARTNERS_PORT: String(sandboxPort) }, stdio: 'inherit' }),
    spawn(process.execPath, entry('server', 'server'), { cwd: root, env, stdio: 'inherit' }),
  ];
  const kill = () => children.forEach((c) => c.kill('SIGTERM'));
  process.on('exit', kill);
  const base = `http://127.0.0.1:${port}`;
  await waitUp(`${base}/api/health`);
  return {
    base,
    db,
    async stop() {
      kill();
      await sleep(500);
      rmSync(dataDir, { recursive: true, force: true });
      if (db === 'mysql') {
        const { createConnection } = await import('mysql2/promise');
        const c = await createConnection(mysqlBase);
        await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
        await c.end();
      }
    },
  };
}

/** Logs a citizen in; the session cookie (`name=value`). */
export async function loginCookie(base, { account, password } = DEMO_CITIZEN) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, password }) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (!res.ok || !cookie) throw new Error(`login failed: ${res.status}`);
  return cookie;
}

/**
 * A keep-alive HTTP client for closed-loop benches (journey.mjs, cases.mjs): `hit()` resolves with
 * `{ status, ms, headers, body? }` and never rejects (a failure or a timeout is status 0).
 */
export function loopClient(base, { maxSockets, timeoutMs = 10_000 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  function hit(method, path, { cookie, body, keep = false, raw = null, contentType = null } = {}) {
    return new Promise((resolve) => {
      const t0 = performance.now();
      const payload = raw ?? (body ? JSON.stringify(body) : null);
      const headers = { 'accept-encoding': 'gzip' };
      if (cookie) headers.cookie = cookie;
      if (payload) Object.assign(headers, { 'content-type': contentType ?? 'application/json', 'content-length': Buffer.byteLength(payload) });
      const req = http.request(`${base}${path}`, { method, agent, headers, timeout: timeoutMs }, (res) => {
        const chunks = [];
        res.on('data', (c) => keep && chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, headers: res.headers, body: keep ? Buffer.concat(chunks).toString('utf8') : null }));
        res.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
      if (payload) req.write(payload);
      req.end();
    });
  }
  return { hit, destroy: () => agent.destroy() };
}

/** Latencies and outcomes per named step, and the Markdown table the benches print. */
export function stepStats(names) {
  const stats = new Map(names.map((n) => [n, { ms: [], ok: 0, non2xx: 0, errors: 0, statuses: {} }]));
  const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
  const round = (x) => (x == null ? null : Math.round(x * 10) / 10);
  return {
    record(name, r) {
      const s = stats.get(name);
      s.ms.push(r.ms);
      if (r.status === 0) s.errors += 1;
      else if (r.status >= 200 && r.status < 300) s.ok += 1;
      else {
        s.non2xx += 1;
        s.statuses[r.status] = (s.statuses[r.status] ?? 0) + 1;
      }
    },
    rows(seconds) {
      return [...stats].map(([step, s]) => {
        const sorted = s.ms.sort((a, b) => a - b);
        return { step, requests: sorted.length, rps: Math.round(sorted.length / seconds), p50: round(pct(sorted, 50)), p99: round(pct(sorted, 99)), max: round(sorted.at(-1)), non2xx: s.non2xx, statuses: s.statuses, errors: s.errors };
      });
    },
  };
}

export function printStepTable(rows) {
  console.log('| 步骤 | 请求数 | req/s | p50 ms | p99 ms | 最大 ms | 非2xx | 错误 |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.step} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.max} | ${r.non2xx}${r.non2xx ? ` ${JSON.stringify(r.statuses)}` : ''} | ${r.errors} |`);
}
