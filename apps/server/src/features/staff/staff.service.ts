/**
 * Staff accounts (工作人员). Three rules on top of the permission check:
 *  - scope: a staff member manages only staff whose site is in their own site subtree;
 *  - no escalation: a non-super admin grants only roles whose permissions they hold themselves,
 *    never the super admin role, and cannot touch a colleague who holds more than they do;
 *  - no self-harm: nobody disables or demotes themselves (the last admin cannot lock the door).
 * 等保 2.0 §8.1.4.2 访问控制 (最小权限、权限分离) and §8.1.4.3 安全审计.
 */
import { randomInt } from 'node:crypto';
import { maskPhone, PHONE_PATTERN, SUPER_ADMIN_ROLE, validatePassword, type StaffCreateRequest, type StaffListQuery, type StaffUpdateRequest, type StaffView, type PagedOf } from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { DB, RoleRow, StaffRow } from '../../db/schema.js';
import type { AppContext } from '../../infra/context.js';
import { badRequest, conflict, forbidden, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import type { SitesService } from '../sites/sites.service.js';
import { StaffAuditor, type Actor, type AuditTarget } from '../admin-auth/staff-guard.js';
import { DepartmentsRepository } from '../org/departments.repository.js';
import { RolesRepository } from '../roles/roles.repository.js';
import { StaffRepository } from './staff.repository.js';
import { parsePermissions, permissionsOf, toStaffViews } from './staff.view.js';

/** 16 characters from four classes, so a temporary password always meets the policy. */
export function generateTemporaryPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%+=!'];
  const all = sets.join('');
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  // Fisher–Yates, so the class of each position is not predictable.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
}

const STATUS_NAME = { active: '启用', disabled: '停用' } as const;

export class StaffService {
  private readonly auditor: StaffAuditor;
  private readonly db: Kysely<DB>;

  constructor(
    private readonly ctx: AppContext,
    private readonly sites: SitesService,
  ) {
    this.db = ctx.db;
    this.auditor = new StaffAuditor(ctx.audit);
  }

  private async siteName(code: string): Promise<string> {
    return (await this.sites.list()).find((s) => s.code === code)?.name ?? code;
  }

  private async views(rows: (StaffRow & { department_name?: string | null })[]): Promise<StaffView[]> {
    const repo = new StaffRepository(this.db);
    return toStaffViews(
      rows,
      await repo.rolesOf(rows.map((r) => r.id)),
      { sites: this.sites, gm: this.ctx.gm, departmentName: (id) => repo.departmentName(id) },
    );
  }

  async view(id: number): Promise<StaffView> {
    const row = await new StaffRepository(this.db).findById(id);
    if (!row) throw notFound('工作人员不存在');
    return (await this.views([row]))[0]!;
  }

