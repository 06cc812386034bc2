/** items rows → ItemCard / ItemGuide / AdminItemView (packages/contracts/src/portal.ts). */
import type { AdminItemView, ItemCard, ItemGuide, ItemMaterial, ItemStep, ItemWindow } from '@dz/contracts';
import { parseJsonArray } from '../catalog/site-scope.js';
import type { ItemRow } from './items.repository.js';

export const toItemCard = (r: ItemRow): ItemCard => ({
  id: Number(r.id),
  code: r.code,
  name: r.name,
  departmentId: Number(r.department_id),
  departmentName: r.department_name ?? '',
  audience: r.audience,
  theme: r.theme,
  online: Number(r.online) === 1,
  bookable: Number(r.bookable) === 1,
  siteCode: r.site_code,
});

export const toItemGuide = (r: ItemRow): ItemGuide => ({
  ...toItemCard(r),
  subject: r.subject,
  timeLimit: r.time_limit,
  charge: r.charge,
  legalBasis: r.legal_basis,
  materials: parseJsonArray<ItemMaterial>(r.materials),
  steps: parseJsonArray<ItemStep>(r.steps),
  windows: parseJsonArray<ItemWindow>(r.windows),
  onlineUrl: r.online_url,
});

export const toAdminItemView = (r: ItemRow, siteCode: string): AdminItemView => ({
  ...toItemGuide(r),
  keywords: r.keywords,
  status: r.status,
  sort: Number(r.sort),
  inherited: r.site_code !== siteCode,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const AUDIENCE_NAMES: Record<string, string> = { person: '个人', corp: '法人', both: '个人和法人' };
