/**
 * Console management of zones and apps (移动端管理 · 应用管理). Every read and write is confined to
 * the caller's site subtree, every change is audited with what changed, and a refused attempt
 * is audited as denied before the 403 (等保 2.0 安全审计). A change is visible on the next public
 * request: nothing is cached.
 */
import { THEMES, ZONE_CODES, isAppRoute, type AdminAppView, type AdminZoneView, type AppCreateRequest, type AppUpdateRequest, type PagedOf, type ZoneUpdateRequest } from '@dz/contracts';
import type { Kysely, Updateable } from 'kysely';
import type { AppsTable, DB, ZonesTable } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import { badRequest, conflict, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import type { SitesService } from '../sites/sites.service.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import { ItemsRepository } from '../items/items.repository.js';
import { AppsRepository, ZonesRepository, formsByCode, type AppRow, type ZoneRow } from './catalog.repository.js';
import { STATUS_NAMES, toAdminAppView, toAdminZoneView } from './catalog.view.js';
import { nearestWins, paging, parseJsonList } from './site-scope.js';

export const CONTENT_PERMISSION = 'content:write';

type AppStatus = 'online' | 'offline' | 'coming';

/** A short before→after list for the audit summary; unchanged fields are left out. */
export function changes(pairs: [label: string, before: unknown, after: unknown][]): string {
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '（空）' : Array.isArray(v) ? v.join('、') : String(v));
  const out = pairs.filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b)).map(([label, a, b]) => `${label}：${show(a)}→${show(b)}`);
  return out.length ? out.join('；') : '无变化';
}

/**
 * An in-app page ('route' app) goes 上线 only if the H5 has that page (APP_ROUTES, the list the H5
 * router is built from): otherwise every citizen who taps it gets 页面不存在.
 */
function requirePage(a: { name?: string; target: string }): void {
  if (isAppRoute(a.target)) return;
  throw badRequest(`${a.name ? `应用“${a.name}”` : '该应用'}的内置页面 ${a.target} 尚未开发，暂不能上线：可先设为“即将上线”，或改为外部应用并填写访问地址`, { target: `页面 ${a.target} 不存在` });
}

/** As contracts FormCode (forms.ts). */
const FORM_CODE = /^[a-z][a-z0-9_-]{1,63}$/;

export class CatalogAdminService {
  readonly auditor: StaffAuditor;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
    audit: AuditService,
    /** Called after every write to apps, so caches built from them (the search index) refresh. */
    private readonly onAppsChanged: () => Promise<void> = async () => {},
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  async siteName(code: string | null): Promise<string> {
    if (code === null) return '全部站点';
    return (await this.sites.list()).find((s) => s.code === code)?.name ?? code;
  }

  /** The site a console list is for: the caller's own unless named; it must exist and be in scope. */
  async listSite(actor: Actor, siteCode: string | undefined, action: string): Promise<{ siteCode: string; ancestry: string[] }> {
    const code = siteCode ?? actor.staff.siteCode;
    const ancestry = await this.sites.ancestry(code);
    if (!ancestry.length) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
    await this.auditor.requireSite(actor, code, { action, objectType: 'site', objectId: code });
    return { siteCode: code, ancestry };
  }

  // ---- zones -------------------------------------------------------------------------------

  async listZones(actor: Actor, siteCode: string | undefined): Promise<AdminZoneView[]> {
    const site = await this.listSite(actor, siteCode, 'zone.list');
    const zones = nearestWins(await new ZonesRepository(this.db).listBySites(site.ancestry), site.ancestry).sort((a, b) => Number(a.sort) - Number(b.sort) || a.code.localeCompare(b.code));
    const apps = nearestWins(await new AppsRepository(this.db).listBySites(site.ancestry), site.ancestry).filter((a) => a.status !== 'offline');
    return zones.map((z) => toAdminZoneView(z, site.siteCode, apps.filter((a) => a.zone_code === z.code || (z.code === 'palm' && Number(a.is_palm) === 1)).length));
  }

  private async loadZone(actor: Actor, id: number, action: string): Promise<ZoneRow> {
    const zone = await new ZonesRepository(this.db).findById(id);
    if (!zone) throw notFound('服务专区不存在或已删除');
    await this.auditor.requireSite(actor, zone.site_code, { action, objectType: 'zone', objectId: id, summary: `越权操作${await this.siteName(zone.site_code)}的服务专区 ${zone.name}` });
    return zone;
  }

