import { http } from './request';
import type { AuditEntry, AuditResult, PageResult } from './types';

export interface AuditFilters {
  action?: string;
  actorName?: string;
  result?: AuditResult | '';
  /** ISO instant, start of the first day (local time). */
  from?: string;
  /** ISO instant, end of the last day (local time). */
  to?: string;
}

export const auditApi = {
  list: (q: AuditFilters & { page: number; pageSize: number }) =>
    http.get<PageResult<AuditEntry>>('/api/admin/audit', { ...q }),
  exportCsv: (filters: AuditFilters) =>
    http.download('/api/admin/audit/export.csv', { ...filters }, `审计日志-${new Date().toISOString().slice(0, 10)}.csv`),
};
