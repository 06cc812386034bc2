/** 资助政策 rows (aid_policies) and the public files they attach. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { AidPoliciesTable, AidPolicyRow, DB, PublicFileRow } from '../../../db/schema.js';

export class AidPoliciesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Published policies of these sites (a site's own and its ancestors'), newest first. */
  published(siteCodes: string[], category: string | undefined): Promise<AidPolicyRow[]> {
    let q = this.db.selectFrom('aid_policies').selectAll().where('site_code', 'in', siteCodes).where('published', '=', 1);
    if (category) q = q.where('category', '=', category);
    return q.orderBy('effective_from', 'desc').orderBy('id', 'desc').execute();
  }

  /** One site's own policies for the console. */
  ofSite(siteCode: string, category: string | undefined): Promise<AidPolicyRow[]> {
    let q = this.db.selectFrom('aid_policies').selectAll().where('site_code', '=', siteCode);
    if (category) q = q.where('category', '=', category);
    return q.orderBy('effective_from', 'desc').orderBy('id', 'desc').execute();
  }

  find(id: number): Promise<AidPolicyRow | undefined> {
    return this.db.selectFrom('aid_policies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(row: Insertable<AidPoliciesTable>): Promise<number> {
    const res = await this.db.insertInto('aid_policies').values(row).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async update(id: number, set: Updateable<AidPoliciesTable>): Promise<void> {
    await this.db.updateTable('aid_policies').set(set).where('id', '=', id).execute();
  }

  async remove(id: number): Promise<void> {
    await this.db.deleteFrom('aid_policies').where('id', '=', id).execute();
  }

  /** Live (not deleted) public files among these ids. */
  files(ids: string[]): Promise<PublicFileRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('public_files').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  }
}
