/**
 * The change feed of searchable content (table `content_changes`, migration 0009).
 *
 * Why a feed and not `updated_at > watermark` on the searched tables: apps, items and news are
 * deleted for real (no soft delete), and a department rename changes what its items are found by
 * without touching them — neither leaves an `updated_at` to find. One appended row per write
 * (kind, id) covers all of it: the reader reloads that document and upserts it, or removes it when
 * it is gone or no longer public (offline, unpublished). The repositories of the searched tables
 * call `recordContentChange` right after each write, on the same handle, so a write made inside a
 * transaction records its change in it.
 *
 * The feed position is the autoincrement id. Ids are handed out at insert but become visible at
 * commit, so a slow writer can make id 10 appear after id 11 was read: readers re-read a window of
 * the last FEED_OVERLAP ids and skip those they applied (search-index.service.ts).
 */
import type { Kysely, Transaction } from 'kysely';
import type { ContentChangeKind, DB } from '../../db/schema.js';

/** Rows older than this are purged; an instance that fell further behind rebuilds its index. */
export const FEED_RETENTION_MS = 7 * 86_400_000;
/** One write in PURGE_EVERY purges the old rows: no timer, and the table stays small. */
const PURGE_EVERY = 200;

export interface ContentChange {
  id: number;
  kind: ContentChangeKind;
  refId: number;
}

/** Appends one change. Called by the write paths of apps, items, news and departments. */
export async function recordContentChange(db: Kysely<DB> | Transaction<DB>, kind: ContentChangeKind, refId: number): Promise<void> {
  const now = Date.now();
  const res = await db.insertInto('content_changes').values({ kind, ref_id: refId, at: now }).executeTakeFirst();
  if (Number(res.insertId) % PURGE_EVERY === 0) await db.deleteFrom('content_changes').where('at', '<', now - FEED_RETENTION_MS).execute();
}

export class ContentChangesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The newest feed position (0 when empty). */
  async head(): Promise<number> {
    const r = await this.db.selectFrom('content_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return Number(r?.id ?? 0);
  }

  /** The oldest position still kept (null when empty): a reader behind it may have missed purged rows. */
  async oldest(): Promise<number | null> {
    const r = await this.db.selectFrom('content_changes').select((eb) => eb.fn.min('id').as('id')).executeTakeFirst();
    return r?.id == null ? null : Number(r.id);
  }

  /** Changes after `afterId`, oldest first, at most `limit`. */
  async since(afterId: number, limit: number): Promise<ContentChange[]> {
    const rows = await this.db.selectFrom('content_changes').select(['id', 'kind', 'ref_id']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: Number(r.id), kind: r.kind, refId: Number(r.ref_id) }));
  }
}
