import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CONTENT_WRITES } from '../../infra/published.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { eventually } from '../utilities/test-support.js';

type Job = { id: number; state: string; percent: number; message: string | null; result: Record<string, unknown> | null; download: { name: string; bytes: number } | null };

let t: TestApp;
let admin: StaffSession;
let xhAdmin: StaffSession;
let xhOperator: StaffSession;

type Page = { items: { id: number; at: string; action: string; actorName: string | null; siteCode: string | null; result: string; summary: string | null; ip: string | null }[]; pageSize: number; next: number | null };

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  xhAdmin = await createStaff(t, admin, { username: 'xh_admin', siteCode: '511722', roles: ['site_admin'] });
  xhOperator = await createStaff(t, admin, { username: 'xh_op', siteCode: '511722', roles: ['operator'] });
  // Material for the filters and the CSV: a 通川区 department whose name needs escaping, a
  // refused cross-site attempt, and a login attempt whose username looks like a formula.
  expect((await call(t, admin.cookie, 'POST', '/api/admin/departments', { siteCode: '511702', name: '测试"引号",逗号', code: 'TCQ' })).statusCode).toBe(201);
  expect((await call(t, xhAdmin.cookie, 'GET', '/api/admin/departments?siteCode=511702')).statusCode).toBe(403);
  expect((await call(t, null, 'POST', '/api/admin/auth/login', { username: '=cmd|calc', password: 'x' })).statusCode).toBe(401);
});
afterAll(async () => {
  await t.close();
});

