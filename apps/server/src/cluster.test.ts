/**
 * The real server with WORKERS=2 on one database without Redis (the embedded profile with every
 * core): the primary prepares the database once, both workers answer, and what must be shared —
 * sessions, the SMS resend limit, the content version, buffered visit writes — holds whichever
 * worker a request lands on. A killed worker is replaced.
 *
 * Which worker answered is read from the server's own request log (pino's `pid` next to the
 * request id we send), not from a response header: production responses say nothing about it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropMysqlDatabase, openDatabase } from './infra/db.js';
import { testDatabaseUrl, testDb } from './test/helpers.js';
import { otpFor } from './features/admin-auth/test-support.js';
import { DEMO_CITIZEN } from './db/seed/index.js';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'dz-cluster-'));
const databaseUrl = testDatabaseUrl(dir);
let server: ChildProcess;
let port = 0;
let output = '';
let exitCode: number | null | undefined;
const VISITS = 240;

interface Reply {
  status: number;
  body: string;
  cookies: string[];
}

/** One request on a connection of its own (no keep-alive), so consecutive requests meet different workers. */
function http(method: string, path: string, opts: { id?: string; cookie?: string; body?: unknown } = {}): Promise<Reply> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolveReply, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          ...(opts.id ? { 'x-request-id': opts.id } : {}),
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolveReply({ status: res.statusCode ?? 0, body, cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => T | null | undefined | Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}\n${output.slice(-3000)}`);
    await sleep(50);
  }
}

const logLines = () =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** The pid of the worker that logged request `id`. */
const pidOf = (id: string) => until(`log of ${id}`, () => logLines().find((l) => l.reqId === id && typeof l.pid === 'number')?.pid as number | undefined, 5000);

let seq = 0;
const nextId = (tag: string) => `${tag}-${process.pid}-${++seq}`.padEnd(8, '0');

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
}

beforeAll(async () => {
  port = await freePort();
  server = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'apps/server/src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      WORKERS: '2',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      H5_DIR: join(dir, 'no-h5'),
      ADMIN_DIR: join(dir, 'no-admin'),
      PARTNERS_BASE_URL: 'http://127.0.0.1:1',
      ADMIN_INITIAL_PASSWORD: '',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.setEncoding('utf8').on('data', (c: string) => (output += c));
  server.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
  server.on('exit', (code) => (exitCode = code));
  // ~20 s on a quiet machine (the primary prepares, then each worker loads and transpiles the
  // app); a machine busy with other suites may take several times that.
  await until('both workers to listen', () => logLines().filter((l) => l.role === 'primary' && l.msg === '工作进程开始监听').length === 2, 110_000);
}, 120_000);

afterAll(async () => {
  if (exitCode === undefined) {
    server.kill('SIGKILL');
    await until('the server to stop', () => exitCode !== undefined, 5000).catch(() => undefined);
  }
  if (testDb === 'mysql') await dropMysqlDatabase(databaseUrl);
  rmSync(dir, { recursive: true, force: true });
});

describe('WORKERS=2 without Redis', () => {
  const workers = new Set<number>();
  let generatedPassword = '';
  let citizen = '';

  it('prepares the database once in the primary, and both workers answer', async () => {
    // The seed ran once: one generated admin password printed, one admin row.
    const printed = [...output.matchAll(/初始密码：(\S+)/g)];
    expect(printed).toHaveLength(1);
    generatedPassword = printed[0]![1]!;
    const starts = logLines().filter((l) => l.role === 'primary' && l.msg === '工作进程已启动');
    expect(starts).toHaveLength(2);

    for (let i = 0; i < 6; i++) {
      const id = nextId('health');
      expect((await http('GET', '/api/health', { id })).status).toBe(200);
      workers.add(await pidOf(id));
    }
    expect(workers.size).toBe(2);
    expect(workers.has(server.pid!)).toBe(false); // the primary serves no HTTP
  });

  it('a citizen session made on one worker is valid on every worker', async () => {
    const login = await http('POST', '/api/auth/login', { body: { account: DEMO_CITIZEN.phone, password: DEMO_CITIZEN.password } });
    expect(login.status, login.body).toBe(200);
    citizen = login.cookies.join('; ');
    const served = new Set<number>();
    for (let i = 0; i < 6; i++) {
      const id = nextId('me');
      const me = await http('GET', '/api/me', { id, cookie: citizen });
      expect(me.status, me.body).toBe(200);
      served.add(await pidOf(id));
    }
    expect(served).toEqual(workers);
  });

  it('the SMS resend limit holds across workers', async () => {
    const body = { phone: '13700001234', purpose: 'register' };
    const a = nextId('sms');
    const b = nextId('sms');
    expect((await http('POST', '/api/auth/sms-codes', { id: a, body })).status).toBe(200);
    const again = await http('POST', '/api/auth/sms-codes', { id: b, body });
    // Consecutive connections go to the two workers in turn: the second asked the other worker.
    expect(await pidOf(b)).not.toBe(await pidOf(a));
    expect(again.status, again.body).toBe(429);
  });

  it('a console publish on one worker is served by every worker within 1 s', async () => {
    const login = await http('POST', '/api/admin/auth/login', { body: { username: 'admin', password: generatedPassword } });
    expect(login.status, login.body).toBe(200);
    const admin = login.cookies.find((c) => c.startsWith('dz_admin_sid='))!;
    const newPassword = 'Dz@Cluster2026!';
    expect((await http('PUT', '/api/admin/me/password', { cookie: admin, body: { oldPassword: generatedPassword, newPassword } })).status).toBe(200);
    const { secret } = JSON.parse((await http('POST', '/api/admin/me/otp', { cookie: admin })).body) as { secret: string };
    expect((await http('POST', '/api/admin/me/otp/verify', { cookie: admin, body: { otp: otpFor(secret) } })).status).toBe(200);

    const page = '/api/pages/home?site=511725';
    // Both workers hold the current bytes in memory before the publish.
    for (let i = 0; i < 2; i++) expect((await http('GET', page)).status).toBe(200);

    const text = `多进程发布 ${Date.now()}`;
    const put = await http('PUT', page.replace('/api/', '/api/admin/'), { cookie: admin, body: { blocks: [{ id: 'n', type: 'notice', text }] } });
    expect(put.status, put.body).toBe(200);
    const published = Date.now();

    // The page routes do not log their 2xx (thousands a second), so which worker served a page is
    // read from its neighbours: the primary hands consecutive connections to the workers in turn
    // (checked on logged requests above), so in health · page · page · health the two pages land
    // on different workers when the two health checks do.
    let elapsed = -1;
    while (Date.now() - published < 3000) {
      const before = nextId('around');
      const after = nextId('around');
      await http('GET', '/api/health', { id: before });
      const pages = [await http('GET', page), await http('GET', page)];
      await http('GET', '/api/health', { id: after });
      if (pages.every((p) => p.body.includes(text))) {
        elapsed = Date.now() - published;
        expect(await pidOf(after)).not.toBe(await pidOf(before));
        break;
      }
      await sleep(20);
    }
    expect(elapsed).toBeGreaterThanOrEqual(0);
    expect(elapsed).toBeLessThan(1000);
  });

  it('a killed worker is replaced, and the new one shares the sessions', { timeout: 100_000 }, async () => {
    const [victim] = [...workers];
    process.kill(victim!, 'SIGKILL');
    await until('the primary to report the crash', () => logLines().some((l) => l.role === 'primary' && l.workerPid === victim && l.signal === 'SIGKILL'));
    // A fresh worker loads the whole app (and, here, transpiles it): seconds on a busy machine.
    await until('the replacement to listen', () => logLines().filter((l) => l.role === 'primary' && l.msg === '工作进程开始监听').length === 3, 80_000);
    const replacement = await until('a replacement worker to answer', async () => {
      const id = nextId('after');
      const res = await http('GET', '/api/me', { id, cookie: citizen }).catch(() => null);
      if (res?.status !== 200) return null;
      const pid = await pidOf(id);
      return workers.has(pid) ? null : pid;
    });
    expect(replacement).not.toBe(victim);
  });

  it('visits buffered by both workers are all written, no SQLITE_BUSY; SIGTERM stops everything cleanly', async () => {
    // 240 beacons, 24 at a time, on fresh connections: both workers buffer and flush into the
    // same database while the other does too.
    for (let i = 0; i < VISITS; i += 24) {
      const batch = await Promise.all(Array.from({ length: 24 }, () => http('POST', '/api/visits', { body: { type: 'page', ref: 'home', site: '511700' } })));
      for (const r of batch) expect(r.status, r.body).toBe(204);
    }
    server.kill('SIGTERM');
    await until('the server to exit', () => exitCode !== undefined, 15_000);
    expect(exitCode).toBe(0);
    expect(output).not.toMatch(/SQLITE_BUSY|database is locked/i);

    const db = await openDatabase(databaseUrl);
    try {
      const visits = await db.db.selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(visits.n)).toBe(VISITS);
      const admins = await db.db.selectFrom('staff').select((eb) => eb.fn.countAll<number>().as('n')).where('username', '=', 'admin').executeTakeFirstOrThrow();
      expect(Number(admins.n)).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});
