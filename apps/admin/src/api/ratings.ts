/**
 * 好差评 (国办发〔2019〕51号): citizens rate a case after 办结; a 差评 (1–2) opens a 整改 task for the
 * department, answered here within 15 working days; the answer reaches the citizen.
 */
import { http } from './request';

export interface AdminRatingRow {
  id: number;
  caseId: number;
  caseNo: string;
  title: string;
  level: number;
  levelName?: string;
  comment: string | null;
  aspects: string[];
  round: number;
  siteCode: string;
  siteName?: string;
  departmentName?: string | null;
  formCode?: string;
  /** 评价人（脱敏）. */
  applicant?: string;
  createdAt: string;
  reply?: string | null;
}

export type RectificationStatus = 'open' | 'answered';
export const RECTIFICATION_STATUS_NAMES: Record<RectificationStatus, string> = { open: '待整改', answered: '已答复' };

export interface RectificationRow {
  id: number;
  caseId: number;
  caseNo?: string;
  title?: string;
  ratingId: number;
  level?: number;
  comment?: string | null;
  siteCode: string;
  siteName?: string;
  departmentName?: string | null;
  status: RectificationStatus;
  deadline: string;
  overdue?: boolean;
  answer: string | null;
  answeredBy?: string | null;
  answeredAt?: string | null;
  createdAt: string;
}

export type RatingGroupBy = 'department' | 'form' | 'site';
export interface RatingStatsRow {
  key: string;
  name: string;
  total: number;
  /** Counts per level "1".."5". */
  levels?: Record<string, number>;
  bad?: number;
  badRate: number | null;
  satisfaction: number | null;
}

export interface RatingQuery {
  site?: string;
  level?: number;
  formCode?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

type Listed<T> = T[] | { items: T[]; total?: number };
const paged = <T>(r: Listed<T>): { items: T[]; total: number } =>
  Array.isArray(r) ? { items: r, total: r.length } : { items: r.items, total: r.total ?? r.items.length };

export const ratingsApi = {
  list: async (q: RatingQuery) => paged(await http.get<Listed<AdminRatingRow>>('/api/admin/ratings', { ...q })),
  rectifications: async (q: { site?: string; status?: RectificationStatus; page?: number; pageSize?: number }) =>
    paged(await http.get<Listed<RectificationRow>>('/api/admin/rectifications', { ...q })),
  answer: (id: number, answer: string) => http.post<RectificationRow>(`/api/admin/rectifications/${id}/answer`, { answer }),
  stats: async (site: string, groupBy: RatingGroupBy) => {
    const r = await http.get<RatingStatsRow[] | { rows: RatingStatsRow[] }>('/api/admin/ratings/stats', { site, groupBy });
    return Array.isArray(r) ? r : r.rows;
  },
};
