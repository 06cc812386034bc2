import { http, type RequestOptions } from './request';
import type { DepartmentView, SiteNode } from './types';

export interface DepartmentBody {
  siteCode: string;
  name: string;
  code: string;
  sort?: number;
}

export const orgApi = {
  /** The site subtree the logged-in staff member may act on (one root). */
  sites: (options: Pick<RequestOptions, 'silent'> = {}) => http.get<SiteNode>('/api/admin/sites', undefined, options),
  departments: (siteCode: string, options: Pick<RequestOptions, 'silent'> = {}) =>
    http.get<DepartmentView[]>('/api/admin/departments', { siteCode }, options),
  createDepartment: (body: DepartmentBody) => http.post<DepartmentView>('/api/admin/departments', body),
  updateDepartment: (id: number, body: DepartmentBody) => http.put<DepartmentView>(`/api/admin/departments/${id}`, body),
  removeDepartment: (id: number) => http.delete<void>(`/api/admin/departments/${id}`),
};
