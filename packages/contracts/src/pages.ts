/**
 * Zero-code pages (移动端管理 / 页面配置, ARCHITECTURE rule 9): a channel page of the H5 (首页 / 办事 /
 * 便民) is an ordered list of typed blocks that operators arrange in the console. The same schemas
 * validate what the console writes and describe what the H5 reads, so both ends agree on every
 * field. The write shape is what an operator stores; the read shape adds the data each block needs
 * (apps, zones, items, news) so the H5 renders a channel with one request.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { AppCard, ItemCard, NewsCard, THEMES, ZONE_CODES } from './portal.js';

export const PAGE_CHANNELS = { home: '首页', affairs: '办事', services: '便民' } as const;
export type PageChannel = keyof typeof PAGE_CHANNELS;
export const PageChannelSchema = Type.Union([Type.Literal('home'), Type.Literal('affairs'), Type.Literal('services')], { description: 'home 首页 | affairs 办事 | services 便民' });

// Links and images end up in href / src attributes of the H5: only in-app routes, http(s) pages
// and inline images are accepted, so a stored `javascript:` URL can never reach a citizen (OWASP
// A03 injection). Times are ISO-8601 with an explicit zone so every instance reads them alike.
const BlockId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$', description: '区块标识（字母、数字、- _），页面内唯一' });
const Title = Type.String({ minLength: 1, maxLength: 20 });
const Link = Type.String({ minLength: 1, maxLength: 500, pattern: '^(/(?!/)|https?://)', description: '站内路由（/ 开头）或 http(s) 地址' });
const Image = Type.String({ minLength: 1, maxLength: 200_000, pattern: '^(/(?!/)|https://|data:image/(svg\\+xml|png|jpeg|webp|gif)[;,])', description: '站内图片地址、https 地址或 data:image 内联图片' });
const IsoTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$', description: 'ISO-8601 时间，含时区，如 2026-12-01T00:00:00+08:00' });
const Limit = (max: number) => Type.Integer({ minimum: 1, maximum: max, description: `显示数量（1–${max}）` });
const closed = { additionalProperties: false } as const;

export const TitleBarBlock = Type.Object(
  { id: BlockId, type: Type.Literal('titleBar'), showSearch: Type.Boolean(), showScan: Type.Boolean(), showMessages: Type.Boolean() },
  { ...closed, title: 'TitleBarBlock', description: '标题栏：站点选择、搜索、扫一扫、消息通知' },
);
export const BannerItem = Type.Object(
  { image: Image, title: Type.String({ minLength: 1, maxLength: 40, description: '图片的文字说明（读屏软件朗读）' }), link: Link, startAt: Type.Optional(IsoTime), endAt: Type.Optional(IsoTime) },
  { ...closed, description: '一张轮播图；startAt / endAt 之外不展示' },
);
export const BannerBlock = Type.Object({ id: BlockId, type: Type.Literal('banner'), items: Type.Array(BannerItem, { minItems: 1, maxItems: 10 }) }, { ...closed, title: 'BannerBlock', description: 'Banner 轮播' });
export const LicencesBlock = Type.Object({ id: BlockId, type: Type.Literal('licences'), title: Title }, { ...closed, title: 'LicencesBlock', description: '电子证照' });
export const ZoneGridBlock = Type.Object(
  { id: BlockId, type: Type.Literal('zoneGrid'), title: Title, zoneCodes: Type.Array(Type.String({ maxLength: 32 }), { minItems: 1, maxItems: 20 }) },
  { ...closed, title: 'ZoneGridBlock', description: '服务专区宫格，按 zoneCodes 的顺序' },
);
export const AppGridBlock = Type.Object(
  {
    id: BlockId,
    type: Type.Literal('appGrid'),
    title: Title,
    source: Type.Union([Type.Literal('theme'), Type.Literal('manual'), Type.Literal('palm')], { description: 'theme：某主题的应用；manual：手工挑选 appIds；palm：掌上办应用' }),
    theme: Type.Optional(Type.String({ maxLength: 32, description: '便民主题代码（source=theme 时必填）' })),
    appIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50, description: '应用 id，按此顺序（source=manual 时必填）' })),
    limit: Limit(50),
  },
  { ...closed, title: 'AppGridBlock', description: '应用宫格（在线办事、便民服务、主题服务…）' },
);
export const ItemListBlock = Type.Object(
  {
    id: BlockId,
    type: Type.Literal('itemList'),
    title: Title,
    audience: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('corp')], { description: 'person 个人办事 / corp 法人办事；含“个人和法人”均可办的事项' })),
    theme: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: '事项主题' })),
    limit: Limit(50),
  },
  { ...closed, title: 'ItemListBlock', description: '政务服务事项列表' },
);
export const NewsListBlock = Type.Object({ id: BlockId, type: Type.Literal('newsList'), title: Title, limit: Limit(20) }, { ...closed, title: 'NewsListBlock', description: '资讯列表（最新发布在前）' });
export const NoticeBlock = Type.Object(
  { id: BlockId, type: Type.Literal('notice'), text: Type.String({ minLength: 1, maxLength: 200 }), link: Type.Optional(Link) },
  { ...closed, title: 'NoticeBlock', description: '通知公告条' },
);

/** The blocks' static types, so the console and the H5 import them instead of redeclaring them. */
export type TitleBarBlock = Static<typeof TitleBarBlock>;
export type BannerItem = Static<typeof BannerItem>;
export type BannerBlock = Static<typeof BannerBlock>;
export type LicencesBlock = Static<typeof LicencesBlock>;
export type ZoneGridBlock = Static<typeof ZoneGridBlock>;
export type AppGridBlock = Static<typeof AppGridBlock>;
export type ItemListBlock = Static<typeof ItemListBlock>;
export type NewsListBlock = Static<typeof NewsListBlock>;
export type NoticeBlock = Static<typeof NoticeBlock>;

