import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Audit actions that change (or tried to change) a partner's configuration. */
export const SETTING_ACTIONS = ['partners.update', 'partners.delete', 'partners.migration'];

export class IntegrationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The latest changes of one partner's settings, refused attempts included, read from the audit log. */
  settingChanges(partner: string, limit: number) {
    return this.db
      .selectFrom('audit_log')
      .select(['id', 'at', 'actor_name', 'site_code', 'action', 'result', 'summary'])
      .where('object_type', '=', 'partner')
      .where('object_id', '=', partner)
      .where('action', 'in', SETTING_ACTIONS)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}
