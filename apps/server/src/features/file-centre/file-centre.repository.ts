/** 文件中心: the `public_files` rows and the content that references them. */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, PublicFileRow, PublicFilesTable } from '../../db/schema.js';

export interface PublicFileFilter {
  site: string;
  q?: string;
  kind?: 'image' | 'pdf';
  page: number;
  pageSize: number;
}

/** `%` and `_` typed into a search box are literal characters; '!' escapes them on both databases. */
const containsPattern = (s: string) => `%${s.replace(/[!%_]/g, (c) => `!${c}`)}%`;

export class PublicFilesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insert(row: Insertable<PublicFilesTable>): Promise<unknown> {
    return this.db.insertInto('public_files').values(row).execute();
  }

  /** A live (not deleted) file. */
  find(id: string): Promise<PublicFileRow | undefined> {
    return this.db.selectFrom('public_files').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }

  async list(f: PublicFileFilter): Promise<{ rows: PublicFileRow[]; total: number }> {
    let q = this.db.selectFrom('public_files').where('site_code', '=', f.site).where('deleted_at', 'is', null);
    if (f.q?.trim()) q = q.where(sql<boolean>`name like ${containsPattern(f.q.trim())} escape '!'`);
    if (f.kind === 'image') q = q.where('mime', 'like', 'image/%');
    if (f.kind === 'pdf') q = q.where('mime', '=', 'application/pdf');
    const { n } = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return { rows, total: Number(n) };
  }

  softDelete(id: string, at: string): Promise<unknown> {
    return this.db.updateTable('public_files').set({ deleted_at: at }).where('id', '=', id).where('deleted_at', 'is', null).execute();
  }

  /**
   * Spots and policies whose JSON id list holds the file. The columns are JSON text, so this is a
   * LIKE on the quoted id — a full scan of two small content tables, fine for a console delete.
   */
  async referencedBy(id: string): Promise<{ spots: { name: string; published: number }[]; policies: { title: string; published: number }[] }> {
    // Ids are UUIDs (hex and '-'): nothing in them is a LIKE wildcard.
    const needle = `%${JSON.stringify(id)}%`;
    const [spots, policies] = await Promise.all([
      this.db.selectFrom('scenic_spots').select(['name', 'published']).where('photo_file_ids', 'like', needle).orderBy('id').limit(5).execute(),
      this.db.selectFrom('aid_policies').select(['title', 'published']).where('attachment_file_ids', 'like', needle).orderBy('id').limit(5).execute(),
    ]);
    return { spots: spots.map((s) => ({ name: s.name, published: Number(s.published) })), policies: policies.map((p) => ({ title: p.title, published: Number(p.published) })) };
  }
}
