/** All SQL of the forms core: `form_defs` (identity, draft, status per site) and `form_versions` (published, immutable). */
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { DB, FormDefsTable, FormVersionsTable } from '../../../db/schema.js';

export type FormDefRow = Selectable<FormDefsTable>;
export type FormVersionRow = Selectable<FormVersionsTable>;
export type FormVersionMeta = Omit<FormVersionRow, 'fields'> & { fields: string };

const none = ['-'];

export class FormsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  /** The definitions of one form on the given sites (at most one per site). */
  defsIn(code: string, sites: string[]): Promise<FormDefRow[]> {
    return this.db
      .selectFrom('form_defs')
      .selectAll()
      .where('code', '=', code)
      .where('site_code', 'in', sites.length ? sites : none)
      .execute();
  }

  /** Every definition on the given sites (the console's list; a site has tens of forms, the search runs in memory). */
  listIn(sites: string[]): Promise<FormDefRow[]> {
    return this.db
      .selectFrom('form_defs')
      .selectAll()
      .where('site_code', 'in', sites.length ? sites : none)
      .orderBy('code')
      .orderBy('site_code')
      .limit(5000)
      .execute();
  }

  findDef(code: string, site: string): Promise<FormDefRow | undefined> {
    return this.db.selectFrom('form_defs').selectAll().where('code', '=', code).where('site_code', '=', site).executeTakeFirst();
  }

  async insertDef(row: Insertable<FormDefsTable>): Promise<void> {
    await this.db.insertInto('form_defs').values(row).execute();
  }

  async updateDef(id: number, set: Updateable<FormDefsTable>): Promise<void> {
    await this.db.updateTable('form_defs').set(set).where('id', '=', id).execute();
  }

  /** Moves latest_version from `expected` to `next` only if no one published meanwhile (true when it did). */
  async bumpLatest(id: number, expected: number, set: Updateable<FormDefsTable> & { latest_version: number }): Promise<boolean> {
    const res = await this.db.updateTable('form_defs').set(set).where('id', '=', id).where('latest_version', '=', expected).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  findVersion(code: string, site: string, version: number): Promise<FormVersionRow | undefined> {
    return this.db.selectFrom('form_versions').selectAll().where('form_code', '=', code).where('site_code', '=', site).where('version', '=', version).executeTakeFirst();
  }

  async insertVersion(row: Insertable<FormVersionsTable>): Promise<void> {
    await this.db.insertInto('form_versions').values(row).execute();
  }

  versions(code: string, site: string, limit: number): Promise<FormVersionRow[]> {
    return this.db
      .selectFrom('form_versions')
      .selectAll()
      .where('form_code', '=', code)
      .where('site_code', '=', site)
      .orderBy('version', 'desc')
      .limit(limit)
      .execute();
  }

  /** What prefill reads of the login (decrypted by the service). */
  user(id: number) {
    return this.db
      .selectFrom('users')
      .select(['id', 'kind', 'name_enc', 'id_number_enc', 'phone_enc', 'corp_name', 'credit_code_enc', 'real_name_verified', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
  }
}
