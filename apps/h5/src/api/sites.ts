import type { SiteNode } from '@dz/contracts';
import { http } from './client';

export interface SiteRef {
  code: string;
  name: string;
}

export const sitesApi = {
  tree: () => http.get<SiteNode>('/api/sites'),
  locate: (lat: number, lng: number) => http.get<SiteRef>('/api/sites/locate', { query: { lat, lng } }),
};
