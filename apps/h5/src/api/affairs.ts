import type { ItemCard } from '@dz/contracts';
import { http } from './client';

export interface Department {
  id: number;
  name: string;
  code: string;
  siteCode: string;
  itemCount: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ItemQuery {
  audience?: 'person' | 'corp';
  departmentId?: number;
  theme?: string;
  page: number;
  pageSize: number;
}

export interface ItemMaterial {
  name: string;
  form: string;
  copies: number;
  required: boolean;
  sampleUrl: string | null;
}

export interface ItemGuide extends ItemCard {
  subject: string;
  timeLimit: string;
  charge: string;
  legalBasis: string;
  materials: ItemMaterial[];
  steps: { title: string; description: string }[];
  windows: { name: string; address: string; hours: string; phone: string }[];
  onlineUrl: string | null;
}

/** 办事: departments, the 事项 catalogue and one 事项's 办事指南. */
export const affairsApi = {
  departments: (site: string) => http.get<Department[]>('/api/departments', { query: { site } }),
  items: (site: string, q: ItemQuery) => http.get<Paged<ItemCard>>('/api/items', { query: { site, ...q } }),
  item: (id: number | string) => http.get<ItemGuide>(`/api/items/${encodeURIComponent(String(id))}`),
};
