import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, SearchTermsTable } from '../../db/schema.js';
import type { AppRow, ItemRow, NewsRow } from '../pages/cards.js';
import { isDuplicateKey } from '../../infra/duplicate-key.js';

export type SearchTermRow = Selectable<SearchTermsTable>;

/**
 * What the index is built from: everything a citizen may find (no offline apps or items, no
 * drafts). The full load goes page by page (keyset on id): better-sqlite3 answers synchronously,
 * and one query for 10,000 articles with their bodies would hold the event loop for its duration.
 */
export class SearchSourceRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  private appsQ() {
    return this.db.selectFrom('apps').selectAll().where('status', '!=', 'offline');
  }

  private itemsQ() {
    return this.db
      .selectFrom('items')
      .leftJoin('departments', 'departments.id', 'items.department_id')
      .selectAll('items')
      .select('departments.name as department_name')
      .where('items.status', '=', 'online');
  }

  private newsQ(nowIso: string) {
    return this.db.selectFrom('news').selectAll().where('status', '=', 'published').where('published_at', '<=', nowIso);
  }

  appsPage(afterId: number, limit: number): Promise<AppRow[]> {
    return this.appsQ().where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  itemsPage(afterId: number, limit: number): Promise<ItemRow[]> {
    return this.itemsQ().where('items.id', '>', afterId).orderBy('items.id').limit(limit).execute();
  }

  newsPage(nowIso: string, afterId: number, limit: number): Promise<NewsRow[]> {
    return this.newsQ(nowIso).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  /** The searchable ones among these ids (a missing id was deleted or is no longer public). */
  appsByIds(ids: number[]): Promise<AppRow[]> {
    return this.appsQ().where('id', 'in', ids).execute();
  }

  itemsByIds(ids: number[]): Promise<ItemRow[]> {
    return this.itemsQ().where('items.id', 'in', ids).execute();
  }

  /** Online items of these departments: a department's name is part of what finds them. */
  itemsOfDepartments(ids: number[]): Promise<ItemRow[]> {
    return this.itemsQ().where('items.department_id', 'in', ids).execute();
  }

  newsByIds(nowIso: string, ids: number[]): Promise<NewsRow[]> {
    return this.newsQ(nowIso).where('id', 'in', ids).execute();
  }

  /** Published news whose publication time came in (fromIso, toIso]: scheduled articles going live. */
  newsDue(fromIso: string, toIso: string): Promise<NewsRow[]> {
    return this.newsQ(toIso).where('published_at', '>', fromIso).execute();
  }

  /**
   * A cheap fingerprint of the three tables (row counts, newest change, news whose publication
   * time has come): when it has not moved, the periodic safety-net rebuild can be skipped.
   */
  async signature(nowIso: string): Promise<string> {
    const [apps, items, news] = await Promise.all([
      this.db.selectFrom('apps').select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('updated_at').as('u')]).executeTakeFirst(),
      this.db.selectFrom('items').select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('updated_at').as('u')]).executeTakeFirst(),
      this.db
        .selectFrom('news')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('updated_at').as('u')])
        .where('status', '=', 'published')
        .where('published_at', '<=', nowIso)
        .executeTakeFirst(),
    ]);
    return JSON.stringify([apps, items, news].map((r) => [Number(r?.n ?? 0), r?.u ?? null]));
  }
}

/** Hot terms (热门搜索): a counter per site and term, plus the terms operators pin. */
export class SearchTermsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  /** Adds `n` to the counter, creating the row on first use (update, else insert, else update again). */
  async add(site: string, term: string, n: number, now: string): Promise<void> {
    const bump = () =>
      this.db
        .updateTable('search_terms')
        .set({ count: sql<number>`${sql.ref('count')} + ${n}`, updated_at: now })
        .where('site_code', '=', site)
        .where('term', '=', term)
        .executeTakeFirst();
    if (Number((await bump()).numUpdatedRows) > 0) return;
    try {
      await this.db.insertInto('search_terms').values({ site_code: site, term, count: n, pinned: 0, updated_at: now }).execute();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await bump();
    }
  }

  /** Pinned first, then by count summed over the given sites. */
  async hot(sites: string[], limit: number): Promise<{ term: string; pinned: number; total: number }[]> {
    const rows = await this.db
      .selectFrom('search_terms')
      .select((eb) => ['term', eb.fn.max('pinned').as('pinned'), eb.fn.sum<number>('count').as('total')])
      .where('site_code', 'in', sites.length ? sites : ['-'])
      .groupBy('term')
      .orderBy(sql`max(pinned)`, 'desc')
      .orderBy(sql`sum(count)`, 'desc')
      .orderBy('term')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ term: r.term, pinned: Number(r.pinned), total: Number(r.total) }));
  }

  pinned(site: string): Promise<SearchTermRow[]> {
    return this.db.selectFrom('search_terms').selectAll().where('site_code', '=', site).where('pinned', '=', 1).orderBy('updated_at', 'desc').execute();
  }

  async setPinned(site: string, term: string, pinned: boolean, now: string): Promise<void> {
    const update = () =>
      this.db
        .updateTable('search_terms')
        .set({ pinned: pinned ? 1 : 0, updated_at: now })
        .where('site_code', '=', site)
        .where('term', '=', term)
        .executeTakeFirst();
    const exists = await this.db.selectFrom('search_terms').select('id').where('site_code', '=', site).where('term', '=', term).executeTakeFirst();
    if (exists) {
      await update();
      return;
    }
    if (!pinned) return;
    try {
      await this.db.insertInto('search_terms').values({ site_code: site, term, count: 0, pinned: 1, updated_at: now }).execute();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await update();
    }
  }
}

/** 搜索历史: one row per owner and term, the time of the last search. */
export class SearchHistoryRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  /** Records a search; true when the term was new for this owner (the caller then trims the list). */
  async touch(owner: string, term: string, now: string): Promise<boolean> {
    const update = () => this.db.updateTable('search_history').set({ at: now }).where('owner_key', '=', owner).where('term', '=', term).executeTakeFirst();
    if (Number((await update()).numUpdatedRows) > 0) return false;
    try {
      await this.db.insertInto('search_history').values({ owner_key: owner, term, at: now }).execute();
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await update();
      return false;
    }
  }

  list(owner: string, limit: number): Promise<{ term: string; at: string }[]> {
    return this.db.selectFrom('search_history').select(['term', 'at']).where('owner_key', '=', owner).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** Keeps the newest `keep` rows of an owner. Two steps: MySQL cannot delete from a table it sub-selects. */
  async trim(owner: string, keep: number): Promise<void> {
    const old = await this.db.selectFrom('search_history').select('id').where('owner_key', '=', owner).orderBy('at', 'desc').orderBy('id', 'desc').limit(1000).offset(keep).execute();
    if (old.length) await this.db.deleteFrom('search_history').where('id', 'in', old.map((r) => r.id)).execute();
  }

  async remove(owner: string, term: string): Promise<void> {
    await this.db.deleteFrom('search_history').where('owner_key', '=', owner).where('term', '=', term).execute();
  }

  async clear(owner: string): Promise<void> {
    await this.db.deleteFrom('search_history').where('owner_key', '=', owner).execute();
  }
}