/** What an operator stores: one of the block types above. */
export const PageBlock = Type.Union([TitleBarBlock, BannerBlock, LicencesBlock, ZoneGridBlock, AppGridBlock, ItemListBlock, NewsListBlock, NoticeBlock], { title: 'PageBlock' });
export type PageBlock = Static<typeof PageBlock>;
export type PageBlockType = PageBlock['type'];

/** Chinese names of the block types, for the console palette, messages and audit summaries. */
export const BLOCK_TYPES: Record<PageBlockType, { label: string; schema: TSchema }> = {
  titleBar: { label: '标题栏', schema: TitleBarBlock },
  banner: { label: '轮播图', schema: BannerBlock },
  licences: { label: '电子证照', schema: LicencesBlock },
  zoneGrid: { label: '服务专区', schema: ZoneGridBlock },
  appGrid: { label: '应用宫格', schema: AppGridBlock },
  itemList: { label: '事项列表', schema: ItemListBlock },
  newsList: { label: '资讯列表', schema: NewsListBlock },
  notice: { label: '通知公告', schema: NoticeBlock },
};

// ---- the read shape: blocks resolved for rendering -----------------------------------------------

export const PageZoneTile = Type.Object({ code: Type.String(), name: Type.String(), icon: Type.String(), color: Type.String() });
export type PageZoneTile = Static<typeof PageZoneTile>;

const extend = <T extends { properties: Record<string, TSchema> }>(base: T, extra: Record<string, TSchema>, title: string) =>
  Type.Object({ ...base.properties, ...extra }, { title });

export const ResolvedPageBlock = Type.Union(
  [
    TitleBarBlock,
    extend(BannerBlock, {}, 'ResolvedBannerBlock'),
    LicencesBlock,
    extend(ZoneGridBlock, { zones: Type.Array(PageZoneTile) }, 'ResolvedZoneGridBlock'),
    extend(AppGridBlock, { apps: Type.Array(AppCard) }, 'ResolvedAppGridBlock'),
    extend(ItemListBlock, { items: Type.Array(ItemCard) }, 'ResolvedItemListBlock'),
    extend(NewsListBlock, { news: Type.Array(NewsCard) }, 'ResolvedNewsListBlock'),
    NoticeBlock,
  ],
  { title: 'ResolvedPageBlock', description: '已解析的区块：banner 只含当前时间窗内的图片；appGrid 带 apps，zoneGrid 带 zones，itemList 带 items，newsList 带 news' },
);
export type ResolvedZoneGridBlock = ZoneGridBlock & { zones: PageZoneTile[] };
export type ResolvedAppGridBlock = AppGridBlock & { apps: AppCard[] };
export type ResolvedItemListBlock = ItemListBlock & { items: ItemCard[] };
export type ResolvedNewsListBlock = NewsListBlock & { news: NewsCard[] };
export type ResolvedPageBlock =
  | Exclude<PageBlock, { type: 'zoneGrid' | 'appGrid' | 'itemList' | 'newsList' }>
  | ResolvedZoneGridBlock
  | ResolvedAppGridBlock
  | ResolvedItemListBlock
  | ResolvedNewsListBlock;