  private async zoneView(id: number, siteCode: string): Promise<AdminZoneView> {
    const zone = (await new ZonesRepository(this.db).findById(id))!;
    const ancestry = await this.sites.ancestry(siteCode);
    const apps = nearestWins(await new AppsRepository(this.db).listBySites(ancestry), ancestry).filter((a) => a.status !== 'offline');
    return toAdminZoneView(zone, siteCode, apps.filter((a) => a.zone_code === zone.code || (zone.code === 'palm' && Number(a.is_palm) === 1)).length);
  }

  async updateZone(actor: Actor, id: number, body: ZoneUpdateRequest): Promise<AdminZoneView> {
    const zone = await this.loadZone(actor, id, 'zone.update');
    const groups = body.groups?.map((g) => g.trim()).filter(Boolean);
    if (groups && new Set(groups).size !== groups.length) throw badRequest('分组名称不能重复', { groups: '分组名称重复' });
    const before = { name: zone.name, icon: zone.icon, color: zone.color, intro: zone.intro, bannerUrl: zone.banner_url, groups: parseJsonList(zone.groups), sort: Number(zone.sort), status: zone.status };
    const next = {
      name: body.name?.trim() ?? before.name,
      icon: body.icon ?? before.icon,
      color: body.color?.toUpperCase() ?? before.color,
      intro: body.intro?.trim() ?? before.intro,
      bannerUrl: body.bannerUrl === undefined ? before.bannerUrl : body.bannerUrl?.trim() || null,
      groups: groups?.length ? groups : before.groups,
      sort: body.sort ?? before.sort,
      status: body.status ?? before.status,
    };
    if (next.bannerUrl && !/^(\/|https?:\/\/)/.test(next.bannerUrl)) throw badRequest('横幅图片地址须以 http(s):// 或 / 开头', { bannerUrl: '地址格式不正确' });
    const values: Updateable<ZonesTable> = {
      name: next.name,
      icon: next.icon,
      color: next.color,
      intro: next.intro,
      banner_url: next.bannerUrl,
      groups: JSON.stringify(next.groups),
      sort: next.sort,
      status: next.status,
      updated_at: nowIso(),
    };
    await new ZonesRepository(this.db).update(id, values);
    const summary = changes([
      ['名称', before.name, next.name],
      ['图标', before.icon, next.icon],
      ['主题色', before.color, next.color],
      ['简介', before.intro, next.intro],
      ['横幅', before.bannerUrl, next.bannerUrl],
      ['分组', before.groups, next.groups],
      ['排序', before.sort, next.sort],
      ['状态', STATUS_NAMES[before.status], STATUS_NAMES[next.status]],
    ]);
    await this.auditor.record(actor, { action: 'zone.update', siteCode: zone.site_code, objectType: 'zone', objectId: id, summary: `修改服务专区 ${zone.name}：${summary}` });
    return this.zoneView(id, zone.site_code);
  }

  /** 本站点定制: a lower site copies an inherited zone and from then on edits its own copy. */
  async overrideZone(actor: Actor, id: number, siteCode: string): Promise<AdminZoneView> {
    const repo = new ZonesRepository(this.db);
    const source = await repo.findById(id);
    if (!source) throw notFound('服务专区不存在或已删除');
    const target = { action: 'zone.override', objectType: 'zone', objectId: id };
    const ancestry = await this.sites.ancestry(siteCode);
    if (!ancestry.length) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
    await this.auditor.requireSite(actor, siteCode, target);
    if (siteCode === source.site_code || !ancestry.includes(source.site_code)) throw badRequest('只能为继承该专区的下级站点定制', { siteCode: '该站点不继承此专区' });
    if (await repo.findByCode(siteCode, source.code)) throw conflict('ZONE_EXISTS', '该站点已定制此专区，请直接修改');
    const now = nowIso();
    const newId = await repo.insert({ ...source, id: undefined, site_code: siteCode, created_at: now, updated_at: now });
    await this.auditor.record(actor, { ...target, siteCode, objectId: newId, summary: `为${await this.siteName(siteCode)}定制服务专区 ${source.name}（复制自${await this.siteName(source.site_code)}）` });
    return this.zoneView(newId, siteCode);
  }

  /** Removes a site's own copy, so the site inherits its parent's zone again. */
  async deleteZone(actor: Actor, id: number): Promise<void> {
    const zone = await this.loadZone(actor, id, 'zone.delete');
    const parents = (await this.sites.ancestry(zone.site_code)).slice(1);
    const inherited = nearestWins(await new ZonesRepository(this.db).listBySites(parents), parents).some((z) => z.code === zone.code);
    if (!inherited) throw conflict('ZONE_NOT_OVERRIDE', '这是本站点自建的专区，不能删除；不想展示时请把状态改为下线');
    await new ZonesRepository(this.db).delete(id);
    await this.auditor.record(actor, { action: 'zone.delete', siteCode: zone.site_code, objectType: 'zone', objectId: id, summary: `删除${await this.siteName(zone.site_code)}定制的服务专区 ${zone.name}，恢复继承上级站点` });
  }

