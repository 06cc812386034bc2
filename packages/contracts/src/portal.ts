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

/**
 * The in-app pages (H5 routes) an app of kind 'route' can open, with their titles. One list for
 * both sides: the H5 router builds these routes from it (apps/h5/src/router/app-pages.ts must
 * name a page for every path, and nothing else), and the server refuses to put a 'route' app
 * 上线 whose target is not here — citizens would get 页面不存在. A new built app adds its path here
 * and its page in the H5 in the same change.
 */
export const APP_ROUTES = {
  '/apps/water-payment': '水费缴纳',
  '/apps/water-bill-query': '水费账单查询',
  '/apps/utility-install': '在线报装',
  '/apps/gas-payment': '气费缴纳',
  '/apps/gas-bill-query': '燃气账单查询',
  '/apps/gas-install': '燃气报装',
  '/me/ratings': '我的评价',
  '/apps/hospital-booking': '预约挂号',
  '/apps/registration-payment': '挂号缴费',
  '/apps/lab-report-query': '检验报告查询',
  '/apps/realtime-bus': '实时公交查询',
  '/apps/charging-pile-query': '充电桩查询',
  '/apps/house-query': '房屋查询',
  '/apps/no-house-certificate': '无房证明',
  '/apps/property-cert-verify': '不动产登记业务证书核验',
  '/apps/hf-account': '公积金账户信息',
  '/apps/hf-loan-calculator': '贷款计算器',
  '/apps/hf-rates': '利率信息',
  '/apps/hf-partner-estates': '合作楼盘',
  '/apps/hf-service-points': '服务网点',
  '/apps/scenic-intro': '景点介绍',
  '/apps/scenic-booking': '景点预约',
  '/apps/zhongkao-score': '中考成绩查询',
  '/apps/aid-policy-query': '资助政策查询',
  '/apps/library-booking': '图书馆（文化馆）预约',
} as const;
export type AppRoutePath = keyof typeof APP_ROUTES;
export const isAppRoute = (path: string): path is AppRoutePath => Object.prototype.hasOwnProperty.call(APP_ROUTES, path);

/** What an app opens. 'form' (issue 10): the form of the applications engine whose code is the target. */
export const APP_KINDS = ['route', 'external', 'item', 'form'] as const;
export type AppKind = (typeof APP_KINDS)[number];
export const APP_KIND_NAMES: Record<AppKind, string> = { route: '内置页面', external: '外部应用', item: '事项指南', form: '在线表单' };

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
    kind: Type.Union(
      APP_KINDS.map((k) => Type.Literal(k)),
      { description: 'route: built-in H5 route; external: H5 URL opened in-app; item: an item guide; form: an online form of the applications engine (/forms/:formCode)' },
    ),
    target: Type.String({ description: 'route path, URL, item id, or (kind form) the form code' }),
    formCode: Type.Optional(Type.String({ description: 'kind form：在线表单编码（GET /api/forms/:code）' })),
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
    /** Present in /api/items and /api/items/:id: the engine form of this item at its site (inherited from the city), null when none. */
    formCode: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: '在线办事表单编码（本平台在线申报）；null 表示无在线表单' })),
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

// ---- catalog: zones, themes, apps, departments, items, news, messages (主题集成专区 · 便民 · 办事 · 资讯 · 消息中心)

/** The 掌上办 zone's group that lists every 掌上办 app of the site, not only those filed under the zone. */
export const PALM_ALL_GROUP = '全部应用';

/** ?site=CODE on public catalog reads; a county sees its own rows and inherits the city's and the province's. */
export const CatalogSiteQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', default: '511700', description: '站点代码（行政区划代码），默认达州市 511700' })),
});
export type CatalogSiteQuery = Static<typeof CatalogSiteQuery>;

export const ZoneCodeParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9-]{1,31}$' }) });
export const ThemeCodeParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9-]{1,31}$' }) });

