/**
 * The audit log as the console sees it (等保 2.0 §8.1.4.3 安全审计): a super admin sees every
 * entry, anyone else only entries about their site subtree. Reading and exporting the log are
 * themselves audited, so who looked at what is on record too.
 */
import { AUDIT_RESULTS, type AuditEntry, type AuditQuery, type PagedOf } from '@dz/contracts';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema.js';
import { badRequest } from '../../infra/errors.js';
import type { SitesService } from '../sites/sites.service.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import type { AuditFilter } from './audit.repository.js';
import type { AuditService } from './audit.service.js';
import { beijingTime, toCsv } from './audit.csv.js';

export const EXPORT_LIMIT = 10_000;

const ACTOR_TYPES = { staff: '工作人员', user: '市民', system: '系统' } as const;

/** Chinese names of the actions the console writes; other features may add theirs. */
export const ACTION_NAMES: Record<string, string> = {
  'staff.login': '登录',
  'staff.logout': '退出登录',
  'staff.password.change': '修改本人密码',
  'staff.otp.start': '开始绑定动态验证码',
  'staff.otp.enrol': '绑定动态验证码',
  'staff.list': '查询工作人员',
  'staff.read': '查看工作人员',
  'staff.create': '新建工作人员',
  'staff.update': '修改工作人员',
  'staff.password.reset': '重置工作人员密码',
  'staff.otp.reset': '重置工作人员动态验证码',
  'role.list': '查看角色',
  'role.create': '新建角色',
  'role.update': '修改角色',
  'role.delete': '删除角色',
  'department.list': '查询部门',
  'department.create': '新建部门',
  'department.update': '修改部门',
  'department.delete': '删除部门',
  'audit.view': '查看审计日志',
  'audit.export': '导出审计日志',
};

export const CSV_HEADER = ['编号', '时间（北京时间）', '操作人类型', '操作人ID', '操作人', '站点', '操作', '操作名称', '对象类型', '对象ID', '摘要', 'IP地址', '结果', '请求编号'];

type AuditRow = Selectable<AuditLogTable>;

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: Number(r.id),
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id == null ? null : Number(r.actor_id),
    actorName: r.actor_name,
    siteCode: r.site_code,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    summary: r.summary,
    ip: r.ip,
    result: r.result,
    requestId: r.request_id,
  };
}

/**
 * A date-only bound is a whole day in 北京时间 (what a staff member means by “11月28日”); a full
 * timestamp is taken as given. Stored times are ISO UTC strings, which compare as text.
 */
export function parseBound(value: string | undefined, end: boolean): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const start = Date.parse(`${v}T00:00:00+08:00`);
    if (Number.isNaN(start)) throw badRequest('日期不正确，请使用“年-月-日”格式', { [end ? 'to' : 'from']: '日期不正确' });
    return new Date(end ? start + 86_400_000 - 1 : start).toISOString();
  }
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw badRequest('时间格式不正确，请使用“年-月-日”或 ISO 8601 时间', { [end ? 'to' : 'from']: '时间格式不正确' });
  return new Date(ms).toISOString();
}

export class AuditConsoleService {
  private readonly auditor: StaffAuditor;
  constructor(
    private readonly audit: AuditService,
    private readonly sites: SitesService,
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  private filter(actor: Actor, q: AuditQuery): AuditFilter {
    if (q.result && !(q.result in AUDIT_RESULTS)) throw badRequest('结果只能是 ok（成功）、denied（拒绝）或 failed（失败）', { result: '结果取值不正确' });
    const from = parseBound(q.from, false);
    const to = parseBound(q.to, true);
    if (from && to && from > to) throw badRequest('开始时间不能晚于结束时间', { from: '开始时间不能晚于结束时间' });
    return {
      // null = every site, including entries that belong to no site (e.g. an unknown username).
      siteCodes: actor.staff.isSuper ? null : actor.staff.siteCodes,
      action: q.action?.trim() || undefined,
      actorName: q.actorName?.trim() || undefined,
      result: q.result || undefined,
      from,
      to,
    };
  }

  private describe(q: AuditQuery): string {
    const parts = [
      q.action && `操作含“${q.action}”`,
      q.actorName && `操作人含“${q.actorName}”`,
      q.result && `结果=${AUDIT_RESULTS[q.result as keyof typeof AUDIT_RESULTS] ?? q.result}`,
      q.from && `自 ${q.from}`,
      q.to && `至 ${q.to}`,
    ].filter(Boolean);
    return parts.length ? parts.join('，') : '无筛选条件';
  }

  async list(actor: Actor, q: AuditQuery): Promise<PagedOf<AuditEntry>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await this.audit.list(this.filter(actor, q), page, pageSize);
    await this.auditor.record(actor, { action: 'audit.view', siteCode: actor.staff.siteCode, objectType: 'audit', summary: `查看审计日志第${page}页（${this.describe(q)}）` });
    return { items: rows.map(toEntry), total, page, pageSize };
  }

  async exportCsv(actor: Actor, q: AuditQuery): Promise<{ csv: string; total: number; exported: number }> {
    const { rows, total } = await this.audit.list(this.filter(actor, q), 1, EXPORT_LIMIT);
    const names = new Map((await this.sites.list()).map((s) => [s.code, s.name]));
    const body = rows.map((r) => [
      r.id,
      beijingTime(r.at),
      ACTOR_TYPES[r.actor_type] ?? r.actor_type,
      r.actor_id,
      r.actor_name,
      r.site_code ? `${names.get(r.site_code) ?? ''}（${r.site_code}）` : '',
      r.action,
      ACTION_NAMES[r.action] ?? '',
      r.object_type,
      r.object_id,
      r.summary,
      r.ip,
      AUDIT_RESULTS[r.result] ?? r.result,
      r.request_id,
    ]);
    const more = total > rows.length ? `，共${total}条，超出上限仅导出最新${rows.length}条` : '';
    await this.auditor.record(actor, { action: 'audit.export', siteCode: actor.staff.siteCode, objectType: 'audit', summary: `导出审计日志${rows.length}条（${this.describe(q)}）${more}` });
    return { csv: toCsv(CSV_HEADER, body), total, exported: rows.length };
  }
}
