import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface AuditRecord {
  actorType: 'staff' | 'user' | 'system';
  actorId: number | null;
  actorName: string | null;
  siteCode: string | null;
  action: string;
  objectType?: string | null;
  objectId?: string | number | null;
  summary?: string | null;
  ip?: string | null;
  result: 'ok' | 'denied' | 'failed';
  requestId?: string | null;
}

export interface AuditFilter {
  siteCodes: string[] | null;
  action?: string;
  actorName?: string;
  result?: string;
  from?: string;
  to?: string;
}

/** Append-only: this repository has no update or delete, by design (等保 §8.1.4.3 安全审计). */
export class AuditRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async insert(r: AuditRecord, at: string): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at,
        actor_type: r.actorType,
        actor_id: r.actorId,
        actor_name: r.actorName,
        site_code: r.siteCode,
        action: r.action,
        object_type: r.objectType ?? null,
        object_id: r.objectId == null ? null : String(r.objectId),
        summary: r.summary ? r.summary.slice(0, 1000) : null,
        ip: r.ip ?? null,
        result: r.result,
        request_id: r.requestId ?? null,
      })
      .execute();
  }

  /**
   * The filters, each one an index can answer: site (ix_audit_site_id), action and actor name by
   * prefix (ix_audit_action_id / ix_audit_actor_id: a range, plus LIKE for MariaDB's
   * case-insensitive collation), result, and the time range as an id range (see idRange).
   */
  private filtered(f: AuditFilter) {
    let q = this.db.selectFrom('audit_log');
    // null = every site (super admin); otherwise only events inside the staff member's subtree
    if (f.siteCodes) q = q.where('site_code', 'in', f.siteCodes.length ? f.siteCodes : ['-']);
    for (const [col, v] of [['action', f.action], ['actor_name', f.actorName]] as const) {
      if (!v) continue;
      // The range lets SQLite seek the index (its LIKE cannot on a BINARY column); U+10FFFF sorts
      // after every character, so the range holds every string starting with v.
      // '!' escapes LIKE's wildcards on both databases (a backslash would need different quoting in each).
      const pattern = `${v.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      q = q.where(col, '>=', v).where(col, '<', `${v}\u{10FFFF}`).where(sql<boolean>`${sql.ref(col)} like ${pattern} escape '!'`);
    }
    if (f.result) q = q.where('result', '=', f.result as 'ok');
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.to) q = q.where('at', '<=', f.to);
    return q;
  }

  /**
   * The ids a time range spans, from the `at` index (two seeks): entries are appended in time
   * order, so the range of `at` is a range of ids, which bounds every page and every export window
   * by the primary key. The `at` conditions stay in the query for exactness at the edges.
   */
  async idRange(f: Pick<AuditFilter, 'from' | 'to'>): Promise<{ lo: number; hi: number } | null> {
    const first = f.from
      ? await this.db.selectFrom('audit_log').select('id').where('at', '>=', f.from).orderBy('at').orderBy('id').limit(1).executeTakeFirst()
      : await this.db.selectFrom('audit_log').select('id').orderBy('id').limit(1).executeTakeFirst();
    const last = f.to
      ? await this.db.selectFrom('audit_log').select('id').where('at', '<=', f.to).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()
      : await this.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!first || !last || Number(first.id) > Number(last.id)) return null;
    return { lo: Number(first.id), hi: Number(last.id) };
  }

  /**
   * One keyset page, newest first: matching entries with id < before (or the newest), at most
   * `limit`, looking at no more than `maxScan` ids — a bound by the primary key whatever the
   * filters, so a rare match cannot turn a page into a scan of the log. `next` is where the
   * following page starts (null at the oldest entry); a short page with a `next` means the
   * window ran out before the page filled, and the console offers to look further back.
   */
  async page(f: AuditFilter, before: number | undefined, limit: number, maxScan: number) {
    const range = await this.idRange(f);
    if (!range) return { rows: [], next: null };
    const top = Math.min(range.hi, before === undefined ? range.hi : before - 1);
    const floor = Math.max(range.lo - 1, top - maxScan);
    const rows = await this.window(f, floor, top).limit(limit).execute();
    const next = rows.length === limit ? Number(rows[rows.length - 1]!.id) : floor >= range.lo ? floor + 1 : null;
    return { rows, next };
  }

  /** Matching entries with lo < id <= hi, newest first: one export window, bounded by the primary key whatever the filters. */
  window(f: AuditFilter, lo: number, hi: number) {
    return this.filtered(f).selectAll().where('id', '>', lo).where('id', '<=', hi).orderBy('id', 'desc');
  }
}
