import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB, PagesTable } from '../../db/schema.js';

export type PageRow = Selectable<PagesTable>;
export type PageVersionRow = Pick<PageRow, 'version' | 'note' | 'published_at' | 'is_current'> & { published_by_name: string | null };

export class PagesRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  /** The current version of a channel on each of the given sites (at most one per site). */
  currentIn(sites: string[], channel: PageRow['channel']): Promise<PageRow[]> {
    return this.db
      .selectFrom('pages')
      .selectAll()
      .where('site_code', 'in', sites.length ? sites : ['-'])
      .where('channel', '=', channel)
      .where('is_current', '=', 1)
      .execute();
  }

  findVersion(site: string, channel: PageRow['channel'], version: number): Promise<PageRow | undefined> {
    return this.db.selectFrom('pages').selectAll().where('site_code', '=', site).where('channel', '=', channel).where('version', '=', version).executeTakeFirst();
  }

  async maxVersion(site: string, channel: PageRow['channel']): Promise<number> {
    const r = await this.db.selectFrom('pages').select((eb) => eb.fn.max('version').as('v')).where('site_code', '=', site).where('channel', '=', channel).executeTakeFirst();
    return Number(r?.v ?? 0);
  }

  async clearCurrent(site: string, channel: PageRow['channel']): Promise<void> {
    await this.db.updateTable('pages').set({ is_current: 0 }).where('site_code', '=', site).where('channel', '=', channel).where('is_current', '=', 1).execute();
  }

  async insert(row: Insertable<PagesTable>): Promise<number> {
    const res = await this.db.insertInto('pages').values(row).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  versions(site: string, channel: PageRow['channel'], limit: number): Promise<PageVersionRow[]> {
    return this.db
      .selectFrom('pages')
      .leftJoin('staff', 'staff.id', 'pages.published_by')
      .select(['pages.version', 'pages.note', 'pages.published_at', 'pages.is_current', 'staff.display_name as published_by_name'])
      .where('pages.site_code', '=', site)
      .where('pages.channel', '=', channel)
      .orderBy('pages.version', 'desc')
      .limit(limit)
      .execute();
  }

  async exists(site: string, channel: PageRow['channel']): Promise<boolean> {
    return (await this.db.selectFrom('pages').select('id').where('site_code', '=', site).where('channel', '=', channel).limit(1).executeTakeFirst()) !== undefined;
  }
}
