/**
 * transit_history (最近使用): one row per owner and (kind, ref). The owner is a citizen (user_id) or,
 * for an anonymous visitor, the keyed digest of the device id (device_id "d:<hmac>", never the raw
 * id — features/visits/visitor.ts).
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { DB, TransitHistoryTable } from '../../db/schema.js';

export type TransitHistoryRow = Selectable<TransitHistoryTable>;
export type HistoryOwner = { userId: number } | { deviceId: string };

const ownerIs = (owner: HistoryOwner) => (eb: ExpressionBuilder<DB, 'transit_history'>) =>
  'userId' in owner ? eb('user_id', '=', owner.userId) : eb('device_id', '=', owner.deviceId);

export class HistoryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(owner: HistoryOwner, limit: number): Promise<TransitHistoryRow[]> {
    return this.db.selectFrom('transit_history').selectAll().where(ownerIs(owner)).orderBy('viewed_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** Moves an existing (kind, ref) to now with the latest title; the row's id, or null when there was none. */
  async touch(owner: HistoryOwner, v: { kind: string; ref: string; title: string; subtitle: string; site: string }, now: string): Promise<number | null> {
    const row = await this.db.selectFrom('transit_history').select('id').where(ownerIs(owner)).where('kind', '=', v.kind).where('ref', '=', v.ref).orderBy('id', 'desc').executeTakeFirst();
    if (!row) return null;
    await this.db.updateTable('transit_history').set({ viewed_at: now, title: v.title, subtitle: v.subtitle, site_code: v.site }).where('id', '=', row.id).execute();
    return row.id;
  }

  async insert(owner: HistoryOwner, v: { kind: string; ref: string; title: string; subtitle: string; site: string }, now: string): Promise<number> {
    const r = await this.db
      .insertInto('transit_history')
      .values({
        user_id: 'userId' in owner ? owner.userId : null,
        device_id: 'deviceId' in owner ? owner.deviceId : null,
        site_code: v.site,
        kind: v.kind,
        ref: v.ref,
        title: v.title,
        subtitle: v.subtitle,
        viewed_at: now,
      })
      .executeTakeFirstOrThrow();
    return Number(r.insertId);
  }

  byId(owner: HistoryOwner, id: number): Promise<TransitHistoryRow | undefined> {
    return this.db.selectFrom('transit_history').selectAll().where(ownerIs(owner)).where('id', '=', id).executeTakeFirst();
  }

  /** Keeps the newest `keep` rows (and drops a duplicate (kind, ref) two racing views left). Two steps: MySQL cannot delete from a table it sub-selects. */
  async trim(owner: HistoryOwner, keep: number): Promise<void> {
    const rows = await this.db.selectFrom('transit_history').select(['id', 'kind', 'ref']).where(ownerIs(owner)).orderBy('viewed_at', 'desc').orderBy('id', 'desc').limit(keep + 50).execute();
    const seen = new Set<string>();
    const drop: number[] = [];
    for (const r of rows) {
      const k = `${r.kind}\u0000${r.ref}`;
      if (seen.has(k) || seen.size >= keep) drop.push(r.id);
      else seen.add(k);
    }
    if (drop.length) await this.db.deleteFrom('transit_history').where('id', 'in', drop).execute();
  }

  async remove(owner: HistoryOwner, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('transit_history').where(ownerIs(owner)).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async clear(owner: HistoryOwner): Promise<void> {
    await this.db.deleteFrom('transit_history').where(ownerIs(owner)).execute();
  }
}
