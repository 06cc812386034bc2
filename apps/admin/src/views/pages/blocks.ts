/**
 * The page designer's knowledge of block types: Chinese names (the same as the server's messages use),
 * defaults for a new block, validation,
 * the shape sent on publish, and how the unsaved blocks resolve against the site's catalog for the
 * live preview (the same resolution the public page endpoint does on the server, simplified).
 */
import { THEMES, type AppCard, type ItemCard, type NewsCard } from '@dz/contracts';
import type { AppRow, ItemRow, NewsRow, ZoneRow } from '@/api/catalog';
import type { Block, BlockType, ResolvedBlock, ZoneTile } from '@/api/pages';
import { BLOCK_IMAGE_HINT, LINK_HINT, isBlockImage, isLink } from '@/utils/validate';

export const LIMIT_MIN = 1;
export const LIMIT_MAX = 20;
export const TITLE_MAX = 20;
export const NOTICE_MAX = 200;
export const BANNER_TITLE_MAX = 40;
export const BANNER_MAX = 10;
/** Blocks per page the server accepts (PageWriteRequest). */
export const BLOCKS_MAX = 30;

export interface BlockMeta {
  name: string;
  desc: string;
  /** At most one of this type per page (the title bar sits on top of the page). */
  single?: boolean;
}

export const BLOCK_META: Record<BlockType, BlockMeta> = {
  titleBar: { name: '标题栏', desc: '站点名称与搜索、扫一扫、消息入口', single: true },
  banner: { name: '轮播图', desc: '可设置展示时段的图片轮播' },
  licences: { name: '电子证照', desc: '登录后展示本人电子证照' },
  zoneGrid: { name: '服务专区', desc: '主题集成专区入口宫格' },
  appGrid: { name: '应用宫格', desc: '按主题、手动挑选或掌上办展示应用' },
  itemList: { name: '事项列表', desc: '政务服务事项，可按服务对象和主题筛选' },
  newsList: { name: '资讯列表', desc: '本站点最新发布的资讯' },
  notice: { name: '通知公告', desc: '一行滚动通知，可带链接' },
};

export const BLOCK_TYPES = Object.keys(BLOCK_META) as BlockType[];

export const APP_SOURCES = [
  { code: 'theme', name: '按主题' },
  { code: 'manual', name: '手动挑选' },
  { code: 'palm', name: '掌上办' },
] as const;

export const THEME_OPTIONS = Object.entries(THEMES).map(([code, name]) => ({ code, name }));

/**
 * Block ids only need to be unique within a page. crypto.randomUUID needs a secure context and the
 * console may run on plain HTTP inside an intranet; getRandomValues works everywhere.
 */