  async list(actor: Actor, q: StaffListQuery): Promise<PagedOf<StaffView>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    let siteCodes = actor.staff.siteCodes;
    if (q.siteCode) {
      await this.auditor.requireSite(actor, q.siteCode, { action: 'staff.list', objectType: 'site', objectId: q.siteCode });
      siteCodes = await this.sites.subtree(q.siteCode);
    }
    const keyword = q.keyword?.trim() || undefined;
    const phoneIdx = keyword && new RegExp(PHONE_PATTERN).test(keyword) ? this.ctx.gm.blindIndex('staff-phone', keyword) : undefined;
    const { rows, total } = await new StaffRepository(this.db).list({ siteCodes, keyword, phoneIdx, status: q.status }, (page - 1) * pageSize, pageSize);
    return { items: await this.views(rows), total, page, pageSize };
  }

  /** Loads a staff member the actor may act on, auditing and refusing anything outside their subtree. */
  private async loadInScope(actor: Actor, id: number, action: string): Promise<StaffRow> {
    const row = await new StaffRepository(this.db).findById(id);
    if (!row) throw notFound('工作人员不存在');
    await this.auditor.requireSite(actor, row.site_code, {
      action,
      objectType: 'staff',
      objectId: id,
      summary: `越权访问${await this.siteName(row.site_code)}的工作人员 ${row.username}`,
    });
    return row;
  }

  async get(actor: Actor, id: number): Promise<StaffView> {
    return (await this.views([await this.loadInScope(actor, id, 'staff.read')]))[0]!;
  }

  /** Refuses to hand out more than the actor holds (no privilege escalation). */
  private async checkGrant(actor: Actor, roleIds: number[], target: AuditTarget): Promise<RoleRow[]> {
    const unique = [...new Set(roleIds)];
    const roles = await new RolesRepository(this.db).findByIds(unique);
    if (roles.length !== unique.length) throw badRequest('所选角色不存在，请刷新后重新选择', { roleIds: '所选角色不存在' });
    if (actor.staff.isSuper) return roles;
    if (roles.some((r) => r.code === SUPER_ADMIN_ROLE)) {
      await this.auditor.deny(actor, { ...target, summary: '试图授予超级管理员角色' }, forbidden('只有超级管理员可以授予超级管理员角色'));
    }
    const beyond = [...new Set(roles.flatMap((r) => parsePermissions(r.permissions)))].filter((p) => !actor.staff.permissions.has(p));
    if (beyond.length) {
      const names = roles.filter((r) => parsePermissions(r.permissions).some((p) => beyond.includes(p))).map((r) => r.name);
      await this.auditor.deny(actor, { ...target, summary: `试图授予超出本人权限的角色：${names.join('、')}` }, forbidden(`不能授予超出您本人权限的角色：${names.join('、')}`));
    }
    return roles;
  }

  /** A non-super admin may not act on a colleague who holds permissions they lack. */
  private async checkOutranks(actor: Actor, row: StaffRow, target: AuditTarget): Promise<void> {
    if (actor.staff.isSuper || row.id === actor.staff.id) return;
    const theirs = permissionsOf(await new StaffRepository(this.db).rolesOf([row.id]));
    if (theirs.isSuper || [...theirs.permissions].some((p) => !actor.staff.permissions.has(p))) {
      await this.auditor.deny(actor, { ...target, summary: `试图操作权限高于本人的工作人员 ${row.username}` }, forbidden('不能操作权限高于您的工作人员，请联系上级管理员'));
    }
  }

  private async checkDepartment(departmentId: number | null | undefined, siteCode: string): Promise<string | null> {
    if (departmentId == null) return null;
    const dep = await new DepartmentsRepository(this.db).findById(departmentId);
    if (!dep || dep.site_code !== siteCode) throw badRequest('所选部门不属于该站点，请重新选择', { departmentId: '所选部门不属于该站点' });
    return dep.name;
  }

  async create(actor: Actor, body: StaffCreateRequest): Promise<StaffView> {
    const username = body.username.trim().toLowerCase();
    const target = { action: 'staff.create', siteCode: body.siteCode, objectType: 'staff', objectId: username };
    if (!(await this.sites.list()).some((x) => x.code === body.siteCode)) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
    await this.auditor.requireSite(actor, body.siteCode, { ...target, summary: `越权在${await this.siteName(body.siteCode)}新建工作人员 ${username}` });
    const roles = await this.checkGrant(actor, body.roleIds, target);
    const departmentName = await this.checkDepartment(body.departmentId, body.siteCode);
    // The same rules, username included, that the console's checklist shows (@dz/contracts).
    const policy = validatePassword(body.password, body.phone, username);
    if (policy) throw badRequest(policy, { password: policy });
    const repo = new StaffRepository(this.db);
    if (await repo.findByUsername(username)) throw conflict('USERNAME_TAKEN', `用户名“${username}”已被使用，请换一个`);

    const now = nowIso();
    const passwordHash = await this.ctx.passwords.hash(body.password);
    let id: number;
    try {
      id = await this.db.transaction().execute(async (trx) => {
        const tx = new StaffRepository(trx);
        const newId = await tx.insert({
          username,
          display_name: body.displayName.trim(),
          phone_enc: body.phone ? this.ctx.gm.encrypt(body.phone) : null,
          phone_idx: body.phone ? this.ctx.gm.blindIndex('staff-phone', body.phone) : null,
          site_code: body.siteCode,
          department_id: body.departmentId ?? null,
          password_hash: passwordHash,
          // 等保: an initial password set by someone else must be changed at first login.
          must_change_password: 1,
          status: 'active',
          failed_logins: 0,
          created_at: now,
          updated_at: now,
        });
        await tx.setRoles(newId, roles.map((r) => r.id));
        return newId;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('USERNAME_TAKEN', `用户名“${username}”已被使用，请换一个`);
      throw err;
    }
    const parts = [
      `新建工作人员 ${username}（${body.displayName.trim()}）`,
      `站点：${await this.siteName(body.siteCode)}`,
      departmentName ? `部门：${departmentName}` : null,
      `角色：${roles.map((r) => r.name).join('、')}`,
      body.phone ? `手机：${maskPhone(body.phone)}` : null,
    ];
    await this.auditor.record(actor, { ...target, objectId: id, summary: parts.filter(Boolean).join('；') });
    return this.view(id);
  }

  async update(actor: Actor, id: number, body: StaffUpdateRequest): Promise<StaffView> {
    const target = { action: 'staff.update', objectType: 'staff', objectId: id };
    const row = await this.loadInScope(actor, id, 'staff.update');
    const auditTarget = { ...target, siteCode: row.site_code };
    await this.checkOutranks(actor, row, auditTarget);
    const repo = new StaffRepository(this.db);
    const currentRoles = await repo.rolesOf([id]);
    const self = id === actor.staff.id;

    if (self && body.status === 'disabled') await this.auditor.deny(actor, { ...auditTarget, summary: '试图停用本人账号' }, forbidden('不能停用本人账号'));
    let newRoles: RoleRow[] | null = null;
    if (body.roleIds) {
      newRoles = await this.checkGrant(actor, body.roleIds, auditTarget);
      const keeps = currentRoles.every((r) => newRoles!.some((n) => n.id === r.id));
      if (self && !keeps) await this.auditor.deny(actor, { ...auditTarget, summary: '试图降低本人的权限' }, forbidden('不能移除本人的角色，请联系其他管理员调整'));
    }
    let departmentName: string | null | undefined;
    if (body.departmentId !== undefined) departmentName = await this.checkDepartment(body.departmentId, row.site_code);

    const changes: string[] = [];
    const set: Parameters<StaffRepository['update']>[1] = {};
    if (body.displayName !== undefined && body.displayName.trim() !== row.display_name) {
      set.display_name = body.displayName.trim();
      changes.push(`姓名：${row.display_name}→${set.display_name}`);
    }
    if (body.phone !== undefined) {
      const before = this.ctx.gm.decryptNullable(row.phone_enc);
      if ((before ?? null) !== (body.phone ?? null)) {
        set.phone_enc = body.phone ? this.ctx.gm.encrypt(body.phone) : null;
        set.phone_idx = body.phone ? this.ctx.gm.blindIndex('staff-phone', body.phone) : null;
        changes.push(`手机：${before ? maskPhone(before) : '无'}→${body.phone ? maskPhone(body.phone) : '无'}`);
      }
    }
    if (body.departmentId !== undefined && body.departmentId !== row.department_id) {
      set.department_id = body.departmentId;
      const beforeName = row.department_id != null ? await repo.departmentName(row.department_id) : null;
      changes.push(`部门：${beforeName ?? '无'}→${departmentName ?? '无'}`);
    }
    if (body.status !== undefined && body.status !== row.status) {
      set.status = body.status;
      changes.push(`状态：${STATUS_NAME[row.status]}→${STATUS_NAME[body.status]}`);
    }
    const rolesChanged =
      newRoles !== null && (newRoles.length !== currentRoles.length || newRoles.some((n) => !currentRoles.some((c) => c.id === n.id)));
    if (rolesChanged) changes.push(`角色：${currentRoles.map((r) => r.name).join('、') || '无'}→${newRoles!.map((r) => r.name).join('、')}`);

    if (changes.length) {
      await this.db.transaction().execute(async (trx) => {
        const tx = new StaffRepository(trx);
        await tx.update(id, { ...set, updated_at: nowIso() });
        if (rolesChanged) await tx.setRoles(id, newRoles!.map((r) => r.id));
      });
      // A disabled account loses its sessions at once, not at the next idle timeout.
      if (set.status === 'disabled') await this.ctx.sessions.destroyAllFor('staff', id);
    }
    await this.auditor.record(actor, { ...auditTarget, summary: `修改工作人员 ${row.username}：${changes.length ? changes.join('；') : '无变化'}` });
    return this.view(id);
  }

  async resetPassword(actor: Actor, id: number): Promise<{ temporaryPassword: string }> {
    const row = await this.loadInScope(actor, id, 'staff.password.reset');
    const target = { action: 'staff.password.reset', siteCode: row.site_code, objectType: 'staff', objectId: id };
    if (id === actor.staff.id) throw badRequest('不能重置本人密码，请在“修改密码”中修改');
    await this.checkOutranks(actor, row, target);
    const temporaryPassword = generateTemporaryPassword();
    await new StaffRepository(this.db).update(id, {
      password_hash: await this.ctx.passwords.hash(temporaryPassword),
      must_change_password: 1,
      failed_logins: 0,
      locked_until: null,
      updated_at: nowIso(),
    });
    await this.ctx.sessions.destroyAllFor('staff', id);
    await this.auditor.record(actor, { ...target, summary: `重置 ${row.username} 的密码（临时密码，首次登录须修改；同时解除锁定）` });
    return { temporaryPassword };
  }

  async resetOtp(actor: Actor, id: number): Promise<void> {
    const row = await this.loadInScope(actor, id, 'staff.otp.reset');
    const target = { action: 'staff.otp.reset', siteCode: row.site_code, objectType: 'staff', objectId: id };
    // Re-binding one's own second factor with only a session would defeat the second factor.
    if (id === actor.staff.id) throw badRequest('不能重置本人的动态验证码，请联系其他管理员');
    await this.checkOutranks(actor, row, target);
    await new StaffRepository(this.db).update(id, { otp_secret_enc: null, otp_pending_enc: null, otp_last_step: null, updated_at: nowIso() });
    await this.ctx.sessions.destroyAllFor('staff', id);
    await this.auditor.record(actor, { ...target, summary: `重置 ${row.username} 的动态验证码（下次登录须重新绑定）` });
  }
}

