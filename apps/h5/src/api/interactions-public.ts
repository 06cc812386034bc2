import type { FaqList, InteractionMine, InteractionStats, InteractionType, PublicInteractionDetail, PublicInteractionList } from '@dz/contracts';
import { http } from './client';

export interface PublicListQuery {
  type?: InteractionType;
  departmentId?: number;
  page: number;
  pageSize: number;
}

export interface StatsRange {
  /** YYYY-MM, inclusive. */
  from: string;
  to: string;
}

export interface FaqQuery {
  q?: string;
  category?: string;
  page: number;
  pageSize: number;
}

/**
 * 互动 (issue 11), what anyone may read: 答复公开, 数据统计, 常见问题 — always for one site (a county
 * sees its own FAQ plus the city's). Plus the one citizen read the channel page needs: the unread
 * reply count for the 我的回复 badge.
 */
export const interactionsPublicApi = {
  publicList: (site: string, q: PublicListQuery) => http.get<PublicInteractionList>('/api/interactions/public', { query: { site, ...q } }),
  publicGet: (id: number | string) => http.get<PublicInteractionDetail>(`/api/interactions/public/${encodeURIComponent(String(id))}`),
  stats: (site: string, range: StatsRange) => http.get<InteractionStats>('/api/interactions/stats', { query: { site, ...range } }),
  faqs: (site: string, q: FaqQuery, signal?: AbortSignal) => http.get<FaqList>('/api/faqs', { query: { site, ...q }, signal }),
  /**
   * Unread replies only (one row fetched): a badge is nobody's page, so a lost session must not
   * send the citizen to the login page from here (quiet).
   */
  unreadReplies: () => http.get<InteractionMine>('/api/interactions/mine', { query: { page: 1, pageSize: 1 }, quiet: true }),
};
