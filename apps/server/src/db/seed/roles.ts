import { PERMISSIONS, type Permission } from '@dz/contracts';

const ALL = Object.keys(PERMISSIONS) as Permission[];

/**
 * Built-in roles (组织授权). Site scoping comes from the staff member's site, not the role.
 *
 * 站点管理员 does not hold payment:gateway: the gateway's key can sign a "paid" notification, so
 * it is given on purpose to named platform staff (支付平台管理员), and even then works only for a
 * staff member of the city or province — a county holding the role still cannot change it. A site
 * admin cannot hand the role out either: staff grant only roles whose permissions they hold.
 */
export const BUILTIN_ROLES: { code: string; name: string; permissions: Permission[] }[] = [
  { code: 'super_admin', name: '超级管理员', permissions: ALL },
  {
    code: 'site_admin',
    name: '站点管理员',
    permissions: ['staff:read', 'staff:write', 'role:read', 'org:read', 'org:write', 'audit:read', 'user:read', 'content:write', 'case:handle', 'case:review', 'case:pii', 'partner:manage', 'payment:manage'],
  },
  { code: 'payment_platform', name: '支付平台管理员', permissions: ['org:read', 'audit:read', 'partner:manage', 'payment:manage', 'payment:gateway'] },
  { code: 'operator', name: '运营人员', permissions: ['content:write', 'org:read'] },
  { code: 'case_handler', name: '办件受理人员', permissions: ['case:handle', 'case:pii', 'org:read'] },
  { code: 'reviewer', name: '审核人员', permissions: ['case:review', 'org:read', 'audit:read'] },
];
