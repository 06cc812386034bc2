/**
 * 互动 content the handlers maintain beside the queue: 常见问题, 答复模板 and the 互动统计 figures.
 * Shapes come from @dz/contracts (interactions.ts); the queue and its actions are api/interactions.ts.
 */
import type {
  AdminInteractionDetail,
  FaqList,
  FaqSave,
  FaqView,
  InteractionStats,
  InteractionType,
  ReplyTemplateSave,
  ReplyTemplateView,
} from '@dz/contracts';
import { ApiError, http } from './request';
import { orgApi } from './org';

export type { FaqList, FaqSave, FaqView, InteractionStats, InteractionType, ReplyTemplateSave, ReplyTemplateView } from '@dz/contracts';
export { INTERACTION_TYPES, INTERACTION_TYPE_NAMES } from '@dz/contracts';

export interface FaqListQuery {
  site: string;
  q?: string;
  category?: string;
  page: number;
  pageSize: number;
}

export interface InteractionStatsFilter {
  site: string;
  /** YYYY-MM, inclusive. */
  from?: string;
  to?: string;
  type?: InteractionType;
  departmentId?: number;
}

/** A department a 互动 can be addressed to (the site's own, for pickers). */
export interface SiteDepartment {
  id: number;
  name: string;
  siteCode: string;
}

/** What the public department list answers (GET /api/departments?site=…). */
interface PublicDepartment {
  id: number;
  name: string;
  siteCode: string;
}

export const interactionContentApi = {
  faqs: (q: FaqListQuery) => http.get<FaqList>('/api/admin/faqs', { ...q }),
  createFaq: (body: FaqSave) => http.post<FaqView>('/api/admin/faqs', body),
  updateFaq: (id: number, body: FaqSave) => http.put<FaqView>(`/api/admin/faqs/${id}`, body),
  removeFaq: (id: number) => http.delete<void>(`/api/admin/faqs/${id}`),

  templates: (site: string, departmentId?: number) =>
    http.get<{ items: ReplyTemplateView[] }>('/api/admin/reply-templates', { site, departmentId }),
  createTemplate: (body: ReplyTemplateSave) => http.post<ReplyTemplateView>('/api/admin/reply-templates', body),
  updateTemplate: (id: number, body: ReplyTemplateSave) => http.put<ReplyTemplateView>(`/api/admin/reply-templates/${id}`, body),
  removeTemplate: (id: number) => http.delete<void>(`/api/admin/reply-templates/${id}`),

  stats: (q: InteractionStatsFilter) => http.get<InteractionStats>('/api/admin/interactions/stats', { ...q }),
  statsCsv: (q: InteractionStatsFilter) =>
    http.download('/api/admin/interactions/stats.csv', { ...q }, `互动统计_${q.from ?? ''}_${q.to ?? ''}.csv`),

  /** 转为常见问题 starts from the interaction's masked public text. */
  interaction: (id: number) => http.get<AdminInteractionDetail>(`/api/admin/interactions/${id}`),

  /**
   * The site's own departments. The org list needs org:read, which a 互动 handler may not hold; the
   * public list (departments citizens see for the site) is the fallback, narrowed to the site itself.
   */
  async departments(site: string): Promise<SiteDepartment[]> {
    try {
      const rows = await orgApi.departments(site, { silent: true });
      return rows.filter((d) => d.siteCode === site).map((d) => ({ id: d.id, name: d.name, siteCode: d.siteCode }));
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 403) throw e;
    }
    const rows = await http.get<PublicDepartment[]>('/api/departments', { site }, { silent: true });
    return rows.filter((d) => d.siteCode === site).map((d) => ({ id: d.id, name: d.name, siteCode: d.siteCode }));
  },
};
