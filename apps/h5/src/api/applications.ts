import type { ApplicationDetail, ApplicationListResponse, InstallationRequest, InstallType } from '@dz/contracts';
import { ApiError, http } from './client';

/** 在线报装 / 燃气报装 submissions and 我的办件. */
export const applicationsApi = {
  list: (page: number, pageSize: number) => http.get<ApplicationListResponse>('/api/applications', { query: { page, pageSize } }),
  get: (id: number | string) => http.get<ApplicationDetail>(`/api/applications/${encodeURIComponent(String(id))}`),
  submit: (id: number) => http.post<ApplicationDetail>(`/api/applications/${id}/submit`),
  remove: (id: number) => http.del<void>(`/api/applications/${id}`),
  install: (body: InstallationRequest) => http.post<ApplicationDetail>('/api/installations', body),
};

/** The app page that edits an application of this type (with `?draft=` to resubmit a draft). */
export function installPath(type: InstallType, draftId?: number): string {
  const path = type === 'gas' ? '/apps/gas-install' : '/apps/utility-install';
  return draftId ? `${path}?draft=${draftId}` : path;
}

/** The draft the server kept when the company's system could not take the submission (503). */
export function keptDraftId(err: unknown): number | null {
  if (!(err instanceof ApiError)) return null;
  const id = Number(err.details.applicationId);
  return Number.isInteger(id) && id > 0 ? id : null;
}
