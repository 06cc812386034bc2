import type { Kysely } from 'kysely';
import { looksLikePersonalData } from '@dz/contracts';

/**
 * Search terms that look like personal data are no longer kept (issue 8): this removes the ones
 * kept before. 搜索历史 (search_history) stores the term in plain text next to a user id or a device
 * digest, and 热门搜索 (search_terms) counts plain terms per site; rows of either whose term looks
 * like an ID, phone or bank card number or a credit code are deleted, pinned or not.
 *
 * The rule is the same function the server now applies before storing (packages/contracts/src/pii.ts),
 * so what this purges is exactly what can no longer be written. It is not expressible in SQL
 * portable to SQLite and MariaDB (no REGEXP on SQLite), so rows are read in id order by pages and
 * deleted by id. Running it again finds nothing to do; there is nothing to restore on the way down.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving DB type */
const PAGE = 1000;

export async function purgePersonalSearchTerms(db: Kysely<any>): Promise<{ history: number; hot: number }> {
  const purge = async (table: 'search_history' | 'search_terms'): Promise<number> => {
    let after = 0;
    let removed = 0;
    for (;;) {
      const rows: { id: number; term: string }[] = await db.selectFrom(table).select(['id', 'term']).where('id', '>', after).orderBy('id').limit(PAGE).execute();
      if (!rows.length) return removed;
      after = Number(rows[rows.length - 1]!.id);
      const ids = rows.filter((r) => looksLikePersonalData(r.term)).map((r) => Number(r.id));
      if (ids.length) {
        await db.deleteFrom(table).where('id', 'in', ids).execute();
        removed += ids.length;
      }
    }
  };
  return { history: await purge('search_history'), hot: await purge('search_terms') };
}

export async function up(db: Kysely<any>): Promise<void> {
  await purgePersonalSearchTerms(db);
}

export async function down(): Promise<void> {
  // Deleted personal data is not brought back.
}
