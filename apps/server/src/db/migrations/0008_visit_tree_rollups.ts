import type { Kysely } from 'kysely';
import { Hll } from '../../features/visits/hll.js';

/**
 * issue 9 (performance), 访问统计 p95 ≤ 200 ms at 10,000,000 visits:
 * - `visit_tree_rollups`: the rollups of `visit_rollups` summed over each site's whole subtree
 *   (达州市 = the city's own visits and every county's), same grains and keys, `site_code` being the
 *   subtree's root. A statistics read for a site then unions one sketch per day and object instead
 *   of one per day, object and site (8× fewer 4 KiB sketches for 达州市). The fold job keeps both
 *   tables current in one transaction.
 *   Its primary key leads with the site, then the object, then the day: what a statistics read asks
 *   (one root, some objects, a range of days) is then one short range of the clustered index. Led by
 *   the day, as `visit_rollups` is, MariaDB read every row of the range — 4 KiB sketches stored in
 *   the row — to keep one site's rows: ~1 s per request at 47,000 rollup rows.
 *   `ix_visit_tree_rollups_site_day` (site, day, type, ref, pv) answers the PV-per-object sum from
 *   the index alone and finds a day's rows for the fold.
 * - `ix_visit_rollups_site` on `visit_rollups` (site, type, ref, day): the per-site figures read
 *   days × sites rows through it instead of the whole date range.
 * Existing rollups are folded into it here, one day at a time (bounded memory). The tree is the one
 * of the `sites` table at the time of the fold: a site moved to another parent later counts under
 * its old parent for the days folded before the move.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('visit_tree_rollups')
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    /** the subtree's root site */
    .addColumn('site_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('ref', 'varchar(64)', (c) => c.notNull())
    .addColumn('pv', 'bigint', (c) => c.notNull())
    .addColumn('hll', 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_visit_tree_rollups', ['site_code', 'type', 'ref', 'day'])
    .execute();
  await db.schema.createIndex('ix_visit_tree_rollups_site_day').on('visit_tree_rollups').columns(['site_code', 'day', 'type', 'ref', 'pv']).execute();
  await db.schema.createIndex('ix_visit_rollups_site').on('visit_rollups').columns(['site_code', 'type', 'ref', 'day']).execute();
  await backfill(db);
}

/** Builds `visit_tree_rollups` from `visit_rollups` (exported for the test that compares it with the fold's). */
export async function backfill(db: Kysely<any>): Promise<void> {
  const sites: { code: string; parent_code: string | null }[] = await db.selectFrom('sites').select(['code', 'parent_code']).execute();
  const parent = new Map(sites.map((s) => [s.code, s.parent_code]));
  const ancestry = (code: string) => {
    const out: string[] = [];
    for (let c: string | null | undefined = code; c && !out.includes(c); c = parent.get(c)) out.push(c);
    return out;
  };
  const days: { day: string }[] = await db.selectFrom('visit_rollups').select('day').distinct().execute();
  for (const { day } of days) {
    const rows: { site_code: string; type: string; ref: string; pv: number | string; hll: Uint8Array }[] = await db
      .selectFrom('visit_rollups')
      .select(['site_code', 'type', 'ref', 'pv', 'hll'])
      .where('day', '=', day)
      .execute();
    const acc = new Map<string, { day: string; site_code: string; type: string; ref: string; pv: number; hll: Hll }>();
    for (const r of rows)
      for (const root of ancestry(r.site_code)) {
        const k = `${root}\u0000${r.type}\u0000${r.ref}`;
        let a = acc.get(k);
        if (!a) acc.set(k, (a = { day, site_code: root, type: r.type, ref: r.ref, pv: 0, hll: new Hll() }));
        a.pv += Number(r.pv);
        a.hll.mergeEncoded(r.hll);
      }
    const out = [...acc.values()].map((a) => ({ ...a, hll: a.hll.encode() }));
    for (let i = 0; i < out.length; i += 200) await db.insertInto('visit_tree_rollups').values(out.slice(i, i + 200)).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ix_visit_rollups_site').on('visit_rollups').execute();
  await db.schema.dropTable('visit_tree_rollups').execute();
}
