import type { FaqList, InteractionCreate, InteractionCreated, InteractionDetail, InteractionMine, InteractionType } from '@dz/contracts';
import { http } from './client';

/**
 * 互动 (issue 11), the citizen's own side: 我要咨询 / 建议 / 投诉, 我的回复 and its thread, 追问,
 * 撤回. 好差评 of a reply is the engine's POST /api/cases/:id/rating (casesApi.rate, same id).
 * The public pages (答复公开, 数据统计, 常见问题) have their own module; the FAQ search here is
 * only the submit page's "these may already answer you" hint.
 */
export const interactionsApi = {
  create: (body: InteractionCreate) => http.post<InteractionCreated>('/api/interactions', body),
  mine: (page: number, pageSize: number, type?: InteractionType) => http.get<InteractionMine>('/api/interactions/mine', { query: { page, pageSize, type } }),
  /** The caller's own only (404 otherwise); opening it marks its replies read on the server. */
  get: (id: number | string) => http.get<InteractionDetail>(`/api/interactions/${encodeURIComponent(String(id))}`),
  followUp: (id: number, content: string) => http.post<InteractionDetail>(`/api/interactions/${id}/follow-up`, { content }),
  withdraw: (id: number) => http.post<InteractionDetail>(`/api/interactions/${id}/withdraw`),
  /** 常见问题 like the title typed so far: the questions sharing most two-character runs with it (mode=similar). */
  faqHints: (site: string, q: string, signal?: AbortSignal) => http.get<FaqList>('/api/faqs', { query: { site, q, mode: 'similar', pageSize: 3 }, signal }),
};
