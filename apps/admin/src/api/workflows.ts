/**
 * 工作流: a case's steps are data (contracts WorkflowDefinition), versioned per site. Saving always
 * publishes a new version; a case keeps the version it started with.
 */
import type { WorkflowPublish, WorkflowSummary, WorkflowVersionRow, WorkflowView } from '@dz/contracts';
import { http } from './request';

export type { WorkflowSummary, WorkflowVersionRow, WorkflowView } from '@dz/contracts';

const path = (code: string) => `/api/admin/workflows/${encodeURIComponent(code)}`;

export const workflowsApi = {
  /** `silent`: the form dialog offers the list to pick from and copes without it. */
  list: (site: string, silent = false) => http.get<WorkflowSummary[]>('/api/admin/workflows', { site }, { silent }),
  get: (code: string, site: string) => http.get<WorkflowView>(path(code), { site }),
  publish: (body: WorkflowPublish) => http.post<WorkflowView>('/api/admin/workflows', body),
  versions: (code: string, site: string) => http.get<WorkflowVersionRow[]>(`${path(code)}/versions`, { site }),
};
