import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, roleIds, setupAdmin, STAFF_INITIAL_PASSWORD, type StaffSession } from '../admin-auth/test-support.js';

let t: TestApp;
let admin: StaffSession;
let roles: Record<string, number>;
let tcDept: number;
let xhDept: number;
let tcStaffId: number;
let xhAdmin: StaffSession;
let xhOperator: StaffSession;
let dzAdmin: StaffSession;

const SCOPE = '您只能管理本站点及下级站点的数据';

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  roles = await roleIds(t, admin);
  const deps = (await call(t, admin.cookie, 'GET', '/api/admin/departments')).json() as { id: number; siteCode: string; code: string }[];
  xhDept = deps.find((d) => d.siteCode === '511722')!.id;
  const created = await call(t, admin.cookie, 'POST', '/api/admin/departments', { siteCode: '511702', name: '通川区公安分局', code: 'TCGA' });
  expect(created.statusCode).toBe(201);
  tcDept = created.json().id;
  const tc = await call(t, admin.cookie, 'POST', '/api/admin/staff', {
    username: 'tc_staff',
    displayName: '通川办事员',
    phone: '13800001111',
    siteCode: '511702',
    departmentId: tcDept,
    roleIds: [roles.operator],
    password: STAFF_INITIAL_PASSWORD,
  });
  expect(tc.statusCode).toBe(201);
  tcStaffId = tc.json().id;
  xhAdmin = await createStaff(t, admin, { username: 'xh_admin', siteCode: '511722', roles: ['site_admin'], departmentId: xhDept });
  xhOperator = await createStaff(t, admin, { username: 'xh_op', siteCode: '511722', roles: ['operator'] });
  dzAdmin = await createStaff(t, admin, { username: 'dz_admin', siteCode: '511700', roles: ['site_admin'] });
});
afterAll(async () => {
  await t.close();
});

const list = async (s: StaffSession, query = '') => {
  const res = await call(t, s.cookie, 'GET', `/api/admin/staff${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: number; username: string; siteCode: string; phone: string | null }[]; total: number; page: number; pageSize: number };
};

describe('staff: create and list', () => {
  it('creates with 201 StaffView: masked phone, roles, department, must change password', async () => {
    const res = await call(t, admin.cookie, 'GET', `/api/admin/staff/${tcStaffId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      username: 'tc_staff',
      displayName: '通川办事员',
      phone: '138****1111',
      siteCode: '511702',
      siteName: '通川区',
      departmentId: tcDept,
      departmentName: '通川区公安分局',
      roles: [{ code: 'operator', name: '运营人员' }],
      status: 'active',
      mustChangePassword: true,
      otpEnrolled: false,
    });
    const row = await t.app.ctx.db.selectFrom('staff').select(['phone_enc', 'password_hash']).where('id', '=', tcStaffId).executeTakeFirstOrThrow();
    expect(row.phone_enc).not.toContain('13800001111');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('lists with paging, keyword (name or full phone) and status filters', async () => {
    const all = await list(admin, '?pageSize=2');
    expect(all.items).toHaveLength(2);
    expect(all).toMatchObject({ page: 1, pageSize: 2 });
    expect(all.total).toBe(5);
    expect((await list(admin, `?keyword=${encodeURIComponent('通川办事')}`)).items.map((s) => s.username)).toEqual(['tc_staff']);
    expect((await list(admin, '?keyword=13800001111')).items.map((s) => s.username)).toEqual(['tc_staff']);
    expect((await list(admin, '?status=disabled')).total).toBe(0);
    expect((await list(admin, '?siteCode=511722')).items.map((s) => s.username).sort()).toEqual(['xh_admin', 'xh_op']);
  });

  it('refuses a taken username (case-insensitive) with 409', async () => {
    const res = await call(t, admin.cookie, 'POST', '/api/admin/staff', { username: 'TC_Staff', displayName: '重复的人', siteCode: '511702', roleIds: [roles.operator], password: STAFF_INITIAL_PASSWORD });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('USERNAME_TAKEN');
  });

  it('enforces the password policy and that the department belongs to the site', async () => {
    const weak = await call(t, admin.cookie, 'POST', '/api/admin/staff', { username: 'weak_pw', displayName: '弱密码', siteCode: '511722', roleIds: [roles.operator], password: 'password1' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().fields.password).toContain('至少三类');
    // the rule the console's checklist shows as 不能包含用户名, whatever the case
    const named = await call(t, admin.cookie, 'POST', '/api/admin/staff', { username: 'Wang_Li', displayName: '王丽', siteCode: '511722', roleIds: [roles.operator], password: 'xWANG_LI@2026' });
    expect(named.statusCode).toBe(400);
    expect(named.json().fields.password).toBe('密码不能包含用户名');
    const dep = await call(t, admin.cookie, 'POST', '/api/admin/staff', { username: 'wrong_dep', displayName: '错部门', siteCode: '511722', departmentId: tcDept, roleIds: [roles.operator], password: STAFF_INITIAL_PASSWORD });
    expect(dep.statusCode).toBe(400);
    expect(dep.json().message).toContain('部门不属于该站点');
  });
});

