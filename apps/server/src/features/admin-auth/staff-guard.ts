/**
 * Who is acting in the console, and what they may touch (组织授权). Every console route runs
 * `requireStaff()` first; services then call the checks below with the StaffContext, so the
 * rules hold however a request arrives (等保 2.0 §8.1.4.2 访问控制: 授予管理用户所需的最小权限).
 *
 * Scope rule: a staff member acts only inside the subtree of their own site — a 宣汉县 operator
 * never sees 通川区 data, a 达州市 administrator sees every county of the city.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, forbidden, unauthenticated } from '../../infra/errors.js';
import { STAFF_COOKIE } from '../../infra/http.js';
import type { AuditService } from '../audit/audit.service.js';
import { StaffRepository } from '../staff/staff.repository.js';
import { permissionsOf } from '../staff/staff.view.js';

export interface StaffContext {
  id: number;
  username: string;
  displayName: string;
  siteCode: string;
  /** The staff member's site and every site below it. */
  siteCodes: string[];
  permissions: Set<string>;
  isSuper: boolean;
  mustChangePassword: boolean;
  otpEnrolled: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in staff member, set by `requireStaff`. */
    staff: StaffContext | null;
  }
}

export const SITE_SCOPE_MESSAGE = '您只能管理本站点及下级站点的数据';
export const SETUP_MESSAGE = '请先修改初始密码并绑定动态验证码';

export const hasPermission = (staff: StaffContext, perm: string): boolean => staff.isSuper || staff.permissions.has(perm);
export const inScope = (staff: StaffContext, siteCode: string | null | undefined): boolean => siteCode != null && staff.siteCodes.includes(siteCode);

export function assertPermission(staff: StaffContext, perm: string): void {
  if (!hasPermission(staff, perm)) throw forbidden();
}

export function assertSite(staff: StaffContext, siteCode: string | null | undefined): void {
  if (!inScope(staff, siteCode)) throw forbidden(SITE_SCOPE_MESSAGE);
}

/** Rebuilds the context from the database on every request, so a role change or a disable applies at once. */
export async function loadStaffContext(req: FastifyRequest, staffId: number): Promise<StaffContext | null> {
  const repo = new StaffRepository(req.server.ctx.db);
  const row = await repo.findById(staffId);
  if (!row || row.status !== 'active') return null;
  const { permissions, isSuper } = permissionsOf(await repo.rolesOf([row.id]));
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    siteCode: row.site_code,
    siteCodes: await req.server.sites.subtree(row.site_code),
    permissions,
    isSuper,
    mustChangePassword: Number(row.must_change_password) === 1,
    otpEnrolled: row.otp_secret_enc != null,
  };
}

/**
 * preHandler: a live console session or 401. Unless `setup` is set, a staff member who still has
 * the initial password or no second factor gets 403 SETUP_REQUIRED: only the few routes that
 * complete the setup (change password, enrol TOTP, me, logout) pass.
 */
export function requireStaff(opts: { setup?: boolean } = {}) {
  return async function staffGuard(req: FastifyRequest): Promise<void> {
    const token = req.cookies[STAFF_COOKIE];
    if (!token) throw unauthenticated('请先登录管理后台');
    const session = await req.server.ctx.sessions.touch('staff', token);
    if (!session) throw unauthenticated('登录已过期，请重新登录管理后台');
    const staff = await loadStaffContext(req, session.subjectId);
    if (!staff) {
      // Disabled or removed since the session began: the session dies with the account.
      await req.server.ctx.sessions.destroy('staff', token);
      throw unauthenticated('账号已停用，请联系管理员');
    }
    req.staff = staff;
    if (!opts.setup && (staff.mustChangePassword || !staff.otpEnrolled)) throw new AppError(403, 'SETUP_REQUIRED', SETUP_MESSAGE);
  };
}

/** The staff context of a request that passed requireStaff. */
export function staffOf(req: FastifyRequest): StaffContext {
  if (!req.staff) throw unauthenticated('请先登录管理后台');
  return req.staff;
}

/** Everything an audit entry needs about the request, passed from routes into services. */
export interface Actor {
  staff: StaffContext;
  ip: string | null;
  requestId: string | null;
}

export function actorOf(req: FastifyRequest): Actor {
  return { staff: staffOf(req), ip: req.ip, requestId: req.id };
}

export interface AuditTarget {
  action: string;
  siteCode: string | null;
  objectType?: string | null;
  objectId?: string | number | null;
  summary?: string | null;
}

/**
 * Audit plus access checks for services. A refused attempt is itself recorded (result 'denied')
 * before the 403 goes out, so probing another site's data leaves a trace (等保 §8.1.4.3 安全审计).
 */
export class StaffAuditor {
  constructor(private readonly audit: AuditService) {}

  record(actor: Actor, target: AuditTarget, result: 'ok' | 'denied' | 'failed' = 'ok'): Promise<void> {
    return this.audit.record({
      actorType: 'staff',
      actorId: actor.staff.id,
      actorName: actor.staff.username,
      siteCode: target.siteCode,
      action: target.action,
      objectType: target.objectType ?? null,
      objectId: target.objectId ?? null,
      summary: target.summary ?? null,
      ip: actor.ip,
      result,
      requestId: actor.requestId,
    });
  }

  /** Records the refusal and throws 403. */
  async deny(actor: Actor, target: AuditTarget, error: AppError): Promise<never> {
    await this.record(actor, { ...target, summary: target.summary ?? error.message }, 'denied');
    throw error;
  }

  async requireSite(actor: Actor, siteCode: string | null | undefined, target: Omit<AuditTarget, 'siteCode'>): Promise<void> {
    if (!inScope(actor.staff, siteCode)) {
      const name = siteCode ?? '未知站点';
      await this.deny(actor, { ...target, siteCode: siteCode ?? null, summary: target.summary ?? `越权访问站点 ${name} 的数据` }, forbidden(SITE_SCOPE_MESSAGE));
    }
  }

  async requirePermission(actor: Actor, perm: string, target: AuditTarget): Promise<void> {
    if (!hasPermission(actor.staff, perm)) await this.deny(actor, { ...target, summary: target.summary ?? `缺少权限 ${perm}` }, forbidden());
  }

  async requireSuper(actor: Actor, target: AuditTarget): Promise<void> {
    if (!actor.staff.isSuper) await this.deny(actor, { ...target, summary: target.summary ?? '仅超级管理员可操作' }, forbidden('只有超级管理员可以进行此操作'));
  }
}

/** preHandler (after requireStaff): the permission or 403, the refusal audited under `action`. */
export function requirePermission(perm: string, action: string) {
  return async function permissionGuard(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const actor = actorOf(req);
    await new StaffAuditor(req.server.ctx.audit).requirePermission(actor, perm, { action, siteCode: actor.staff.siteCode });
  };
}