  // ---- apps --------------------------------------------------------------------------------

  async listApps(
    actor: Actor,
    q: { siteCode?: string | undefined; zone?: string | undefined; status?: AppStatus | undefined; keyword?: string | undefined; page?: number | undefined; pageSize?: number | undefined },
  ): Promise<PagedOf<AdminAppView>> {
    const site = await this.listSite(actor, q.siteCode, 'app.list');
    const kw = q.keyword?.trim().toLowerCase();
    const rows = nearestWins(await new AppsRepository(this.db).listBySites(site.ancestry), site.ancestry)
      .filter((a) => !q.zone || (q.zone === 'none' ? a.zone_code === null : a.zone_code === q.zone))
      .filter((a) => !q.status || a.status === q.status)
      .filter((a) => !kw || a.name.toLowerCase().includes(kw) || a.code.includes(kw) || a.keywords.toLowerCase().includes(kw))
      .sort((a, b) => (a.zone_code ?? '~').localeCompare(b.zone_code ?? '~') || Number(a.sort) - Number(b.sort) || Number(a.id) - Number(b.id));
    const { page, pageSize, offset } = paging(q);
    return { items: rows.slice(offset, offset + pageSize).map((r) => toAdminAppView(r, site.siteCode)), total: rows.length, page, pageSize };
  }

  private async loadApp(actor: Actor, id: number, action: string): Promise<AppRow> {
    const app = await new AppsRepository(this.db).findById(id);
    if (!app) throw notFound('应用不存在或已删除');
    await this.auditor.requireSite(actor, app.site_code, { action, objectType: 'app', objectId: id, summary: `越权操作${await this.siteName(app.site_code)}的应用 ${app.name}` });
    return app;
  }

  /**
   * Rules an app must satisfy whoever edits it: its zone and group exist for its site, its
   * themes are 便民 themes, and its target fits its kind (an online external app needs its URL,
   * an item app must open an item the site can see).
   */
  private async validateApp(siteCode: string, a: { zoneCode: string | null; group: string | null; themes: string[]; kind: AppRow['kind']; target: string; status: AppStatus }): Promise<void> {
    const ancestry = await this.sites.ancestry(siteCode);
    if (a.zoneCode !== null) {
      if (!(ZONE_CODES as readonly string[]).includes(a.zoneCode)) throw badRequest('所选服务专区不存在', { zoneCode: '专区不存在' });
      const zone = nearestWins(await new ZonesRepository(this.db).listBySites(ancestry), ancestry).find((z) => z.code === a.zoneCode);
      if (!zone) throw badRequest('本站点没有这个服务专区，请先配置专区', { zoneCode: '专区未配置' });
      const groups = parseJsonList(zone.groups);
      if (a.group === null || !groups.includes(a.group)) throw badRequest(`请选择专区“${zone.name}”的分组：${groups.join('、')}`, { group: '分组不在专区中' });
    } else if (a.group !== null) {
      throw badRequest('不属于任何专区的应用不能设置分组', { group: '请清空分组' });
    }
    const unknown = a.themes.filter((t) => !(t in THEMES));
    if (unknown.length) throw badRequest(`主题不存在：${unknown.join('、')}`, { themes: '主题不存在' });
    if (a.kind === 'route' && !/^\/[\w\-/]*$/.test(a.target)) throw badRequest('内置页面地址须以 / 开头，例如 /apps/water-payment', { target: '地址格式不正确' });
    if (a.kind === 'route' && a.status === 'online') requirePage(a);
    if (a.kind === 'external') {
      if (a.target && !/^https?:\/\/\S+$/.test(a.target)) throw badRequest('外部应用地址须以 http:// 或 https:// 开头', { target: '地址格式不正确' });
      if (!a.target && a.status === 'online') throw badRequest('上线前请填写应用的访问地址；地址未定时可设为“即将上线”', { target: '请填写地址' });
    }
    if (a.kind === 'item') {
      const item = /^\d+$/.test(a.target) ? await new ItemsRepository(this.db).findById(Number(a.target)) : undefined;
      if (!item || !ancestry.includes(item.site_code)) throw badRequest('请选择本站点可见的事项', { target: '事项不存在' });
    }
    if (a.kind === 'form') await this.requireForm(ancestry, a);
  }

