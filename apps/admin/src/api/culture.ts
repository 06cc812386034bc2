/**
 * 景点管理 and 资助政策 (issue 15): the console's CRUD of a site's scenic spots (SpotAdminList) and
 * student-aid policies (AidPolicyAdminList), and the 文旅预约平台's scenic resources a spot links to.
 */
import type { AidPolicyAdminInput, AidPolicyAdminView, SpotAdminInput, SpotAdminView, SpotResourceList } from '@dz/contracts';
import { http } from './request';

export type { AidCategory, AidPolicyAdminInput, AidPolicyAdminView, SpotAdminInput, SpotAdminView, SpotLevel, SpotResourceList } from '@dz/contracts';
export { AID_CATEGORIES, AID_CATEGORY_NAMES, SPOT_LEVELS } from '@dz/contracts';

export type SpotResource = SpotResourceList['items'][number];

const SPOTS = '/api/admin/tourism/spots';
const POLICIES = '/api/admin/education/aid-policies';

export const spotsApi = {
  list: (site: string) => http.get<{ items: SpotAdminView[]; total: number }>(SPOTS, { site }),
  create: (body: SpotAdminInput) => http.post<SpotAdminView>(SPOTS, body),
  update: (id: number, body: SpotAdminInput) => http.put<SpotAdminView>(`${SPOTS}/${id}`, body),
  remove: (id: number) => http.delete<void>(`${SPOTS}/${id}`),
  /** Silent: without the platform the dialog still works (the select says so). */
  resources: (site: string) => http.get<SpotResourceList>('/api/admin/tourism/resources', { site }, { silent: true }),
};

export const aidPoliciesApi = {
  list: (site: string) => http.get<{ items: AidPolicyAdminView[]; total: number }>(POLICIES, { site }),
  create: (body: AidPolicyAdminInput) => http.post<AidPolicyAdminView>(POLICIES, body),
  update: (id: number, body: AidPolicyAdminInput) => http.put<AidPolicyAdminView>(`${POLICIES}/${id}`, body),
  remove: (id: number) => http.delete<void>(`${POLICIES}/${id}`),
};
