/**
 * 表单设计 (issue 10): forms are data, versioned per site like pages. A county without its own form
 * inherits the city's (or the province's); publishing from the county creates the county's own
 * version. The console edits a draft; publishing makes an immutable version the H5 serves at once.
 */
import type { FormField } from '@dz/contracts';
import { http } from './request';

export type FormStatus = 'online' | 'offline';
export const FORM_STATUS_NAMES: Record<FormStatus, string> = { online: '已上线', offline: '已下线' };

/** A row of GET /api/admin/forms (FORMS helper's shape; kept local until contracts export one). */
export interface AdminFormRow {
  code: string;
  title: string;
  siteCode: string;
  /** The row comes from a parent site (the chosen site has no version of its own). */
  inherited: boolean;
  latestVersion: number;
  hasDraft: boolean;
  status: FormStatus;
  workflowCode: string;
  updatedAt: string;
}

/** GET /api/admin/forms/:code?site= — the definition, the draft fields (or the latest version's). */
export interface AdminFormDetail {
  code: string;
  title: string;
  description: string | null;
  siteCode: string;
  inherited?: boolean;
  workflowCode: string;
  itemId: number | null;
  departmentId: number | null;
  status: FormStatus;
  latestVersion: number;
  hasDraft?: boolean;
  fields: FormField[];
  updatedAt?: string;
}

export interface FormVersionRow {
  version: number;
  title: string;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  isCurrent?: boolean;
}

export interface FormCreateBody {
  site: string;
  code: string;
  title: string;
  description?: string;
  workflowCode: string;
  itemId?: number;
  departmentId?: number;
}

type Listed<T> = T[] | { items: T[] };
const itemsOf = <T>(r: Listed<T>): T[] => (Array.isArray(r) ? r : r.items);

export const formsApi = {
  /** `silent`: the 办件中心's form filter asks too, and a case handler without content:write gets a 403 quietly. */
  list: async (site: string, q?: string, silent = false) => itemsOf(await http.get<Listed<AdminFormRow>>('/api/admin/forms', { site, q }, { silent })),
  get: (code: string, site: string) => http.get<AdminFormDetail>(`/api/admin/forms/${encodeURIComponent(code)}`, { site }),
  create: (body: FormCreateBody) => http.post<AdminFormDetail>('/api/admin/forms', body),
  saveDraft: (code: string, body: { site: string; title?: string; description?: string; fields: FormField[] }) =>
    http.put<AdminFormDetail>(`/api/admin/forms/${encodeURIComponent(code)}/draft`, body),
  publish: (code: string, site: string, note: string) => http.post<{ version: number }>(`/api/admin/forms/${encodeURIComponent(code)}/publish`, { site, note }),
  versions: async (code: string, site: string) =>
    itemsOf(await http.get<Listed<FormVersionRow>>(`/api/admin/forms/${encodeURIComponent(code)}/versions`, { site })),
  restore: (code: string, site: string, version: number) =>
    http.post<AdminFormDetail>(`/api/admin/forms/${encodeURIComponent(code)}/versions/${version}/restore`, { site }),
  setStatus: (code: string, site: string, status: FormStatus) => http.put<void>(`/api/admin/forms/${encodeURIComponent(code)}/status`, { site, status }),
};
