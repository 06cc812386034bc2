/**
 * Roles are named sets of permissions (组织授权). Only a super admin edits them: a role applies
 * across every site, so a county administrator must not be able to widen what a role allows.
 */
import { PERMISSIONS, SUPER_ADMIN_ROLE, type PermissionView, type RoleView, type RoleWriteRequest } from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { DB, RoleRow } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import { AppError, badRequest, conflict, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import { StaffAuditor, type Actor, hasPermission } from '../admin-auth/staff-guard.js';
import { StaffRepository } from '../staff/staff.repository.js';
import { parsePermissions } from '../staff/staff.view.js';
import { RolesRepository } from './roles.repository.js';

export const permissionName = (code: string): string => (PERMISSIONS as Record<string, string>)[code] ?? code;

export function toRoleView(r: RoleRow): RoleView {
  return { id: r.id, code: r.code, name: r.name, builtin: Number(r.builtin) === 1, permissions: parsePermissions(r.permissions) };
}

/** “查看工作人员、管理组织机构” — audit summaries name permissions in Chinese. */
const describePerms = (perms: string[]) => (perms.length ? perms.map(permissionName).join('、') : '无');

export class RolesService {
  private readonly auditor: StaffAuditor;
  constructor(
    private readonly db: Kysely<DB>,
    audit: AuditService,
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  permissions(): PermissionView[] {
    return Object.entries(PERMISSIONS).map(([code, name]) => ({ code, name }));
  }

  /** Readable by whoever manages roles or staff: the staff form needs the list to choose from. */
  async list(actor: Actor): Promise<RoleView[]> {
    if (!hasPermission(actor.staff, 'role:read') && !hasPermission(actor.staff, 'staff:write')) {
      await this.auditor.requirePermission(actor, 'role:read', { action: 'role.list', siteCode: actor.staff.siteCode });
    }
    return (await new RolesRepository(this.db).all()).map(toRoleView);
  }

  private cleanPermissions(perms: string[]): string[] {
    const unknown = perms.filter((p) => !(p in PERMISSIONS));
    if (unknown.length) throw badRequest(`未知的权限：${unknown.join('、')}`, { permissions: '包含未知的权限' });
    // Stored in catalog order, so the same set always reads the same way.
    return Object.keys(PERMISSIONS).filter((p) => perms.includes(p));
  }

  async create(actor: Actor, body: RoleWriteRequest): Promise<RoleView> {
    const target = { action: 'role.create', siteCode: actor.staff.siteCode, objectType: 'role' };
    await this.auditor.requireSuper(actor, target);
    const repo = new RolesRepository(this.db);
    const permissions = this.cleanPermissions(body.permissions);
    if (await repo.findByCode(body.code)) throw conflict('ROLE_CODE_TAKEN', `角色代码“${body.code}”已被使用，请换一个`);
    const id = await repo.insert({ code: body.code, name: body.name.trim(), permissions: JSON.stringify(permissions), created_at: nowIso() });
    await this.auditor.record(actor, { ...target, objectId: id, summary: `新建角色 ${body.code}（${body.name.trim()}），权限：${describePerms(permissions)}` });
    return toRoleView((await repo.findById(id))!);
  }

  async update(actor: Actor, id: number, body: RoleWriteRequest): Promise<RoleView> {
    const target = { action: 'role.update', siteCode: actor.staff.siteCode, objectType: 'role', objectId: id };
    await this.auditor.requireSuper(actor, target);
    const repo = new RolesRepository(this.db);
    const role = await repo.findById(id);
    if (!role) throw notFound('角色不存在或已删除');
    // The super admin role always holds every permission; editing it could lock everyone out.
    if (role.code === SUPER_ADMIN_ROLE) throw conflict('ROLE_BUILTIN', '超级管理员角色不可修改');
    if (Number(role.builtin) === 1 && body.code !== role.code) throw badRequest('内置角色的代码不可修改', { code: '内置角色的代码不可修改' });
    if (body.code !== role.code && (await repo.findByCode(body.code))) throw conflict('ROLE_CODE_TAKEN', `角色代码“${body.code}”已被使用，请换一个`);
    const before = parsePermissions(role.permissions);
    const permissions = this.cleanPermissions(body.permissions);
    await repo.update(id, { code: body.code, name: body.name.trim(), permissions: JSON.stringify(permissions) });

    const changes: string[] = [];
    if (role.code !== body.code) changes.push(`代码：${role.code}→${body.code}`);
    if (role.name !== body.name.trim()) changes.push(`名称：${role.name}→${body.name.trim()}`);
    const added = permissions.filter((p) => !before.includes(p));
    const removed = before.filter((p) => !permissions.includes(p));
    if (added.length) changes.push(`增加权限：${describePerms(added)}`);
    if (removed.length) changes.push(`移除权限：${describePerms(removed)}`);
    await this.auditor.record(actor, { ...target, summary: `修改角色 ${role.code}：${changes.length ? changes.join('；') : '无变化'}` });
    return toRoleView((await repo.findById(id))!);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const target = { action: 'role.delete', siteCode: actor.staff.siteCode, objectType: 'role', objectId: id };
    await this.auditor.requireSuper(actor, target);
    const repo = new RolesRepository(this.db);
    const role = await repo.findById(id);
    if (!role) throw notFound('角色不存在或已删除');
    if (Number(role.builtin) === 1) throw new AppError(409, 'ROLE_BUILTIN', '内置角色不能删除');
    const inUse = await new StaffRepository(this.db).countByRole(id);
    if (inUse > 0) throw conflict('ROLE_IN_USE', `还有${inUse}名工作人员使用该角色，请先调整他们的角色再删除`);
    await repo.delete(id);
    await this.auditor.record(actor, { ...target, summary: `删除角色 ${role.code}（${role.name}），原权限：${describePerms(parsePermissions(role.permissions))}` });
  }
}
