import type { AidCategory, AidPolicyList, AidPolicyView, CaptchaResponse, ExamScoreQuery, ExamScoreResult } from '@dz/contracts';
import { http } from './client';

/**
 * 文体教育: 中考成绩查询 (the 教育局's scores behind a single-use captcha) and 资助政策查询 (the
 * portal's content per site). All public. Only types come from @dz/contracts.
 */
export const educationApi = {
  /** A fresh captcha: each one answers a single query, right or wrong. */
  captcha: () => http.get<CaptchaResponse>('/api/education/captcha'),
  examScore: (body: ExamScoreQuery) => http.post<ExamScoreResult>('/api/education/exam-scores', body),

  aidPolicies: (query: { q?: string; site?: string; category?: AidCategory }, signal?: AbortSignal) =>
    http.get<AidPolicyList>('/api/education/aid-policies', { query, signal }),
  aidPolicy: (id: number | string) => http.get<AidPolicyView>(`/api/education/aid-policies/${encodeURIComponent(String(id))}`),
};
