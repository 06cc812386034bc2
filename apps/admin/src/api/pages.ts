/**
 * 页面配置 (zero-code pages): each site has one page per H5 channel, made of typed blocks. The console
 * edits the unresolved blocks (what to show); the public endpoint returns them resolved (the actual
 * apps, items and news), which is what a citizen sees.
 */
import type { AppCard, ItemCard, NewsCard } from '@dz/contracts';
import { http } from './request';

export type Channel = 'home' | 'affairs' | 'services';

export const CHANNELS: { code: Channel; name: string }[] = [
  { code: 'home', name: '首页' },
  { code: 'affairs', name: '办事' },
  { code: 'services', name: '便民' },
];

export interface BannerItem {
  image: string;
  title: string;
  link: string;
  startAt?: string | null;
  endAt?: string | null;
}

export interface TitleBarBlock {
  id: string;
  type: 'titleBar';
  showSearch: boolean;
  showScan: boolean;
  showMessages: boolean;
}
export interface BannerBlock {
  id: string;
  type: 'banner';
  items: BannerItem[];
}
export interface LicencesBlock {
  id: string;
  type: 'licences';
  title: string;
}
export interface ZoneGridBlock {
  id: string;
  type: 'zoneGrid';
  title: string;
  zoneCodes: string[];
}
export type AppSource = 'theme' | 'manual' | 'palm';
export interface AppGridBlock {
  id: string;
  type: 'appGrid';
  title: string;
  source: AppSource;
  theme?: string | null;
  appIds?: number[];
  limit: number;
}
export interface ItemListBlock {
  id: string;
  type: 'itemList';
  title: string;
  audience?: 'person' | 'corp' | null;
  theme?: string | null;
  limit: number;
}
export interface NewsListBlock {
  id: string;
  type: 'newsList';
  title: string;
  limit: number;
}
export interface NoticeBlock {
  id: string;
  type: 'notice';
  text: string;
  link?: string | null;
}

export type Block =
  | TitleBarBlock
  | BannerBlock
  | LicencesBlock
  | ZoneGridBlock
  | AppGridBlock
  | ItemListBlock
  | NewsListBlock
  | NoticeBlock;
export type BlockType = Block['type'];

export interface ZoneTile {
  code: string;
  name: string;
  icon: string;
  color: string;
}

/** A block as GET /api/pages/:channel returns it: the configuration plus what it resolved to. */
export type ResolvedBlock =
  | Exclude<Block, ZoneGridBlock | AppGridBlock | ItemListBlock | NewsListBlock>
  | (ZoneGridBlock & { zones: ZoneTile[] })
  | (AppGridBlock & { apps: AppCard[] })
  | (ItemListBlock & { items: ItemCard[] })
  | (NewsListBlock & { news: NewsCard[] });

export interface AdminPage {
  version: number;
  blocks: Block[];
  /** Set when this site has no page of its own and shows an ancestor's; publishing creates its own. */
  inheritedFrom: string | null;
}

export interface PageVersion {
  version: number;
  note: string | null;
  publishedAt: string;
  publishedBy: string | null;
  isCurrent: boolean;
}

export interface PublicPage {
  channel?: Channel;
  site?: unknown;
  blocks: ResolvedBlock[];
}

export const pagesApi = {
  get: (channel: Channel, site: string) => http.get<AdminPage>(`/api/admin/pages/${channel}`, { site }),
  publish: (channel: Channel, site: string, body: { blocks: Block[]; note?: string }) =>
    http.put<AdminPage | undefined>(`/api/admin/pages/${channel}`, body, { query: { site } }),
  versions: (channel: Channel, site: string) => http.get<PageVersion[]>(`/api/admin/pages/${channel}/versions`, { site }),
  restore: (channel: Channel, site: string, version: number) =>
    http.post<unknown>(`/api/admin/pages/${channel}/versions/${version}/restore`, undefined, { query: { site } }),
  /** What citizens get right now (resolved), for the preview after publishing. */
  published: (channel: Channel, site: string) => http.get<PublicPage>(`/api/pages/${channel}`, { site }),
};
