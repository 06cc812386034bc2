import { http } from './client';

export interface VersionInfo {
  version: string;
  releasedAt: string;
  notes: string[];
}

export const platformApi = {
  version: () => http.get<VersionInfo>('/api/version'),
};