export function newBlockId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return `b${Date.now().toString(36)}${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function createBlock(type: BlockType): Block {
  const id = newBlockId();
  switch (type) {
    case 'titleBar':
      return { id, type, showSearch: true, showScan: true, showMessages: true };
    case 'banner':
      return { id, type, items: [{ image: '', title: '', link: '' }] };
    case 'licences':
      return { id, type, title: '我的证照' };
    case 'zoneGrid':
      return { id, type, title: '主题专区', zoneCodes: [] };
    case 'appGrid':
      return { id, type, title: '热门应用', source: 'theme', theme: 'life', appIds: [], limit: 8 };
    case 'itemList':
      return { id, type, title: '热门事项', audience: null, theme: null, limit: 5 };
    case 'newsList':
      return { id, type, title: '政务资讯', limit: 3 };
    case 'notice':
      return { id, type, text: '', link: '' };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

/**
 * A block from the server as the editor needs it: every field present (so form inputs bind to
 * something) and an id. Returns null for a type this console does not know.
 */
export function normalizeBlock(raw: unknown): Block | null {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !(raw.type in BLOCK_META)) return null;
  const base = createBlock(raw.type as BlockType);
  const id = str(raw.id) || base.id;
  switch (base.type) {
    case 'titleBar':
      return {
        ...base,
        id,
        showSearch: bool(raw.showSearch, true),
        showScan: bool(raw.showScan, true),
        showMessages: bool(raw.showMessages, true),
      };
    case 'banner': {
      const items = Array.isArray(raw.items) ? raw.items.filter(isRecord) : [];
      return {
        ...base,
        id,
        items: items.map((i) => ({
          image: str(i.image),
          title: str(i.title),
          link: str(i.link),
          startAt: str(i.startAt) || null,
          endAt: str(i.endAt) || null,
        })),
      };
    }
    case 'licences':
      return { ...base, id, title: str(raw.title, base.title) };
    case 'zoneGrid':
      return { ...base, id, title: str(raw.title, base.title), zoneCodes: Array.isArray(raw.zoneCodes) ? raw.zoneCodes.filter((c) => typeof c === 'string') : [] };
    case 'appGrid': {
      const source = raw.source === 'manual' || raw.source === 'palm' ? raw.source : 'theme';
      return {
        ...base,
        id,
        title: str(raw.title, base.title),
        source,
        theme: str(raw.theme) || null,
        appIds: Array.isArray(raw.appIds) ? raw.appIds.filter((n): n is number => typeof n === 'number') : [],
        limit: num(raw.limit, base.limit),
      };
    }
    case 'itemList':
      return {
        ...base,
        id,
        title: str(raw.title, base.title),
        audience: raw.audience === 'person' || raw.audience === 'corp' ? raw.audience : null,
        theme: str(raw.theme) || null,
        limit: num(raw.limit, base.limit),
      };
    case 'newsList':
      return { ...base, id, title: str(raw.title, base.title), limit: num(raw.limit, base.limit) };
    case 'notice':
      return { ...base, id, text: str(raw.text), link: str(raw.link) };
  }
}

/** The block as published: optional fields that do not apply are left out rather than sent empty. */
export function toPublished(block: Block): Block {
  switch (block.type) {
    case 'banner':
      return {
        id: block.id,
        type: block.type,
        items: block.items.map((i) => ({
          image: i.image.trim(),
          title: i.title.trim(),
          link: i.link.trim(),
          ...(i.startAt ? { startAt: i.startAt } : {}),
          ...(i.endAt ? { endAt: i.endAt } : {}),
        })),
      };
    case 'appGrid':
      return {
        id: block.id,
        type: block.type,
        title: block.title.trim(),
        source: block.source,
        ...(block.source === 'theme' && block.theme ? { theme: block.theme } : {}),
        ...(block.source === 'manual' ? { appIds: [...(block.appIds ?? [])] } : {}),
        limit: block.limit,
      };
    case 'itemList':
      return {
        id: block.id,
        type: block.type,
        title: block.title.trim(),
        ...(block.audience ? { audience: block.audience } : {}),
        ...(block.theme ? { theme: block.theme } : {}),
        limit: block.limit,
      };
    case 'notice':
      return { id: block.id, type: block.type, text: block.text.trim(), ...(block.link?.trim() ? { link: block.link.trim() } : {}) };
    case 'zoneGrid':
      return { id: block.id, type: block.type, title: block.title.trim(), zoneCodes: [...block.zoneCodes] };
    case 'licences':
    case 'newsList':
      return { ...block, title: block.title.trim() };
    case 'titleBar':
      return { ...block };
  }
}

/** Field path → message; empty when the block can be published. */
export type BlockErrors = Record<string, string>;

function checkTitle(errors: BlockErrors, title: string): void {
  if (!title.trim()) errors.title = '请填写标题';
  else if (title.trim().length > TITLE_MAX) errors.title = `标题不超过${TITLE_MAX}个字`;
}

function checkLimit(errors: BlockErrors, limit: number): void {
  if (!Number.isInteger(limit) || limit < LIMIT_MIN || limit > LIMIT_MAX) errors.limit = `显示数量为${LIMIT_MIN}–${LIMIT_MAX}之间的整数`;
}

export function validateBlock(block: Block): BlockErrors {
  const errors: BlockErrors = {};
  switch (block.type) {
    case 'titleBar':
      break;
    case 'banner':
      if (block.items.length === 0) errors.items = '请至少添加一张轮播图';
      else if (block.items.length > BANNER_MAX) errors.items = `轮播图最多${BANNER_MAX}张`;
      block.items.forEach((item, i) => {
        const image = item.image.trim();
        if (!image) errors[`items.${i}.image`] = '请填写图片地址';
        else if (!isBlockImage(image)) errors[`items.${i}.image`] = `图片地址格式不正确：${BLOCK_IMAGE_HINT}`;
        if (!item.title.trim()) errors[`items.${i}.title`] = '请填写图片标题（读屏软件会朗读）';
        else if (item.title.trim().length > BANNER_TITLE_MAX) errors[`items.${i}.title`] = `图片标题不超过${BANNER_TITLE_MAX}个字`;
        const link = item.link.trim();
        if (!link) errors[`items.${i}.link`] = '请填写点击图片后打开的页面';
        else if (!isLink(link)) errors[`items.${i}.link`] = `链接格式不正确：${LINK_HINT}`;
        if (item.startAt && item.endAt && new Date(item.startAt).getTime() >= new Date(item.endAt).getTime()) {
          errors[`items.${i}.window`] = '结束时间须晚于开始时间';
        }
      });
      break;
    case 'licences':
    case 'newsList':
      checkTitle(errors, block.title);
      if (block.type === 'newsList') checkLimit(errors, block.limit);
      break;
    case 'zoneGrid':
      checkTitle(errors, block.title);
      if (block.zoneCodes.length === 0) errors.zoneCodes = '请至少选择一个专区';
      break;
    case 'appGrid':
      checkTitle(errors, block.title);
      checkLimit(errors, block.limit);
      if (block.source === 'theme' && !block.theme) errors.theme = '请选择主题';
      if (block.source === 'manual' && !(block.appIds ?? []).length) errors.appIds = '请至少挑选一个应用';
      break;
    case 'itemList':
      checkTitle(errors, block.title);
      checkLimit(errors, block.limit);
      break;
    case 'notice':
      if (!block.text.trim()) errors.text = '请填写通知内容';
      else if (block.text.trim().length > NOTICE_MAX) errors.text = `通知内容不超过${NOTICE_MAX}个字`;
      if (block.link?.trim() && !isLink(block.link.trim())) errors.link = `链接格式不正确：${LINK_HINT}`;
      break;
  }
  return errors;
}

/** One line under the block's type name in the list, so blocks of one type can be told apart. */
export function blockSummary(block: Block): string {
  switch (block.type) {
    case 'titleBar':
      return [block.showSearch && '搜索', block.showScan && '扫一扫', block.showMessages && '消息'].filter(Boolean).join(' · ') || '仅站点名称';
    case 'banner':
      return `${block.items.length} 张图片`;
    case 'notice':
      return block.text.trim() || '（未填写内容）';
    case 'appGrid': {
      const src = APP_SOURCES.find((s) => s.code === block.source)?.name ?? '';
      return `${block.title || '（无标题）'} · ${src}`;
    }
    default:
      return block.title || '（无标题）';
  }
}

/** Whether a banner picture is inside its display window at `now` (open ends always match). */
export function inWindow(item: { startAt?: string | null; endAt?: string | null }, now: number): boolean {
  if (item.startAt && new Date(item.startAt).getTime() > now) return false;
  if (item.endAt && new Date(item.endAt).getTime() <= now) return false;
  return true;
}

export interface PreviewCatalog {
  zones: ZoneRow[];
  apps: AppRow[];
  items: ItemRow[];
  news: NewsRow[];
}

const bySort = <T extends { sort?: number; id: number }>(a: T, b: T) => (a.sort ?? 0) - (b.sort ?? 0) || a.id - b.id;

/**
 * The unsaved blocks resolved against the catalog the console loaded, for the live preview. The
 * server's resolution (GET /api/pages/:channel) is the reference; this follows its rules as the
 * contract states them: offline entries hidden, limits applied, manual picks in the chosen order.
 */
export function resolveForPreview(blocks: Block[], catalog: PreviewCatalog): ResolvedBlock[] {
  const liveApps = catalog.apps.filter((a) => a.status !== 'offline').sort(bySort);
  const card = (a: AppRow): AppCard => a;
  return blocks.map((block): ResolvedBlock => {
    switch (block.type) {
      case 'zoneGrid': {
        const zones: ZoneTile[] = block.zoneCodes
          .map((code) => catalog.zones.find((z) => z.code === code && z.status !== 'offline'))
          .filter((z): z is ZoneRow => Boolean(z))
          .map((z) => ({ code: z.code, name: z.name, icon: z.icon, color: z.color }));
        return { ...block, zones };
      }
      case 'appGrid': {
        let apps: AppRow[];
        if (block.source === 'manual') {
          apps = (block.appIds ?? [])
            .map((id) => liveApps.find((a) => a.id === id))
            .filter((a): a is AppRow => Boolean(a));
        } else if (block.source === 'palm') {
          apps = liveApps.filter((a) => a.palm);
        } else {
          apps = block.theme ? liveApps.filter((a) => a.themes.includes(block.theme ?? '')) : [];
        }
        return { ...block, apps: apps.slice(0, block.limit).map(card) };
      }
      case 'itemList': {
        const items: ItemCard[] = catalog.items
          .filter((i) => i.status !== 'offline')
          .filter((i) => !block.audience || i.audience === block.audience || i.audience === 'both')
          .filter((i) => !block.theme || i.theme === block.theme)
          .slice(0, block.limit);
        return { ...block, items };
      }
      case 'newsList': {
        const news: NewsCard[] = catalog.news
          .filter((n) => n.status === 'published')
          .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''))
          .slice(0, block.limit);
        return { ...block, news };
      }
      default:
        return block;
    }
  });
}