const SiteCode = Type.String({ pattern: '^\\d{6}$', description: '站点代码（行政区划代码）' });

export const PageQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', default: '511700', description: '站点代码，缺省为达州市 511700' })) });
export const PageParams = Type.Object({ channel: PageChannelSchema });

export const PageView = Type.Object(
  {
    channel: PageChannelSchema,
    site: SiteCode,
    version: Type.Integer({ description: '生效的版本号；尚未配置时为 0' }),
    inheritedFrom: Type.Union([Type.String(), Type.Null()], { description: '本站点没有自己的页面时，沿用的上级站点代码' }),
    publishedAt: Type.Union([Type.String(), Type.Null()]),
    blocks: Type.Array(ResolvedPageBlock),
  },
  { title: 'PageView' },
);
export type PageView = Static<typeof PageView>;

// ---- console -------------------------------------------------------------------------------------

export const AdminPageQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '站点代码，缺省为本人所属站点' })) });

export const AdminPageView = Type.Object(
  {
    channel: PageChannelSchema,
    site: SiteCode,
    version: Type.Union([Type.Integer(), Type.Null()], { description: '本站点当前版本；沿用上级或尚未配置时为 null' }),
    inheritedFrom: Type.Union([Type.String(), Type.Null()], { description: '本站点还没有自己的页面时，编辑器里显示的是该上级站点的页面副本；首次发布即成为本站点的第 1 版' }),
    publishedAt: Type.Union([Type.String(), Type.Null()]),
    blocks: Type.Array(PageBlock),
  },
  { title: 'AdminPageView' },
);
export type AdminPageView = Static<typeof AdminPageView>;

// Each block is declared without properties on purpose: the server's Ajv runs with
// removeAdditional 'all', which would silently drop the fields of any object schema (and, with a
// union, strip or coerce fields while trying each branch). The full per-type check (unknown types,
// unknown or missing fields) runs in checkPageBlocks, which names the offending block in Chinese.
export const PageWriteRequest = Type.Object({
  blocks: Type.Array(Type.Unsafe<Record<string, unknown>>({ description: '区块（含 id 与 type），各类型的结构见 PageBlock' }), { maxItems: 30 }),
  note: Type.Optional(Type.String({ maxLength: 200, description: '发布说明' })),
});
export type PageWriteRequest = Static<typeof PageWriteRequest>;

export const PageVersionView = Type.Object({
  version: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.String(),
  publishedBy: Type.Union([Type.String(), Type.Null()], { description: '发布人姓名' }),
  isCurrent: Type.Boolean(),
});
export type PageVersionView = Static<typeof PageVersionView>;
export const PageVersionParams = Type.Object({ channel: PageChannelSchema, version: Type.Integer({ minimum: 1 }) });

// ---- validation shared by console (before sending) and server (on write) -------------------------

const FIELD_LABELS: Record<string, string> = {
  id: '区块标识',
  type: '类型',
  showSearch: '显示搜索',
  showScan: '显示扫一扫',
  showMessages: '显示消息',
  items: '轮播图',
  image: '图片',
  title: '标题',
  link: '链接',
  startAt: '开始时间',
  endAt: '结束时间',
  zoneCodes: '专区',
  source: '来源',
  theme: '主题',
  appIds: '应用',
  limit: '显示数量',
  audience: '服务对象',
  text: '公告内容',
};

function describeError(path: string, type: ValueErrorType): string {
  const parts = path.split('/').filter(Boolean);
  const named = parts.filter((p) => !/^\d+$/.test(p));
  const field = named[named.length - 1] ?? '';
  const label = FIELD_LABELS[field] ?? field;
  const index = parts.length > 1 && /^\d+$/.test(parts[1]!) ? `第${Number(parts[1]) + 1}项的` : '';
  switch (type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return `包含不支持的字段“${field}”`;
    case ValueErrorType.ObjectRequiredProperty:
      return `缺少${index}${label}`;
    case ValueErrorType.StringPattern:
      return field === 'link' || field === 'image'
        ? `${index}${label}格式不正确（须以 / 开头，或为 http(s) 地址${field === 'image' ? '、data:image 图片' : ''}）`
        : field === 'startAt' || field === 'endAt'
          ? `${index}${label}格式不正确（如 2026-12-01T00:00:00+08:00）`
          : `${index}${label}格式不正确`;
    case ValueErrorType.StringMinLength:
      return `${index}${label}不能为空`;
    case ValueErrorType.StringMaxLength:
      return `${index}${label}太长`;
    case ValueErrorType.ArrayMinItems:
      return `${label}至少要有一项`;
    case ValueErrorType.ArrayMaxItems:
      return `${label}数量超过上限`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.IntegerMaximum:
      return `${index}${label}超出允许范围`;
    default:
      return `${index}${label}取值不正确`;
  }
}