describe('staff: site scope (宣汉县 cannot touch 通川区)', () => {
  it('lists only staff inside the own subtree', async () => {
    const res = await list(xhAdmin);
    expect(res.items.map((s) => s.username).sort()).toEqual(['xh_admin', 'xh_op']);
    expect(res.items.every((s) => s.siteCode === '511722')).toBe(true);
    expect(res.total).toBe(2);
  });

  it('refuses to list, read or change 通川区 staff with 403', async () => {
    const byFilter = await call(t, xhAdmin.cookie, 'GET', '/api/admin/staff?siteCode=511702');
    expect(byFilter.statusCode).toBe(403);
    expect(byFilter.json()).toMatchObject({ code: 'FORBIDDEN', message: SCOPE });

    const read = await call(t, xhAdmin.cookie, 'GET', `/api/admin/staff/${tcStaffId}`);
    expect(read.statusCode).toBe(403);
    expect(read.json().message).toBe(SCOPE);

    const update = await call(t, xhAdmin.cookie, 'PUT', `/api/admin/staff/${tcStaffId}`, { displayName: '被篡改', status: 'disabled' });
    expect(update.statusCode).toBe(403);
    const row = await t.app.ctx.db.selectFrom('staff').select(['display_name', 'status']).where('id', '=', tcStaffId).executeTakeFirstOrThrow();
    expect(row).toEqual({ display_name: '通川办事员', status: 'active' });

    expect((await call(t, xhAdmin.cookie, 'POST', `/api/admin/staff/${tcStaffId}/reset-password`)).statusCode).toBe(403);
    expect((await call(t, xhAdmin.cookie, 'POST', `/api/admin/staff/${tcStaffId}/reset-otp`)).statusCode).toBe(403);

    const create = await call(t, xhAdmin.cookie, 'POST', '/api/admin/staff', { username: 'xh_sneak', displayName: '越权新建', siteCode: '511702', roleIds: [roles.operator], password: STAFF_INITIAL_PASSWORD });
    expect(create.statusCode).toBe(403);
    expect(create.json().message).toBe(SCOPE);
    expect(await t.app.ctx.db.selectFrom('staff').select('id').where('username', '=', 'xh_sneak').executeTakeFirst()).toBeUndefined();
  });

  it('cannot reach the city level above either', async () => {
    expect((await call(t, xhAdmin.cookie, 'GET', `/api/admin/staff/${dzAdmin.id}`)).statusCode).toBe(403);
    expect((await call(t, xhAdmin.cookie, 'GET', '/api/admin/staff?siteCode=511700')).statusCode).toBe(403);
  });

  it('records every refused attempt in the audit log as denied, against the 通川区 object', async () => {
    const rows = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('actor_name', '=', 'xh_admin').where('result', '=', 'denied').execute();
    const actions = rows.filter((r) => r.site_code === '511702').map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.list', 'staff.read', 'staff.update', 'staff.password.reset', 'staff.otp.reset', 'staff.create']));
    const upd = rows.find((r) => r.action === 'staff.update')!;
    expect(upd).toMatchObject({ actor_type: 'staff', actor_id: xhAdmin.id, object_type: 'staff', object_id: String(tcStaffId) });
    expect(upd.ip).toBeTruthy();
    expect(upd.request_id).toBeTruthy();
  });

  it('an operator without staff:read gets 403, audited', async () => {
    const res = await call(t, xhOperator.cookie, 'GET', '/api/admin/staff');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    const row = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('actor_name', '=', 'xh_op').where('result', '=', 'denied').executeTakeFirst();
    expect(row).toMatchObject({ action: 'staff.list', site_code: '511722' });
  });
});

