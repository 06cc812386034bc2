import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { nowIso } from '../../infra/time.js';
import { AuditRepository, type AuditFilter, type AuditRecord } from './audit.repository.js';

export class AuditService {
  constructor(private readonly db: Kysely<DB>) {}

  /** Records one event. Failing to audit must not fail silently: the error propagates. */
  async record(r: AuditRecord): Promise<void> {
    await new AuditRepository(this.db).insert(r, nowIso());
  }

  list(filter: AuditFilter, page: number, pageSize: number) {
    return new AuditRepository(this.db).list(filter, (page - 1) * pageSize, pageSize);
  }
}
