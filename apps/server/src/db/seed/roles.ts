import { PERMISSIONS, SUPER_ADMIN_ROLE, type Permission } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { parsePermissions } from '../../features/staff/staff.view.js';

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
    permissions: ['staff:read', 'staff:write', 'role:read', 'org:read', 'org:write', 'audit:read', 'user:read', 'content:write', 'case:handle', 'case:review', 'case:pii', 'partner:manage', 'payment:manage', 'interaction:handle', 'interaction:supervise'],
  },
  { code: 'payment_platform', name: '支付平台管理员', permissions: ['org:read', 'audit:read', 'partner:manage', 'payment:manage', 'payment:gateway'] },
  { code: 'operator', name: '运营人员', permissions: ['content:write', 'org:read'] },
  { code: 'case_handler', name: '办件受理人员', permissions: ['case:handle', 'case:pii', 'org:read', 'interaction:handle'] },
  { code: 'reviewer', name: '审核人员', permissions: ['case:review', 'org:read', 'audit:read', 'interaction:supervise'] },
];

/**
 * The audit action of what the seed gives a built-in role. Those entries are also the seed's
 * memory: a permission it once gave is never given again, so one an operator took away stays away.
 */
export const ROLE_SEED_ACTION = 'role.seed';
const SEED_ACTOR = 'seed';
/** Permission codes as the seed's summaries write them, “查看办件完整个人信息（case:pii）”. */
const PERMISSION_CODE = /[a-z]+:[a-z]+/g;
const named = (perms: readonly string[]) => perms.map((p) => `${(PERMISSIONS as Record<string, string>)[p] ?? p}（${p}）`).join('、');

/**
 * The built-in roles, kept in step with BUILTIN_ROLES at every start, adding only:
 * - a missing role is inserted with its list;
 * - an existing role gets the built-in permissions the seed never gave it (a permission added to
 *   the list in a later release, e.g. case:pii); one it gave and an operator removed is not back;
 * - a role the seed has no record of (a database from before these records) gets what it lacks
 *   of its list once, and its whole list is recorded as given;
 * - 超级管理员, which nobody may edit, always holds every permission.
 * Nothing is ever removed, and every change is an audit entry (审计日志, 系统 / seed).
 */
export async function seedRoles(ctx: AppContext, now: string): Promise<void> {
  const { db } = ctx;
  const rows = await db.selectFrom('roles').select(['id', 'code', 'builtin', 'permissions']).where('code', 'in', BUILTIN_ROLES.map((r) => r.code)).execute();
  const records = rows.length
    ? await db
        .selectFrom('audit_log')
        .select(['object_id', 'summary'])
        .where('action', '=', ROLE_SEED_ACTION)
        .where('actor_type', '=', 'system')
        .where('actor_name', '=', SEED_ACTOR)
        .where('object_type', '=', 'role')
        .where('object_id', 'in', rows.map((r) => String(r.id)))
        .execute()
    : [];
  const given = new Map<string, Set<string>>();
  for (const r of records) {
    const set = given.get(r.object_id ?? '') ?? new Set<string>();
    for (const code of (r.summary ?? '').match(PERMISSION_CODE) ?? []) set.add(code);
    given.set(r.object_id ?? '', set);
  }
  const record = (roleId: number, summary: string) =>
    ctx.audit.record({ actorType: 'system', actorId: null, actorName: SEED_ACTOR, siteCode: '510000', action: ROLE_SEED_ACTION, objectType: 'role', objectId: roleId, summary, result: 'ok' });

  for (const def of BUILTIN_ROLES) {
    const row = rows.find((r) => r.code === def.code);
    if (!row) {
      await db.insertInto('roles').values({ code: def.code, name: def.name, builtin: 1, permissions: JSON.stringify(def.permissions), created_at: now }).execute();
      const inserted = await db.selectFrom('roles').select('id').where('code', '=', def.code).executeTakeFirstOrThrow();
      await record(inserted.id, `初始化内置角色 ${def.code}（${def.name}），权限：${named(def.permissions)}`);
      continue;
    }
    // A code taken by an operator's own role is theirs.
    if (Number(row.builtin) !== 1) continue;
    const have = parsePermissions(row.permissions);
    const before = given.get(String(row.id));
    const missing = def.permissions.filter((p) => !have.includes(p) && (def.code === SUPER_ADMIN_ROLE || !before?.has(p)));
    if (missing.length) await db.updateTable('roles').set({ permissions: JSON.stringify([...have, ...missing]) }).where('id', '=', row.id).execute();
    if (!before) {
      await record(row.id, `内置角色 ${def.code}（${def.name}）${missing.length ? `补齐权限：${named(missing)}` : '权限无需补齐'}；内置权限：${def.permissions.join('、')}`);
    } else if (missing.length) {
      await record(row.id, `内置角色 ${def.code}（${def.name}）新增权限：${named(missing)}`);
    }
  }
}