/** One service zone (主题集成专区) tile. */
export const ZoneSummary = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    icon: Type.String({ description: 'icon key the H5 maps to an SVG' }),
    color: Type.String({ description: '主题色（#RRGGBB，白字对比度 ≥ 4.5:1）' }),
    intro: Type.String(),
    bannerUrl: Type.Union([Type.String(), Type.Null()]),
    sort: Type.Integer(),
  },
  { $id: 'ZoneSummary' },
);
export type ZoneSummary = Static<typeof ZoneSummary>;

export const ZoneGroup = Type.Object({ title: Type.String({ description: '我要查 / 我要办 / 我要咨询 …' }), apps: Type.Array(AppCard) });
export type ZoneGroup = Static<typeof ZoneGroup>;

export const ZoneDetail = Type.Object({
  code: Type.String(),
  name: Type.String(),
  icon: Type.String(),
  color: Type.String(),
  intro: Type.String(),
  bannerUrl: Type.Union([Type.String(), Type.Null()]),
  groups: Type.Array(ZoneGroup, { description: '按专区配置的分组顺序；没有应用的分组不返回' }),
});
export type ZoneDetail = Static<typeof ZoneDetail>;

export const ThemeSummary = Type.Object({ code: Type.String(), name: Type.String(), appCount: Type.Integer() });
export type ThemeSummary = Static<typeof ThemeSummary>;

export const AppListQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', default: '511700', description: '站点代码，默认达州市 511700' })),
  palm: Type.Optional(Type.Boolean({ description: 'true：只要掌上办应用' })),
  zone: Type.Optional(Type.String({ maxLength: 32, description: '专区代码' })),
  theme: Type.Optional(Type.String({ maxLength: 32, description: '便民主题代码' })),
  audience: Type.Optional(Audience),
});
export type AppListQuery = Static<typeof AppListQuery>;

export const AppDetail = Type.Composite([AppCard, Type.Object({ description: Type.String() })]);
export type AppDetail = Static<typeof AppDetail>;

/** A department (办事部门) in the 部门分类 list, with how many items the chosen site shows for it. */
export const DepartmentCard = Type.Object({ id: Type.Integer(), name: Type.String(), code: Type.String(), siteCode: Type.String(), itemCount: Type.Integer() });
export type DepartmentCard = Static<typeof DepartmentCard>;

export const ItemAudience = Type.Union([Type.Literal('person'), Type.Literal('corp'), Type.Literal('both')]);

export const ItemListQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', default: '511700', description: '站点代码，默认达州市 511700' })),
  audience: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('corp')], { description: 'person：个人办事（含个人和法人通用事项）；corp：法人办事' })),
  departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
  theme: Type.Optional(Type.String({ maxLength: 32 })),
  keyword: Type.Optional(Type.String({ maxLength: 50, description: '事项名称或关键词' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type ItemListQuery = Static<typeof ItemListQuery>;

export const ItemMaterial = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  form: Type.Union([Type.Literal('原件'), Type.Literal('复印件'), Type.Literal('电子')], { description: '材料形式' }),
  copies: Type.Integer({ minimum: 0, maximum: 20 }),
  required: Type.Boolean({ description: '必要材料；false 为容缺或视情形提交' }),
  sampleUrl: Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { description: '样表地址' }),
});
export type ItemMaterial = Static<typeof ItemMaterial>;

export const ItemStep = Type.Object({ title: Type.String({ minLength: 1, maxLength: 50 }), description: Type.String({ maxLength: 500 }) });
export type ItemStep = Static<typeof ItemStep>;

export const ItemWindow = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  address: Type.String({ maxLength: 200 }),
  hours: Type.String({ maxLength: 100 }),
  phone: Type.String({ maxLength: 32 }),
});
export type ItemWindow = Static<typeof ItemWindow>;

/** 事项指南: basic information, materials, process and where to go. */
export const ItemGuide = Type.Composite([
  ItemCard,
  Type.Object({
    subject: Type.String({ description: '实施主体' }),
    timeLimit: Type.String({ description: '办理时限' }),
    charge: Type.String({ description: '收费标准' }),
    legalBasis: Type.String({ description: '设定依据' }),
    materials: Type.Array(ItemMaterial),
    steps: Type.Array(ItemStep),
    windows: Type.Array(ItemWindow),
    onlineUrl: Type.Union([Type.String(), Type.Null()], { description: 'online 为 true 时：null 表示在本平台在线申报，URL 表示跳转到部门业务系统' }),
  }),
]);
export type ItemGuide = Static<typeof ItemGuide>;

