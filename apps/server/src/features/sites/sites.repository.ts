import type { Kysely, Transaction } from 'kysely';
import type { DB, SiteRow } from '../../db/schema.js';

export class SitesRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}
  all(): Promise<SiteRow[]> {
    return this.db.selectFrom('sites').selectAll().orderBy('sort').orderBy('code').execute();
  }
}
