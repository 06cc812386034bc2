/**
 * 好差评 (国办发〔2019〕51号): citizens rate a case after 办结; a 差评 (1–2) opens a 整改 task for the
 * department, answered here within 15 working days; the answer reaches the citizen.
 */
import type { AdminRatingQuery, AdminRatingRow, RatingStatsGroupBy, RatingStatsResponse, RectificationQuery, RectificationRow } from '@dz/contracts';
import { http } from './request';

export type { AdminRatingRow, RatingStatsGroupBy, RatingStatsRow, RectificationRow, RectificationStatus } from '@dz/contracts';
export { RATING_STATS_GROUPS, RECTIFICATION_STATUSES } from '@dz/contracts';

export const ratingsApi = {
  list: (q: AdminRatingQuery) => http.get<{ items: AdminRatingRow[]; total: number }>('/api/admin/ratings', { ...q }),
  rectifications: (q: RectificationQuery) => http.get<{ items: RectificationRow[]; total: number }>('/api/admin/rectifications', { ...q }),
  answer: (id: number, answer: string) => http.post<RectificationRow>(`/api/admin/rectifications/${id}/answer`, { answer }),
  stats: (site: string, groupBy: RatingStatsGroupBy, from?: string, to?: string) =>
    http.get<RatingStatsResponse>('/api/admin/ratings/stats', { site, groupBy, from, to }),
};
