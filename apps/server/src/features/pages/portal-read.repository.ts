/**
 * Read-only queries on the catalog tables (zones, apps, items, news) that page resolution and
 * 我的订阅 need. Every list is scoped to a site ancestry; the caller applies nearest-site-wins.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppRow, ItemRow, NewsRow } from './cards.js';

/** Upper bound of rows read for one grid before de-duplication: a grid never shows more than 50. */
const SCAN_CAP = 500;

export interface ZoneTileRow {
  code: string;
  name: string;
  icon: string;
  color: string;
  site_code: string;
}

export class PortalReadRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  private apps(sites: string[]) {
    return this.db
      .selectFrom('apps')
      .selectAll()
      .where('site_code', 'in', sites.length ? sites : ['-'])
      .where('status', '!=', 'offline');
  }

  /** Apps of one 便民 theme; `themes` is a JSON array of codes, so the quoted code is matched. */
  appsOfTheme(sites: string[], theme: string): Promise<AppRow[]> {
    return this.apps(sites).where('themes', 'like', `%"${theme}"%`).orderBy('sort').orderBy('popularity', 'desc').orderBy('id').limit(SCAN_CAP).execute();
  }

  appsByIds(sites: string[], ids: number[]): Promise<AppRow[]> {
    return this.apps(sites).where('id', 'in', ids.length ? ids : [0]).execute();
  }

  palmApps(sites: string[]): Promise<AppRow[]> {
    return this.apps(sites).where('is_palm', '=', 1).orderBy('sort').orderBy('popularity', 'desc').orderBy('id').limit(SCAN_CAP).execute();
  }

  appById(id: number): Promise<AppRow | undefined> {
    return this.db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
  }

  zones(sites: string[], codes: string[]): Promise<ZoneTileRow[]> {
    return this.db
      .selectFrom('zones')
      .select(['code', 'name', 'icon', 'color', 'site_code'])
      .where('site_code', 'in', sites.length ? sites : ['-'])
      .where('code', 'in', codes.length ? codes : ['-'])
      .where('status', '=', 'online')
      .execute();
  }

  items(sites: string[], filter: { audience?: 'person' | 'corp' | undefined; theme?: string | undefined }): Promise<ItemRow[]> {
    let q = this.db
      .selectFrom('items')
      .leftJoin('departments', 'departments.id', 'items.department_id')
      .selectAll('items')
      .select('departments.name as department_name')
      .where('items.site_code', 'in', sites.length ? sites : ['-'])
      .where('items.status', '=', 'online');
    if (filter.audience) q = q.where('items.audience', 'in', [filter.audience, 'both']);
    if (filter.theme) q = q.where('items.theme', '=', filter.theme);
    return q.orderBy('items.sort').orderBy('items.popularity', 'desc').orderBy('items.id').limit(SCAN_CAP).execute();
  }

  /** The earliest publication time still to come (a scheduled article), when a news list changes by itself. */
  async nextNewsAt(sites: string[], nowIso: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('news')
      .select((eb) => eb.fn.min('published_at').as('at'))
      .where('site_code', 'in', sites.length ? sites : ['-'])
      .where('status', '=', 'published')
      .where('published_at', '>', nowIso)
      .executeTakeFirst();
    return r?.at ?? null;
  }

  /** Published news whose publication time has come, newest first. */
  news(sites: string[], nowIso: string, limit: number): Promise<NewsRow[]> {
    return this.db
      .selectFrom('news')
      .selectAll()
      .where('site_code', 'in', sites.length ? sites : ['-'])
      .where('status', '=', 'published')
      .where('published_at', '<=', nowIso)
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}
