/**
 * Public reads of the catalogue: service zones (主题集成专区), 便民 themes and apps, for one site.
 * Nothing is cached: a console change shows on the next request (ARCHITECTURE rule 9), and a
 * site's whole app list is a few hundred small rows.
 */
import { PALM_ALL_GROUP, THEMES, type AppCard, type AppDetail, type ThemeSummary, type ZoneDetail, type ZoneGroup, type ZoneSummary } from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../infra/errors.js';
import type { SitesService } from '../sites/sites.service.js';
import { AppsRepository, ZonesRepository, type AppRow, type ZoneRow } from './catalog.repository.js';
import { toAppCard, toAppDetail, toZoneSummary } from './catalog.view.js';
import { ancestryOf, nearestWins, parseJsonList } from './site-scope.js';

/** Title for a zone's apps filed under no group or a group the zone no longer lists. */
export const UNGROUPED_TITLE = '更多服务';

export interface AppFilter {
  palm?: boolean | undefined;
  zone?: string | undefined;
  theme?: string | undefined;
  audience?: 'person' | 'corp' | undefined;
}

const byOrder = (a: { sort: number; id: number }, b: { sort: number; id: number }) => Number(a.sort) - Number(b.sort) || Number(a.id) - Number(b.id);

export class CatalogService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
  ) {}

  /** The zones a site shows (nearest site wins per code), online only, in display order. */
  async resolvedZones(ancestry: string[]): Promise<ZoneRow[]> {
    return nearestWins(await new ZonesRepository(this.db).listBySites(ancestry), ancestry).sort((a, b) => Number(a.sort) - Number(b.sort) || a.code.localeCompare(b.code));
  }

  /**
   * The apps a site shows: nearest site wins per code *before* the status filter, so a county's
   * offline copy hides the city's app on that county only. 'coming' (即将上线) apps are shown.
   */
  async resolvedApps(ancestry: string[]): Promise<AppRow[]> {
    return nearestWins(await new AppsRepository(this.db).listBySites(ancestry), ancestry)
      .filter((a) => a.status !== 'offline')
      .sort(byOrder);
  }

  async zones(site: string | undefined): Promise<ZoneSummary[]> {
    const ancestry = await ancestryOf(this.sites, site);
    return (await this.resolvedZones(ancestry)).filter((z) => z.status === 'online').map(toZoneSummary);
  }

  async zone(site: string | undefined, code: string): Promise<ZoneDetail> {
    const ancestry = await ancestryOf(this.sites, site);
    const zone = (await this.resolvedZones(ancestry)).find((z) => z.code === code && z.status === 'online');
    if (!zone) throw notFound('该服务专区不存在或已下线');
    const apps = await this.resolvedApps(ancestry);
    return { ...toZoneSummary(zone), groups: groupApps(zone, apps) };
  }

  async themes(site: string | undefined): Promise<ThemeSummary[]> {
    const apps = await this.resolvedApps(await ancestryOf(this.sites, site));
    return Object.entries(THEMES).map(([code, name]) => ({ code, name, appCount: apps.filter((a) => parseJsonList(a.themes).includes(code)).length }));
  }

  async themeApps(site: string | undefined, code: string): Promise<AppCard[]> {
    if (!(code in THEMES)) throw notFound('该主题不存在');
    return this.apps(site, { theme: code });
  }

  async apps(site: string | undefined, f: AppFilter): Promise<AppCard[]> {
    const apps = await this.resolvedApps(await ancestryOf(this.sites, site));
    return apps
      .filter((a) => f.palm === undefined || (Number(a.is_palm) === 1) === f.palm)
      .filter((a) => !f.zone || a.zone_code === f.zone)
      .filter((a) => !f.theme || parseJsonList(a.themes).includes(f.theme))
      .filter((a) => !f.audience || parseJsonList(a.audience).includes(f.audience))
      .map(toAppCard);
  }

  /** One app by id, whichever site owns it; an app taken offline is gone for citizens. */
  async app(id: number): Promise<AppDetail> {
    const row = await new AppsRepository(this.db).findById(id);
    if (!row || row.status === 'offline') throw notFound('该应用不存在或已下线');
    return toAppDetail(row);
  }
}

/**
 * The zone's groups in its configured order, each with its apps by sort. Apps filed under a
 * group the zone does not list are still shown, after the configured ones, so nothing an
 * operator filed disappears silently. Groups without apps are left out: the H5 draws no empty
 * headings. In 掌上办 the 全部应用 group lists every 掌上办 app of the site (需求说明书: 专区展示
 * 天府通办APP接入的全部掌上办应用).
 */
export function groupApps(zone: ZoneRow, apps: AppRow[]): ZoneGroup[] {
  const titles = parseJsonList(zone.groups);
  const buckets = new Map<string, AppRow[]>(titles.map((t) => [t, []]));
  for (const a of apps) {
    if (a.zone_code !== zone.code) continue;
    const title = a.group_title ?? UNGROUPED_TITLE;
    if (!buckets.has(title)) buckets.set(title, []);
    buckets.get(title)!.push(a);
  }
  if (zone.code === 'palm' && buckets.has(PALM_ALL_GROUP)) {
    const palm = apps.filter((a) => Number(a.is_palm) === 1);
    // The zone's own apps first, then the others in their usual order.
    palm.sort((a, b) => Number(b.zone_code === 'palm') - Number(a.zone_code === 'palm') || byOrder(a, b));
    buckets.set(PALM_ALL_GROUP, palm);
  }
  return [...buckets]
    .filter(([, list]) => list.length > 0)
    .map(([title, list]) => ({ title, apps: list.map(toAppCard) }));
}
