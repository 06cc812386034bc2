import { http } from './request';
import type { PageResult, StaffStatus, StaffView } from './types';

export interface StaffQuery {
  page: number;
  pageSize: number;
  siteCode?: string;
  keyword?: string;
  status?: StaffStatus | '';
}

export interface StaffCreateBody {
  username: string;
  displayName: string;
  phone?: string;
  siteCode: string;
  departmentId?: number | null;
  roleIds: number[];
  password: string;
}

export interface StaffUpdateBody {
  displayName?: string;
  phone?: string | null;
  departmentId?: number | null;
  roleIds?: number[];
  status?: StaffStatus;
}

export const staffApi = {
  list: (q: StaffQuery) => http.get<PageResult<StaffView>>('/api/admin/staff', { ...q }),
  create: (body: StaffCreateBody) => http.post<StaffView>('/api/admin/staff', body),
  update: (id: number, body: StaffUpdateBody) => http.put<StaffView>(`/api/admin/staff/${id}`, body),
  resetPassword: (id: number) =>
    http.post<{ temporaryPassword: string }>(`/api/admin/staff/${id}/reset-password`),
  resetOtp: (id: number) => http.post<unknown>(`/api/admin/staff/${id}/reset-otp`),
};
