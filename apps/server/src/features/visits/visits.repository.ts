import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB, VisitsTable } from '../../db/schema.js';

export type NewVisit = Insertable<VisitsTable>;
export type VisitType = VisitsTable['type'];

export interface VisitFilter {
  from: string;
  to: string;
  sites: string[];
  type?: VisitType | undefined;
}

export interface PvUvRow {
  pv: number;
  uv: number;
}

/** Many rows per statement, but few enough to stay far below any bound-parameter limit. */
const INSERT_CHUNK = 200;

export class VisitsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async insertMany(rows: NewVisit[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await this.db.insertInto('visits').values(rows.slice(i, i + INSERT_CHUNK)).execute();
  }

  private base(f: VisitFilter) {
    let q = this.db
      .selectFrom('visits')
      .where('day', '>=', f.from)
      .where('day', '<=', f.to)
      .where('site_code', 'in', f.sites.length ? f.sites : ['-']);
    if (f.type) q = q.where('type', '=', f.type);
    return q;
  }

  async daily(f: VisitFilter): Promise<({ day: string } & PvUvRow)[]> {
    const rows = await this.base(f)
      .select((eb) => ['day', eb.fn.countAll().as('pv'), eb.fn.count('visitor').distinct().as('uv')])
      .groupBy('day')
      .orderBy('day')
      .execute();
    return rows.map((r) => ({ day: r.day, pv: Number(r.pv), uv: Number(r.uv) }));
  }

  /** PV and distinct visitors over the whole filter (a visitor on two days counts once). */
  async totals(f: VisitFilter): Promise<PvUvRow> {
    const r = await this.base(f)
      .select((eb) => [eb.fn.countAll().as('pv'), eb.fn.count('visitor').distinct().as('uv')])
      .executeTakeFirst();
    return { pv: Number(r?.pv ?? 0), uv: Number(r?.uv ?? 0) };
  }

  async top(f: VisitFilter, limit: number): Promise<({ type: VisitType; ref: string } & PvUvRow)[]> {
    const rows = await this.base(f)
      .select((eb) => ['type', 'ref', eb.fn.countAll().as('pv'), eb.fn.count('visitor').distinct().as('uv')])
      .groupBy(['type', 'ref'])
      .orderBy('pv', 'desc')
      .orderBy('uv', 'desc')
      .orderBy('type')
      .orderBy('ref')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ type: r.type, ref: r.ref, pv: Number(r.pv), uv: Number(r.uv) }));
  }

  async byRef(f: VisitFilter & { type: VisitType }): Promise<({ ref: string } & PvUvRow)[]> {
    const rows = await this.base(f)
      .select((eb) => ['ref', eb.fn.countAll().as('pv'), eb.fn.count('visitor').distinct().as('uv')])
      .groupBy('ref')
      .orderBy('pv', 'desc')
      .orderBy('ref')
      .execute();
    return rows.map((r) => ({ ref: r.ref, pv: Number(r.pv), uv: Number(r.uv) }));
  }

  async bySite(f: VisitFilter): Promise<({ site: string } & PvUvRow)[]> {
    const rows = await this.base(f)
      .select((eb) => ['site_code', eb.fn.countAll().as('pv'), eb.fn.count('visitor').distinct().as('uv')])
      .groupBy('site_code')
      .orderBy('pv', 'desc')
      .orderBy('site_code')
      .execute();
    return rows.map((r) => ({ site: r.site_code, pv: Number(r.pv), uv: Number(r.uv) }));
  }

  /** One row per day, site and object: the flat table of the CSV export. */
  async detail(f: VisitFilter, limit: number): Promise<({ day: string; site: string; type: VisitType; ref: string } & PvUvRow)[]> {
    const rows = await this.base(f)
      .select((eb) => ['day', 'site_code', 'type', 'ref', eb.fn.countAll().as('pv'), eb.fn.count('visitor').distinct().as('uv')])
      .groupBy(['day', 'site_code', 'type', 'ref'])
      .orderBy('day')
      .orderBy('site_code')
      .orderBy('pv', 'desc')
      .orderBy('type')
      .orderBy('ref')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ day: r.day, site: r.site_code, type: r.type, ref: r.ref, pv: Number(r.pv), uv: Number(r.uv) }));
  }
}

/** Names of what was visited, for statistics and footprints (the catalog tables, read only). */
export class VisitNamesRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async apps(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db.selectFrom('apps').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  }

  async items(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db.selectFrom('items').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  }

  async news(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db.selectFrom('news').select(['id', 'title']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [Number(r.id), r.title]));
  }

  /** Zone names by code; with `sites` (nearest first) the nearest site's name wins. */
  async zones(codes: string[], sites?: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    let q = this.db.selectFrom('zones').select(['code', 'name', 'site_code']).where('code', 'in', codes);
    if (sites) q = q.where('site_code', 'in', sites.length ? sites : ['-']);
    const rows = await q.execute();
    const rank = (s: string) => (sites ? sites.indexOf(s) : s === '511700' ? -1 : 0);
    rows.sort((a, b) => rank(b.site_code) - rank(a.site_code));
    // Later entries overwrite earlier ones: the best-ranked site is written last.
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
