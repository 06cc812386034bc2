/**
 * 办件中心: the staff member's queues (their site subtree and permissions), a case with its form data,
 * timeline and the actions the server allows them, and 办件统计. The server decides everything; the
 * console only shows what it is told and sends `version` so two staff members cannot both act.
 */
import type { AdminCaseActionBody, AdminCaseRow, CaseAction, CaseKind, CasePart, CaseQueue, CaseStatus, FormField, RatingView } from '@dz/contracts';
import { http } from './request';

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

export type CaseCounts = Partial<Record<CaseQueue, number>>;

export interface CaseTimelineEntry {
  id?: number;
  action: string;
  actionName?: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  stepName?: string | null;
  actorType?: string;
  actorName?: string | null;
  comment?: string | null;
  detail?: unknown;
  createdAt: string;
}

export interface CaseMaterial {
  fileId: string;
  /** The form field it was uploaded under (its label). */
  fieldKey?: string;
  label?: string;
  name?: string | null;
  mime?: string | null;
}

export interface CaseWorkflowView {
  code: string;
  version: number;
  kind?: CaseKind;
  steps: { key: string; name: string; permission?: string; actions?: CaseAction[]; days?: number }[];
  currentStep?: string | null;
  timeLimitDays?: number;
}

/**
 * GET /api/admin/cases/:id (CASES-CONSOLE helper's shape; kept tolerant while the server lands:
 * several parts are optional and the view copes without them).
 */
export interface AdminCaseDetail {
  id: number;
  caseNo: string;
  title: string;
  kind: string;
  status: CaseStatus;
  statusName: string;
  siteCode: string;
  siteName?: string;
  applicant?: string;
  applicantPhone?: string | null;
  departmentName?: string | null;
  assignee?: string | null;
  deadline: string | null;
  overdue?: boolean;
  submittedAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
  stepName?: string | null;
  form: { code: string; version: number; siteCode?: string; title?: string; fields: FormField[] };
  data: Record<string, unknown>;
  /** Whole (unmasked) data: true only after ?full=1 with case:pii. */
  full?: boolean;
  workflow?: CaseWorkflowView | null;
  steps?: { name: string; status: string; at: string | null; comment: string | null }[];
  allowedActions?: CaseAction[];
  actions?: CaseAction[];
  timeline?: CaseTimelineEntry[];
  events?: CaseTimelineEntry[];
  parts?: CasePart[];
  materials?: CaseMaterial[];
  ratings?: RatingView[];
  supplement?: { items: string[]; comment: string | null } | null;
  document?: { id: string; docNo: string; title: string; url: string; issuedAt: string } | null;
  result?: unknown;
  notice?: string | null;
  version: number;
}

export type StatsGroupBy = 'form' | 'department' | 'site';
export const STATS_GROUP_NAMES: Record<StatsGroupBy, string> = { form: '按事项（表单）', department: '按部门', site: '按站点' };

export interface CaseStatsRow {
  key: string;
  name: string;
  total: number;
  completed: number;
  onTime: number;
  onTimeRate: number | null;
  avgHandlingHours: number | null;
  overdue: number;
}
export interface CaseStats {
  rows: CaseStatsRow[];
  totals?: Omit<CaseStatsRow, 'key' | 'name'>;
}
export interface CaseStatsQuery {
  site: string;
  from?: string;
  to?: string;
  groupBy: StatsGroupBy;
}

export const casesApi = {
  list: (q: CaseListQuery) => http.get<{ items: AdminCaseRow[]; total: number }>('/api/admin/cases', { ...q, mine: q.mine ? true : undefined }),
  counts: (site?: string) => http.get<CaseCounts | { counts: CaseCounts }>('/api/admin/cases/counts', { site }),
  get: (id: number, full = false) => http.get<AdminCaseDetail>(`/api/admin/cases/${id}`, full ? { full: 1 } : undefined),
  fileUrl: (id: number, fileId: string) => `/api/admin/cases/${id}/files/${encodeURIComponent(fileId)}`,
  /** Errors are the caller's to show (a 409 reloads the case with the server's message). */
  act: (id: number, body: AdminCaseActionBody) => http.post<AdminCaseDetail>(`/api/admin/cases/${id}/actions`, body, { silent: true }),
  stats: (q: CaseStatsQuery) => http.get<CaseStats>('/api/admin/cases/stats', { ...q }),
  statsCsv: (q: CaseStatsQuery) => http.download('/api/admin/cases/stats.csv', { ...q }, `办件统计-${q.groupBy}.csv`),
};

/** The counts endpoint may answer the map itself or wrap it. */
export function countsOf(r: CaseCounts | { counts: CaseCounts }): CaseCounts {
  return 'counts' in r && typeof r.counts === 'object' ? (r as { counts: CaseCounts }).counts : (r as CaseCounts);
}
