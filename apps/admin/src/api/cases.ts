/**
 * 办件中心: the staff member's queues (their site subtree and permissions), a case with its form data,
 * timeline and the actions the server allows them, and 办件统计. The server decides everything; the
 * console only shows what it is told and sends `version` so two staff members cannot both act.
 */
import type {
  AdminCaseActionBody,
  AdminCaseCounts,
  AdminCaseDetail,
  AdminCaseList,
  CaseQueue,
  CaseStatsGroupBy,
  CaseStatsResponse,
  CaseStatus,
} from '@dz/contracts';
import { http } from './request';

export type { AdminCaseCounts, AdminCaseDetail, AdminCaseListItem, CaseMaterial, CaseStatsGroupBy, CaseStatsResponse, CaseStatsRow, CaseTimelineEntry } from '@dz/contracts';

export interface CaseListQuery {
  queue?: CaseQueue;
  status?: CaseStatus;
  site?: string;
  formCode?: string;
  q?: string;
  mine?: boolean;
  page: number;
  pageSize: number;
}

export interface CaseStatsQuery {
  site: string;
  /** Beijing days YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  groupBy: CaseStatsGroupBy;
}

export const casesApi = {
  list: (q: CaseListQuery) => http.get<AdminCaseList>('/api/admin/cases', { ...q, mine: q.mine ? true : undefined }),
  counts: (site?: string) => http.get<AdminCaseCounts>('/api/admin/cases/counts', { site }),
  get: (id: number, full = false) => http.get<AdminCaseDetail>(`/api/admin/cases/${id}`, full ? { full: 1 } : undefined),
  fileUrl: (id: number, fileId: string) => `/api/admin/cases/${id}/files/${encodeURIComponent(fileId)}`,
  documentUrl: (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}/pdf`,
  /** Errors are the caller's to show (a 409 reloads the case with the server's message). */
  act: (id: number, body: AdminCaseActionBody) => http.post<AdminCaseDetail>(`/api/admin/cases/${id}/actions`, body, { silent: true }),
  stats: (q: CaseStatsQuery) => http.get<CaseStatsResponse>('/api/admin/cases/stats', { ...q }),
  statsCsv: (q: CaseStatsQuery) => http.download('/api/admin/cases/stats.csv', { ...q }, `办件统计-${q.from}-${q.to}.csv`),
};
