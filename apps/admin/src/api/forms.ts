/**
 * 表单设计 (issue 10): forms are data, versioned per site like pages. A county without its own form
 * inherits the city's (or the province's); saving or publishing from the county creates the county's
 * own version. The console edits a draft; publishing makes an immutable version the H5 serves at once.
 */
import type { AdminFormCreate, AdminFormDetail, AdminFormRow, AdminFormVersion, FormField, FormStatus } from '@dz/contracts';
import { http } from './request';

export type { AdminFormDetail, AdminFormRow, AdminFormVersion, FormStatus } from '@dz/contracts';
export { FORM_STATUS_NAMES } from '@dz/contracts';

const path = (code: string) => `/api/admin/forms/${encodeURIComponent(code)}`;

export const formsApi = {
  /** `silent`: the 办件中心's form filter asks too, and a case handler without content:write gets a 403 quietly. */
  list: (site: string, q?: string, silent = false) => http.get<AdminFormRow[]>('/api/admin/forms', { site, q }, { silent }),
  get: (code: string, site: string) => http.get<AdminFormDetail>(path(code), { site }),
  create: (body: AdminFormCreate) => http.post<AdminFormDetail>('/api/admin/forms', body),
  saveDraft: (code: string, body: { site: string; title?: string; description?: string | null; fields: FormField[] }) =>
    http.put<AdminFormDetail>(`${path(code)}/draft`, body),
  publish: (code: string, site: string, note: string) => http.post<AdminFormDetail>(`${path(code)}/publish`, { site, note }),
  versions: (code: string, site: string) => http.get<AdminFormVersion[]>(`${path(code)}/versions`, { site }),
  restore: (code: string, site: string, version: number) => http.post<AdminFormDetail>(`${path(code)}/versions/${version}/restore`, { site }),
  setStatus: (code: string, site: string, status: FormStatus) => http.put<AdminFormDetail>(`${path(code)}/status`, { site, status }),
};
