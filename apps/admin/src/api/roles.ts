import { http, type RequestOptions } from './request';
import type { PermissionOption, RoleView } from './types';

export interface RoleWriteBody {
  code: string;
  name: string;
  permissions: string[];
}

export const rolesApi = {
  permissions: (options: Pick<RequestOptions, 'silent'> = {}) =>
    http.get<PermissionOption[]>('/api/admin/permissions', undefined, options),
  list: (options: Pick<RequestOptions, 'silent'> = {}) => http.get<RoleView[]>('/api/admin/roles', undefined, options),
  create: (body: RoleWriteBody) => http.post<RoleView>('/api/admin/roles', body),
  update: (id: number, body: RoleWriteBody) => http.put<RoleView>(`/api/admin/roles/${id}`, body),
  remove: (id: number) => http.delete<void>(`/api/admin/roles/${id}`),
};