  /**
   * A form app needs a form its site can see (its own or inherited), and goes 上线 only while that
   * form is published and online: otherwise every citizen who taps it gets 表单不存在.
   */
  private async requireForm(ancestry: string[], a: { name?: string; target: string; status: AppStatus }): Promise<void> {
    if (!a.target) throw badRequest('在线表单应用须选择要打开的表单', { formCode: '请选择表单' });
    if (!FORM_CODE.test(a.target)) throw badRequest('表单编码格式不正确：以小写字母开头，只含小写字母、数字、- 和 _', { formCode: '编码格式不正确' });
    const form = nearestWins(
      (await formsByCode(this.db, a.target, ancestry)).map((f) => ({ ...f, code: a.target })),
      ancestry,
    )[0];
    if (!form) throw badRequest(`本站点没有编码为“${a.target}”的在线表单，请先在表单设计中创建并发布`, { formCode: '表单不存在' });
    if (a.status === 'online' && (form.status !== 'online' || Number(form.latest_version) < 1)) {
      throw badRequest(`${a.name ? `应用“${a.name}”` : '该应用'}的表单“${a.target}”尚未发布或已下线，暂不能上线：可先设为“即将上线”`, { formCode: '表单未发布或已下线' });
    }
  }

  async createApp(actor: Actor, body: AppCreateRequest): Promise<AdminAppView> {
    const target = { action: 'app.create', objectType: 'app' };
    if (!(await this.sites.list()).some((s) => s.code === body.siteCode)) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
    await this.auditor.requireSite(actor, body.siteCode, target);
    const repo = new AppsRepository(this.db);
    if (await repo.findByCode(body.siteCode, body.code)) throw conflict('APP_CODE_TAKEN', `本站点已有代码为“${body.code}”的应用，请换一个代码或直接修改该应用`);
    const a = {
      zoneCode: body.zoneCode ?? null,
      group: body.group?.trim() || null,
      themes: [...new Set(body.themes ?? [])],
      kind: body.kind,
      // A form app stores its form code as the target (formCode is the clearer name for it).
      target: (body.kind === 'form' ? (body.formCode ?? body.target ?? '') : (body.target ?? '')).trim() || (body.kind === 'route' ? `/apps/${body.code}` : ''),
      status: body.status ?? ('coming' as const),
    };
    await this.validateApp(body.siteCode, a);
    const now = nowIso();
    const id = await repo.insert({
      site_code: body.siteCode,
      code: body.code,
      name: body.name.trim(),
      icon: body.icon ?? 'app',
      zone_code: a.zoneCode,
      group_title: a.group,
      themes: JSON.stringify(a.themes),
      audience: JSON.stringify([...new Set(body.audience ?? ['person'])]),
      keywords: body.keywords?.trim() ?? '',
      kind: a.kind,
      target: a.target,
      status: a.status,
      is_palm: body.palm ? 1 : 0,
      description: body.description?.trim() ?? '',
      popularity: 0,
      sort: body.sort ?? 0,
      created_at: now,
      updated_at: now,
    });
    const parents = (await this.sites.ancestry(body.siteCode)).slice(1);
    const overrides = nearestWins(await repo.listBySites(parents), parents).find((x) => x.code === body.code);
    await this.auditor.record(actor, {
      ...target,
      siteCode: body.siteCode,
      objectId: id,
      summary: `在${await this.siteName(body.siteCode)}新建应用 ${body.name.trim()}（${body.code}，${STATUS_NAMES[a.status]}）${overrides ? `，覆盖${await this.siteName(overrides.site_code)}的同名应用` : ''}`,
    });
    await this.onAppsChanged();
    return toAdminAppView((await repo.findById(id))!, body.siteCode);
  }

