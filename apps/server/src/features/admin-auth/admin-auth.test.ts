import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { ADMIN_NEW_PASSWORD, call, createStaff, otpFor, sessionCookie, STAFF_PASSWORD, type StaffSession } from './test-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const login = (body: object) => call(t, null, 'POST', '/api/admin/auth/login', body);

describe('console sign-in: first login of the seeded admin', () => {
  let cookie = '';
  let secret = '';
  let admin: StaffSession;

  it('refuses a wrong password with 401 INVALID_CREDENTIALS and unknown users alike', async () => {
    const wrong = await login({ username: 'admin', password: 'Wrong@2026' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const unknown = await login({ username: 'nobody', password: 'Wrong@2026' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it('accepts the initial password but flags mustChangePassword and no OTP', async () => {
    const res = await login({ username: 'admin', password: t.adminPassword });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ mustChangePassword: true, otpEnrolled: false });
    expect(body.staff).toMatchObject({ username: 'admin', siteCode: '510000', siteName: '四川省', status: 'active' });
    expect(body.staff.roles.map((r: { code: string }) => r.code)).toEqual(['super_admin']);
    expect(body.staff.permissions).toContain('audit:read');
    const raw = res.headers['set-cookie'];
    expect(String(raw)).toMatch(/dz_admin_sid=.*HttpOnly/i);
    cookie = sessionCookie(res);
  });

  it('allows only the setup routes until then: everything else is 403 SETUP_REQUIRED', async () => {
    for (const url of ['/api/admin/staff', '/api/admin/roles', '/api/admin/audit', '/api/admin/sites', '/api/admin/departments']) {
      const res = await call(t, cookie, 'GET', url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ code: 'SETUP_REQUIRED', message: '请先修改初始密码并绑定动态验证码' });
    }
    const me = await call(t, cookie, 'GET', '/api/admin/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ mustChangePassword: true, otpEnrolled: false });
  });

  it('requires a session at all: 401 without the cookie', async () => {
    const res = await call(t, null, 'GET', '/api/admin/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });

  it('enforces the password policy on change', async () => {
    const wrongOld = await call(t, cookie, 'PUT', '/api/admin/me/password', { oldPassword: 'Nope@2026x', newPassword: ADMIN_NEW_PASSWORD });
    expect(wrongOld.statusCode).toBe(400);
    expect(wrongOld.json().message).toBe('原密码不正确');
    const weak = await call(t, cookie, 'PUT', '/api/admin/me/password', { oldPassword: t.adminPassword, newPassword: 'abcdefgh' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toContain('至少三类');
    const same = await call(t, cookie, 'PUT', '/api/admin/me/password', { oldPassword: t.adminPassword, newPassword: t.adminPassword });
    expect(same.statusCode).toBe(400);
    expect(same.json().message).toBe('新密码不能与原密码相同');
    const withName = await call(t, cookie, 'PUT', '/api/admin/me/password', { oldPassword: t.adminPassword, newPassword: 'Admin@2026xyz' });
    expect(withName.statusCode).toBe(400);
    expect(withName.json().message).toBe('密码不能包含用户名');
  });

  it('changes the password, clears the flag and ends the other sessions', async () => {
    const other = sessionCookie(await login({ username: 'admin', password: t.adminPassword }));
    const res = await call(t, cookie, 'PUT', '/api/admin/me/password', { oldPassword: t.adminPassword, newPassword: ADMIN_NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await call(t, other, 'GET', '/api/admin/me')).statusCode).toBe(401);
    const me = await call(t, cookie, 'GET', '/api/admin/me');
    expect(me.json()).toMatchObject({ mustChangePassword: false, otpEnrolled: false });
    // still not set up: no second factor yet
    expect((await call(t, cookie, 'GET', '/api/admin/staff')).json().code).toBe('SETUP_REQUIRED');
  });

  it('starts TOTP enrolment with a Base32 secret and an otpauth:// URL', async () => {
    const res = await call(t, cookie, 'POST', '/api/admin/me/otp');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauthUrl).toBe(
      `otpauth://totp/%E5%A4%A9%E5%BA%9C%E9%80%9A%E5%8A%9E%E8%BE%BE%E5%B7%9E:admin?issuer=%E5%A4%A9%E5%BA%9C%E9%80%9A%E5%8A%9E%E8%BE%BE%E5%B7%9E&secret=${body.secret}&algorithm=SHA1&digits=6&period=30`,
    );
    secret = body.secret;
  });

  it('stores the secret encrypted, never in plain text', async () => {
    const row = await t.app.ctx.db.selectFrom('staff').select(['otp_pending_enc', 'otp_secret_enc']).where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(row.otp_pending_enc).toBeTruthy();
    expect(row.otp_pending_enc).not.toContain(secret);
    expect(t.app.ctx.gm.decrypt(row.otp_pending_enc!)).toBe(secret);
  });

  it('refuses a wrong code at verification', async () => {
    const good = otpFor(secret);
    const bad = good === '000000' ? '111111' : '000000';
    const res = await call(t, cookie, 'POST', '/api/admin/me/otp/verify', { otp: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('OTP_INVALID');
  });

  it('completes enrolment with the current code', async () => {
    const res = await call(t, cookie, 'POST', '/api/admin/me/otp/verify', { otp: otpFor(secret) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mustChangePassword: false, otpEnrolled: true, staff: { otpEnrolled: true } });
    expect((await call(t, cookie, 'GET', '/api/admin/staff')).statusCode).toBe(200);
    const again = await call(t, cookie, 'POST', '/api/admin/me/otp');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('OTP_ALREADY_ENROLLED');
  });

  it('from then on requires the code: 401 OTP_REQUIRED without it', async () => {
    const res = await login({ username: 'admin', password: ADMIN_NEW_PASSWORD });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'OTP_REQUIRED', message: '请输入动态验证码' });
    expect(res.cookies).toHaveLength(0);
  });

  it('refuses a wrong code (401 OTP_INVALID)', async () => {
    const wrong = await login({ username: 'admin', password: ADMIN_NEW_PASSWORD, otp: otpFor(secret, -5) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('OTP_INVALID');
  });

  it('logs in with password and the next code, and refuses the same code a second time', async () => {
    const code = otpFor(secret, 1);
    const ok = await login({ username: 'admin', password: ADMIN_NEW_PASSWORD, otp: code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ mustChangePassword: false, otpEnrolled: true });
    admin = { id: ok.json().staff.id, username: 'admin', password: ADMIN_NEW_PASSWORD, secret, cookie: sessionCookie(ok) };
    const replay = await login({ username: 'admin', password: ADMIN_NEW_PASSWORD, otp: code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('OTP_INVALID');
    // the successful login reset the failure counter
    const row = await t.app.ctx.db.selectFrom('staff').select(['failed_logins', 'last_login_at']).where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(Number(row.failed_logins)).toBe(1);
    expect(row.last_login_at).toBeTruthy();
  });

  it('logout kills the session server-side', async () => {
    const res = await call(t, admin.cookie, 'POST', '/api/admin/auth/logout');
    expect(res.statusCode).toBe(204);
    expect((await call(t, admin.cookie, 'GET', '/api/admin/me')).statusCode).toBe(401);
    // the enrolment session is still alive for the following tests
    expect((await call(t, cookie, 'GET', '/api/admin/me')).statusCode).toBe(200);
  });

  it('audits every login attempt with who, IP and result', async () => {
    const rows = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'staff.login').orderBy('id').execute();
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.some((r) => r.result === 'ok' && r.actor_name === 'admin' && r.site_code === '510000' && r.ip)).toBe(true);
    expect(rows.some((r) => r.result === 'failed' && r.actor_name === 'nobody' && r.actor_id === null)).toBe(true);
    expect(rows.every((r) => r.request_id)).toBe(true);
    for (const r of rows) expect(r.summary ?? '').not.toContain(ADMIN_NEW_PASSWORD);
  });

  describe('lockout and disabled accounts', () => {
    let victim: StaffSession;
    beforeAll(async () => {
      victim = await createStaff(t, { id: 1, username: 'admin', password: ADMIN_NEW_PASSWORD, secret, cookie }, { username: 'lock_me', siteCode: '511722', roles: ['operator'] });
    });

    it('locks the account for 15 minutes after 5 failures in a row (423), even for the right password', async () => {
      for (let i = 1; i <= 4; i++) {
        const res = await login({ username: 'lock_me', password: 'Wrong@Pass1' });
        expect(res.statusCode, `attempt ${i}`).toBe(401);
      }
      const fifth = await login({ username: 'lock_me', password: 'Wrong@Pass1' });
      expect(fifth.statusCode).toBe(423);
      expect(fifth.json().code).toBe('ACCOUNT_LOCKED');
      expect(fifth.json().message).toContain('15分钟');
      expect(fifth.headers['retry-after']).toBe('900');
      const right = await login({ username: 'lock_me', password: STAFF_PASSWORD, otp: otpFor(victim.secret, 1) });
      expect(right.statusCode).toBe(423);
      expect(right.json().message).toContain('15分钟');
    });

    let temporaryPassword = '';
    let victimCookie = '';
    it('an administrator unlocks by resetting the password', async () => {
      const reset = await call(t, cookie, 'POST', `/api/admin/staff/${victim.id}/reset-password`);
      expect(reset.statusCode).toBe(200);
      temporaryPassword = reset.json().temporaryPassword;
      expect(temporaryPassword).toHaveLength(16);
      const res = await login({ username: 'lock_me', password: temporaryPassword, otp: otpFor(victim.secret, 1) });
      expect(res.statusCode).toBe(200);
      expect(res.json().mustChangePassword).toBe(true);
      victimCookie = sessionCookie(res);
      // the old session was killed by the reset
      expect((await call(t, victim.cookie, 'GET', '/api/admin/me')).statusCode).toBe(401);
    });

    it('a disabled account cannot log in (403) and loses its sessions', async () => {
      expect((await call(t, victimCookie, 'GET', '/api/admin/me')).statusCode).toBe(200);
      const res = await call(t, cookie, 'PUT', `/api/admin/staff/${victim.id}`, { status: 'disabled' });
      expect(res.statusCode).toBe(200);
      expect(res.json().status).toBe('disabled');
      const denied = await login({ username: 'lock_me', password: temporaryPassword });
      expect(denied.statusCode).toBe(403);
      expect(denied.json()).toMatchObject({ code: 'ACCOUNT_DISABLED', message: '账号已停用，请联系本级管理员' });
      expect((await call(t, victimCookie, 'GET', '/api/admin/me')).statusCode).toBe(401);
    });
  });
});
