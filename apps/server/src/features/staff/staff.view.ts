/**
 * Turns staff rows into the StaffView the console shows. Phones are decrypted only to be masked
 * (GB/T 35273 去标识化): the console never receives a full staff phone number.
 */
import { maskPhone, PERMISSIONS, SUPER_ADMIN_ROLE, type StaffView } from '@dz/contracts';
import type { StaffRow } from '../../db/schema.js';
import type { GmCrypto } from '../../infra/gm-crypto.js';
import type { SitesService } from '../sites/sites.service.js';
import type { StaffRoleRow } from './staff.repository.js';

export function parsePermissions(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

/** Union of the roles' permissions; a super admin holds every permission, even ones added later. */
export function permissionsOf(roles: Pick<StaffRoleRow, 'code' | 'permissions'>[]): { permissions: Set<string>; isSuper: boolean } {
  const isSuper = roles.some((r) => r.code === SUPER_ADMIN_ROLE);
  const permissions = new Set<string>(isSuper ? Object.keys(PERMISSIONS) : roles.flatMap((r) => parsePermissions(r.permissions)));
  return { permissions, isSuper };
}

export async function toStaffViews(
  rows: (StaffRow & { department_name?: string | null })[],
  roles: StaffRoleRow[],
  deps: { sites: SitesService; gm: GmCrypto; departmentName?: (id: number) => Promise<string | null> },
): Promise<StaffView[]> {
  const sites = new Map((await deps.sites.list()).map((s) => [s.code, s.name]));
  const out: StaffView[] = [];
  for (const r of rows) {
    const mine = roles.filter((x) => x.staff_id === r.id);
    let departmentName = r.department_name ?? null;
    if (departmentName === null && r.department_id != null && deps.departmentName) departmentName = await deps.departmentName(r.department_id);
    const phone = deps.gm.decryptNullable(r.phone_enc);
    out.push({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      phone: phone ? maskPhone(phone) : null,
      siteCode: r.site_code,
      siteName: sites.get(r.site_code) ?? r.site_code,
      departmentId: r.department_id,
      departmentName,
      roles: mine.map((x) => ({ id: x.id, code: x.code, name: x.name })),
      permissions: [...permissionsOf(mine).permissions].sort(),
      status: r.status,
      otpEnrolled: r.otp_secret_enc != null,
      mustChangePassword: Number(r.must_change_password) === 1,
      lastLoginAt: r.last_login_at,
      createdAt: r.created_at,
    });
  }
  return out;
}