export const NewsListQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', default: '511700', description: '站点代码，默认达州市 511700' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});
export const NewsDetail = Type.Composite([NewsCard, Type.Object({ content: Type.String({ description: '经服务端白名单过滤的 HTML' }) })]);
export type NewsDetail = Static<typeof NewsDetail>;

/** One message in 消息中心. */
export const MessageView = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  read: Type.Boolean(),
});
export type MessageView = Static<typeof MessageView>;
export const MessageListQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', default: '511700', description: '用户当前选择的站点' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
});
export const MessageUnreadCount = Type.Object({ count: Type.Integer() });
/** read-all: no default site, so without one every site's messages are marked read. */
export const MessageReadAllQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '用户当前选择的站点；不填则全部站点' })) });

// ---- console (admin-catalog) -------------------------------------------------------------------

const HEX_COLOR = '^#[0-9A-Fa-f]{6}$';
const ThemeCodeSchema = Type.String({ pattern: '^[a-z][a-z-]{1,31}$' });
const GroupTitles = Type.Array(Type.String({ minLength: 1, maxLength: 16 }), { minItems: 1, maxItems: 8 });

/** Every console list is for one site: its own rows plus what it inherits, marked inherited. */
export const AdminSiteQuery = Type.Object({ siteCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '默认为本人所属站点' })) });

export const AdminZoneView = Type.Object({
  id: Type.Integer(),
  siteCode: Type.String(),
  code: Type.String(),
  name: Type.String(),
  icon: Type.String(),
  color: Type.String(),
  intro: Type.String(),
  bannerUrl: Type.Union([Type.String(), Type.Null()]),
  groups: Type.Array(Type.String()),
  sort: Type.Integer(),
  status: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  inherited: Type.Boolean({ description: '继承自上级站点：只能由上级站点修改，或复制为本站点定制' }),
  appCount: Type.Integer({ description: '该站点在此专区显示的应用数（不含下线）' }),
  updatedAt: Type.String(),
});
export type AdminZoneView = Static<typeof AdminZoneView>;

export const ZoneUpdateRequest = Type.Object({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 20 })),
  icon: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' })),
  color: Type.Optional(Type.String({ pattern: HEX_COLOR })),
  intro: Type.Optional(Type.String({ maxLength: 200 })),
  bannerUrl: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 500 })])),
  groups: Type.Optional(GroupTitles),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 })),
  status: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('offline')])),
});
export type ZoneUpdateRequest = Static<typeof ZoneUpdateRequest>;
export const ZoneOverrideRequest = Type.Object({ siteCode: Type.String({ pattern: '^\\d{6}$', description: '要定制该专区的下级站点' }) });

export const AppStatus = Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('coming')], { description: '上线 / 下线 / 即将上线' });

export const AdminAppView = Type.Composite([
  AppCard,
  Type.Object({
    description: Type.String(),
    keywords: Type.String(),
    sort: Type.Integer(),
    inherited: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  }),
]);
export type AdminAppView = Static<typeof AdminAppView>;

