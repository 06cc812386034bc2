import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, roleIds, setupAdmin, STAFF_INITIAL_PASSWORD, type StaffSession } from '../admin-auth/test-support.js';

let t: TestApp;
let admin: StaffSession;
let cityAdmin: StaffSession;
let operator: StaffSession;
let roles: Record<string, number>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  roles = await roleIds(t, admin);
  cityAdmin = await createStaff(t, admin, { username: 'dz_admin', siteCode: '511700', roles: ['site_admin'] });
  operator = await createStaff(t, admin, { username: 'dz_op', siteCode: '511700', roles: ['operator'] });
});
afterAll(async () => {
  await t.close();
});

describe('permissions and roles', () => {
  it('lists the permission catalog with Chinese names', async () => {
    const res = await call(t, operator.cookie, 'GET', '/api/admin/permissions');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(Object.keys(PERMISSIONS).length);
    expect(res.json()).toContainEqual({ code: 'staff:write', name: '管理工作人员' });
  });

  it('lists the five built-in roles', async () => {
    const res = await call(t, cityAdmin.cookie, 'GET', '/api/admin/roles');
    expect(res.statusCode).toBe(200);
    const list = res.json() as { code: string; builtin: boolean; permissions: string[] }[];
    expect(list.map((r) => r.code)).toEqual(['super_admin', 'site_admin', 'payment_platform', 'operator', 'case_handler', 'reviewer']);
    expect(list.every((r) => r.builtin)).toBe(true);
    // The gateway's settings move money: given on purpose, never with 站点管理员.
    expect(list.find((r) => r.code === 'site_admin')!.permissions).not.toContain('payment:gateway');
    expect(list.find((r) => r.code === 'payment_platform')!.permissions).toContain('payment:gateway');
    expect(list.find((r) => r.code === 'operator')!.permissions.sort()).toEqual(['content:write', 'org:read']);
  });

  it('refuses the role list to someone with neither role:read nor staff:write', async () => {
    const res = await call(t, operator.cookie, 'GET', '/api/admin/roles');
    expect(res.statusCode).toBe(403);
  });

  let custom = 0;
  it('a super admin creates a role (201); duplicate code → 409; unknown permission → 400', async () => {
    const res = await call(t, admin.cookie, 'POST', '/api/admin/roles', { code: 'window_clerk', name: '窗口人员', permissions: ['case:handle', 'org:read', 'case:handle'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'window_clerk', name: '窗口人员', builtin: false, permissions: ['org:read', 'case:handle'] });
    custom = res.json().id;
    const dup = await call(t, admin.cookie, 'POST', '/api/admin/roles', { code: 'window_clerk', name: '重复', permissions: [] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('ROLE_CODE_TAKEN');
    const bad = await call(t, admin.cookie, 'POST', '/api/admin/roles', { code: 'bad_role', name: '错误角色', permissions: ['root:all'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('root:all');
  });

  it('updates a role and audits the permission diff in Chinese', async () => {
    const res = await call(t, admin.cookie, 'PUT', `/api/admin/roles/${custom}`, { code: 'window_clerk', name: '综合窗口人员', permissions: ['case:handle', 'case:review'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().permissions).toEqual(['case:handle', 'case:review']);
    const entry = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'role.update').executeTakeFirstOrThrow();
    expect(entry.summary).toContain('名称：窗口人员→综合窗口人员');
    expect(entry.summary).toContain('增加权限：办件审核');
    expect(entry.summary).toContain('移除权限：查看组织机构');
  });

  it('keeps built-in roles safe: super_admin cannot be edited, built-in codes cannot change, built-ins cannot be deleted', async () => {
    const sup = await call(t, admin.cookie, 'PUT', `/api/admin/roles/${roles.super_admin}`, { code: 'super_admin', name: '超级管理员', permissions: [] });
    expect(sup.statusCode).toBe(409);
    const code = await call(t, admin.cookie, 'PUT', `/api/admin/roles/${roles.operator}`, { code: 'op2', name: '运营人员', permissions: ['content:write'] });
    expect(code.statusCode).toBe(400);
    const del = await call(t, admin.cookie, 'DELETE', `/api/admin/roles/${roles.reviewer}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('ROLE_BUILTIN');
  });

  it('refuses to delete a role in use (409), deletes it once unused (204)', async () => {
    const staff = await call(t, admin.cookie, 'POST', '/api/admin/staff', { username: 'clerk1', displayName: '窗口一', siteCode: '511702', roleIds: [custom], password: STAFF_INITIAL_PASSWORD });
    expect(staff.statusCode).toBe(201);
    const inUse = await call(t, admin.cookie, 'DELETE', `/api/admin/roles/${custom}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({ code: 'ROLE_IN_USE' });
    expect(inUse.json().message).toContain('1名工作人员');
    expect((await call(t, admin.cookie, 'PUT', `/api/admin/staff/${staff.json().id}`, { roleIds: [roles.case_handler] })).statusCode).toBe(200);
    const del = await call(t, admin.cookie, 'DELETE', `/api/admin/roles/${custom}`);
    expect(del.statusCode).toBe(204);
    expect((await call(t, admin.cookie, 'DELETE', `/api/admin/roles/${custom}`)).statusCode).toBe(404);
  });

  it('only a super admin writes roles: a site admin gets 403, audited as denied', async () => {
    const create = await call(t, cityAdmin.cookie, 'POST', '/api/admin/roles', { code: 'my_role', name: '我的角色', permissions: ['staff:read'] });
    expect(create.statusCode).toBe(403);
    expect(create.json().message).toBe('只有超级管理员可以进行此操作');
    const update = await call(t, cityAdmin.cookie, 'PUT', `/api/admin/roles/${roles.site_admin}`, { code: 'site_admin', name: '站点管理员', permissions: Object.keys(PERMISSIONS) });
    expect(update.statusCode).toBe(403);
    expect((await call(t, cityAdmin.cookie, 'DELETE', `/api/admin/roles/${roles.operator}`)).statusCode).toBe(403);
    const denied = await t.app.ctx.db.selectFrom('audit_log').select('action').where('actor_name', '=', 'dz_admin').where('result', '=', 'denied').execute();
    expect(denied.map((d) => d.action)).toEqual(expect.arrayContaining(['role.create', 'role.update', 'role.delete']));
  });

  it('role changes apply at once to logged-in staff (the context is rebuilt on every request)', async () => {
    const before = await call(t, operator.cookie, 'GET', '/api/admin/departments');
    expect(before.statusCode).toBe(200);
    const res = await call(t, admin.cookie, 'PUT', `/api/admin/roles/${roles.operator}`, { code: 'operator', name: '运营人员', permissions: ['content:write'] });
    expect(res.statusCode).toBe(200);
    expect((await call(t, operator.cookie, 'GET', '/api/admin/departments')).statusCode).toBe(403);
  });
});
