/**
 * Row → card mapping for the catalog tables as pages, search and 我的订阅 read them. The catalog
 * feature owns those tables; these readers only need the list shapes of packages/contracts.
 */
import { pickInheritedEach, type AppCard, type ItemCard, type NewsCard } from '@dz/contracts';
import type { Selectable } from 'kysely';
import type { AppsTable, ItemsTable, NewsTable } from '../../db/schema.js';

export type AppRow = Selectable<AppsTable>;
export type ItemRow = Selectable<ItemsTable> & { department_name: string | null };
export type NewsRow = Selectable<NewsTable>;

/** JSON list columns (themes, audience); a plain comma list is accepted too, so hand-edited rows still read. */
export function parseList(value: string | null | undefined): string[] {
  if (!value) return [];
  try {
    const v: unknown = JSON.parse(value);
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  } catch {
    // not JSON: fall through to the comma list
  }
  return value
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function toAppCard(r: AppRow): AppCard {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    icon: r.icon,
    zoneCode: r.zone_code,
    group: r.group_title,
    themes: parseList(r.themes),
    audience: parseList(r.audience).filter((a): a is 'person' | 'corp' => a === 'person' || a === 'corp'),
    kind: r.kind,
    target: r.target,
    status: r.status,
    palm: Number(r.is_palm) === 1,
    siteCode: r.site_code,
    // A form app keeps its form code as the target; the card names it for the H5's /forms/:formCode.
    ...(r.kind === 'form' ? { formCode: r.target } : {}),
  };
}

export function toItemCard(r: ItemRow): ItemCard {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    departmentId: Number(r.department_id),
    departmentName: r.department_name ?? '',
    audience: r.audience,
    theme: r.theme,
    online: Number(r.online) === 1,
    bookable: Number(r.bookable) === 1,
    siteCode: r.site_code,
  };
}

export function toNewsCard(r: Pick<NewsRow, 'id' | 'title' | 'cover_url' | 'summary' | 'published_at' | 'site_code'>): NewsCard {
  return { id: Number(r.id), title: r.title, coverUrl: r.cover_url, summary: r.summary, publishedAt: r.published_at, siteCode: r.site_code };
}

/**
 * Content belongs to the site that made it and a county inherits the city's (DOMAIN.md): when a
 * county and the city both have a row with the same code, the county's wins (contracts' one
 * inheritance rule). Keeps the input order.
 */
export function nearestByCode<T extends { code: string; site_code: string }>(rows: T[], ancestry: string[]): T[] {
  return pickInheritedEach(rows, ancestry, (r) => r.code, (r) => r.site_code);
}