describe('staff: a 达州市 site admin sees both counties', () => {
  it('lists staff of 通川区 and 宣汉县', async () => {
    const names = (await list(dzAdmin)).items.map((s) => s.username);
    expect(names).toEqual(expect.arrayContaining(['tc_staff', 'xh_admin', 'xh_op', 'dz_admin']));
    expect(names).not.toContain('admin');
    expect((await list(dzAdmin, '?siteCode=511702')).items.map((s) => s.username)).toEqual(['tc_staff']);
  });

  it('reads and changes a 通川区 staff member, with a before→after audit summary', async () => {
    expect((await call(t, dzAdmin.cookie, 'GET', `/api/admin/staff/${tcStaffId}`)).statusCode).toBe(200);
    const res = await call(t, dzAdmin.cookie, 'PUT', `/api/admin/staff/${tcStaffId}`, { displayName: '通川窗口', phone: '13800002222' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '通川窗口', phone: '138****2222' });
    const entry = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'staff.update').where('actor_name', '=', 'dz_admin').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ result: 'ok', site_code: '511702', object_id: String(tcStaffId) });
    expect(entry.summary).toContain('姓名：通川办事员→通川窗口');
    expect(entry.summary).toContain('手机：138****1111→138****2222');
    expect(entry.summary).not.toContain('13800002222');
  });

  it('cannot see the province-level admin', async () => {
    expect((await call(t, dzAdmin.cookie, 'GET', `/api/admin/staff/${admin.id}`)).statusCode).toBe(403);
  });
});

