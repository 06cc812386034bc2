import type { AppCard, ItemCard, NewsCard } from '@dz/contracts';
import { http } from './client';

/** The three channels whose pages the console configures (零代码 page building). */
export type Channel = 'home' | 'affairs' | 'services';

export interface ZoneTile {
  code: string;
  name: string;
  icon: string;
  color: string;
}

/**
 * Blocks as the server sends them: already RESOLVED (zone tiles, apps, items and news filled in
 * for the requested site), so a page renders them without further requests.
 */
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
  /** Only the slides inside their time window; the server leaves the others out. */
  items: { image: string; title: string; link?: string | null }[];
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
  zones: ZoneTile[];
}
export interface AppGridBlock {
  id: string;
  type: 'appGrid';
  title: string;
  /** theme: a 便民 theme's apps; manual: picked apps; palm: 掌上办 apps. */
  source: 'theme' | 'manual' | 'palm' | string;
  theme?: string | null;
  limit: number;
  apps: AppCard[];
}
export interface ItemListBlock {
  id: string;
  type: 'itemList';
  title: string;
  audience?: 'person' | 'corp' | null;
  theme?: string | null;
  limit: number;
  items: ItemCard[];
}
export interface NewsListBlock {
  id: string;
  type: 'newsList';
  title: string;
  limit: number;
  news: NewsCard[];
}
export interface NoticeBlock {
  id: string;
  type: 'notice';
  text: string;
  link?: string | null;
}

export type PageBlock = TitleBarBlock | BannerBlock | LicencesBlock | ZoneGridBlock | AppGridBlock | ItemListBlock | NewsListBlock | NoticeBlock;
export type BlockType = PageBlock['type'];

export const BLOCK_TYPES: readonly BlockType[] = ['titleBar', 'banner', 'licences', 'zoneGrid', 'appGrid', 'itemList', 'newsList', 'notice'];

export interface ChannelPage {
  channel: Channel;
  site: string;
  version: number;
  /** The site whose configuration is shown when this site has none of its own. */
  inheritedFrom: string | null;
  publishedAt?: string | null;
  /** Raw from the wire: a newer server may send block types this build does not know. */
  blocks: { id: string; type: string }[];
}

export function isKnownBlock(b: { type: string }): b is PageBlock {
  return (BLOCK_TYPES as readonly string[]).includes(b.type);
}

export const pagesApi = {
  get: (channel: Channel, site: string) => http.get<ChannelPage>(`/api/pages/${channel}`, { query: { site } }),
};
