/**
 * Site inheritance for public catalogue reads (DOMAIN.md: content belongs to the site that made
 * it; a county shows its own and inherits the city's and the province's). Shared by the catalog,
 * items, news and messages features.
 */
import { CITY_SITE, pickInheritedEach } from '@dz/contracts';
import { notFound } from '../../infra/errors.js';
import type { SitesService } from '../sites/sites.service.js';

/** The site a public request is about when it names none: the 达州市 station itself. */
export const DEFAULT_SITE = CITY_SITE;

/** The site's ancestry, nearest first; an unknown site is a 404 so a mistyped code is not silently the city. */
export async function ancestryOf(sites: SitesService, code: string | undefined): Promise<string[]> {
  const ancestry = await sites.ancestry(code ?? DEFAULT_SITE);
  if (!ancestry.length) throw notFound('站点不存在，请重新选择站点');
  return ancestry;
}

/**
 * Among rows sharing a code, the one of the nearest site wins: a county overrides a city's zone
 * or app by making one with the same code (and can hide it by setting its own copy offline).
 * Rows from sites outside the ancestry are dropped. The one rule of contracts' sites.ts.
 */
export function nearestWins<T extends { site_code: string; code: string }>(rows: T[], ancestry: string[]): T[] {
  return pickInheritedEach(rows, ancestry, (r) => r.code, (r) => r.site_code);
}

/** JSON list columns (themes, audience, groups); anything unreadable reads as empty rather than failing a page. */
export function parseJsonList(text: string | null | undefined): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** JSON object-array columns (materials, steps, windows). */
export function parseJsonArray<T>(text: string | null | undefined): T[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

/** A LIKE pattern for a user's keyword with its wildcards taken literally (ESCAPE '!' works on SQLite and MySQL alike). */
export function likePattern(keyword: string): string {
  return `%${keyword.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export function paging(q: { page?: number | undefined; pageSize?: number | undefined }, defaultSize = 20): { page: number; pageSize: number; offset: number } {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? defaultSize;
  return { page, pageSize, offset: (page - 1) * pageSize };
}
