import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';

let t: TestApp;
let admin: StaffSession;
let xhAdmin: StaffSession;
let xhOperator: StaffSession;

type Page = { items: { id: number; at: string; action: string; actorName: string | null; siteCode: string | null; result: string; summary: string | null; ip: string | null }[]; total: number; page: number; pageSize: number };

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
  it('lists newest first with paging', async () => {
    // filtered to staff.* so the audit.view entries that each page view adds do not shift the pages
    const p = await page(admin, '?action=staff.&pageSize=5');
    expect(p.items).toHaveLength(5);
    expect(p).toMatchObject({ page: 1, pageSize: 5 });
    expect(p.total).toBeGreaterThan(10);
    const ids = p.items.map((i) => i.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const p2 = await page(admin, '?action=staff.&pageSize=5&page=2');
    expect(p2.items[0]!.id).toBeLessThan(ids[4]!);
  });

  it('filters by action, actor, result and time range', async () => {
    const creates = await page(admin, '?action=staff.create&pageSize=100');
    expect(creates.items.length).toBeGreaterThanOrEqual(2);
    expect(creates.items.every((i) => i.action === 'staff.create')).toBe(true);

    const denied = await page(admin, '?result=denied&actorName=xh_admin');
    expect(denied.total).toBe(1);
    expect(denied.items[0]).toMatchObject({ action: 'department.list', siteCode: '511702', result: 'denied', actorName: 'xh_admin' });

    const failedLogins = await page(admin, '?action=staff.login&result=failed');
    expect(failedLogins.items.map((i) => i.actorName)).toContain('=cmd|calc');

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await page(admin, `?from=${today}&to=${today}&action=staff.create`)).total).toBe(creates.total);
    expect((await page(admin, '?to=2000-01-01')).total).toBe(0);
    const iso = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect((await page(admin, `?from=${iso}`)).total).toBe(0);
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
    const csv = await call(t, xhOperator.cookie, 'GET', '/api/admin/audit/export.csv');
    expect(csv.statusCode).toBe(403);
    const denied = await page(admin, '?actorName=xh_op&result=denied');
    expect(denied.items.map((i) => i.action).sort()).toEqual(['audit.export', 'audit.view']);
  });

  it('audits viewing the log itself', async () => {
    const views = await page(admin, '?action=audit.view&actorName=admin');
    expect(views.total).toBeGreaterThan(3);
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

describe('audit CSV export', () => {
  it('exports UTF-8 with BOM, a Chinese header, escaped values and the formula guard', async () => {
    const res = await call(t, admin.cookie, 'GET', '/api/admin/audit/export.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{8}\.csv"; filename\*=UTF-8''/);
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
    expect(Number(res.headers['x-total-count'])).toBe(lines.length - 2);
  });

  it('applies the same filters and scope', async () => {
    const res = await call(t, xhAdmin.cookie, 'GET', '/api/admin/audit/export.csv?action=staff');
    expect(res.statusCode).toBe(200);
    const lines = res.rawPayload.toString('utf8').slice(1).trim().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.includes('宣汉县（511722）'))).toBe(true);
    expect(lines.every((l) => /,staff\.[a-z.]+,/.test(l))).toBe(true);
  });

  it('records the export in the log', async () => {
    const p = await page(admin, '?action=audit.export&result=ok');
    expect(p.total).toBe(2);
    expect(p.items.map((i) => i.actorName).sort()).toEqual(['admin', 'xh_admin']);
    expect(p.items.find((i) => i.actorName === 'xh_admin')!.summary).toContain('操作含“staff”');
  });
});