const withoutNulls = (o: unknown): unknown => {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return o;
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
};

/**
 * An optional field sent as null means "not set" (form libraries send null for cleared inputs):
 * null-valued fields of blocks and banner images are dropped before checking and storing.
 */
export function cleanPageBlocks(blocks: readonly unknown[]): unknown[] {
  return blocks.map((raw) => {
    const b = withoutNulls(raw);
    if (typeof b === 'object' && b !== null && (b as { type?: unknown }).type === 'banner') {
      const items = (b as { items?: unknown }).items;
      if (Array.isArray(items)) return { ...b, items: items.map(withoutNulls) };
    }
    return b;
  });
}

/**
 * Checks a page's blocks: known types, exactly the fields of each type, and the rules a schema
 * cannot express (unique ids, a theme for theme grids, apps for manual grids, time windows).
 * Returns null when valid, else one Chinese message naming the block, e.g.
 * “第3个区块（应用宫格“在线办事”）：包含不支持的字段“foo””.
 */
export function checkPageBlocks(blocks: readonly unknown[]): string | null {
  const seen = new Set<string>();
  for (const [i, raw] of blocks.entries()) {
    const n = `第${i + 1}个区块`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `${n}格式不正确`;
    const b = raw as Record<string, unknown>;
    const def = typeof b.type === 'string' ? BLOCK_TYPES[b.type as PageBlockType] : undefined;
    if (!def) return `${n}的类型“${String(b.type ?? '')}”不受支持，可用的类型：${Object.entries(BLOCK_TYPES).map(([k, v]) => `${v.label} ${k}`).join('、')}`;
    const name = `${n}（${def.label}${typeof b.title === 'string' && b.title ? `“${b.title}”` : ''}）`;
    const error = Value.Errors(def.schema, b).First();
    if (error) return `${name}：${describeError(error.path, error.type)}`;
    const block = b as PageBlock;
    if (seen.has(block.id)) return `${name}：区块标识“${block.id}”与前面的区块重复`;
    seen.add(block.id);
    const rule = checkBlockRules(block);
    if (rule) return `${name}：${rule}`;
  }
  return null;
}

function checkBlockRules(b: PageBlock): string | null {
  switch (b.type) {
    case 'appGrid':
      if (b.source === 'theme' && !(b.theme && b.theme in THEMES)) return `请选择主题（可选：${Object.values(THEMES).join('、')}）`;
      if (b.source === 'manual' && !b.appIds?.length) return '请至少选择一个应用';
      return null;
    case 'zoneGrid': {
      const unknown = b.zoneCodes.find((c) => !(ZONE_CODES as readonly string[]).includes(c));
      if (unknown) return `专区“${unknown}”不存在`;
      if (new Set(b.zoneCodes).size !== b.zoneCodes.length) return '专区不能重复';
      return null;
    }
    case 'banner':
      for (const [j, it] of b.items.entries()) {
        const start = it.startAt ? Date.parse(it.startAt) : null;
        const end = it.endAt ? Date.parse(it.endAt) : null;
        if (Number.isNaN(start) || Number.isNaN(end)) return `第${j + 1}张图的时间不是有效日期`;
        if (start != null && end != null && start >= end) return `第${j + 1}张图的结束时间须晚于开始时间`;
      }
      return null;
    default:
      return null;
  }
}

/** “标题栏、轮播图、应用宫格×2”: what a version contains, for the audit log and version list. */
export function summariseBlocks(blocks: readonly { type: string }[]): string {
  const counts = new Map<string, number>();
  for (const b of blocks) counts.set(b.type, (counts.get(b.type) ?? 0) + 1);
  if (!counts.size) return '空页面';
  return [...counts].map(([t, c]) => `${BLOCK_TYPES[t as PageBlockType]?.label ?? t}${c > 1 ? `×${c}` : ''}`).join('、');
}
