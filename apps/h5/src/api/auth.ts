import type { SmsPurpose, UserView, RegisterRequest, SessionResponse } from '@dz/contracts';
import { http } from './client';

export interface SmsCodeResult {
  sent: boolean;
  retryAfterSeconds: number;
  expiresInSeconds: number;
}

export interface OAuthProvider {
  code: string;
  name: string;
}

export const authApi = {
  /** Who is logged in: `{ user: null }` when nobody is (200, so no console error on anonymous page loads). */
  session: () => http.get<SessionResponse>('/api/auth/session'),
  sendSmsCode: (phone: string, purpose: SmsPurpose) => http.post<SmsCodeResult>('/api/auth/sms-codes', { phone, purpose }),
  register: (body: RegisterRequest) => http.post<{ user: UserView }>('/api/auth/register', body),
  login: (body: { account: string; password: string; kind?: 'person' | 'corp' }) => http.post<{ user: UserView }>('/api/auth/login', body),
  loginBySms: (body: { phone: string; smsCode: string }) => http.post<{ user: UserView }>('/api/auth/login/sms', body),
  resetPassword: (body: { phone: string; smsCode: string; newPassword: string }) => http.post<unknown>('/api/auth/password/reset', body),
  logout: () => http.post<void>('/api/auth/logout'),
  oauthProviders: () => http.get<OAuthProvider[]>('/api/auth/oauth/providers'),
  /** 三方登录 is a full-page redirect: the provider's page cannot run inside our fetch. */
  oauthStartUrl: (code: string, returnTo: string) =>
    `/api/auth/oauth/${encodeURIComponent(code)}/start?returnTo=${encodeURIComponent(returnTo)}`,
};
