import { http } from './request';
import type { OtpStart, SessionState } from './types';

export interface LoginBody {
  username: string;
  password: string;
  otp?: string;
}

// Every call here is silent: the login and setup pages show the server's message next to the form.
export const authApi = {
  login: (body: LoginBody) => http.post<SessionState>('/api/admin/auth/login', body, { silent: true }),
  logout: () => http.post<void>('/api/admin/auth/logout', undefined, { silent: true }),
  me: () => http.get<SessionState>('/api/admin/me', undefined, { silent: true }),
  changePassword: (oldPassword: string, newPassword: string) =>
    http.put<{ ok: boolean }>('/api/admin/me/password', { oldPassword, newPassword }, { silent: true }),
  startOtp: () => http.post<OtpStart>('/api/admin/me/otp', undefined, { silent: true }),
  verifyOtp: (otp: string) => http.post<SessionState>('/api/admin/me/otp/verify', { otp }, { silent: true }),
};
