import { http } from './request';
import type { JobStarted } from './jobs';
import type { AuditEntry, AuditResult } from './types';

export interface AuditFilters {
  /** Prefix of the action code, e.g. “staff.” or “staff.create”. */
  action?: string;
  /** Prefix of the username. */
  actorName?: string;
  result?: AuditResult | '';
  /** ISO instant, start of the first day (a Beijing day: beijingDayToIso). */
  from?: string;
  /** ISO instant, end of the last day (a Beijing day). */
  to?: string;
}

/** A keyset page, newest first: `next` is the `before` of the following page, null at the oldest entry. */
export interface AuditPage {
  items: AuditEntry[];
  pageSize: number;
  next: number | null;
}

export const auditApi = {
  list: (q: AuditFilters & { before?: number; pageSize: number }) => http.get<AuditPage>('/api/admin/audit', { ...q }),
  /** Starts the CSV export as a job (202); follow it with useJob. */
  startExport: (filters: AuditFilters) => http.post<JobStarted>('/api/admin/audit/exports', undefined, { query: { ...filters } }),
};
