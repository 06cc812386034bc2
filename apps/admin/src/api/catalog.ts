/**
 * The portal's catalog as the console manages it: service zones, apps, items (事项), news, messages to
 * citizens and pinned search terms. Every list is scoped to a site (the header's site switcher);
 * rows a site shows but an ancestor owns come back with `inherited: true`.
 */
import type { AppCard, ItemCard, NewsCard } from '@dz/contracts';
import { http, type Query, type RequestOptions } from './request';
import type { PageResult } from './types';

// ---------------------------------------------------------------- zones

export type OnOff = 'online' | 'offline';

export interface ZoneRow {
  id: number;
  code: string;
  name: string;
  icon: string;
  color: string;
  intro: string;
  bannerUrl: string | null;
  groups: string[];
  sort: number;
  status: OnOff;
  siteCode: string;
  inherited: boolean;
  /** Apps shown in this zone on the site (not counting offline ones). */
  appCount?: number;
}

export interface ZoneBody {
  name: string;
  icon: string;
  color: string;
  intro: string;
  bannerUrl: string | null;
  groups: string[];
  sort: number;
  status: OnOff;
}

// ---------------------------------------------------------------- apps

export type AppStatus = AppCard['status'];
export type AppKind = AppCard['kind'];
export type AppRow = AppCard & { description: string; keywords: string; sort: number; inherited: boolean };

export interface AppQuery {
  site: string;
  zone?: string;
  status?: AppStatus | '';
  keyword?: string;
  page: number;
  pageSize: number;
}

export interface AppBody {
  code: string;
  name: string;
  icon: string;
  zoneCode: string | null;
  group: string | null;
  themes: string[];
  audience: ('person' | 'corp')[];
  keywords: string;
  kind: AppKind;
  target: string;
  status: AppStatus;
  palm: boolean;
  description: string;
  sort: number;
  siteCode: string;
}

// ---------------------------------------------------------------- items

export interface ItemMaterial {
  name: string;
  /** 纸质 / 电子 / 纸质或电子 — free text, as the guide lists it. */
  form: string;
  copies: number;
  required: boolean;
  sampleUrl: string | null;
}
export interface ItemStep {
  title: string;
  description: string;
}
export interface ItemWindow {
  name: string;
  address: string;
  hours: string;
  phone: string;
}

export type ItemStatus = OnOff;
export type ItemRow = ItemCard & {
  subject: string;
  timeLimit: string;
  charge: string;
  legalBasis: string;
  materials: ItemMaterial[];
  steps: ItemStep[];
  windows: ItemWindow[];
  onlineUrl: string | null;
  keywords: string;
  status: ItemStatus;
  sort: number;
  inherited?: boolean;
};

export interface ItemQuery {
  site: string;
  departmentId?: number | null;
  audience?: string;
  keyword?: string;
  page: number;
  pageSize: number;
}

export type ItemBody = Omit<ItemRow, 'id' | 'departmentName' | 'inherited'>;

// ---------------------------------------------------------------- news

export type NewsStatus = 'published' | 'draft';
export type NewsRow = NewsCard & { content: string; status: NewsStatus; inherited?: boolean };
export interface NewsBody {
  title: string;
  summary: string;
  coverUrl: string | null;
  content: string;
  status: NewsStatus;
  siteCode: string;
}

// ---------------------------------------------------------------- messages

export type MessageTarget = 'all' | 'site' | 'user';
export interface MessageRow {
  id: number;
  title: string;
  body: string;
  link: string | null;
  target: MessageTarget;
  siteCode: string | null;
  /** Masked phone of the one recipient when target is 'user'. */
  userPhone?: string | null;
  createdBy?: string | null;
  readCount?: number;
  createdAt: string;
}
export interface MessageBody {
  title: string;
  body: string;
  link?: string;
  target: MessageTarget;
  siteCode?: string;
  userPhone?: string;
}

// ---------------------------------------------------------------- api

/**
 * The catalog routes read the site as `siteCode` (their contract), while the brief and the page,
 * search and statistics routes call it `site`; lists send both so they follow the header's site
 * whichever name a route reads (unknown query keys are dropped by the server's schema).
 */
const scoped = <Q extends { site: string }>(q: Q): Query => ({ ...q, siteCode: q.site });

export const catalogApi = {
  zones: (site: string) => http.get<ZoneRow[]>('/api/admin/zones', scoped({ site })),
  /** Copies an inherited zone for `siteCode`, which from then on shows its own version. */
  overrideZone: (id: number, siteCode: string) => http.post<ZoneRow>(`/api/admin/zones/${id}/override`, { siteCode }),
  updateZone: (id: number, body: ZoneBody) => http.put<ZoneRow>(`/api/admin/zones/${id}`, body),

  apps: (q: AppQuery) => http.get<PageResult<AppRow>>('/api/admin/apps', scoped(q)),
  createApp: (body: AppBody) => http.post<AppRow>('/api/admin/apps', body),
  updateApp: (id: number, body: AppBody) => http.put<AppRow>(`/api/admin/apps/${id}`, body),
  removeApp: (id: number) => http.delete<void>(`/api/admin/apps/${id}`),
  setAppStatus: (id: number, status: AppStatus, options: Pick<RequestOptions, 'silent'> = {}) =>
    http.post<unknown>(`/api/admin/apps/${id}/status`, { status }, options),

  items: (q: ItemQuery) => http.get<PageResult<ItemRow>>('/api/admin/items', scoped(q)),
  createItem: (body: ItemBody) => http.post<ItemRow>('/api/admin/items', body),
  updateItem: (id: number, body: ItemBody) => http.put<ItemRow>(`/api/admin/items/${id}`, body),
  removeItem: (id: number) => http.delete<void>(`/api/admin/items/${id}`),

  news: (q: { site: string; page: number; pageSize: number; status?: NewsStatus | '' }) =>
    http.get<PageResult<NewsRow>>('/api/admin/news', scoped(q)),
  createNews: (body: NewsBody) => http.post<NewsRow>('/api/admin/news', body),
  updateNews: (id: number, body: NewsBody) => http.put<NewsRow>(`/api/admin/news/${id}`, body),
  removeNews: (id: number) => http.delete<void>(`/api/admin/news/${id}`),

  messages: (q: { site: string; page: number; pageSize: number }) =>
    http.get<PageResult<MessageRow>>('/api/admin/messages', scoped(q)),
  sendMessage: (body: MessageBody) => http.post<MessageRow>('/api/admin/messages', body),

  pinned: (site: string) => http.get<{ term: string; count?: number }[]>('/api/admin/search/pinned', { site }),
  pin: (site: string, term: string) => http.post<unknown>('/api/admin/search/pinned', { term, site }),
  // The term travels as a query parameter (the server's UnpinQuery), so terms with / or ? need no
  // path escaping.
  unpin: (site: string, term: string) => http.delete<void>('/api/admin/search/pinned', { query: { term, site } }),
};

/**
 * Reads every page of a paged list (for pickers and the page designer's preview, which need the whole
 * catalog of a site). Stops at `cap` rows so a huge catalog cannot freeze the console.
 */
export async function loadAll<T>(
  fetchPage: (page: number, pageSize: number) => Promise<PageResult<T>>,
  cap = 1000,
): Promise<T[]> {
  const pageSize = 100;
  const all: T[] = [];
  for (let page = 1; all.length < cap; page += 1) {
    const r = await fetchPage(page, pageSize);
    all.push(...r.items);
    if (r.items.length === 0 || all.length >= r.total) break;
  }
  return all.slice(0, cap);
}