const page = async (s: StaffSession, query = '') => {
  const res = await call(t, s.cookie, 'GET', `/api/admin/audit${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
};

describe('audit log in the console', () => {
  it('lists newest first with keyset paging', async () => {
    // filtered to staff.* so the audit.view entries that each page view adds do not shift the pages
    const p = await page(admin, '?action=staff.&pageSize=5');
    expect(p.items).toHaveLength(5);
    expect(p).toMatchObject({ pageSize: 5, next: p.items[4]!.id });
    const ids = p.items.map((i) => i.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const p2 = await page(admin, `?action=staff.&pageSize=5&before=${p.next}`);
    expect(p2.items[0]!.id).toBeLessThan(ids[4]!);
    // the last page says so
    const all = await page(admin, '?action=staff.&pageSize=100');
    expect(all.next).toBeNull();
    expect(all.items.length).toBeGreaterThan(10);
  });

  it('filters by action, actor, result and time range', async () => {
    const creates = await page(admin, '?action=staff.create&pageSize=100');
    expect(creates.items.length).toBeGreaterThanOrEqual(2);
    expect(creates.items.every((i) => i.action === 'staff.create')).toBe(true);

    const denied = await page(admin, '?result=denied&actorName=xh_admin');
    expect(denied.items).toHaveLength(1);
    expect(denied.items[0]).toMatchObject({ action: 'department.list', siteCode: '511702', result: 'denied', actorName: 'xh_admin' });

    const failedLogins = await page(admin, '?action=staff.login&result=failed');
    expect(failedLogins.items.map((i) => i.actorName)).toContain('=cmd|calc');

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await page(admin, `?from=${today}&to=${today}&action=staff.create&pageSize=100`)).items).toHaveLength(creates.items.length);
    expect(await page(admin, '?to=2000-01-01')).toMatchObject({ items: [], next: null });
    const iso = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect((await page(admin, `?from=${iso}`)).items).toEqual([]);
    // action and actor are prefix filters (index ranges), not substring scans
    expect((await page(admin, '?action=create')).items).toEqual([]);
  });

  it('rejects bad filters in Chinese', async () => {
    const res = await call(t, admin.cookie, 'GET', '/api/admin/audit?result=maybe');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('结果只能是');
    const bad = await call(t, admin.cookie, 'GET', '/api/admin/audit?from=yesterday');
    expect(bad.statusCode).toBe(400);
    const reversed = await call(t, admin.cookie, 'GET', '/api/admin/audit?from=2026-02-01&to=2026-01-01');
    expect(reversed.json().message).toBe('开始时间不能晚于结束时间');
  });

  it('scopes a county admin to their own subtree; the super admin sees everything', async () => {
    const mine = await page(xhAdmin, '?pageSize=100');
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.siteCode === '511722')).toBe(true);
    // the refusal was recorded against 通川区, so the 宣汉县 admin does not see it; the super admin does
    expect(mine.items.some((i) => i.result === 'denied')).toBe(false);
    const all = await page(admin, '?pageSize=100');
    expect(all.items.some((i) => i.siteCode === '511702')).toBe(true);
    expect(all.items.some((i) => i.siteCode === null)).toBe(true);
  });

  it('refuses the log to staff without audit:read (403, audited)', async () => {
    const res = await call(t, xhOperator.cookie, 'GET', '/api/admin/audit');
    expect(res.statusCode).toBe(403);
    const csv = await call(t, xhOperator.cookie, 'POST', '/api/admin/audit/exports');
    expect(csv.statusCode).toBe(403);
    const denied = await page(admin, '?actorName=xh_op&result=denied');
    expect(denied.items.map((i) => i.action).sort()).toEqual(['audit.export', 'audit.view']);
  });

  it('audits viewing the log itself', async () => {
    const views = await page(admin, '?action=audit.view&actorName=admin');
    expect(views.items.length).toBeGreaterThan(3);
    expect(views.items[0]!.summary).toContain('查看审计日志');
  });

  it('records before/after summaries with a masked phone and the caller’s IP', async () => {
    const p = await page(admin, '?action=department.create&actorName=admin');
    expect(p.items[0]).toMatchObject({ siteCode: '511702', result: 'ok', ip: '127.0.0.1' });
    expect(p.items[0]!.summary).toBe('在通川区新建部门 测试"引号",逗号（TCQ）');
  });

  it('offers no way to change or delete entries (append-only)', async () => {
    expect((await call(t, admin.cookie, 'DELETE', '/api/admin/audit')).statusCode).toBe(404);
    expect((await call(t, admin.cookie, 'PUT', '/api/admin/audit/1', {})).statusCode).toBe(404);
  });
});

/** Starts an export job, waits for it, downloads its file: the CSV text (BOM included) and the job. */
async function exportCsv(s: StaffSession, query = '', beforeDownload = () => {}) {
  const started = await call(t, s.cookie, 'POST', `/api/admin/audit/exports${query}`);
  expect(started.statusCode, started.body).toBe(202);
  const { jobId } = started.json() as { jobId: number };
  const job = await eventually(async () => {
    const j = (await call(t, s.cookie, 'GET', `/api/admin/jobs/${jobId}`)).json() as Job;
    return j.state === 'succeeded' || j.state === 'failed' ? j : null;
  }, 20_000);
  expect(job.state, job.message ?? '').toBe('succeeded');
  beforeDownload();
  const res = await call(t, s.cookie, 'GET', `/api/admin/jobs/${jobId}/download`);
  expect(res.statusCode, res.body).toBe(200);
  return { res, job, jobId };
}

describe('audit CSV export (a job)', () => {
  it('exports UTF-8 with BOM, a Chinese header, escaped values and the formula guard', async () => {
    const { res, job } = await exportCsv(admin);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="job-\d+\.csv"; filename\*=UTF-8''/);
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('编号,时间（北京时间）,操作人类型,操作人ID,操作人,站点,操作,操作名称,对象类型,对象ID,摘要,IP地址,结果,请求编号');
    expect(text).toContain('"在通川区新建部门 测试""引号"",逗号（TCQ）"');
    expect(text).toContain(",'=cmd|calc,");
    expect(text).toContain('通川区（511702）');
    expect(text).toMatch(/,staff\.login,登录,/);
    expect(text).toContain(',拒绝,');
    expect(job.result).toMatchObject({ rows: lines.length - 2 });
    // newest first
    const ids = lines.slice(1, -1).map((l) => Number(l.split(',')[0]));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('applies the same filters and scope', async () => {
    const { res } = await exportCsv(xhAdmin, '?action=staff');
    const lines = res.rawPayload.toString('utf8').slice(1).trim().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.includes('宣汉县（511722）'))).toBe(true);
    expect(lines.every((l) => /,staff\.[a-z.]+,/.test(l))).toBe(true);
  });

  it('is its owner’s only, downloaded once, and swept when not taken', async () => {
    const started = await call(t, admin.cookie, 'POST', '/api/admin/audit/exports?action=staff.login');
    const { jobId } = started.json() as { jobId: number };
    const job = await eventually(async () => { const j = (await call(t, admin.cookie, 'GET', `/api/admin/jobs/${jobId}`)).json() as Job; return j.state === 'succeeded' ? j : null; }, 20_000);
    expect(job.download).toMatchObject({ name: expect.stringMatching(/^审计日志-\d{8}\.csv$/) });
    // another staff member with audit:read sees neither the job nor the file
    expect((await call(t, xhAdmin.cookie, 'GET', `/api/admin/jobs/${jobId}`)).statusCode).toBe(404);
    expect((await call(t, xhAdmin.cookie, 'GET', `/api/admin/jobs/${jobId}/download`)).statusCode).toBe(404);
    // the file lives under DATA_DIR/exports until its result expires; the sweep removes it
    const files = () => readdirSync(join(t.config.dataDir, 'exports')).filter((f) => f.startsWith(`audit-${jobId}-`));
    expect(files()).toHaveLength(1);
    await t.app.jobs.sweepResults(Date.now() + 2 * 3600_000);
    expect(files()).toHaveLength(0);
    expect((await call(t, admin.cookie, 'GET', `/api/admin/jobs/${jobId}/download`)).statusCode).toBe(410);

    // a fresh one: the first download takes it, the second is refused
    const { jobId: second } = await exportCsv(admin, '?action=staff.login');
    const again = await call(t, admin.cookie, 'GET', `/api/admin/jobs/${second}/download`);
    expect(again.statusCode).toBe(410);
    expect(again.json().message).toContain('请重新导出');
    expect(((await call(t, admin.cookie, 'GET', `/api/admin/jobs/${second}`)).json() as Job).download).toBeNull();
  });

  it('records the export and its download in the log; jobs are not content (no version bump)', async () => {
    const p = await page(admin, '?action=audit.export&result=ok&pageSize=100');
    const exports = p.items.filter((i) => i.action === 'audit.export');
    expect(exports.map((i) => i.actorName)).toEqual(expect.arrayContaining(['admin', 'xh_admin']));
    expect(exports.find((i) => i.actorName === 'xh_admin')!.summary).toContain('操作以“staff”开头');
    expect(p.items.some((i) => i.action === 'audit.export.download')).toBe(true);
    for (const url of ['/api/admin/audit/exports', '/api/admin/jobs/1', '/api/admin/jobs/1/download', '/api/admin/reconciliations']) expect(CONTENT_WRITES.test(url)).toBe(false);
  });
});

describe('export off the event loop', () => {
  it('keeps the event loop responsive while exporting a large log', async () => {
    const N = 60_000;
    const at = new Date().toISOString();
    for (let i = 0; i < N; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({
        at, actor_type: 'staff' as const, actor_id: 1, actor_name: 'bulk', site_code: '511700', action: 'bulk.seed', object_type: 'x', object_id: String(i + k), summary: `批量记录 ${i + k}，含逗号,与"引号"`, ip: '127.0.0.1', result: 'ok' as const, request_id: null,
      }));
      await t.app.ctx.db.insertInto('audit_log').values(rows).execute();
    }
    // The same measure on an idle second, for scale: the machine is shared.
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    await new Promise((r) => setTimeout(r, 1000));
    idle.disable();
    // Measured while the job runs (the download below builds the whole file in memory in this test process).
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const { res, job } = await exportCsv(admin, '?action=bulk.', () => h.disable());
    expect(job.result).toMatchObject({ rows: N });
    expect(res.rawPayload.toString('utf8').split('\r\n').length).toBe(N + 2);
    const p99 = h.percentile(99) / 1e6;
    const max = h.max / 1e6;
    console.info(`export of ${N} rows: event-loop delay p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms (idle second: p99 ${(idle.percentile(99) / 1e6).toFixed(1)} ms, max ${(idle.max / 1e6).toFixed(1)} ms)`);
    // Generous bounds: on a shared 2-core machine the worker and other processes compete with this
    // thread for a core (an idle second above is the scale). The same export run on this thread,
    // even yielding between windows of 2,000 entries, measured p99 170 ms here; unyielded it would
    // hold the loop for the whole export (seconds).
    expect(p99).toBeLessThan(200);
    expect(max).toBeLessThan(1000);
    // the search page stays bounded too: one page, found through the indexes
    const first = await page(admin, '?action=bulk.&pageSize=20');
    expect(first.items).toHaveLength(20);
  }, 120_000);
});
