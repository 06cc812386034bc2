/**
 * 景点 as the portal's content (issue 15): the public list / detail / search and the console CRUD.
 *
 * - Search: Chinese, full pinyin or initials ("bsdxg" → 巴山大峡谷). The pinyin forms are written
 *   with the row (`pinyinForms`), and a query is matched in memory over the site's published list
 *   (memoised per content version), so no request ever scans the table or runs the dictionary.
 * - A county site shows its own spots and its ancestors' (the city's), nearest first.
 * - What a spot's booking allows (most visitors, days ahead, 须知) is the 文旅预约平台's, read with
 *   its resources (cached a few minutes); a platform that is down leaves the page readable.
 */
import { CultureErrorCodes, SPOT_MAX_VISITORS, type SpotAdminInput, type SpotAdminView, type SpotSummary, type SpotView } from '@dz/contracts';
import type { QuotaResource } from '@dz/partner-protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { ScenicSpotRow } from '../../../db/schema.js';
import type { AppContext } from '../../../infra/context.js';
import { AppError, badRequest, notFound } from '../../../infra/errors.js';
import { nowIso } from '../../../infra/time.js';
import { TtlCache } from '../../../infra/ttl-cache.js';
import type { ContentVersion } from '../../../infra/content-version.js';
import type { QuotaConnector } from '../../../partners/connectors/quota.js';
import { StaffAuditor, type Actor } from '../../admin-auth/staff-guard.js';
import { pinyinForms } from '../../search/search-index.js';
import type { SitesService } from '../../sites/sites.service.js';

export const SPOTS_PERMISSION = 'content:write';
export const DEFAULT_SITE = '511700';
const RESOURCES_TTL_MS = 3 * 60_000;
/** 达州 divisions a spot may be in (the city and its seven counties / districts). */
export const COUNTY_NAMES: Record<string, string> = {
  '511700': '达州市',
  '511702': '通川区',
  '511703': '达川区',
  '511722': '宣汉县',
  '511723': '开江县',
  '511724': '大竹县',
  '511725': '渠县',
  '511781': '万源市',
};

export const spotNotFound = () => new AppError(404, CultureErrorCodes.SPOT_NOT_FOUND, '该景点不存在或已下线，请返回列表重新选择');
export const publicFileUrl = (id: string) => `/api/public-files/${encodeURIComponent(id)}`;

