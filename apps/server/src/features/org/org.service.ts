/**
 * The organisation (组织机构): the site tree a staff member may act on and the departments of
 * each site. Every read and write is confined to the caller's site subtree.
 */
import type { DepartmentUpdateRequest, DepartmentView, DepartmentWriteRequest, SiteNode } from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import { badRequest, conflict, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import type { SitesService } from '../sites/sites.service.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import { StaffRepository } from '../staff/staff.repository.js';
import { DepartmentsRepository, type DepartmentRow } from './departments.repository.js';

const toView = (d: DepartmentRow): DepartmentView => ({ id: d.id, siteCode: d.site_code, name: d.name, code: d.code, sort: Number(d.sort) });

export class OrgService {
  private readonly auditor: StaffAuditor;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
    audit: AuditService,
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  async siteTree(actor: Actor): Promise<SiteNode> {
    const tree = await this.sites.tree(actor.staff.siteCode);
    if (!tree) throw notFound('您所属的站点不存在，请联系管理员');
    return tree;
  }

  private async siteName(code: string): Promise<string> {
    return (await this.sites.list()).find((s) => s.code === code)?.name ?? code;
  }

  async listDepartments(actor: Actor, siteCode?: string): Promise<DepartmentView[]> {
    if (siteCode) await this.auditor.requireSite(actor, siteCode, { action: 'department.list', objectType: 'site', objectId: siteCode });
    const rows = await new DepartmentsRepository(this.db).list(siteCode ? [siteCode] : actor.staff.siteCodes);
    return rows.map(toView);
  }

  async createDepartment(actor: Actor, body: DepartmentWriteRequest): Promise<DepartmentView> {
    const target = { action: 'department.create', objectType: 'department' };
    if (!(await this.sites.list()).some((x) => x.code === body.siteCode)) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
    await this.auditor.requireSite(actor, body.siteCode, target);
    const repo = new DepartmentsRepository(this.db);
    if (await repo.findByCode(body.siteCode, body.code)) throw conflict('DEPARTMENT_CODE_TAKEN', `本站点已有代码为“${body.code}”的部门，请换一个代码`);
    const name = body.name.trim();
    const id = await repo.insert({ site_code: body.siteCode, name, code: body.code, sort: body.sort ?? 0, created_at: nowIso() });
    await this.auditor.record(actor, { ...target, siteCode: body.siteCode, objectId: id, summary: `在${await this.siteName(body.siteCode)}新建部门 ${name}（${body.code}）` });
    return toView((await repo.findById(id))!);
  }

  private async loadInScope(actor: Actor, id: number, action: string): Promise<DepartmentRow> {
    const dep = await new DepartmentsRepository(this.db).findById(id);
    if (!dep) throw notFound('部门不存在或已删除');
    await this.auditor.requireSite(actor, dep.site_code, { action, objectType: 'department', objectId: id, summary: `越权操作${await this.siteName(dep.site_code)}的部门 ${dep.name}` });
    return dep;
  }

  async updateDepartment(actor: Actor, id: number, body: DepartmentUpdateRequest): Promise<DepartmentView> {
    const dep = await this.loadInScope(actor, id, 'department.update');
    const repo = new DepartmentsRepository(this.db);
    if (body.code && body.code !== dep.code && (await repo.findByCode(dep.site_code, body.code))) {
      throw conflict('DEPARTMENT_CODE_TAKEN', `本站点已有代码为“${body.code}”的部门，请换一个代码`);
    }
    const next = { name: body.name?.trim() ?? dep.name, code: body.code ?? dep.code, sort: body.sort ?? Number(dep.sort) };
    await repo.update(id, next);
    const changes: string[] = [];
    if (next.name !== dep.name) changes.push(`名称：${dep.name}→${next.name}`);
    if (next.code !== dep.code) changes.push(`代码：${dep.code}→${next.code}`);
    if (next.sort !== Number(dep.sort)) changes.push(`排序：${dep.sort}→${next.sort}`);
    await this.auditor.record(actor, {
      action: 'department.update',
      siteCode: dep.site_code,
      objectType: 'department',
      objectId: id,
      summary: `修改部门 ${dep.name}：${changes.length ? changes.join('；') : '无变化'}`,
    });
    return toView((await repo.findById(id))!);
  }

  async deleteDepartment(actor: Actor, id: number): Promise<void> {
    const dep = await this.loadInScope(actor, id, 'department.delete');
    const members = await new StaffRepository(this.db).countByDepartment(id);
    if (members > 0) throw conflict('DEPARTMENT_IN_USE', `该部门还有${members}名工作人员，请先把他们调到其他部门再删除`);
    await new DepartmentsRepository(this.db).delete(id);
    await this.auditor.record(actor, { action: 'department.delete', siteCode: dep.site_code, objectType: 'department', objectId: id, summary: `删除部门 ${dep.name}（${dep.code}）` });
  }
}
