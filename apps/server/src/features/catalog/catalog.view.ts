/** zones / apps rows → the shapes of packages/contracts/src/portal.ts. */
import type { AdminAppView, AdminZoneView, AppCard, AppDetail, ZoneSummary } from '@dz/contracts';
import type { AppRow, ZoneRow } from './catalog.repository.js';
import { parseJsonList } from './site-scope.js';

const isAudience = (a: string): a is 'person' | 'corp' => a === 'person' || a === 'corp';

export function toAppCard(r: AppRow): AppCard {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    icon: r.icon,
    zoneCode: r.zone_code,
    group: r.group_title,
    themes: parseJsonList(r.themes),
    audience: parseJsonList(r.audience).filter(isAudience),
    kind: r.kind,
    target: r.target,
    status: r.status,
    palm: Number(r.is_palm) === 1,
    siteCode: r.site_code,
    // A form app keeps its form code as the target; the card names it for the H5's /forms/:formCode.
    ...(r.kind === 'form' ? { formCode: r.target } : {}),
  };
}

export const toAppDetail = (r: AppRow): AppDetail => ({ ...toAppCard(r), description: r.description });

export const toAdminAppView = (r: AppRow, siteCode: string): AdminAppView => ({
  ...toAppDetail(r),
  keywords: r.keywords,
  sort: Number(r.sort),
  inherited: r.site_code !== siteCode,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toZoneSummary = (z: ZoneRow): ZoneSummary => ({
  code: z.code,
  name: z.name,
  icon: z.icon,
  color: z.color,
  intro: z.intro,
  bannerUrl: z.banner_url,
  sort: Number(z.sort),
});

export const toAdminZoneView = (z: ZoneRow, siteCode: string, appCount: number): AdminZoneView => ({
  id: Number(z.id),
  siteCode: z.site_code,
  code: z.code,
  name: z.name,
  icon: z.icon,
  color: z.color,
  intro: z.intro,
  bannerUrl: z.banner_url,
  groups: parseJsonList(z.groups),
  sort: Number(z.sort),
  status: z.status,
  inherited: z.site_code !== siteCode,
  appCount,
  updatedAt: z.updated_at,
});

export const STATUS_NAMES: Record<string, string> = { online: '上线', offline: '下线', coming: '即将上线' };
