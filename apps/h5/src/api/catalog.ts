import type { AppCard, AppDetail } from '@dz/contracts';
import { http } from './client';

export interface ZoneSummary {
  code: string;
  name: string;
  icon: string;
  color: string;
  intro: string;
  bannerUrl: string | null;
  sort: number;
}

export interface ZoneDetail {
  code: string;
  name: string;
  icon: string;
  color: string;
  intro: string;
  bannerUrl: string | null;
  /** 我要查 / 我要办 / 我要咨询 (公积金: 业务办理 / 公积金查询 / 便民服务), in display order. */
  groups: { title: string; apps: AppCard[] }[];
}

export interface ThemeSummary {
  code: string;
  name: string;
  appCount: number;
}

/** 服务专区, 便民主题 and the apps in them, always for one site (a county inherits the city's). */
export const catalogApi = {
  zones: (site: string) => http.get<ZoneSummary[]>('/api/zones', { query: { site } }),
  zone: (code: string, site: string) => http.get<ZoneDetail>(`/api/zones/${encodeURIComponent(code)}`, { query: { site } }),
  themes: (site: string) => http.get<ThemeSummary[]>('/api/themes', { query: { site } }),
  themeApps: (code: string, site: string) => http.get<AppCard[]>(`/api/themes/${encodeURIComponent(code)}/apps`, { query: { site } }),
  /** One app with its description; an app taken offline answers 404. */
  app: (id: number | string) => http.get<AppDetail>(`/api/apps/${encodeURIComponent(String(id))}`),
};