describe('staff: no privilege escalation', () => {
  it('a site admin cannot grant the super admin role', async () => {
    const res = await call(t, xhAdmin.cookie, 'POST', '/api/admin/staff', { username: 'xh_super', displayName: '假超管', siteCode: '511722', roleIds: [roles.super_admin], password: STAFF_INITIAL_PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('只有超级管理员可以授予超级管理员角色');
  });

  // A role holding role:write, which only the super admin has: site admins may not hand it out.
  let roleEditor = 0;
  it('a site admin cannot grant a permission they do not hold', async () => {
    const created = await call(t, admin.cookie, 'POST', '/api/admin/roles', { code: 'role_editor', name: '角色维护员', permissions: ['role:read', 'role:write'] });
    expect(created.statusCode).toBe(201);
    roleEditor = created.json().id;
    const res = await call(t, xhAdmin.cookie, 'POST', '/api/admin/staff', { username: 'xh_roles', displayName: '角色员', siteCode: '511722', roleIds: [roleEditor], password: STAFF_INITIAL_PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('角色维护员');
    const promote = await call(t, xhAdmin.cookie, 'PUT', `/api/admin/staff/${xhOperator.id}`, { roleIds: [roles.operator, roleEditor] });
    expect(promote.statusCode).toBe(403);
  });

  it('a site admin may grant case handling and review, which their own role holds', async () => {
    const res = await call(t, xhAdmin.cookie, 'POST', '/api/admin/staff', { username: 'xh_handler', displayName: '受理员', siteCode: '511722', roleIds: [roles.case_handler, roles.reviewer], password: STAFF_INITIAL_PASSWORD });
    expect(res.statusCode).toBe(201);
  });

  it('a site admin may grant roles within their own permissions, inside their site', async () => {
    const res = await call(t, xhAdmin.cookie, 'POST', '/api/admin/staff', { username: 'xh_new_op', displayName: '新运营', siteCode: '511722', roleIds: [roles.operator], password: STAFF_INITIAL_PASSWORD });
    expect(res.statusCode).toBe(201);
    expect(res.json().mustChangePassword).toBe(true);
  });

  it('nobody can disable or demote themselves', async () => {
    const disable = await call(t, xhAdmin.cookie, 'PUT', `/api/admin/staff/${xhAdmin.id}`, { status: 'disabled' });
    expect(disable.statusCode).toBe(403);
    expect(disable.json().message).toBe('不能停用本人账号');
    const demote = await call(t, xhAdmin.cookie, 'PUT', `/api/admin/staff/${xhAdmin.id}`, { roleIds: [roles.operator] });
    expect(demote.statusCode).toBe(403);
    const superSelf = await call(t, admin.cookie, 'PUT', `/api/admin/staff/${admin.id}`, { roleIds: [roles.site_admin] });
    expect(superSelf.statusCode).toBe(403);
    const superDisable = await call(t, admin.cookie, 'PUT', `/api/admin/staff/${admin.id}`, { status: 'disabled' });
    expect(superDisable.statusCode).toBe(403);
    // editing one's own name is fine
    expect((await call(t, xhAdmin.cookie, 'PUT', `/api/admin/staff/${xhAdmin.id}`, { displayName: '宣汉管理员' })).statusCode).toBe(200);
  });

  it('a site admin cannot act on a colleague who holds more permissions', async () => {
    const reviewer = await call(t, admin.cookie, 'POST', '/api/admin/staff', { username: 'xh_reviewer', displayName: '角色审核员', siteCode: '511722', roleIds: [roles.reviewer, roleEditor], password: STAFF_INITIAL_PASSWORD });
    expect(reviewer.statusCode).toBe(201);
    const res = await call(t, xhAdmin.cookie, 'PUT', `/api/admin/staff/${reviewer.json().id}`, { status: 'disabled' });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('权限高于您');
    expect((await call(t, xhAdmin.cookie, 'POST', `/api/admin/staff/${reviewer.json().id}/reset-password`)).statusCode).toBe(403);
  });

  it('the escalation attempts are audited as denied', async () => {
    const rows = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'summary']).where('actor_name', '=', 'xh_admin').where('result', '=', 'denied').where('site_code', '=', '511722').execute();
    const summaries = rows.map((r) => r.summary ?? '');
    expect(summaries).toEqual(expect.arrayContaining(['试图授予超级管理员角色', '试图停用本人账号', '试图降低本人的权限']));
  });
});

describe('staff: resets', () => {
  it('reset-otp clears the second factor and ends the sessions; the next login must enrol again', async () => {
    const res = await call(t, xhAdmin.cookie, 'POST', `/api/admin/staff/${xhOperator.id}/reset-otp`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await call(t, xhOperator.cookie, 'GET', '/api/admin/me')).statusCode).toBe(401);
    const login = await call(t, null, 'POST', '/api/admin/auth/login', { username: 'xh_op', password: xhOperator.password });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ otpEnrolled: false, mustChangePassword: false });
  });

  it('reset-password returns a policy-compliant temporary password once and forces a change', async () => {
    const res = await call(t, dzAdmin.cookie, 'POST', `/api/admin/staff/${tcStaffId}/reset-password`);
    expect(res.statusCode).toBe(200);
    const { temporaryPassword } = res.json();
    expect(temporaryPassword).toMatch(/[A-Z]/);
    expect(temporaryPassword).toMatch(/[a-z]/);
    expect(temporaryPassword).toMatch(/\d/);
    const login = await call(t, null, 'POST', '/api/admin/auth/login', { username: 'tc_staff', password: temporaryPassword });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
    const audit = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'staff.password.reset').where('result', '=', 'ok').executeTakeFirstOrThrow();
    expect(audit.summary).not.toContain(temporaryPassword);
  });

  it('refuses to reset one’s own password or OTP through the admin routes', async () => {
    expect((await call(t, dzAdmin.cookie, 'POST', `/api/admin/staff/${dzAdmin.id}/reset-password`)).statusCode).toBe(400);
    expect((await call(t, dzAdmin.cookie, 'POST', `/api/admin/staff/${dzAdmin.id}/reset-otp`)).statusCode).toBe(400);
  });

  it('answers 404 for an unknown id', async () => {
    expect((await call(t, admin.cookie, 'GET', '/api/admin/staff/99999')).statusCode).toBe(404);
  });
});
