/**
 * 页面配置 (zero-code pages): each site has one page per H5 channel, made of typed blocks. The console
 * edits the unresolved blocks (what to show); the public endpoint returns them resolved (the actual
 * apps, items and news), which is what a citizen sees.
 */
import { PAGE_CHANNELS, type PageChannel, type PageZoneTile } from '@dz/contracts';
import type * as C from '@dz/contracts';
import { http } from './request';

export type Channel = PageChannel;

export const CHANNELS: { code: Channel; name: string }[] = (Object.entries(PAGE_CHANNELS) as [Channel, string][]).map(([code, name]) => ({ code, name }));

/**
 * The blocks' types are the contract's (the server validates with the same schemas), as the editor
 * holds them: an optional field may also be null (不限 / 未设置), which the server's
 * `cleanPageBlocks` drops before validating.
 */
type Editable<T> = { [K in keyof T]: undefined extends T[K] ? T[K] | null : T[K] };
export type { TitleBarBlock, LicencesBlock, ZoneGridBlock, NewsListBlock } from '@dz/contracts';
export type BannerItem = Editable<C.BannerItem>;
export type BannerBlock = Omit<C.BannerBlock, 'items'> & { items: BannerItem[] };
export type AppGridBlock = Editable<C.AppGridBlock>;
export type ItemListBlock = Editable<C.ItemListBlock>;
export type NoticeBlock = Editable<C.NoticeBlock>;
export type Block = C.TitleBarBlock | BannerBlock | C.LicencesBlock | C.ZoneGridBlock | AppGridBlock | ItemListBlock | C.NewsListBlock | NoticeBlock;
export type BlockType = C.PageBlockType;
export type AppSource = AppGridBlock['source'];
export type ZoneTile = PageZoneTile;
/**
 * A block resolved against the catalogue: what GET /api/pages/:channel returns (the contract's
 * ResolvedPageBlock fits it) and what the designer's preview draws from unsaved blocks.
 */
export type ResolvedBlock =
  | Exclude<Block, { type: 'zoneGrid' | 'appGrid' | 'itemList' | 'newsList' }>
  | C.ResolvedZoneGridBlock
  | (AppGridBlock & { apps: C.AppCard[] })
  | (ItemListBlock & { items: C.ItemCard[] })
  | C.ResolvedNewsListBlock;

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
