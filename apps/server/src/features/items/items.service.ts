/**
 * 政务服务事项 (办事 channel): public lists by audience (个人办事 / 法人办事), department (部门分类)
 * and theme (主题分类), the 事项指南, and console management. A county sees its own items and
 * the city's; items have no per-code override (each site publishes its own 事项).
 */
import { THEMES, type AdminItemView, type AdminItemListQuery, type DepartmentCard, type ItemCard, type ItemCreateRequest, type ItemGuide, type ItemListQuery, type ItemUpdateRequest, type PagedOf } from '@dz/contracts';
import type { Kysely, Updateable } from 'kysely';
import type { DB, ItemsTable } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import { badRequest, conflict, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import type { SitesService } from '../sites/sites.service.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import { DepartmentsRepository } from '../org/departments.repository.js';
import { AppsRepository } from '../catalog/catalog.repository.js';
import { changes } from '../catalog/catalog.admin.service.js';
import { ancestryOf, paging, parseJsonArray } from '../catalog/site-scope.js';
import { HallsRepository, parseItemIds } from '../appointments/halls.repository.js';
import { ItemsRepository, type ItemRow } from './items.repository.js';
import { AUDIENCE_NAMES, toAdminItemView, toItemCard, toItemGuide } from './items.view.js';

const STATUS = { online: '上线', offline: '下线' } as const;

/** The names in a JSON list column, for an audit summary that says what the list became. */
const names = (json: unknown, field: 'name' | 'title' = 'name'): string[] => parseJsonArray<Record<string, unknown>>(typeof json === 'string' ? json : '').map((x) => String(x[field] ?? ''));

export class ItemsService {
  private readonly auditor: StaffAuditor;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
    audit: AuditService,
    /** Called after every write to items, so caches built from them (the search index) refresh. */
    private readonly onItemsChanged: () => Promise<void> = async () => {},
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  // ---- public ------------------------------------------------------------------------------

  async list(q: ItemListQuery): Promise<PagedOf<ItemCard>> {
    const ancestry = await ancestryOf(this.sites, q.site);
    const { page, pageSize, offset } = paging(q);
    const { rows, total } = await new ItemsRepository(this.db).list(
      { siteCodes: ancestry, onlineOnly: true, audience: q.audience, departmentId: q.departmentId, theme: q.theme, keyword: q.keyword?.trim() || undefined },
      offset,
      pageSize,
    );
    const forms = await this.formCodes(rows, ancestry);
    return { items: rows.map((r) => ({ ...toItemCard(r), formCode: forms.get(Number(r.id)) ?? null })), total, page, pageSize };
  }

  /**
   * 在线办事 on this platform: the engine form filed under each item (an item that is online and
   * sends citizens to no other system), the one of the nearest site from the item's own site up
   * (a county's own version of the form wins over the city's). `ancestry` is a chain holding every
   * item's site, so an item's own ancestry is its tail from that site on. One query per page.
   */
  private async formCodes(rows: ItemRow[], ancestry: string[]): Promise<Map<number, string>> {
    const offering = rows.filter((r) => Number(r.online) === 1 && !(r.online_url ?? '').trim());
    const defs = await new ItemsRepository(this.db).formsOfItems(
      offering.map((r) => Number(r.id)),
      ancestry,
    );
    const out = new Map<number, string>();
    for (const r of offering) {
      const own = ancestry.slice(Math.max(0, ancestry.indexOf(r.site_code)));
      const best = defs
        .filter((d) => Number(d.item_id) === Number(r.id) && own.includes(d.site_code))
        .sort((a, b) => own.indexOf(a.site_code) - own.indexOf(b.site_code))[0];
      if (best) out.set(Number(r.id), best.code);
    }
    return out;
  }

  /**
   * The guide. Where an item is handled at a service hall (a hall window lists it — what 办事预约
   * books), its 办理地点 come from the hall record: name, address, phone and 办公时间 are the hall's,
   * the same the booking page shows, so the two cannot disagree (they did: 13:30–17:30 typed in the
   * item, 14:00–17:00 in the hall). Windows typed in the item stay for places that are not a hall
   * (one at the same address or named after the hall is that hall, and is replaced).
   */
  async guide(id: number): Promise<ItemGuide> {
    const row = await new ItemsRepository(this.db).findById(id);
    if (!row || row.status !== 'online') throw notFound('该事项不存在或已停止办理');
    const formCode = (await this.formCodes([row], await this.sites.ancestry(row.site_code))).get(Number(row.id)) ?? null;
    const guide = { ...toItemGuide(row), formCode };
    const halls = new HallsRepository(this.db);
    const serving = (await halls.allWindows()).filter((w) => parseItemIds(w.item_ids).includes(guide.id));
    if (!serving.length) return guide;
    const hallRows = new Map((await halls.hallsByIds([...new Set(serving.map((w) => w.hall_id))])).map((h) => [h.id, h]));
    const atHalls = serving.flatMap((w) => {
      const h = hallRows.get(w.hall_id);
      return h ? [{ name: `${h.name} ${w.name}`, address: h.address, hours: h.hours, phone: h.phone }] : [];
    });
    const elsewhere = guide.windows.filter((w) => ![...hallRows.values()].some((h) => w.address.trim() === h.address || w.name.startsWith(h.name)));
    return { ...guide, windows: [...atHalls, ...elsewhere] };
  }

  /** 部门分类: departments with items on this site, its own departments first. */
  async departments(site: string | undefined): Promise<DepartmentCard[]> {
    const ancestry = await ancestryOf(this.sites, site);
    const rows = await new ItemsRepository(this.db).departmentsWithItems(ancestry);
    const rank = (code: string) => {
      const i = ancestry.indexOf(code);
      return i < 0 ? ancestry.length : i;
    };
    return rows
      .sort((a, b) => rank(a.site_code) - rank(b.site_code) || a.sort - b.sort || a.id - b.id)
      .map((r) => ({ id: r.id, name: r.name, code: r.code, siteCode: r.site_code, itemCount: r.item_count }));
  }

  // ---- console -----------------------------------------------------------------------------

  private async siteName(code: string): Promise<string> {
    return (await this.sites.list()).find((s) => s.code === code)?.name ?? code;
  }

  async adminList(actor: Actor, q: AdminItemListQuery): Promise<PagedOf<AdminItemView>> {
    const siteCode = q.siteCode ?? actor.staff.siteCode;
    const ancestry = await this.sites.ancestry(siteCode);
    if (!ancestry.length) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
    await this.auditor.requireSite(actor, siteCode, { action: 'item.list', objectType: 'site', objectId: siteCode });
    const { page, pageSize, offset } = paging(q);
    const { rows, total } = await new ItemsRepository(this.db).list(
      { siteCodes: ancestry, status: q.status, audience: q.audience, exactAudience: true, departmentId: q.departmentId, theme: q.theme, keyword: q.keyword?.trim() || undefined },
      offset,
      pageSize,
    );
    return { items: rows.map((r) => toAdminItemView(r, siteCode)), total, page, pageSize };
  }

  private async loadInScope(actor: Actor, id: number, action: string): Promise<ItemRow> {
    const item = await new ItemsRepository(this.db).findById(id);
    if (!item) throw notFound('事项不存在或已删除');
    await this.auditor.requireSite(actor, item.site_code, { action, objectType: 'item', objectId: id, summary: `越权操作${await this.siteName(item.site_code)}的事项 ${item.name}` });
    return item;
  }

  /** The handling department must belong to the item's site or a site above it. */
  private async checkDepartment(siteCode: string, departmentId: number): Promise<string> {
    const dep = await new DepartmentsRepository(this.db).findById(departmentId);
    if (!dep || !(await this.sites.ancestry(siteCode)).includes(dep.site_code)) throw badRequest('请选择本站点或上级站点的办事部门', { departmentId: '部门不存在' });
    return dep.name;
  }

  private checkFields(f: { theme: string; online: boolean; onlineUrl: string | null }): void {
    if (!(f.theme in THEMES)) throw badRequest('所选主题不存在', { theme: '主题不存在' });
    if (f.onlineUrl && !/^https?:\/\/\S+$/.test(f.onlineUrl)) throw badRequest('在线办理地址须以 http:// 或 https:// 开头', { onlineUrl: '地址格式不正确' });
    if (f.onlineUrl && !f.online) throw badRequest('填写在线办理地址时请同时勾选“可在线办理”', { online: '请勾选可在线办理' });
  }

  async create(actor: Actor, body: ItemCreateRequest): Promise<AdminItemView> {
    const target = { action: 'item.create', objectType: 'item' };
    if (!(await this.sites.list()).some((s) => s.code === body.siteCode)) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
    await this.auditor.requireSite(actor, body.siteCode, target);
    const repo = new ItemsRepository(this.db);
    if (await repo.findByCode(body.siteCode, body.code)) throw conflict('ITEM_CODE_TAKEN', `本站点已有编码为“${body.code}”的事项，请核对事项编码`);
    const departmentName = await this.checkDepartment(body.siteCode, body.departmentId);
    const onlineUrl = body.onlineUrl?.trim() || null;
    const online = body.online ?? onlineUrl !== null;
    this.checkFields({ theme: body.theme, online, onlineUrl });
    const now = nowIso();
    const id = await repo.insert({
      site_code: body.siteCode,
      code: body.code,
      name: body.name.trim(),
      department_id: body.departmentId,
      audience: body.audience,
      theme: body.theme,
      subject: body.subject?.trim() || departmentName,
      time_limit: body.timeLimit.trim(),
      charge: body.charge.trim(),
      legal_basis: body.legalBasis.trim(),
      materials: JSON.stringify(body.materials),
      steps: JSON.stringify(body.steps),
      windows: JSON.stringify(body.windows),
      online: online ? 1 : 0,
      online_url: onlineUrl,
      bookable: body.bookable ? 1 : 0,
      keywords: body.keywords?.trim() ?? '',
      status: body.status ?? 'online',
      popularity: 0,
      sort: body.sort ?? 0,
      created_at: now,
      updated_at: now,
    });
    await this.auditor.record(actor, {
      ...target,
      siteCode: body.siteCode,
      objectId: id,
      summary: `在${await this.siteName(body.siteCode)}新建事项 ${body.name.trim()}（${body.code}，${departmentName}，${AUDIENCE_NAMES[body.audience]}）`,
    });
    await this.onItemsChanged();
    return toAdminItemView((await repo.findById(id))!, body.siteCode);
  }

  async update(actor: Actor, id: number, body: ItemUpdateRequest): Promise<AdminItemView> {
    const item = await this.loadInScope(actor, id, 'item.update');
    const repo = new ItemsRepository(this.db);
    if (body.code && body.code !== item.code && (await repo.findByCode(item.site_code, body.code))) throw conflict('ITEM_CODE_TAKEN', `本站点已有编码为“${body.code}”的事项，请核对事项编码`);
    let departmentName = item.department_name ?? '';
    if (body.departmentId !== undefined && body.departmentId !== Number(item.department_id)) departmentName = await this.checkDepartment(item.site_code, body.departmentId);
    const onlineUrl = body.onlineUrl === undefined ? item.online_url : body.onlineUrl?.trim() || null;
    const online = body.online ?? Number(item.online) === 1;
    const theme = body.theme ?? item.theme;
    this.checkFields({ theme, online, onlineUrl });
    const values: Updateable<ItemsTable> = {
      code: body.code ?? item.code,
      name: body.name?.trim() ?? item.name,
      department_id: body.departmentId ?? item.department_id,
      audience: body.audience ?? item.audience,
      theme,
      subject: body.subject?.trim() ?? item.subject,
      time_limit: body.timeLimit?.trim() ?? item.time_limit,
      charge: body.charge?.trim() ?? item.charge,
      legal_basis: body.legalBasis?.trim() ?? item.legal_basis,
      materials: body.materials ? JSON.stringify(body.materials) : item.materials,
      steps: body.steps ? JSON.stringify(body.steps) : item.steps,
      windows: body.windows ? JSON.stringify(body.windows) : item.windows,
      online: online ? 1 : 0,
      online_url: onlineUrl,
      bookable: body.bookable === undefined ? item.bookable : body.bookable ? 1 : 0,
      keywords: body.keywords?.trim() ?? item.keywords,
      status: body.status ?? item.status,
      sort: body.sort ?? item.sort,
      updated_at: nowIso(),
    };
    await repo.update(id, values);
    const yes = (v: unknown) => (Number(v) === 1 ? '是' : '否');
    const summary = changes([
      ['编码', item.code, values.code],
      ['名称', item.name, values.name],
      ['部门', item.department_name, departmentName],
      ['服务对象', AUDIENCE_NAMES[item.audience], AUDIENCE_NAMES[values.audience as string]],
      ['主题', item.theme, values.theme],
      ['实施主体', item.subject, values.subject],
      ['办理时限', item.time_limit, values.time_limit],
      ['收费', item.charge, values.charge],
      ['设定依据', item.legal_basis, values.legal_basis],
      ['申请材料', names(item.materials), names(values.materials)],
      ['办理流程', names(item.steps, 'title'), names(values.steps, 'title')],
      ['办理地点', names(item.windows), names(values.windows)],
      ['可在线办理', yes(item.online), yes(values.online)],
      ['在线地址', item.online_url, values.online_url],
      ['可预约', yes(item.bookable), yes(values.bookable)],
      ['关键词', item.keywords, values.keywords],
      ['状态', STATUS[item.status], STATUS[values.status as 'online' | 'offline']],
      ['排序', Number(item.sort), Number(values.sort)],
    ]);
    await this.auditor.record(actor, { action: 'item.update', siteCode: item.site_code, objectType: 'item', objectId: id, summary: `修改事项 ${item.name}：${summary}` });
    await this.onItemsChanged();
    return toAdminItemView((await repo.findById(id))!, item.site_code);
  }

  /** An item some app opens (kind 'item') or a form is filed under is not deleted from under it: the app would lead nowhere. */
  async delete(actor: Actor, id: number): Promise<void> {
    const item = await this.loadInScope(actor, id, 'item.delete');
    const users = await new AppsRepository(this.db).countPointingAtItem(id);
    if (users > 0) throw conflict('ITEM_IN_USE', `有${users}个应用指向该事项，请先修改或删除这些应用；不再办理的事项可改为下线`);
    // Its 在线办事 form (and the cases filed under it) name the item: a deleted item leaves them without a guide.
    const forms = await new ItemsRepository(this.db).countFormsOfItem(id);
    if (forms > 0) throw conflict('ITEM_IN_USE', `该事项有${forms}个在线表单，删除后办件将找不到办事指南；不再办理的事项可改为下线`);
    await new ItemsRepository(this.db).delete(id);
    await this.auditor.record(actor, { action: 'item.delete', siteCode: item.site_code, objectType: 'item', objectId: id, summary: `删除${await this.siteName(item.site_code)}的事项 ${item.name}（${item.code}）` });
    await this.onItemsChanged();
  }
}
