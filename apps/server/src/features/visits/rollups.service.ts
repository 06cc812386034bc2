/**
 * Folding raw visits into 访问统计's daily rollups, and the retention purge of raw visits.
 *
 * The fold reads raw rows after an id watermark, aggregates them in memory into (day, site, type,
 * ref) PV + visitor sketch (hll.ts) — and the coarser (day, site, type, *) and (day, site, *, *)
 * grains — and the same summed over each site's ancestors into the subtree rollups (migration
 * 0008: what a statistics read for 达州市 reads), then, in one transaction, moves the watermark with a compare-and-set and merges into
 * the rollup rows. The compare-and-set makes each batch apply exactly once even when the job runs
 * twice (at-least-once delivery) or on two instances: the second finds the watermark moved and
 * rolls back. On MariaDB the update also holds the state row's lock until commit, so rollup
 * read-merge-writes never interleave.
 *
 * Ids are allocated when an insert starts and visible when it commits, so a high id can be visible
 * before a lower one from another instance's concurrent insert. The scheduled fold therefore only
 * goes up to the highest id it saw on its previous run (a few seconds ago): every insert that had
 * taken an id by then has long committed (each is one multi-row statement of ≤ 200 rows).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { beijingDay } from '../../infra/time.js';
import { Hll } from './hll.js';
import { ALL, VisitRollupsRepository, type RawVisit, type RollupRow, type RollupTable } from './visits.repository.js';

/** Raw rows per fold transaction: bounded memory and lock time, whatever the backlog. */
const FOLD_BATCH = 20_000;
const PURGE_WINDOW = 20_000;
const DAY_MS = 86_400_000;

interface Acc {
  day: string;
  site_code: string;
  type: string;
  ref: string;
  pv: number;
  hll: Hll;
}

const keyOf = (day: string, site: string, type: string, ref: string) => `${day}\u0000${site}\u0000${type}\u0000${ref}`;

/** Aggregates raw visits into rollup increments, at the three grains. */
export function aggregate(rows: RawVisit[]): Map<string, Acc> {
  const acc = new Map<string, Acc>();
  const bump = (day: string, site: string, type: string, ref: string, visitor: string) => {
    const k = keyOf(day, site, type, ref);
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { day, site_code: site, type, ref, pv: 0, hll: new Hll() }));
    a.pv++;
    a.hll.add(visitor);
  };
  for (const r of rows) {
    bump(r.day, r.site_code, r.type, r.ref, r.visitor);
    bump(r.day, r.site_code, r.type, ALL, r.visitor);
    bump(r.day, r.site_code, ALL, ALL, r.visitor);
  }
  return acc;
}

/**
 * The site-grain increments summed over every site's subtree roots (itself and its ancestors):
 * the increments of `visit_tree_rollups`.
 */
export function perSubtree(inc: Map<string, Acc>, ancestry: (site: string) => string[]): Map<string, Acc> {
  const out = new Map<string, Acc>();
  for (const a of inc.values())
    for (const root of ancestry(a.site_code)) {
      const k = keyOf(a.day, root, a.type, a.ref);
      const cur = out.get(k);
      if (!cur) out.set(k, { ...a, site_code: root, hll: new Hll().merge(a.hll) });
      else {
        cur.pv += a.pv;
        cur.hll.merge(a.hll);
      }
    }
  return out;
}

/** A site's ancestry, nearest first, itself included (SitesService.ancestry). */
export type Ancestry = (site: string) => Promise<string[]>;