export const AdminAppListQuery = Type.Object({
  siteCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '默认为本人所属站点' })),
  zone: Type.Optional(Type.String({ maxLength: 32, description: '专区代码；none 表示不属于任何专区' })),
  status: Type.Optional(AppStatus),
  keyword: Type.Optional(Type.String({ maxLength: 50 })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type AdminAppListQuery = Static<typeof AdminAppListQuery>;

const appFields = {
  name: Type.String({ minLength: 2, maxLength: 30 }),
  icon: Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' }),
  zoneCode: Type.Union([Type.Null(), Type.String({ maxLength: 32 })]),
  group: Type.Union([Type.Null(), Type.String({ maxLength: 16 })]),
  themes: Type.Array(ThemeCodeSchema, { maxItems: 16 }),
  audience: Type.Array(Audience, { minItems: 1, maxItems: 2 }),
  keywords: Type.String({ maxLength: 300 }),
  kind: Type.Union(APP_KINDS.map((k) => Type.Literal(k))),
  target: Type.String({ maxLength: 500 }),
  /** kind 'form': the form it opens (stored as the target). */
  formCode: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,63}$', title: '在线表单编码' }),
  status: AppStatus,
  palm: Type.Boolean(),
  description: Type.String({ maxLength: 1000 }),
  sort: Type.Integer({ minimum: 0, maximum: 9999 }),
};
export const AppCreateRequest = Type.Object({
  siteCode: Type.String({ pattern: '^\\d{6}$' }),
  code: Type.String({ pattern: '^[a-z][a-z0-9-]{1,63}$', description: '同一站点内唯一；与上级站点相同代码即为本站点定制（覆盖上级）' }),
  name: appFields.name,
  icon: Type.Optional(appFields.icon),
  zoneCode: Type.Optional(appFields.zoneCode),
  group: Type.Optional(appFields.group),
  themes: Type.Optional(appFields.themes),
  audience: Type.Optional(appFields.audience),
  keywords: Type.Optional(appFields.keywords),
  kind: appFields.kind,
  target: Type.Optional(appFields.target),
  formCode: Type.Optional(appFields.formCode),
  status: Type.Optional(appFields.status),
  palm: Type.Optional(appFields.palm),
  description: Type.Optional(appFields.description),
  sort: Type.Optional(appFields.sort),
});
export type AppCreateRequest = Static<typeof AppCreateRequest>;
export const AppUpdateRequest = Type.Partial(Type.Object({ code: AppCreateRequest.properties.code, ...appFields }));
export type AppUpdateRequest = Static<typeof AppUpdateRequest>;
export const AppStatusRequest = Type.Object({ status: AppStatus });

export const AdminItemView = Type.Composite([
  ItemGuide,
  Type.Object({
    keywords: Type.String(),
    status: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
    sort: Type.Integer(),
    inherited: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  }),
]);
export type AdminItemView = Static<typeof AdminItemView>;

