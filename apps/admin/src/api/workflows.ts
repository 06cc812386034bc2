/**
 * 工作流: a case's steps are data (contracts WorkflowDefinition), versioned per site. Saving always
 * publishes a new version; a case keeps the version it started with.
 */
import type { WorkflowDefinition, WorkflowView } from '@dz/contracts';
import { http } from './request';

/** A row of GET /api/admin/workflows: the latest version of each workflow the site sees. */
export type WorkflowRow = Pick<WorkflowView, 'code' | 'name' | 'version' | 'siteCode' | 'createdAt'> & {
  kind?: WorkflowDefinition['kind'];
  definition?: WorkflowDefinition;
  inherited?: boolean;
};

export interface WorkflowVersionRow {
  version: number;
  name: string;
  note: string | null;
  createdAt: string;
  createdBy?: string | null;
  siteCode?: string;
  definition?: WorkflowDefinition;
}

type Listed<T> = T[] | { items: T[] };
const itemsOf = <T>(r: Listed<T>): T[] => (Array.isArray(r) ? r : r.items);

export const workflowsApi = {
  list: async (site: string) => itemsOf(await http.get<Listed<WorkflowRow>>('/api/admin/workflows', { site })),
  get: (code: string, site: string) => http.get<WorkflowView>(`/api/admin/workflows/${encodeURIComponent(code)}`, { site }),
  publish: (body: { site: string; code: string; name: string; definition: WorkflowDefinition; note: string }) =>
    http.post<WorkflowView>('/api/admin/workflows', body),
  versions: async (code: string, site: string) =>
    itemsOf(await http.get<Listed<WorkflowVersionRow>>(`/api/admin/workflows/${encodeURIComponent(code)}/versions`, { site })),
};
