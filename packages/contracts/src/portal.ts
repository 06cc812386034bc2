import { Type, type Static } from '@sinclair/typebox';

/** Service zone codes (DOMAIN.md). */
export const ZONE_CODES = ['water-power', 'gas', 'medical', 'tourism', 'real-estate', 'housing-fund', 'transport', 'culture-edu', 'palm'] as const;

/** 便民 theme categories (DOMAIN.md), code → name. */
export const THEMES = {
  health: '医疗健康',
  'housing-fund': '公积金',
  life: '生活服务',
  justice: '司法服务',
  finance: '金融服务',
  traffic: '交通出行',
  family: '婚育生养',
  household: '户政治安',
  education: '教育考试',
  social: '社会服务',
  agriculture: '农林牧渔',
  'culture-tourism': '文化旅游',
  enterprise: '企业服务',
  housing: '房产建筑',
  environment: '环境气象',
  other: '其他服务',
} as const;
export type ThemeCode = keyof typeof THEMES;

export const Audience = Type.Union([Type.Literal('person'), Type.Literal('corp')]);

/** One app (应用) as a tile anywhere in the H5: zones, themes, search, subscriptions. */
export const AppCard = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    icon: Type.String({ description: 'icon key the H5 maps to an SVG' }),
    zoneCode: Type.Union([Type.String(), Type.Null()]),
    group: Type.Union([Type.String(), Type.Null()], { description: '我要查 / 我要办 / 我要咨询 …' }),
    themes: Type.Array(Type.String()),
    audience: Type.Array(Audience),
    kind: Type.Union([Type.Literal('route'), Type.Literal('external'), Type.Literal('item')], { description: 'route: built-in H5 route; external: H5 URL opened in-app; item: an item guide' }),
    target: Type.String({ description: 'route path, URL, or item id' }),
    status: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('coming')], { description: '上线 / 下线 / 即将上线' }),
    palm: Type.Boolean({ description: '属于掌上办' }),
    siteCode: Type.String(),
  },
  { $id: 'AppCard' },
);
export type AppCard = Static<typeof AppCard>;

/** One 政务服务事项 in a list. */
export const ItemCard = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    departmentId: Type.Integer(),
    departmentName: Type.String(),
    audience: Type.Union([Type.Literal('person'), Type.Literal('corp'), Type.Literal('both')]),
    theme: Type.String(),
    online: Type.Boolean({ description: '可在线办事' }),
    bookable: Type.Boolean({ description: '可办事预约' }),
    siteCode: Type.String(),
  },
  { $id: 'ItemCard' },
);
export type ItemCard = Static<typeof ItemCard>;

/** One 资讯 in a list. */
export const NewsCard = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    coverUrl: Type.Union([Type.String(), Type.Null()]),
    summary: Type.String(),
    publishedAt: Type.Union([Type.String(), Type.Null()]),
    siteCode: Type.String(),
  },
  { $id: 'NewsCard' },
);
export type NewsCard = Static<typeof NewsCard>;
