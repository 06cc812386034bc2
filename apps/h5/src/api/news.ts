import type { NewsCard } from '@dz/contracts';
import { http } from './client';
import type { Paged } from './affairs';

export interface NewsDetail extends NewsCard {
  /** HTML the server has already sanitised (allow-listed tags and attributes only). */
  content: string;
}

export const newsApi = {
  list: (site: string, page: number, pageSize: number) => http.get<Paged<NewsCard>>('/api/news', { query: { site, page, pageSize } }),
  get: (id: number | string) => http.get<NewsDetail>(`/api/news/${encodeURIComponent(String(id))}`),
};
