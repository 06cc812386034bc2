import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, STAFF_INITIAL_PASSWORD, roleIds, type StaffSession } from '../admin-auth/test-support.js';

let t: TestApp;
let admin: StaffSession;
let xhAdmin: StaffSession;
let xhOperator: StaffSession;
let dzAdmin: StaffSession;
let tcDept: number;

const SCOPE = '您只能管理本站点及下级站点的数据';
type Dep = { id: number; siteCode: string; name: string; code: string; sort: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  xhAdmin = await createStaff(t, admin, { username: 'xh_admin', siteCode: '511722', roles: ['site_admin'] });
  xhOperator = await createStaff(t, admin, { username: 'xh_op', siteCode: '511722', roles: ['operator'] });
  dzAdmin = await createStaff(t, admin, { username: 'dz_admin', siteCode: '511700', roles: ['site_admin'] });
  const res = await call(t, admin.cookie, 'POST', '/api/admin/departments', { siteCode: '511702', name: '通川区民政局', code: 'TCMZ', sort: 2 });
  expect(res.statusCode).toBe(201);
  tcDept = res.json().id;
});
afterAll(async () => {
  await t.close();
});

describe('site tree', () => {
  it('the super admin gets the whole tree from 四川省', async () => {
    const res = await call(t, admin.cookie, 'GET', '/api/admin/sites');
    expect(res.statusCode).toBe(200);
    expect(res.json().code).toBe('510000');
    expect(res.json().children[0].code).toBe('511700');
  });

  it('a city admin gets 达州市 with its counties; a county admin only the county', async () => {
    const city = (await call(t, dzAdmin.cookie, 'GET', '/api/admin/sites')).json();
    expect(city.code).toBe('511700');
    expect(city.children.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['511702', '511722']));
    const county = (await call(t, xhOperator.cookie, 'GET', '/api/admin/sites')).json();
    expect(county).toMatchObject({ code: '511722', name: '宣汉县', children: [] });
  });
});

describe('departments', () => {
  it('lists only departments inside the subtree by default', async () => {
    const xh = (await call(t, xhAdmin.cookie, 'GET', '/api/admin/departments')).json() as Dep[];
    expect(xh.length).toBeGreaterThan(0);
    expect(xh.every((d) => d.siteCode === '511722')).toBe(true);
    const dz = (await call(t, dzAdmin.cookie, 'GET', '/api/admin/departments')).json() as Dep[];
    expect(new Set(dz.map((d) => d.siteCode))).toEqual(new Set(['511700', '511702', '511722']));
    const only = (await call(t, dzAdmin.cookie, 'GET', '/api/admin/departments?siteCode=511702')).json() as Dep[];
    expect(only.map((d) => d.code).sort()).toEqual(['TCMZ', 'TCZW']);
  });

  it('a 宣汉县 admin can neither list nor change 通川区 departments (403, audited)', async () => {
    const listed = await call(t, xhAdmin.cookie, 'GET', '/api/admin/departments?siteCode=511702');
    expect(listed.statusCode).toBe(403);
    expect(listed.json().message).toBe(SCOPE);
    const upd = await call(t, xhAdmin.cookie, 'PUT', `/api/admin/departments/${tcDept}`, { name: '被篡改' });
    expect(upd.statusCode).toBe(403);
    const del = await call(t, xhAdmin.cookie, 'DELETE', `/api/admin/departments/${tcDept}`);
    expect(del.statusCode).toBe(403);
    const create = await call(t, xhAdmin.cookie, 'POST', '/api/admin/departments', { siteCode: '511702', name: '越权部门', code: 'XX' });
    expect(create.statusCode).toBe(403);
    const still = await t.app.ctx.db.selectFrom('departments').select('name').where('id', '=', tcDept).executeTakeFirstOrThrow();
    expect(still.name).toBe('通川区民政局');
    const denied = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'site_code']).where('actor_name', '=', 'xh_admin').where('result', '=', 'denied').execute();
    expect(denied).toEqual(
      expect.arrayContaining([
        { action: 'department.list', site_code: '511702' },
        { action: 'department.update', site_code: '511702' },
        { action: 'department.delete', site_code: '511702' },
        { action: 'department.create', site_code: '511702' },
      ]),
    );
  });

  let xhNew = 0;
  it('creates, renames and deletes a department inside the own site, auditing each', async () => {
    const res = await call(t, xhAdmin.cookie, 'POST', '/api/admin/departments', { siteCode: '511722', name: '宣汉县医保局', code: 'XHYB' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ siteCode: '511722', name: '宣汉县医保局', code: 'XHYB', sort: 0 });
    xhNew = res.json().id;
    const dup = await call(t, xhAdmin.cookie, 'POST', '/api/admin/departments', { siteCode: '511722', name: '重复代码', code: 'XHYB' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('DEPARTMENT_CODE_TAKEN');
    // the same code at another site is fine
    expect((await call(t, dzAdmin.cookie, 'POST', '/api/admin/departments', { siteCode: '511703', name: '达川区医保局', code: 'XHYB' })).statusCode).toBe(201);

    const upd = await call(t, xhAdmin.cookie, 'PUT', `/api/admin/departments/${xhNew}`, { name: '宣汉县医疗保障局', sort: 5, siteCode: '511702' });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ name: '宣汉县医疗保障局', sort: 5, siteCode: '511722' });

    const entries = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'summary', 'site_code', 'result']).where('object_type', '=', 'department').where('result', '=', 'ok').where('actor_name', '=', 'xh_admin').execute();
    expect(entries.find((e) => e.action === 'department.create')).toMatchObject({ site_code: '511722', summary: '在宣汉县新建部门 宣汉县医保局（XHYB）' });
    expect(entries.find((e) => e.action === 'department.update')?.summary).toContain('名称：宣汉县医保局→宣汉县医疗保障局');
  });

  it('refuses to delete a department that still has staff (409)', async () => {
    const ids = await roleIds(t, admin);
    const s = await call(t, xhAdmin.cookie, 'POST', '/api/admin/staff', { username: 'yb_clerk', displayName: '医保窗口', siteCode: '511722', departmentId: xhNew, roleIds: [ids.operator], password: STAFF_INITIAL_PASSWORD });
    expect(s.statusCode).toBe(201);
    const del = await call(t, xhAdmin.cookie, 'DELETE', `/api/admin/departments/${xhNew}`);
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({ code: 'DEPARTMENT_IN_USE' });
    expect((await call(t, xhAdmin.cookie, 'PUT', `/api/admin/staff/${s.json().id}`, { departmentId: null })).statusCode).toBe(200);
    expect((await call(t, xhAdmin.cookie, 'DELETE', `/api/admin/departments/${xhNew}`)).statusCode).toBe(204);
    expect((await call(t, xhAdmin.cookie, 'DELETE', `/api/admin/departments/${xhNew}`)).statusCode).toBe(404);
  });

  it('an operator (org:read only) may read but not write departments', async () => {
    expect((await call(t, xhOperator.cookie, 'GET', '/api/admin/departments')).statusCode).toBe(200);
    const res = await call(t, xhOperator.cookie, 'POST', '/api/admin/departments', { siteCode: '511722', name: '运营建的', code: 'OPX' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('validates input in Chinese', async () => {
    const nowhere = await call(t, admin.cookie, 'POST', '/api/admin/departments', { siteCode: '999999', name: '不存在的站点', code: 'NOPE' });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().message).toContain('站点不存在');
    const res = await call(t, xhAdmin.cookie, 'POST', '/api/admin/departments', { siteCode: '511722', name: '坏', code: '!' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
