import type { Kysely, Transaction } from 'kysely';
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

  private filtered(f: AuditFilter) {
    let q = this.db.selectFrom('audit_log');
    // null = every site (super admin); otherwise only events inside the staff member's subtree
    if (f.siteCodes) q = q.where('site_code', 'in', f.siteCodes.length ? f.siteCodes : ['-']);
    if (f.action) q = q.where('action', 'like', `%${f.action}%`);
    if (f.actorName) q = q.where('actor_name', 'like', `%${f.actorName}%`);
    if (f.result) q = q.where('result', '=', f.result as 'ok');
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.to) q = q.where('at', '<=', f.to);
    return q;
  }

  async list(f: AuditFilter, offset: number, limit: number) {
    const [rows, count] = await Promise.all([
      this.filtered(f).selectAll().orderBy('id', 'desc').offset(offset).limit(limit).execute(),
      this.filtered(f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }
}
