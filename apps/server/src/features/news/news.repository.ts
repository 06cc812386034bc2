/** SQL for 资讯 (news). */
import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { DB, NewsTable } from '../../db/schema.js';
import { recordContentChange } from '../search/content-changes.js';
import { likePattern } from '../catalog/site-scope.js';

export type NewsRow = Selectable<NewsTable>;

export interface NewsFilter {
  siteCodes: string[];
  /** Public lists: published and due (published_at ≤ this instant). */
  publishedBy?: string;
  status?: 'draft' | 'published' | undefined;
  keyword?: string | undefined;
}

export class NewsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  private filtered(f: NewsFilter) {
    let q = this.db.selectFrom('news').where('site_code', 'in', f.siteCodes.length ? f.siteCodes : ['-']);
    if (f.publishedBy) q = q.where('status', '=', 'published').where('published_at', '<=', f.publishedBy);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.keyword) {
      const like = likePattern(f.keyword);
      q = q.where((eb) => sql<boolean>`${eb.ref('title')} like ${like} escape '!'`);
    }
    return q;
  }

  async list(f: NewsFilter, offset: number, limit: number): Promise<{ rows: NewsRow[]; total: number }> {
    const count = await this.filtered(f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // Drafts have no publication time: they sort by when they were last edited.
    const rows = await this.filtered(f)
      .selectAll()
      .orderBy(sql`coalesce(published_at, updated_at)`, 'desc')
      .orderBy('id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute();
    return { rows, total: Number(count.n) };
  }

  findById(id: number): Promise<NewsRow | undefined> {
    return this.db.selectFrom('news').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(values: Insertable<NewsTable>): Promise<number> {
    const res = await this.db.insertInto('news').values(values).executeTakeFirstOrThrow();
    await recordContentChange(this.db, 'news', Number(res.insertId)); // the search index patches itself from this feed
    return Number(res.insertId);
  }

  async update(id: number, values: Updateable<NewsTable>): Promise<void> {
    await this.db.updateTable('news').set(values).where('id', '=', id).execute();
    await recordContentChange(this.db, 'news', id);
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('news').where('id', '=', id).execute();
    await recordContentChange(this.db, 'news', id);
  }
}
