import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB, VisitRollupsTable, VisitsTable } from '../../db/schema.js';

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

// ---- rollups (migration 0007) -----------------------------------------------------------------

/** The grain marker: type '*' = every type, ref '*' = every object of the type. */
export const ALL = '*';


export interface RawVisit {
  id: number;
  day: string;
  site_code: string;
  type: VisitType;
  ref: string;
  visitor: string;
}

/** One rollup row as the services use it (the table's own shape, numbers and bytes normalised). */
export type RollupRow = VisitRollupsTable;

/**
 * The two rollup tables, of one shape: per site (`visit_rollups`) and per site subtree
 * (`visit_tree_rollups`, migration 0008: `site_code` is the subtree's root).
 */
export type RollupTable = 'visit_rollups' | 'visit_tree_rollups';

const toRollup = (r: VisitRollupsTable): RollupRow => ({ day: r.day, site_code: r.site_code, type: r.type, ref: r.ref, pv: Number(r.pv), hll: Buffer.from(r.hll) });

/**
 * The rollups of 访问统计 and the fold from raw visits into them. Every statistics read goes
 * through here and touches rollup rows only — never the raw `visits` table, whose size grows with
 * traffic.
 */
export class VisitRollupsRepository {
  private readonly db: Kysely<DB> | Transaction<DB>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db;
  }

  async watermark(): Promise<number> {
    const r = await this.db.selectFrom('visit_rollup_state').select('last_id').where('name', '=', 'visits').executeTakeFirst();
    return Number(r?.last_id ?? 0);
  }

  /** Moves the watermark only if nobody else did since `from`: the fold's exactly-once guard (and, on MariaDB, its row lock). */
  async advance(from: number, to: number): Promise<boolean> {
    const r = await this.db.updateTable('visit_rollup_state').set({ last_id: to }).where('name', '=', 'visits').where('last_id', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async maxRawId(): Promise<number> {
    const r = await this.db.selectFrom('visits').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  /** Raw visits after the watermark, by id (the primary key: an index range scan, never a table scan). */
  async rawAfter(after: number, upTo: number, limit: number): Promise<RawVisit[]> {
    const rows = await this.db
      .selectFrom('visits')
      .select(['id', 'day', 'site_code', 'type', 'ref', 'visitor'])
      .where('id', '>', after)
      .where('id', '<=', upTo)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** The rollup rows of some days and sites (the fold merges into them). */
  async rowsOf(table: RollupTable, days: string[], sites: string[]): Promise<RollupRow[]> {
    if (!days.length || !sites.length) return [];
    const rows = await this.db.selectFrom(table).selectAll().where('day', 'in', days).where('site_code', 'in', sites).execute();
    return rows.map(toRollup);
  }

  async insert(table: RollupTable, rows: RollupRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) await this.db.insertInto(table).values(rows.slice(i, i + 200)).execute();
  }

  async update(table: RollupTable, r: RollupRow): Promise<void> {
    await this.db
      .updateTable(table)
      .set({ pv: r.pv, hll: r.hll })
      .where('day', '=', r.day)
      .where('site_code', '=', r.site_code)
      .where('type', '=', r.type)
      .where('ref', '=', r.ref)
      .execute();
  }

  /** Rollup rows of a date range and some sites (subtree roots, for the tree table). */
  private range(table: RollupTable, f: { from: string; to: string }, sites: string[]) {
    return this.db
      .selectFrom(table)
      .where('day', '>=', f.from)
      .where('day', '<=', f.to)
      .where('site_code', 'in', sites.length ? sites : ['-']);
  }

  /** (day, site) rows of a type or of every type, from one table: days × sites rows at most. */
  async perDay(table: RollupTable, f: { from: string; to: string; type?: VisitType | undefined }, sites: string[]): Promise<{ day: string; site_code: string; pv: number; hll: Uint8Array }[]> {
    const rows = await this.range(table, f, sites)
      .select(['day', 'site_code', 'pv', 'hll'])
      .where('type', '=', f.type ?? ALL)
      .where('ref', '=', ALL)
      .execute();
    return rows.map((r) => ({ day: r.day, site_code: r.site_code, pv: Number(r.pv), hll: r.hll }));
  }

  /** PV per object over the range (no sketches read): objects rows. */
  async pvPerObject(table: RollupTable, f: { from: string; to: string; type?: VisitType | undefined }, sites: string[]): Promise<{ type: VisitType; ref: string; pv: number }[]> {
    let q = this.range(table, f, sites).where('ref', '<>', ALL).where('type', '<>', ALL);
    if (f.type) q = q.where('type', '=', f.type);
    const rows = await q.select((eb) => ['type', 'ref', eb.fn.sum<number | string>('pv').as('pv')]).groupBy(['type', 'ref']).execute();
    return rows.map((r) => ({ type: r.type as VisitType, ref: r.ref, pv: Number(r.pv) }));
  }

  /** The per-day (and site) sketches of some objects, to union their visitors. */
  async objectSketches(table: RollupTable, f: { from: string; to: string }, sites: string[], types: VisitType[], refs: string[]): Promise<{ type: string; ref: string; hll: Uint8Array }[]> {
    if (!types.length || !refs.length) return [];
    return this.range(table, f, sites).select(['type', 'ref', 'hll']).where('type', 'in', types).where('ref', 'in', refs).execute();
  }

  /** The CSV's flat table: one row per day, site and object. */
  async detail(f: VisitFilter, limit: number): Promise<RollupRow[]> {
    let q = this.range('visit_rollups', f, f.sites).where('ref', '<>', ALL).where('type', '<>', ALL);
    if (f.type) q = q.where('type', '=', f.type);
    const rows = await q.selectAll().orderBy('day').orderBy('site_code').orderBy('pv', 'desc').orderBy('type').orderBy('ref').limit(limit).execute();
    return rows.map(toRollup);
  }

  /** The highest folded raw id on a day before `beforeDay` (the purge never removes unfolded rows). */
  async purgeable(beforeDay: string, maxId: number): Promise<{ lo: number; hi: number } | null> {
    const r = await this.db
      .selectFrom('visits')
      .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
      .where('day', '<', beforeDay)
      .where('id', '<=', maxId)
      .executeTakeFirst();
    return r?.hi == null ? null : { lo: Number(r.lo), hi: Number(r.hi) };
  }

  /** Deletes raw visits of days before `beforeDay` in an id window (small statements, short locks). */
  async purgeWindow(beforeDay: string, fromId: number, toId: number): Promise<number> {
    const r = await this.db.deleteFrom('visits').where('id', '>=', fromId).where('id', '<=', toId).where('day', '<', beforeDay).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