export const AdminItemListQuery = Type.Object({
  siteCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '默认为本人所属站点' })),
  departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
  audience: Type.Optional(ItemAudience),
  theme: Type.Optional(Type.String({ maxLength: 32 })),
  status: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('offline')])),
  keyword: Type.Optional(Type.String({ maxLength: 50 })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type AdminItemListQuery = Static<typeof AdminItemListQuery>;

const itemFields = {
  code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{2,63}$', description: '事项编码，同一站点内唯一' }),
  name: Type.String({ minLength: 2, maxLength: 100 }),
  departmentId: Type.Integer({ minimum: 1 }),
  audience: ItemAudience,
  theme: ThemeCodeSchema,
  subject: Type.String({ minLength: 2, maxLength: 100 }),
  timeLimit: Type.String({ minLength: 1, maxLength: 100 }),
  charge: Type.String({ minLength: 1, maxLength: 200 }),
  legalBasis: Type.String({ maxLength: 2000 }),
  materials: Type.Array(ItemMaterial, { maxItems: 50 }),
  steps: Type.Array(ItemStep, { maxItems: 20 }),
  windows: Type.Array(ItemWindow, { maxItems: 20 }),
  online: Type.Boolean(),
  onlineUrl: Type.Union([Type.Null(), Type.String({ maxLength: 500 })]),
  bookable: Type.Boolean(),
  keywords: Type.String({ maxLength: 300 }),
  status: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  sort: Type.Integer({ minimum: 0, maximum: 9999 }),
};
export const ItemCreateRequest = Type.Object({
  siteCode: Type.String({ pattern: '^\\d{6}$' }),
  code: itemFields.code,
  name: itemFields.name,
  departmentId: itemFields.departmentId,
  audience: itemFields.audience,
  theme: itemFields.theme,
  subject: Type.Optional(itemFields.subject),
  timeLimit: itemFields.timeLimit,
  charge: itemFields.charge,
  legalBasis: itemFields.legalBasis,
  materials: itemFields.materials,
  steps: itemFields.steps,
  windows: itemFields.windows,
  online: Type.Optional(itemFields.online),
  onlineUrl: Type.Optional(itemFields.onlineUrl),
  bookable: Type.Optional(itemFields.bookable),
  keywords: Type.Optional(itemFields.keywords),
  status: Type.Optional(itemFields.status),
  sort: Type.Optional(itemFields.sort),
});
export type ItemCreateRequest = Static<typeof ItemCreateRequest>;
export const ItemUpdateRequest = Type.Partial(Type.Object(itemFields));
export type ItemUpdateRequest = Static<typeof ItemUpdateRequest>;

export const NewsStatus = Type.Union([Type.Literal('draft'), Type.Literal('published')], { description: '草稿 / 已发布' });
export const AdminNewsView = Type.Composite([
  NewsDetail,
  Type.Object({ status: NewsStatus, inherited: Type.Boolean(), createdAt: Type.String(), updatedAt: Type.String() }),
]);
export type AdminNewsView = Static<typeof AdminNewsView>;
export const AdminNewsListQuery = Type.Object({
  siteCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '默认为本人所属站点' })),
  status: Type.Optional(NewsStatus),
  keyword: Type.Optional(Type.String({ maxLength: 50 })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type AdminNewsListQuery = Static<typeof AdminNewsListQuery>;
const newsFields = {
  title: Type.String({ minLength: 2, maxLength: 100 }),
  summary: Type.String({ maxLength: 300 }),
  content: Type.String({ minLength: 1, maxLength: 100_000, description: '允许 p h3 h4 ul ol li strong em a[href] img[src] br，其余标签和属性会被过滤' }),
  coverUrl: Type.Union([Type.Null(), Type.String({ maxLength: 500 })]),
  status: NewsStatus,
};
export const NewsCreateRequest = Type.Object({
  siteCode: Type.String({ pattern: '^\\d{6}$' }),
  title: newsFields.title,
  summary: Type.Optional(newsFields.summary),
  content: newsFields.content,
  coverUrl: Type.Optional(newsFields.coverUrl),
  status: Type.Optional(newsFields.status),
});
export type NewsCreateRequest = Static<typeof NewsCreateRequest>;
export const NewsUpdateRequest = Type.Partial(Type.Object(newsFields));
export type NewsUpdateRequest = Static<typeof NewsUpdateRequest>;

export const MessageTarget = Type.Union([Type.Literal('all'), Type.Literal('site'), Type.Literal('user')], { description: '全部用户 / 某站点及下级站点的用户 / 指定用户' });
export const MessageSendRequest = Type.Object({
  title: Type.String({ minLength: 2, maxLength: 100 }),
  body: Type.String({ minLength: 1, maxLength: 2000 }),
  link: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 500, pattern: '^(/|https?://)' })])),
  target: MessageTarget,
  siteCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'target 为 site 时必填；target 为 user 时为发送站点，默认本人所属站点' })),
  userPhone: Type.Optional(Type.String({ pattern: '^1[3-9]\\d{9}$', description: 'target 为 user 时必填：用户注册手机号' })),
});
export type MessageSendRequest = Static<typeof MessageSendRequest>;
export const AdminMessageView = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  target: MessageTarget,
  siteCode: Type.Union([Type.String(), Type.Null()]),
  userPhone: Type.Union([Type.String(), Type.Null()], { description: '指定用户时的手机号（脱敏）' }),
  createdBy: Type.Union([Type.String(), Type.Null()], { description: '发送人用户名' }),
  createdAt: Type.String(),
  readCount: Type.Integer(),
});
export type AdminMessageView = Static<typeof AdminMessageView>;
export const AdminMessageListQuery = Type.Object({
  siteCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '只看发到该站点的消息' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type AdminMessageListQuery = Static<typeof AdminMessageListQuery>;
