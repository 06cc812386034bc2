/**
 * The figures of 访问统计 and the rows of its CSV, read from the rollups and merged — the part of a
 * statistics request whose cost grows with days × objects. It runs in the statistics worker thread
 * (stats.worker.ts, on its own database connection) so that neither the synchronous SQLite reads
 * nor the sketch unions ever hold the event loop that answers other requests; the names, the audit
 * and the response stay on the request thread (visits.service.ts).
 *
 * What is read, for a site S over D days:
 * - daily and overall PV/UV: S's subtree rollups (site, *, *): D rows;
 * - per site: each site's own (day, site) rows: D × sites rows;
 * - PV per object: a grouped sum over S's subtree rollups, no sketch read;
 * - UV per object only for the objects that can make the top list and for the zones (byZone):
 *   D rows each from the subtree rollups.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { Hll } from './hll.js';
import { VisitRollupsRepository, type VisitFilter, type VisitType } from './visits.repository.js';

export const TOP_LIMIT = 20;
export const CSV_LIMIT = 50_000;

export interface PvUv {
  pv: number;
  uv: number;
}

/** What a worker is asked: the site (the subtree's root), its subtree and the range. Structured-clone safe. */
export type StatsFilter = VisitFilter & { site: string };

export interface StatsFigures {
  daily: ({ day: string } & PvUv)[];
  totals: PvUv;
  bySite: ({ site: string } & PvUv)[];
  top: ({ type: VisitType; ref: string } & PvUv)[];
  zones: ({ ref: string } & PvUv)[];
}

export type DetailRow = { day: string; site: string; type: VisitType; ref: string } & PvUv;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** PV summed and visitors unioned per key, straight from the stored sketch bytes. */
function unionBy<R extends { pv?: number; hll: Uint8Array }>(rows: R[], keyOf: (r: R) => string): Map<string, { pv: number; hll: Hll }> {
  const out = new Map<string, { pv: number; hll: Hll }>();
  for (const r of rows) {
    const k = keyOf(r);
    let cur = out.get(k);
    if (!cur) out.set(k, (cur = { pv: 0, hll: new Hll() }));
    cur.pv += r.pv ?? 0;
    cur.hll.mergeEncoded(r.hll);
  }
  return out;
}

export async function readStats(db: Kysely<DB>, f: StatsFilter): Promise<StatsFigures> {
  const repo = new VisitRollupsRepository(db);
  const root = [f.site];
  const [days, own, objects] = await Promise.all([
    repo.perDay('visit_tree_rollups', f, root),
    repo.perDay('visit_rollups', f, f.sites),
    repo.pvPerObject('visit_tree_rollups', f, root),
  ]);
  const daily = days.map((r) => ({ day: r.day, pv: r.pv, uv: Hll.countEncoded(r.hll) })).sort((a, b) => byText(a.day, b.day));
  const all = unionBy(days, () => '');
  const totals = { pv: all.get('')?.pv ?? 0, uv: all.get('')?.hll.count() ?? 0 };
  const bySite = [...unionBy(own, (r) => r.site_code)].map(([site, v]) => ({ site, pv: v.pv, uv: v.hll.count() })).sort((a, b) => b.pv - a.pv || byText(a.site, b.site));

  // The top list orders by PV, then UV: only objects whose PV reaches the TOP_LIMIT-th PV can be in it.
  const byPv = [...objects].sort((a, b) => b.pv - a.pv);
  const floor = byPv.length > TOP_LIMIT ? byPv[TOP_LIMIT - 1]!.pv : 0;
  const candidates = byPv.filter((o) => o.pv >= floor);
  const zoneRefs = !f.type || f.type === 'zone' ? objects.filter((o) => o.type === 'zone').map((o) => o.ref) : [];
  const types = [...new Set(candidates.map((c) => c.type).concat(zoneRefs.length ? ['zone'] : []))];
  const sketches = await repo.objectSketches('visit_tree_rollups', f, root, types, [...new Set([...candidates.map((c) => c.ref), ...zoneRefs])]);
  const perObject = unionBy(sketches, (r) => `${r.type}\u0000${r.ref}`);
  const uvOf = (type: string, ref: string) => perObject.get(`${type}\u0000${ref}`)?.hll.count() ?? 0;
  const top = candidates
    .map((c) => ({ type: c.type, ref: c.ref, pv: c.pv, uv: uvOf(c.type, c.ref) }))
    .sort((a, b) => b.pv - a.pv || b.uv - a.uv || byText(a.type, b.type) || byText(a.ref, b.ref))
    .slice(0, TOP_LIMIT);
  const zones = objects
    .filter((o) => o.type === 'zone')
    .map((o) => ({ ref: o.ref, pv: o.pv, uv: uvOf('zone', o.ref) }))
    .sort((a, b) => b.pv - a.pv || byText(a.ref, b.ref));
  return { daily, totals, bySite, top, zones };
}

/** The CSV's flat table (day × site × object), UV counted per row. */
export async function readDetail(db: Kysely<DB>, f: StatsFilter): Promise<DetailRow[]> {
  const rows = await new VisitRollupsRepository(db).detail(f, CSV_LIMIT);
  return rows.map((r) => ({ day: r.day, site: r.site_code, type: r.type as VisitType, ref: r.ref, pv: r.pv, uv: Hll.countEncoded(r.hll) }));
}
