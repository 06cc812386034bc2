/**
 * Discovery and behaviour: search (搜索列表页 / 搜索结果页), hot terms and 搜索历史, visit counting for
 * the console statistics (数据需求分析: 专区、便民应用、掌上办的访问情况), 我的订阅 and 我的足迹.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AppCard, ItemCard, NewsCard } from './portal.js';

export { looksLikePersonalData } from './pii.js';

const SiteParam = Type.String({ pattern: '^\\d{6}$', description: '站点代码（行政区划代码）' });

// ---- search ----------------------------------------------------------------------------------------

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 64, description: '关键词：汉字、全拼（gongjijin）或首字母（gjj），空格分隔的多个词须同时匹配' }),
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', default: '511700', description: '站点代码，缺省为达州市；结果含本站点及上级站点的内容' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20, description: '每类最多返回条数' })),
  record: Type.Optional(Type.Boolean({ default: true, description: '计入热门搜索与搜索历史；边输入边搜索时传 false，只在用户确认搜索时计入' })),
});
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchResult = Type.Object(
  { items: Type.Array(ItemCard, { description: '事项' }), apps: Type.Array(AppCard, { description: '服务（应用）' }), news: Type.Array(NewsCard, { description: '资讯' }) },
  { title: 'SearchResult' },
);
export type SearchResult = Static<typeof SearchResult>;

export const HotQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', default: '511700' })) });
export const HotTerm = Type.Object({ term: Type.String(), pinned: Type.Boolean({ description: '运营置顶' }) });
export type HotTerm = Static<typeof HotTerm>;

export const HistoryEntry = Type.Object({ term: Type.String(), at: Type.String() });
export type HistoryEntry = Static<typeof HistoryEntry>;
export const HistoryTermParams = Type.Object({ term: Type.String({ minLength: 1, maxLength: 64 }) });

export const DEVICE_HEADER = 'x-device-id';
export const DEVICE_ID_PATTERN = '^[A-Za-z0-9_-]{16,64}$';

export const PinnedQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '站点代码，缺省为本人所属站点' })) });
export const PinnedTerm = Type.Object({ term: Type.String(), count: Type.Integer({ description: '被搜索次数' }), updatedAt: Type.String() });
export type PinnedTerm = Static<typeof PinnedTerm>;
export const PinRequest = Type.Object({
  term: Type.String({ minLength: 1, maxLength: 32, description: '置顶的热门搜索词' }),
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '站点代码，缺省为本人所属站点' })),
});
export const UnpinQuery = Type.Object({
  term: Type.String({ minLength: 1, maxLength: 32 }),
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '站点代码，缺省为本人所属站点' })),
});

// ---- visits and statistics -------------------------------------------------------------------------

export const VISIT_TYPES = { zone: '专区', app: '应用', item: '事项', palm: '掌上办', page: '频道页', news: '资讯' } as const;
export type VisitType = keyof typeof VISIT_TYPES;
export const VisitTypeSchema = Type.Union(
  (Object.keys(VISIT_TYPES) as VisitType[]).map((k) => Type.Literal(k)),
  { description: 'zone 专区（ref=专区代码）| app 应用（ref=应用 id）| item 事项（ref=事项 id）| palm 掌上办应用（ref=应用 id）| page 频道页（ref=home/affairs/services）| news 资讯（ref=资讯 id）' },
);

export const VisitRequest = Type.Object({
  type: VisitTypeSchema,
  ref: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' }),
  site: SiteParam,
});
export type VisitRequest = Static<typeof VisitRequest>;

export const VisitStatsQuery = Type.Object({
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '起始日（北京时间，含），缺省为 29 天前' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '截止日（北京时间，含），缺省为今天' })),
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '站点代码（含其下级站点），缺省为本人所属站点' })),
  type: Type.Optional(VisitTypeSchema),
});
export type VisitStatsQuery = Static<typeof VisitStatsQuery>;

const PvUv = { pv: Type.Integer({ description: '访问量' }), uv: Type.Integer({ description: '访客数（去重）' }) };
export const VisitStats = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    site: Type.String(),
    daily: Type.Array(Type.Object({ day: Type.String(), ...PvUv })),
    summary: Type.Object(
      {
        days: Type.Integer({ description: '统计天数（含起止日）' }),
        pv: Type.Integer({ description: '浏览量合计' }),
        uv: Type.Integer({ description: '访客数（整个时段去重）' }),
        uvPerDay: Type.Number({ description: '日均访客：每天访客数之和 ÷ 统计天数，保留两位小数（访客少时不会显示为 0）' }),
      },
      { description: '概览；没有访问的日子按 0 计入日均' },
    ),
    top: Type.Array(Type.Object({ type: VisitTypeSchema, ref: Type.String(), name: Type.String(), ...PvUv }), { description: '访问最多的 20 个对象' }),
    byZone: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...PvUv }), { description: '各服务专区（专区页的访问）' }),
    bySite: Type.Array(Type.Object({ site: Type.String(), name: Type.String(), ...PvUv })),
  },
  { title: 'VisitStats' },
);
export type VisitStats = Static<typeof VisitStats>;

// ---- 我的订阅 / 我的足迹 ------------------------------------------------------------------------------

export const SubscriptionParams = Type.Object({ appId: Type.Integer({ minimum: 1 }) });

export const Footprint = Type.Object({ id: Type.Integer(), refId: Type.String({ description: '事项 / 应用 / 资讯 id，专区为专区代码' }), title: Type.String(), at: Type.String() });
export type Footprint = Static<typeof Footprint>;
export const Footprints = Type.Object(
  { items: Type.Array(Footprint), apps: Type.Array(Footprint), news: Type.Array(Footprint), zones: Type.Array(Footprint) },
  { title: 'Footprints', description: '各类最多 50 条，最近的在前' },
);
export type Footprints = Static<typeof Footprints>;
