/**
 * The site tree (分站点). Small and read on nearly every request, so it is cached per app
 * instance; the tree changes only by migration, not at run time.
 */
import type { SiteNode } from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { DB, SiteRow } from '../../db/schema.js';
import { SitesRepository } from './sites.repository.js';

export class SitesService {
  private rows: SiteRow[] | null = null;
  constructor(private readonly db: Kysely<DB>) {}

  async list(): Promise<SiteRow[]> {
    this.rows ??= await new SitesRepository(this.db).all();
    return this.rows;
  }

  async tree(rootCode = '510000'): Promise<SiteNode | null> {
    const rows = await this.list();
    const build = (r: SiteRow): SiteNode => ({
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.parent_code,
      lat: r.lat,
      lng: r.lng,
      children: rows.filter((c) => c.parent_code === r.code).map(build),
    });
    const root = rows.find((r) => r.code === rootCode);
    return root ? build(root) : null;
  }

  /** The code itself and every code below it. */
  async subtree(code: string): Promise<string[]> {
    const rows = await this.list();
    const out: string[] = [];
    const walk = (c: string) => {
      out.push(c);
      for (const r of rows) if (r.parent_code === c) walk(r.code);
    };
    if (rows.some((r) => r.code === code)) walk(code);
    return out;
  }

  /** The code and its ancestors, nearest first: a county inherits the city's content. */
  async ancestry(code: string): Promise<string[]> {
    const rows = await this.list();
    const out: string[] = [];
    let cur = rows.find((r) => r.code === code);
    while (cur) {
      out.push(cur.code);
      cur = cur.parent_code ? rows.find((r) => r.code === cur!.parent_code) : undefined;
    }
    return out;
  }

  /** Nearest site by great-circle (haversine) distance to its seat. */
  async nearest(lat: number, lng: number): Promise<SiteRow | null> {
    const rad = (d: number) => (d * Math.PI) / 180;
    const dist = (r: SiteRow) => {
      const dLat = rad(r.lat! - lat);
      const dLng = rad(r.lng! - lng);
      const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat)) * Math.cos(rad(r.lat!)) * Math.sin(dLng / 2) ** 2;
      return 2 * 6371 * Math.asin(Math.sqrt(a));
    };
    const candidates = (await this.list()).filter((r) => r.lat != null && r.lng != null);
    let best: SiteRow | null = null;
    let bestD = Infinity;
    for (const r of candidates) {
      const d = dist(r);
      if (d < bestD) {
        best = r;
        bestD = d;
      }
    }
    return best;
  }
}
