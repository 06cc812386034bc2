/** All SQL of the documents core: `documents`, the PDF's `files` row and its `file_links` entry. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB, DocumentsTable } from '../../../db/schema.js';

export type DocumentRow = Selectable<DocumentsTable>;

export class DocumentsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  /**
   * The document, the files row of its PDF and the link that keeps the orphan sweep off it, in one
   * transaction: a document never points at a file that is not recorded, nor a file hangs unlinked.
   */
  async insert(doc: Insertable<DocumentsTable>, file: { userId: number | null; size: number; sha256: string }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('files')
        // files.user_id is NOT NULL; 0 marks a file the platform made, not a citizen's upload.
        .values({ id: doc.file_id, user_id: file.userId ?? 0, mime: 'application/pdf', size: file.size, sha256: file.sha256, created_at: doc.issued_at })
        .execute();
      await trx.insertInto('documents').values(doc).execute();
      await trx.insertInto('file_links').values({ file_id: doc.file_id, owner_type: 'document', owner_id: doc.id, created_at: doc.issued_at }).execute();
    });
  }

  find(id: string): Promise<DocumentRow | undefined> {
    return this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listForUser(userId: number, limit = 200): Promise<DocumentRow[]> {
    return this.db.selectFrom('documents').selectAll().where('user_id', '=', userId).orderBy('issued_at', 'desc').orderBy('id').limit(limit).execute();
  }

  listForCase(caseId: number): Promise<DocumentRow[]> {
    return this.db.selectFrom('documents').selectAll().where('case_id', '=', caseId).orderBy('issued_at').execute();
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const res = await this.db.updateTable('documents').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** The site a case belongs to, for the staff scope check on its documents. */
  async caseSite(caseId: number): Promise<string | null> {
    const row = await this.db.selectFrom('cases').select('site_code').where('id', '=', caseId).executeTakeFirst();
    return row?.site_code ?? null;
  }
}
