/**
 * The built-in roles at every start: a permission added to a built-in role's list reaches the
 * databases seeded before it (case:pii), and one an operator took away stays away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, roleIds, setupAdmin, type StaffSession } from '../../features/admin-auth/test-support.js';
import { parsePermissions } from '../../features/staff/staff.view.js';
import { nowIso } from '../../infra/time.js';
import { seed } from './index.js';
import { BUILTIN_ROLES, ROLE_SEED_ACTION, seedRoles } from './roles.js';

let t: TestApp;
let admin: StaffSession;
let roles: Record<string, number>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  roles = await roleIds(t, admin);
});
afterAll(async () => {
  await t.close();
});

const db = () => t.app.ctx.db;
const perms = async (code: string) => parsePermissions((await db().selectFrom('roles').select('permissions').where('code', '=', code).executeTakeFirstOrThrow()).permissions).sort();
const setPerms = (code: string, list: string[]) => db().updateTable('roles').set({ permissions: JSON.stringify(list) }).where('code', '=', code).execute();
const seedEntries = (code: string) =>
  db().selectFrom('audit_log').select(['summary', 'actor_type', 'actor_name', 'result']).where('action', '=', ROLE_SEED_ACTION).where('object_id', '=', String(roles[code])).orderBy('id').execute();
/** A database seeded before the seed kept its records: the role as the older list made it. */
async function legacy(code: string, list: string[]): Promise<void> {
  await db().deleteFrom('audit_log').where('action', '=', ROLE_SEED_ACTION).where('object_id', '=', String(roles[code])).execute();
  await setPerms(code, list);
}

describe('built-in roles', () => {
  it('are created with their lists, each creation an audit entry naming the permissions; a second start changes nothing', async () => {
    for (const r of BUILTIN_ROLES) {
      expect(await perms(r.code)).toEqual([...r.permissions].sort());
      const entries = await seedEntries(r.code);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actor_type: 'system', actor_name: 'seed', result: 'ok' });
      expect(entries[0]!.summary).toContain(`初始化内置角色 ${r.code}`);
    }
    expect((await seedEntries('case_handler'))[0]!.summary).toContain('查看办件完整个人信息（case:pii）');
    const before = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', ROLE_SEED_ACTION).executeTakeFirstOrThrow();
    await seed(t.app.ctx);
    const after = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', ROLE_SEED_ACTION).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('an existing database gets case:pii for 办件受理人员 and 站点管理员 at the next start, audited, keeping the rest', async () => {
    await legacy('case_handler', ['case:handle', 'interaction:handle', 'org:read']);
    const site = BUILTIN_ROLES.find((r) => r.code === 'site_admin')!.permissions.filter((p) => p !== 'case:pii');
    await legacy('site_admin', site);
    await seed(t.app.ctx);
    expect(await perms('case_handler')).toEqual(['case:handle', 'case:pii', 'interaction:handle', 'org:read']);
    expect(await perms('site_admin')).toEqual([...site, 'case:pii'].sort());
    const entry = (await seedEntries('case_handler')).at(-1)!;
    expect(entry.summary).toContain('补齐权限：查看办件完整个人信息（case:pii）');
    // The console shows it too: the role list is read from the same rows.
    const list = (await call(t, admin.cookie, 'GET', '/api/admin/roles')).json() as { code: string; permissions: string[] }[];
    expect(list.find((r) => r.code === 'case_handler')?.permissions).toContain('case:pii');
  });

  it('a permission an operator removed from a built-in role stays removed; one added to the list later is added', async () => {
    const res = await call(t, admin.cookie, 'PUT', `/api/admin/roles/${roles.case_handler}`, { code: 'case_handler', name: '办件受理人员', permissions: ['case:handle', 'org:read'] });
    expect(res.statusCode, res.body).toBe(200);
    await seedRoles(t.app.ctx, nowIso());
    expect(await perms('case_handler')).toEqual(['case:handle', 'org:read']);

    // 审核人员 as a release whose list had no audit:read left it, then the list gained it.
    await legacy('reviewer', ['case:review', 'org:read']);
    await t.app.ctx.audit.record({ actorType: 'system', actorId: null, actorName: 'seed', siteCode: '510000', action: ROLE_SEED_ACTION, objectType: 'role', objectId: roles.reviewer!, summary: '初始化内置角色 reviewer（审核人员），权限：办件审核（case:review）、查看组织机构（org:read）', result: 'ok' });
    await seedRoles(t.app.ctx, nowIso());
    expect(await perms('reviewer')).toEqual(['audit:read', 'case:review', 'interaction:supervise', 'org:read']);
    expect((await seedEntries('reviewer')).at(-1)!.summary).toBe('内置角色 reviewer（审核人员）新增权限：查看审计日志（audit:read）、互动督办（interaction:supervise）');
    // …and only once.
    await setPerms('reviewer', ['case:review', 'org:read']);
    await seedRoles(t.app.ctx, nowIso());
    expect(await perms('reviewer')).toEqual(['case:review', 'org:read']);
  });

  it('超级管理员 always holds every permission; an operator’s role with its own code is left alone', async () => {
    await setPerms('super_admin', ['staff:read']);
    await seedRoles(t.app.ctx, nowIso());
    expect(await perms('super_admin')).toEqual(Object.keys(PERMISSIONS).sort());
    const custom = await call(t, admin.cookie, 'POST', '/api/admin/roles', { code: 'window_only', name: '窗口人员', permissions: ['case:handle'] });
    expect(custom.statusCode, custom.body).toBe(201);
    await seedRoles(t.app.ctx, nowIso());
    expect(await perms('window_only')).toEqual(['case:handle']);
  });
});
