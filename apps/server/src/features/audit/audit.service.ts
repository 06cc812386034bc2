import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { nowIso } from '../../infra/time.js';
import { AuditRepository, type AuditFilter, type AuditRecord } from './audit.repository.js';

/** Ids one console page may look through (a primary-key range: a few milliseconds whatever the filters). */
export const PAGE_SCAN_IDS = 50_000;

export class AuditService {
  constructor(private readonly db: Kysely<DB>) {}

  /** Records one event. Failing to audit must not fail silently: the error propagates. */
  async record(r: AuditRecord): Promise<void> {
    await new AuditRepository(this.db).insert(r, nowIso());
  }

  /** A keyset page (newest first), bounded by PAGE_SCAN_IDS; see AuditRepository.page. */
  page(filter: AuditFilter, before: number | undefined, pageSize: number) {
    return new AuditRepository(this.db).page(filter, before, pageSize, PAGE_SCAN_IDS);
  }

  idRange(filter: AuditFilter) {
    return new AuditRepository(this.db).idRange(filter);
  }

  window(filter: AuditFilter, lo: number, hi: number) {
    return new AuditRepository(this.db).window(filter, lo, hi).execute();
  }
}