  async updateApp(actor: Actor, id: number, body: AppUpdateRequest): Promise<AdminAppView> {
    const app = await this.loadApp(actor, id, 'app.update');
    const repo = new AppsRepository(this.db);
    if (body.code && body.code !== app.code && (await repo.findByCode(app.site_code, body.code))) {
      throw conflict('APP_CODE_TAKEN', `本站点已有代码为“${body.code}”的应用，请换一个代码`);
    }
    const before = {
      code: app.code,
      name: app.name,
      icon: app.icon,
      zoneCode: app.zone_code,
      group: app.group_title,
      themes: parseJsonList(app.themes),
      audience: parseJsonList(app.audience),
      keywords: app.keywords,
      kind: app.kind,
      target: app.target,
      status: app.status,
      palm: Number(app.is_palm) === 1,
      description: app.description,
      sort: Number(app.sort),
    };
    const zoneCode = body.zoneCode === undefined ? before.zoneCode : body.zoneCode;
    const next = {
      code: body.code ?? before.code,
      name: body.name?.trim() ?? before.name,
      icon: body.icon ?? before.icon,
      zoneCode,
      // Leaving a zone drops the group with it, unless a new group is given.
      group: body.group === undefined ? (zoneCode === null ? null : before.group) : body.group?.trim() || null,
      themes: body.themes ? [...new Set(body.themes)] : before.themes,
      audience: body.audience ? [...new Set(body.audience)] : before.audience,
      keywords: body.keywords?.trim() ?? before.keywords,
      kind: body.kind ?? before.kind,
      target: body.target === undefined ? before.target : body.target.trim(),
      status: body.status ?? before.status,
      palm: body.palm ?? before.palm,
      description: body.description?.trim() ?? before.description,
      sort: body.sort ?? before.sort,
    };
    if (next.kind === 'route' && !next.target) next.target = `/apps/${next.code}`;
    // A form app's target is its form code: given as formCode, or kept when it already was one.
    if (next.kind === 'form') next.target = body.formCode ?? (body.target !== undefined ? next.target : before.kind === 'form' ? before.target : '');
    await this.validateApp(app.site_code, next);
    const values: Updateable<AppsTable> = {
      code: next.code,
      name: next.name,
      icon: next.icon,
      zone_code: next.zoneCode,
      group_title: next.group,
      themes: JSON.stringify(next.themes),
      audience: JSON.stringify(next.audience),
      keywords: next.keywords,
      kind: next.kind,
      target: next.target,
      status: next.status,
      is_palm: next.palm ? 1 : 0,
      description: next.description,
      sort: next.sort,
      updated_at: nowIso(),
    };
    await repo.update(id, values);
    const summary = changes([
      ['代码', before.code, next.code],
      ['名称', before.name, next.name],
      ['图标', before.icon, next.icon],
      ['专区', before.zoneCode, next.zoneCode],
      ['分组', before.group, next.group],
      ['主题', before.themes, next.themes],
      ['服务对象', before.audience, next.audience],
      ['关键词', before.keywords, next.keywords],
      ['类型', before.kind, next.kind],
      ['地址', before.target, next.target],
      ['状态', STATUS_NAMES[before.status], STATUS_NAMES[next.status]],
      ['掌上办', before.palm ? '是' : '否', next.palm ? '是' : '否'],
      ['说明', before.description, next.description],
      ['排序', before.sort, next.sort],
    ]);
    await this.auditor.record(actor, { action: 'app.update', siteCode: app.site_code, objectType: 'app', objectId: id, summary: `修改应用 ${app.name}：${summary}` });
    await this.onAppsChanged();
    return toAdminAppView((await repo.findById(id))!, app.site_code);
  }

  /** 上线 / 下线 / 即将上线. */
  async setAppStatus(actor: Actor, id: number, status: AppStatus): Promise<AdminAppView> {
    const app = await this.loadApp(actor, id, 'app.status');
    if (status === 'online' && app.kind === 'external' && !app.target) throw badRequest('上线前请填写应用的访问地址；地址未定时可设为“即将上线”', { target: '请填写地址' });
    if (status === 'online' && app.kind === 'route') requirePage(app);
    // Taking a form app off line is always allowed, even when its form is gone.
    if (status === 'online' && app.kind === 'form') await this.requireForm(await this.sites.ancestry(app.site_code), { name: app.name, target: app.target, status });
    const repo = new AppsRepository(this.db);
    await repo.update(id, { status, updated_at: nowIso() });
    await this.auditor.record(actor, { action: 'app.status', siteCode: app.site_code, objectType: 'app', objectId: id, summary: `应用 ${app.name} 状态：${STATUS_NAMES[app.status]}→${STATUS_NAMES[status]}` });
    await this.onAppsChanged();
    return toAdminAppView((await repo.findById(id))!, app.site_code);
  }

  /** Only the owning site (or a site above it) deletes an app; a county hides a city app by overriding it offline instead. */
  async deleteApp(actor: Actor, id: number): Promise<void> {
    const app = await this.loadApp(actor, id, 'app.delete');
    await new AppsRepository(this.db).delete(id);
    await this.auditor.record(actor, { action: 'app.delete', siteCode: app.site_code, objectType: 'app', objectId: id, summary: `删除${await this.siteName(app.site_code)}的应用 ${app.name}（${app.code}）` });
    await this.onAppsChanged();
  }
}
