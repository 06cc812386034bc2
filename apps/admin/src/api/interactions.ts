/**
 * 互动办理 (issue 11): the staff queue of 咨询 / 建议 / 投诉 in the staff member's site subtree, one
 * interaction with the actions the server allows, the 答复时限 settings, and the reply templates the
 * reply box offers. Like 办件中心 the server decides everything; the console sends `version` so two
 * staff members cannot both act on the same item.
 */
import type {
  AdminInteractionActionBody,
  AdminInteractionCounts,
  AdminInteractionDetail,
  AdminInteractionList,
  CaseStatus,
  InteractionQueue,
  InteractionSettings,
  InteractionSettingsSave,
  InteractionType,
  ReplyTemplateView,
} from '@dz/contracts';
import { http, type RequestOptions } from './request';
import type { DepartmentView } from './types';

export type {
  AdminInteractionCounts,
  AdminInteractionDetail,
  AdminInteractionRow,
  InteractionQueue,
  InteractionSettings,
  InteractionType,
  ReplyTemplateView,
  ThreadEntry,
} from '@dz/contracts';

export interface InteractionListQuery {
  site?: string;
  status?: CaseStatus;
  queue?: InteractionQueue;
  type?: InteractionType;
  departmentId?: number;
  q?: string;
  page: number;
  pageSize: number;
}

export const interactionsApi = {
  list: (q: InteractionListQuery) => http.get<AdminInteractionList>('/api/admin/interactions', { ...q }),
  counts: (site?: string) => http.get<AdminInteractionCounts>('/api/admin/interactions/counts', { site }),
  /** `full` shows the unmasked phone (case:pii); the server audits every such view. */
  get: (id: number, full = false, options: Pick<RequestOptions, 'silent'> = {}) =>
    http.get<AdminInteractionDetail>(`/api/admin/interactions/${id}`, full ? { full: 1 } : undefined, options),
  /** Errors are the caller's to show (a 409 CASE_CONFLICT reloads the item with the server's message). */
  act: (id: number, body: AdminInteractionActionBody) => http.post<AdminInteractionDetail>(`/api/admin/interactions/${id}/actions`, body, { silent: true }),
  settings: (site: string) => http.get<InteractionSettings>('/api/admin/interactions/settings', { site }),
  saveSettings: (body: InteractionSettingsSave) => http.put<InteractionSettings>('/api/admin/interactions/settings', body, { silent: true }),
  /** Site-wide templates plus the department's and the parent sites' (read only here; 答复模板 manages them). */
  replyTemplates: (site: string, departmentId?: number | null) =>
    http.get<{ items: ReplyTemplateView[] }>('/api/admin/reply-templates', { site, departmentId: departmentId ?? undefined }, { silent: true }),
  /**
   * The departments of the staff member's whole site subtree (no siteCode = the subtree), for 转办
   * and the queue's filter; the pickers show each department's site, since a city and its counties
   * have departments of the same name.
   */
  departments: () => http.get<DepartmentView[]>('/api/admin/departments', undefined, { silent: true }),
};
