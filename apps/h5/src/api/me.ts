import type { UserView } from '@dz/contracts';
import { http } from './client';

export const meApi = {
  get: () => http.get<UserView>('/api/me'),
  update: (body: { username?: string | null; email?: string | null }) => http.put<UserView>('/api/me', body),
  changePassword: (body: { oldPassword: string; newPassword: string }) => http.put<unknown>('/api/me/password', body),
  deregister: (body: { password: string } | { smsCode: string }) => http.del<void>('/api/me', body),
  verifyRealName: (body: { name: string; idNumber: string }) => http.post<{ user: UserView }>('/api/me/real-name', body),
};