const jsonArray = (text: string): string[] => {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/** Lower-case, no spaces or separators: what a typed query and the stored forms are compared as. */
const squash = (s: string) => s.toLowerCase().replace(/[\s'’·\-_]/g, '');

interface Listed {
  summary: SpotSummary;
  name: string;
  py: string;
  ini: string;
}

export class SpotsService {
  private readonly auditor: StaffAuditor;
  /** Per site: its published spots, valid while the content version is the same. */
  private readonly lists = new TtlCache<Promise<Listed[]>>(5 * 60_000, 200);
  private resourcesMemo: { at: number; value: Promise<Map<string, QuotaResource>> } | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
    private readonly sites: SitesService,
    private readonly contentVersion: ContentVersion,
    private readonly quota: QuotaConnector,
  ) {
    this.auditor = new StaffAuditor(ctx.audit);
  }

  // ---- public ------------------------------------------------------------------------------------

  private summary(r: ScenicSpotRow): SpotSummary {
    const photos = jsonArray(r.photo_file_ids);
    return {
      id: r.id,
      name: r.name,
      level: r.level,
      county: r.county,
      countyName: COUNTY_NAMES[r.county] ?? '',
      address: r.address,
      cover: photos[0] ? publicFileUrl(photos[0]) : null,
      summary: r.summary || r.intro.split(/\n/)[0]!.slice(0, 60),
      tags: jsonArray(r.tags),
      bookable: !!r.partner_resource_id,
    };
  }

  private async siteChain(site: string | undefined): Promise<string[]> {
    const chain = await this.sites.ancestry(site ?? DEFAULT_SITE);
    if (!chain.length) throw notFound('站点不存在，请重新选择站点');
    return chain;
  }

  private async listed(site: string | undefined): Promise<Listed[]> {
    const chain = await this.siteChain(site);
    const stamp = await this.contentVersion.current();
    const make = async () => {
      const rows = await this.ctx.db.selectFrom('scenic_spots').selectAll().where('site_code', 'in', chain).where('published', '=', 1).orderBy('sort').orderBy('id').execute();
      // Nearest site first, then the operator's order.
      rows.sort((a, b) => chain.indexOf(a.site_code) - chain.indexOf(b.site_code));
      return rows.map((r) => ({ summary: this.summary(r), name: r.name, py: squash(r.name_pinyin), ini: squash(r.name_initials) }));
    };
    const p = this.lists.through(chain[0]!, stamp, make);
    // A failed read is not kept: the next request tries again.
    p.catch(() => this.lists.delete(chain[0]!));
    return p;
  }

  async list(site: string | undefined, q: string | undefined): Promise<SpotSummary[]> {
    const all = await this.listed(site);
    const term = squash(q ?? '');
    if (!term) return all.map((x) => x.summary);
    const latin = /^[a-z0-9]+$/.test(term);
    return all
      .filter((x) => squash(x.name).includes(term) || (latin && (x.py.includes(term) || x.ini.includes(term))))
      .map((x) => x.summary);
  }

  async row(id: number): Promise<ScenicSpotRow> {
    const r = await this.ctx.db.selectFrom('scenic_spots').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || Number(r.published) !== 1) throw spotNotFound();
    return r;
  }

  /** The scenic system's resources by id, for a few minutes; a failure is not remembered. */
  async resources(): Promise<Map<string, QuotaResource>> {
    const now = Date.now();
    if (!this.resourcesMemo || now - this.resourcesMemo.at > RESOURCES_TTL_MS) {
      const value = this.quota.resources('scenic', {}).then((r) => new Map(r.resources.map((x) => [x.id, x])));
      this.resourcesMemo = { at: now, value };
      value.catch(() => {
        this.resourcesMemo = null;
      });
    }
    return this.resourcesMemo.value;
  }

  async resourceOf(r: ScenicSpotRow): Promise<QuotaResource | null> {
    if (!r.partner_resource_id) return null;
    return (await this.resources()).get(r.partner_resource_id) ?? null;
  }

  async view(id: number): Promise<SpotView> {
    const r = await this.row(id);
    let res: QuotaResource | null = null;
    if (r.partner_resource_id) {
      try {
        res = await this.resourceOf(r);
      } catch (err) {
        // The introduction does not depend on the platform; the booking step will say it is down.
        this.log.warn({ err, spotId: id }, 'scenic resources unavailable for a spot page');
      }
    }
    const mapUrl = r.lat != null && r.lng != null ? `https://uri.amap.com/marker?position=${r.lng},${r.lat}&name=${encodeURIComponent(r.name)}&coordinate=wgs84&callnative=0` : null;
    return {
      ...this.summary(r),
      photos: jsonArray(r.photo_file_ids).map(publicFileUrl),
      intro: r.intro,
      openHours: r.open_hours || res?.openHours || '',
      tickets: r.tickets,
      phone: r.phone,
      lat: r.lat == null ? null : Number(r.lat),
      lng: r.lng == null ? null : Number(r.lng),
      mapUrl,
      maxVisitors: res ? Math.min(res.maxVisitors, SPOT_MAX_VISITORS) : r.partner_resource_id ? SPOT_MAX_VISITORS : 0,
      daysAhead: res?.daysAhead ?? (r.partner_resource_id ? 7 : 0),
      notice: res?.notice ?? '',
    };
  }

  // ---- console -----------------------------------------------------------------------------------

  adminView(r: ScenicSpotRow): SpotAdminView {
    const photoFileIds = jsonArray(r.photo_file_ids);
    return {
      id: r.id,
      site: r.site_code,
      name: r.name,
      county: r.county,
      level: r.level as SpotAdminView['level'],
      summary: r.summary,
      intro: r.intro,
      openHours: r.open_hours,
      tickets: r.tickets,
      address: r.address,
      phone: r.phone,
      lat: r.lat == null ? null : Number(r.lat),
      lng: r.lng == null ? null : Number(r.lng),
      photoFileIds,
      partnerResourceId: r.partner_resource_id,
      tags: jsonArray(r.tags),
      sort: Number(r.sort),
      published: Number(r.published) === 1,
      photos: photoFileIds.map(publicFileUrl),
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    };
  }

  async siteOf(actor: Actor, site: string | undefined, action: string): Promise<string> {
    const code = site ?? actor.staff.siteCode;
    if (!(await this.sites.list()).some((s) => s.code === code)) throw notFound('站点不存在，请重新选择站点');
    await this.auditor.requireSite(actor, code, { action, objectType: 'scenic_spot' });
    return code;
  }

  async adminList(actor: Actor, site: string | undefined): Promise<{ items: SpotAdminView[]; total: number }> {
    const code = await this.siteOf(actor, site, 'tourism.spot.list');
    const rows = await this.ctx.db.selectFrom('scenic_spots').selectAll().where('site_code', '=', code).orderBy('sort').orderBy('id').execute();
    return { items: rows.map((r) => this.adminView(r)), total: rows.length };
  }

  private async validate(input: SpotAdminInput, selfId: number | null): Promise<void> {
    const fields: Record<string, string> = {};
    if (!input.name.trim()) fields.name = '请填写景点名称';
    if (!COUNTY_NAMES[input.county]) fields.county = '所在区县应为达州市的区县（如宣汉县 511722）';
    if (!input.intro.trim()) fields.intro = '请填写景点介绍';
    if ((input.lat == null) !== (input.lng == null)) fields.lat = '经度和纬度需同时填写或同时留空';
    if (new Set(input.photoFileIds).size !== input.photoFileIds.length) fields.photoFileIds = '同一张实景图不能重复添加';
    if (input.photoFileIds.length && !fields.photoFileIds) {
      // A photo must be a live file of the file centre, of this site or one it inherits from.
      const chain = await this.sites.ancestry(input.site);
      const found = await this.ctx.db.selectFrom('public_files').select(['id', 'mime']).where('id', 'in', input.photoFileIds).where('site_code', 'in', chain).where('deleted_at', 'is', null).execute();
      const ok = new Set(found.filter((f) => f.mime.startsWith('image/')).map((f) => f.id));
      if (input.photoFileIds.some((id) => !ok.has(id))) fields.photoFileIds = '实景图须从本站点（或上级站点）文件中心的图片中选择，请重新选择';
    }
    if (!fields.name) {
      let q = this.ctx.db.selectFrom('scenic_spots').select('id').where('site_code', '=', input.site).where('name', '=', input.name.trim());
      if (selfId != null) q = q.where('id', '!=', selfId);
      if (await q.executeTakeFirst()) fields.name = '本站点已有同名景点，请换一个名称';
    }
    const first = Object.values(fields)[0];
    if (first) throw badRequest(first, fields);
  }

  private values(input: SpotAdminInput, actor: Actor) {
    const name = input.name.trim();
    const { py, ini } = pinyinForms(name);
    return {
      name,
      name_pinyin: py,
      name_initials: ini,
      county: input.county,
      level: input.level,
      summary: input.summary.trim(),
      intro: input.intro.trim(),
      open_hours: input.openHours.trim(),
      tickets: input.tickets.trim(),
      address: input.address.trim(),
      phone: input.phone.trim(),
      lat: input.lat,
      lng: input.lng,
      photo_file_ids: JSON.stringify(input.photoFileIds),
      partner_resource_id: input.partnerResourceId,
      tags: JSON.stringify(input.tags.map((t) => t.trim()).filter(Boolean)),
      sort: input.sort,
      published: input.published ? 1 : 0,
      updated_by: actor.staff.username,
      updated_at: nowIso(),
    };
  }

  private async adminRow(id: number): Promise<ScenicSpotRow> {
    const r = await this.ctx.db.selectFrom('scenic_spots').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw spotNotFound();
    return r;
  }

  async create(actor: Actor, input: SpotAdminInput): Promise<SpotAdminView> {
    await this.siteOf(actor, input.site, 'tourism.spot.create');
    await this.validate(input, null);
    const v = this.values(input, actor);
    const res = await this.ctx.db
      .insertInto('scenic_spots')
      .values({ ...v, site_code: input.site, created_at: v.updated_at })
      .executeTakeFirstOrThrow();
    const id = Number(res.insertId);
    await this.auditor.record(actor, { action: 'tourism.spot.create', siteCode: input.site, objectType: 'scenic_spot', objectId: id, summary: `新增景点“${v.name}”${v.published ? '' : '（未发布）'}` });
    return this.adminView(await this.adminRow(id));
  }

  private async own(actor: Actor, id: number, action: string): Promise<ScenicSpotRow> {
    const r = await this.adminRow(id);
    await this.auditor.requireSite(actor, r.site_code, { action, objectType: 'scenic_spot', objectId: id });
    return r;
  }

  async update(actor: Actor, id: number, input: SpotAdminInput): Promise<SpotAdminView> {
    const r = await this.own(actor, id, 'tourism.spot.update');
    if (input.site !== r.site_code) throw badRequest('景点所属站点不能修改，请在目标站点新增', { site: '景点所属站点不能修改' });
    await this.validate(input, id);
    const v = this.values(input, actor);
    await this.ctx.db.updateTable('scenic_spots').set(v).where('id', '=', id).execute();
    await this.auditor.record(actor, { action: 'tourism.spot.update', siteCode: r.site_code, objectType: 'scenic_spot', objectId: id, summary: `修改景点“${v.name}”${v.published ? '' : '（未发布）'}` });
    return this.adminView(await this.adminRow(id));
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const r = await this.own(actor, id, 'tourism.spot.delete');
    await this.ctx.db.deleteFrom('scenic_spots').where('id', '=', id).execute();
    await this.auditor.record(actor, { action: 'tourism.spot.delete', siteCode: r.site_code, objectType: 'scenic_spot', objectId: id, summary: `删除景点“${r.name}”` });
  }
}
