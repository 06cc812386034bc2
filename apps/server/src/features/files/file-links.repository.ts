/** All SQL of the file owner links (`file_links`): which case, installation, document … uses which upload. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

export class FileLinksRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  /** The ids among `ids` that exist (and, with a user, are that user's uploads). */
  async existing(ids: string[], userId: number | null): Promise<string[]> {
    if (!ids.length) return [];
    let q = this.db.selectFrom('files').select('id').where('id', 'in', ids);
    if (userId != null) q = q.where('user_id', '=', userId);
    return (await q.execute()).map((r) => r.id);
  }

  async linked(ownerType: string, ownerId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('file_links').select('file_id').where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).orderBy('created_at').orderBy('file_id').execute();
    return rows.map((r) => r.file_id);
  }

  async insert(fileId: string, ownerType: string, ownerId: string, now: string): Promise<void> {
    await this.db.insertInto('file_links').values({ file_id: fileId, owner_type: ownerType, owner_id: ownerId, created_at: now }).execute();
  }

  async remove(ownerType: string, ownerId: string, fileIds?: string[]): Promise<number> {
    if (fileIds && !fileIds.length) return 0;
    let q = this.db.deleteFrom('file_links').where('owner_type', '=', ownerType).where('owner_id', '=', ownerId);
    if (fileIds) q = q.where('file_id', 'in', fileIds);
    const res = await q.executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /**
   * Uploads older than `before` that nothing links to: the sweep's candidates. Linked files are
   * left out by the query itself, so a store full of old, used files never hides newer orphans.
   */
  orphansBefore(before: string, limit: number): Promise<{ id: string; user_id: number }[]> {
    return this.db
      .selectFrom('files')
      .select(['files.id', 'files.user_id'])
      .where('files.created_at', '<', before)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('file_links').select('file_links.file_id').whereRef('file_links.file_id', '=', 'files.id'))))
      .orderBy('files.created_at')
      .limit(limit)
      .execute();
  }

  /** Deletes the file's row unless a link appeared since it was picked (a save racing the sweep); true when deleted. */
  async deleteIfUnlinked(id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('files')
      .where('id', '=', id)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('file_links').select('file_links.file_id').where('file_links.file_id', '=', id))))
      .executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  }
}
