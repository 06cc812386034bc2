/**
 * THE site-inheritance rule (issue 10 §6): what a site has not configured for itself it takes from
 * the nearest site above it — a county (or zone) from its city, the city from the province. Forms
 * and workflows resolve through these two functions, so "which site's version applies" has one
 * answer everywhere (server, console preview).
 */

/** The province's code: the root of the site tree. */
export const PROVINCE_SITE = '510000';
/** 达州市: the city every county of this portal inherits from. */
export const CITY_SITE = '511700';

/**
 * The site and its ancestors, nearest first: `['511722', '511700', '510000']`. `parentOf` answers
 * from the site tree (null at the root or for a code it does not know, which then stands alone).
 * A cycle in a hand-edited tree stops the walk instead of looping.
 */
export function siteLineage(code: string, parentOf: (code: string) => string | null | undefined): string[] {
  const out: string[] = [];
  let cur: string | null | undefined = code;
  while (cur && !out.includes(cur) && out.length < 16) {
    out.push(cur);
    cur = parentOf(cur);
  }
  return out;
}

/** How a row names its site: `siteCode` in views, `site_code` in database rows. */
export type SiteOf<T> = (row: T) => string;
const bySiteCode = (r: { siteCode: string }): string => r.siteCode;

/**
 * The row of the nearest site of the lineage (its own first, then its parent's …); null when no
 * row belongs to any site of it. Rows of sites outside the lineage are ignored, so a query may
 * return more than needed.
 */
export function pickInherited<T extends { siteCode: string }>(rows: readonly T[], lineage: readonly string[]): T | null;
export function pickInherited<T>(rows: readonly T[], lineage: readonly string[], siteOf: SiteOf<T>): T | null;
export function pickInherited<T>(rows: readonly T[], lineage: readonly string[], siteOf: SiteOf<T> = bySiteCode as unknown as SiteOf<T>): T | null {
  let best: T | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const r of rows) {
    const rank = lineage.indexOf(siteOf(r));
    if (rank >= 0 && rank < bestRank) {
      best = r;
      bestRank = rank;
    }
  }
  return best;
}

/**
 * One row per key (a form code, a zone or app code …), each the nearest site's — a county overrides
 * its city's row by making one with the same key (and hides it by setting its own copy offline).
 * Rows of sites outside the lineage are dropped; the winners keep the input order.
 */
export function pickInheritedEach<T extends { siteCode: string }>(rows: readonly T[], lineage: readonly string[], keyOf: (row: T) => string): T[];
export function pickInheritedEach<T>(rows: readonly T[], lineage: readonly string[], keyOf: (row: T) => string, siteOf: SiteOf<T>): T[];
export function pickInheritedEach<T>(rows: readonly T[], lineage: readonly string[], keyOf: (row: T) => string, siteOf: SiteOf<T> = bySiteCode as unknown as SiteOf<T>): T[] {
  const best = new Map<string, { row: T; rank: number }>();
  for (const r of rows) {
    const rank = lineage.indexOf(siteOf(r));
    if (rank < 0) continue;
    const k = keyOf(r);
    const cur = best.get(k);
    if (!cur || rank < cur.rank) best.set(k, { row: r, rank });
  }
  return rows.filter((r) => best.get(keyOf(r))?.row === r);
}
