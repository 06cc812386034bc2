import type { PageChannel, PageZoneTile, ResolvedAppGridBlock, ResolvedItemListBlock, ResolvedNewsListBlock, ResolvedPageBlock, ResolvedZoneGridBlock } from '@dz/contracts';
import { http } from './client';

/** The three channels whose pages the console configures (零代码 page building). */
export type Channel = PageChannel;
export type ZoneTile = PageZoneTile;

/**
 * Blocks as the server sends them: already RESOLVED (zone tiles, apps, items and news filled in
 * for the requested site), so a page renders them without further requests. The types are the
 * contract's; the banner carries only the slides inside their time window.
 */
export type { TitleBarBlock, BannerBlock, LicencesBlock, NoticeBlock } from '@dz/contracts';
export type ZoneGridBlock = ResolvedZoneGridBlock;
export type AppGridBlock = ResolvedAppGridBlock;
export type ItemListBlock = ResolvedItemListBlock;
export type NewsListBlock = ResolvedNewsListBlock;
export type PageBlock = ResolvedPageBlock;
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
