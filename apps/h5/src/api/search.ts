import type { AppCard, ItemCard, NewsCard } from '@dz/contracts';
import { http } from './client';
import { deviceHeaders } from '../utils/device';

export interface SearchResult {
  items: ItemCard[];
  apps: AppCard[];
  news: NewsCard[];
}

/**
 * Search and its history. The history belongs to the logged-in citizen, else to this device:
 * every call carries the device id so the server can tell whose history it is.
 */
export const searchApi = {
  hot: (site: string) => http.get<{ term: string; pinned: boolean }[]>('/api/search/hot', { query: { site } }),
  history: () => http.get<{ term: string; at: string }[]>('/api/search/history', { headers: deviceHeaders() }),
  removeHistory: (term: string) => http.del<void>(`/api/search/history/${encodeURIComponent(term)}`, undefined, { headers: deviceHeaders() }),
  clearHistory: () => http.del<void>('/api/search/history', undefined, { headers: deviceHeaders() }),
  search: (q: string, site: string, record: boolean, signal?: AbortSignal) =>
    http.get<SearchResult>('/api/search', { query: { q, site, record: String(record) }, headers: deviceHeaders(), signal }),
};
