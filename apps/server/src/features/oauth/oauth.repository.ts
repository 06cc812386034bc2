import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

/** oauth_providers: one row per identity provider (三方登录), edited by operators, not code. */
export class OAuthRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  listEnabled() {
    return this.db.selectFrom('oauth_providers').select(['code', 'name']).where('enabled', '=', 1).orderBy('id').execute();
  }

  findEnabled(code: string) {
    return this.db.selectFrom('oauth_providers').selectAll().where('code', '=', code).where('enabled', '=', 1).executeTakeFirst();
  }
}
