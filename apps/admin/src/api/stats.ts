import type { VisitStats } from '@dz/contracts';
import { http } from './request';

/** Visit types the statistics can be filtered by ('' = all). */
export type VisitType = 'zone' | 'app' | 'palm' | 'item' | 'page';

export const VISIT_TYPES: { code: VisitType; name: string }[] = [
  { code: 'zone', name: '专区' },
  { code: 'app', name: '应用' },
  { code: 'palm', name: '掌上办' },
  { code: 'item', name: '事项' },
  { code: 'page', name: '页面' },
];

/** The server's answer, as declared in contracts (summary.uvPerDay is 日均访客). */
export type { VisitStats } from '@dz/contracts';

export interface VisitQuery {
  from: string;
  to: string;
  site: string;
  type?: VisitType | '';
}

export const statsApi = {
  visits: (q: VisitQuery) => http.get<VisitStats>('/api/admin/stats/visits', { ...q }),
  downloadCsv: (q: VisitQuery) => http.download('/api/admin/stats/visits.csv', { ...q }, `访问统计_${q.from}_${q.to}.csv`),
};
