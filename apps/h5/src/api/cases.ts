import type { CaseCreate, CaseDetail, CaseListResponse, CaseStatus, MyRatingRow, RatingCreate, RatingView } from '@dz/contracts';
import { http } from './client';

/** POST /api/cases → 201; `result` is what a bureau answered at once (即办, 查询). */
export interface CaseCreatedView {
  id: number;
  caseNo: string;
  status: CaseStatus;
  result?: unknown;
}


/** 掌上办, 在线办事, 一件事, 报装: one case model (API.md "Applications engine"). */
export const casesApi = {
  create: (body: CaseCreate) => http.post<CaseCreatedView>('/api/cases', body),
  list: (page: number, pageSize: number) => http.get<CaseListResponse>('/api/cases', { query: { page, pageSize } }),
  get: (id: number | string) => http.get<CaseDetail>(`/api/cases/${encodeURIComponent(String(id))}`),
  supplement: (id: number, data: Record<string, unknown>) => http.post<CaseDetail | undefined>(`/api/cases/${id}/supplement`, { data }),
  withdraw: (id: number) => http.post<CaseDetail | undefined>(`/api/cases/${id}/withdraw`),
  rate: (id: number, body: RatingCreate) => http.post<RatingView | undefined>(`/api/cases/${id}/rating`, body),
  /** GET /api/ratings: all of the citizen's ratings at once (one page for the paged list). */
  ratings: async () => {
    const { items } = await http.get<{ items: MyRatingRow[] }>('/api/ratings');
    return { items, total: items.length };
  },
};