/** Adds increments to a rollup table: existing rows are read, merged and updated, new ones inserted. */
async function mergeInto(repo: VisitRollupsRepository, table: RollupTable, inc: Map<string, Acc>, days: string[], sites: string[]): Promise<void> {
  const existing = new Map((await repo.rowsOf(table, days, sites)).map((r) => [keyOf(r.day, r.site_code, r.type, r.ref), r]));
  const fresh: RollupRow[] = [];
  for (const [k, a] of inc) {
    const old = existing.get(k);
    if (!old) fresh.push({ day: a.day, site_code: a.site_code, type: a.type, ref: a.ref, pv: a.pv, hll: a.hll.encode() });
    else await repo.update(table, { ...old, pv: old.pv + a.pv, hll: Hll.decode(old.hll).merge(a.hll).encode() });
  }
  await repo.insert(table, fresh);
}

export class VisitRollups {
  /** The highest raw id seen by the previous scheduled fold (see the header). */
  private settledCeiling = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log: FastifyBaseLogger,
    private readonly ancestry: Ancestry,
  ) {}

  /**
   * Folds every raw visit after the watermark (up to `upTo`, default: all there are now — for one
   * instance: tests, the bench; the schedule uses foldSettled). Calls in one process run one after
   * another; returns how many raw rows this call folded.
   */
  fold(upTo?: number): Promise<number> {
    const run = this.chain.then(() => this.foldNow(upTo));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** The scheduled fold: up to the ceiling seen on the previous run, so no in-flight insert is skipped. */
  async foldSettled(): Promise<number> {
    const ceiling = this.settledCeiling;
    this.settledCeiling = await new VisitRollupsRepository(this.db).maxRawId();
    return ceiling ? this.fold(ceiling) : 0;
  }

  private async foldNow(upTo?: number): Promise<number> {
    const repo = new VisitRollupsRepository(this.db);
    const ceiling = upTo ?? (await repo.maxRawId());
    let folded = 0;
    for (;;) {
      const from = await repo.watermark();
      if (from >= ceiling) return folded;
      const rows = await repo.rawAfter(from, ceiling, FOLD_BATCH);
      if (!rows.length) {
        // Nothing visible up to the ceiling (deleted or rolled-back ids): skip the gap.
        await repo.advance(from, ceiling);
        return folded;
      }
      const to = rows[rows.length - 1]!.id;
      const applied = await this.apply(from, to, rows);
      if (!applied) return folded; // another instance folded this batch first
      folded += rows.length;
    }
  }

  private async apply(from: number, to: number, rows: RawVisit[]): Promise<boolean> {
    const inc = aggregate(rows);
    const days = [...new Set(rows.map((r) => r.day))];
    const sites = [...new Set(rows.map((r) => r.site_code))];
    const lineage = new Map(await Promise.all(sites.map(async (s) => [s, await this.ancestry(s).then((a) => (a.length ? a : [s]))] as const)));
    const tree = perSubtree(inc, (s) => lineage.get(s)!);
    const roots = [...new Set([...lineage.values()].flat())];
    return this.db.transaction().execute(async (trx) => {
      const repo = new VisitRollupsRepository(trx);
      // First statement of the transaction: claims the batch (and the state row's lock).
      if (!(await repo.advance(from, to))) return false;
      await mergeInto(repo, 'visit_rollups', inc, days, sites);
      await mergeInto(repo, 'visit_tree_rollups', tree, days, roots);
      return true;
    });
  }

  /**
   * Deletes raw visits older than the retention (days counted in 北京时间), only rows already
   * folded. Returns how many were deleted. Idempotent: a rerun finds less or nothing.
   */
  async purge(retentionDays: number, now = Date.now()): Promise<number> {
    const repo = new VisitRollupsRepository(this.db);
    const before = beijingDay(now - (retentionDays - 1) * DAY_MS);
    const span = await repo.purgeable(before, await repo.watermark());
    if (!span) return 0;
    let deleted = 0;
    for (let lo = span.lo; lo <= span.hi; lo += PURGE_WINDOW) deleted += await repo.purgeWindow(before, lo, Math.min(span.hi, lo + PURGE_WINDOW - 1));
    if (deleted) this.log.info({ deleted, before }, '已清理超过保存期限的原始访问记录');
    return deleted;
  }
}
