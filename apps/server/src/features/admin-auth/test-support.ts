/**
 * Test helpers for console features: bring the seeded admin through first-login setup, and
 * create fully enrolled staff members through the API (the same path a real administrator takes).
 */
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../test/helpers.js';
import { base32Decode, totp } from './totp.js';

export const ADMIN_NEW_PASSWORD = 'Dz@Console2026!';
export const STAFF_INITIAL_PASSWORD = 'Init@Pass2026';
export const STAFF_PASSWORD = 'Staff@Pass2026x';

export interface StaffSession {
  id: number;
  username: string;
  password: string;
  secret: string;
  /** Cookie header value carrying the console session. */
  cookie: string;
}

/** The current code for a Base32 secret, `steps` time steps from now. */
export function otpFor(secret: string, steps = 0): string {
  return totp(base32Decode(secret), Date.now() + steps * 30_000);
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = (res.cookies as { name: string; value: string }[]).find((x) => x.name === 'dz_admin_sid');
  if (!c) throw new Error(`no console cookie in response ${res.statusCode}: ${res.body}`);
  return `dz_admin_sid=${c.value}`;
}

export function call(t: TestApp, cookie: string | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url, ...(cookie ? { headers: { cookie } } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });
}

function expectStatus(res: LightMyRequestResponse, status: number, what: string): void {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
}

/** Logs in with the initial password, changes it and enrols TOTP; the session stays usable. */
export async function completeSetup(t: TestApp, username: string, initialPassword: string, newPassword: string): Promise<StaffSession> {
  const login = await call(t, null, 'POST', '/api/admin/auth/login', { username, password: initialPassword });
  expectStatus(login, 200, `login ${username}`);
  const cookie = sessionCookie(login);
  expectStatus(await call(t, cookie, 'PUT', '/api/admin/me/password', { oldPassword: initialPassword, newPassword }), 200, 'change password');
  const start = await call(t, cookie, 'POST', '/api/admin/me/otp');
  expectStatus(start, 200, 'otp start');
  const { secret } = start.json() as { secret: string };
  const verify = await call(t, cookie, 'POST', '/api/admin/me/otp/verify', { otp: otpFor(secret) });
  expectStatus(verify, 200, 'otp verify');
  const id = (verify.json() as { staff: { id: number } }).staff.id;
  return { id, username, password: newPassword, secret, cookie };
}

export function setupAdmin(t: TestApp): Promise<StaffSession> {
  return completeSetup(t, 'admin', t.adminPassword, ADMIN_NEW_PASSWORD);
}

export async function roleIds(t: TestApp, admin: StaffSession): Promise<Record<string, number>> {
  const res = await call(t, admin.cookie, 'GET', '/api/admin/roles');
  expectStatus(res, 200, 'list roles');
  return Object.fromEntries((res.json() as { id: number; code: string }[]).map((r) => [r.code, r.id]));
}

/** Creates a staff member as `creator` and completes their first-login setup. */
export async function createStaff(
  t: TestApp,
  creator: StaffSession,
  opts: { username: string; siteCode: string; roles: string[]; displayName?: string; departmentId?: number | null; phone?: string },
): Promise<StaffSession> {
  const ids = await roleIds(t, creator);
  const res = await call(t, creator.cookie, 'POST', '/api/admin/staff', {
    username: opts.username,
    displayName: opts.displayName ?? `测试${opts.username}`,
    siteCode: opts.siteCode,
    roleIds: opts.roles.map((code) => ids[code]),
    password: STAFF_INITIAL_PASSWORD,
    ...(opts.departmentId !== undefined ? { departmentId: opts.departmentId } : {}),
    ...(opts.phone ? { phone: opts.phone } : {}),
  });
  expectStatus(res, 201, `create staff ${opts.username}`);
  return completeSetup(t, opts.username, STAFF_INITIAL_PASSWORD, STAFF_PASSWORD);
}
