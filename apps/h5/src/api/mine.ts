import type { AppCard } from '@dz/contracts';
import { http } from './client';

export interface Footprint {
  id: number;
  refId: string;
  title: string;
  at: string;
}

export interface Footprints {
  items: Footprint[];
  apps: Footprint[];
  news: Footprint[];
  /** refId is the zone code. */
  zones: Footprint[];
}

/** 我的订阅 and 我的足迹 (both need a logged-in citizen). */
export const mineApi = {
  subscriptions: () => http.get<AppCard[]>('/api/me/subscriptions'),
  subscribe: (appId: number) => http.put<unknown>(`/api/me/subscriptions/${appId}`),
  unsubscribe: (appId: number) => http.del<void>(`/api/me/subscriptions/${appId}`),
  footprints: () => http.get<Footprints>('/api/me/footprints'),
  removeFootprint: (id: number) => http.del<void>(`/api/me/footprints/${id}`),
  clearFootprints: () => http.del<void>('/api/me/footprints'),
};
