/**
 * issue 14: 不动产 (房屋查询, 无房证明, 证书查验), 公积金 (账户信息, 利率, 合作楼盘, 服务网点) and the
 * 电子证照 wallet with 亮证. Houses, fund accounts and licences stay in the bureaus' systems and are
 * read on demand by the login's identity; names and ID numbers are shown masked. Money is integer 分;
 * rates are basis points (260 = 2.60 %); dates 'YYYY-MM-DD'; times ISO-8601 UTC.
 */
import { Type, type Static } from '@sinclair/typebox';

const Site = Type.String({ pattern: '^\\d{6}$', title: '站点' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const HousingErrorCodes = {
  /** 403: the feature reads the bureaus by the login's ID number. */
  REALNAME_REQUIRED: 'REALNAME_REQUIRED',
  /** 404: the 公积金中心 has no account for the login. */
  FUND_ACCOUNT_NOT_FOUND: 'FUND_ACCOUNT_NOT_FOUND',
  /** 404 */
  LICENCE_NOT_FOUND: 'LICENCE_NOT_FOUND',
  /** 409: 亮证 before a PIN was set. */
  LICENCE_PIN_NOT_SET: 'LICENCE_PIN_NOT_SET',
  /** 400 with `details.attemptsLeft`. */
  LICENCE_PIN_WRONG: 'LICENCE_PIN_WRONG',
  /** 423 with `details.lockedUntil` (ISO): 5 wrong PINs in a row. */
  LICENCE_PIN_LOCKED: 'LICENCE_PIN_LOCKED',
  /** 409: the licence is revoked or expired at the issuer; it cannot be shown. */
  LICENCE_NOT_VALID: 'LICENCE_NOT_VALID',
  RATE_NOT_FOUND: 'RATE_NOT_FOUND',
  /** 403: 房屋查询, 查询单 and 公积金账户 read a person's own records; a company login is its legal representative's, shared. */
  PERSONAL_ACCOUNT_REQUIRED: 'PERSONAL_ACCOUNT_REQUIRED',
} as const;

// ---- 不动产 -------------------------------------------------------------------------------------

export const HOUSE_RELATIONS = ['self', 'spouse', 'child'] as const;
export type HouseRelation = (typeof HOUSE_RELATIONS)[number];
export const HOUSE_RELATION_NAMES: Record<HouseRelation, string> = { self: '本人', spouse: '配偶', child: '未成年子女' };

/** One house as 房屋查询 and the 查询单 show it: the seed's fields, 权利人 masked. */
export const HouseView = Type.Object({
  /** An opaque id for the H5's list keys and detail links (keyed digest of the unit number). */
  id: Type.String(),
  relation: Type.Union(HOUSE_RELATIONS.map((r) => Type.Literal(r))),
  relationName: Type.String(),
  unitNo: Type.String({ description: '不动产单元号' }),
  certNo: Type.String({ description: '不动产权证号' }),
  district: Type.String({ description: '所在区域' }),
  street: Type.String({ description: '街道' }),
  doorNo: Type.String({ description: '门牌号' }),
  building: Type.String({ description: '栋号' }),
  unit: Type.String({ description: '单元' }),
  floor: Type.String({ description: '楼层' }),
  room: Type.String({ description: '房号' }),
  location: Type.String({ description: '房屋坐落' }),
  houseType: Type.String({ description: '房屋类型' }),
  usage: Type.String({ description: '规划用途' }),
  buildingArea: Type.Number({ description: '建筑面积 ㎡' }),
  interiorArea: Type.Number({ description: '套内面积 ㎡' }),
  sharedArea: Type.Number({ description: '公摊面积 ㎡' }),
  owners: Type.String({ description: '权利人（已脱敏）' }),
  ownership: Type.String({ description: '共有情况' }),
  mortgaged: Type.Boolean({ description: '抵押' }),
  sealed: Type.Boolean({ description: '查封' }),
  registeredAt: Type.String(),
});
export type HouseView = Static<typeof HouseView>;

export const HousePerson = Type.Object({
  relation: Type.Union(HOUSE_RELATIONS.map((r) => Type.Literal(r))),
  relationName: Type.String(),
  name: Type.String({ description: '已脱敏' }),
  idNumber: Type.String({ description: '已脱敏' }),
  houseCount: Type.Integer(),
});
export type HousePerson = Static<typeof HousePerson>;

/** GET /api/real-estate/houses */
export const HousesResponse = Type.Object({
  /** the login first, then the family members the registry links (配偶, 未成年子女) */
  people: Type.Array(HousePerson),
  items: Type.Array(HouseView),
  queriedAt: Type.String(),
});
export type HousesResponse = Static<typeof HousesResponse>;

/** POST /api/real-estate/no-house-certificates */
export const NoHouseCertificateRequest = Type.Object(
  {
    /** 查询用途, printed on the 查询单 (购房资格, 公积金提取, 人才安居 …) */
    purpose: Type.Optional(Type.String({ minLength: 1, maxLength: 30, title: '查询用途' })),
    site: Type.Optional(Site),
  },
  { additionalProperties: false },
);
export type NoHouseCertificateRequest = Static<typeof NoHouseCertificateRequest>;

/** Days a 住房情况查询单 stays valid. */
export const NO_HOUSE_VALID_DAYS = 30;

export const NoHouseCertificateResponse = Type.Object({
  id: Type.String(),
  docNo: Type.String(),
  pdfUrl: Type.String(),
  qrText: Type.String(),
  issuedAt: Type.String(),
  expiresAt: Type.String(),
  /** no house is registered for the login and the family: a true 无房证明 */
  noHouse: Type.Boolean(),
  people: Type.Array(HousePerson),
  items: Type.Array(HouseView),
});
export type NoHouseCertificateResponse = Static<typeof NoHouseCertificateResponse>;

// ---- 公积金 -------------------------------------------------------------------------------------

export const FUND_STATUS_NAMES = { normal: '正常缴存', sealed: '封存', closed: '销户' } as const;

/** GET /api/housing-fund/account */
export const HousingFundAccountView = Type.Object({
  accountNo: Type.String({ description: '个人公积金账号（已脱敏）' }),
  name: Type.String({ description: '已脱敏' }),
  status: Type.Union([Type.Literal('normal'), Type.Literal('sealed'), Type.Literal('closed')]),
  statusName: Type.String(),
  employer: Type.String(),
  base: Type.Integer({ description: '缴存基数（分）' }),
  monthlyDeposit: Type.Integer({ description: '月缴存额（分）' }),
  balance: Type.Integer({ description: '账户余额（分）' }),
  withdrawable: Type.Integer({ description: '可提取余额（分）' }),
  employerRate: Type.Number(),
  personalRate: Type.Number(),
  openedOn: Type.String(),
  lastDepositPeriod: Type.String(),
  queriedAt: Type.String(),
});
export type HousingFundAccountView = Static<typeof HousingFundAccountView>;

export const RATE_KINDS = ['fund', 'commercial', 'deposit'] as const;
export type RateKind = (typeof RATE_KINDS)[number];
export const RATE_KIND_NAMES: Record<RateKind, string> = { fund: '公积金贷款利率', commercial: '商业贷款利率', deposit: '公积金存款利率' };

export const HousingFundRate = Type.Object({
  id: Type.Integer(),
  kind: Type.Union(RATE_KINDS.map((k) => Type.Literal(k)), { title: '利率类别' }),
  termLabel: Type.String({ minLength: 1, maxLength: 60, title: '期限' }),
  /** the loan terms (years) it applies to: minYears < years ≤ maxYears */
  minYears: Type.Integer({ minimum: 0, maximum: 30, title: '期限下限（年，不含）' }),
  maxYears: Type.Integer({ minimum: 1, maximum: 30, title: '期限上限（年，含）' }),
  rateBp: Type.Integer({ minimum: 1, maximum: 2000, title: '年利率（基点）' }),
  effectiveFrom: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: '执行日期' }),
  sort: Type.Integer({ minimum: 0, maximum: 999, title: '排序' }),
});
export type HousingFundRate = Static<typeof HousingFundRate>;
export const HousingFundRateInput = Type.Omit(HousingFundRate, ['id'], { additionalProperties: false });
export type HousingFundRateInput = Static<typeof HousingFundRateInput>;

/** GET /api/housing-fund/rates?site= (public); the console's /api/admin/housing-fund/rates?site= */
export const HousingFundRatesResponse = Type.Object({ siteCode: Type.String(), items: Type.Array(HousingFundRate) });
export type HousingFundRatesResponse = Static<typeof HousingFundRatesResponse>;

export const HousingFundEstate = Type.Object({ name: Type.String(), developer: Type.String(), district: Type.String(), address: Type.String(), banks: Type.String(), lat: Type.Number(), lng: Type.Number() });
export type HousingFundEstate = Static<typeof HousingFundEstate>;
export const HousingFundServicePoint = Type.Object({ name: Type.String(), county: Type.String(), address: Type.String(), phone: Type.String(), hours: Type.String(), lat: Type.Number(), lng: Type.Number() });
export type HousingFundServicePoint = Static<typeof HousingFundServicePoint>;
/** GET /api/housing-fund/estates?q=&site=, GET /api/housing-fund/service-points?site= */
export const HousingFundEstatesResponse = Type.Object({ items: Type.Array(HousingFundEstate) });
export const HousingFundServicePointsResponse = Type.Object({ items: Type.Array(HousingFundServicePoint) });

// ---- 电子证照 and 亮证 ----------------------------------------------------------------------------

export const LICENCE_TYPE_NAMES = {
  'id-card': '居民身份证',
  'social-card': '社会保障卡',
  'driving-licence': '机动车驾驶证',
  'vehicle-licence': '机动车行驶证',
  'business-licence': '营业执照',
  'property-cert': '不动产权证书',
  'housing-fund-card': '住房公积金账户卡',
} as const;
export type LicenceTypeCode = keyof typeof LICENCE_TYPE_NAMES;

/** A licence's 亮证 code is valid this long. */
export const LICENCE_SHOW_SECONDS = 300;
/** Wrong PINs in a row before the PIN locks, and for how long. */
export const LICENCE_PIN_MAX_FAILS = 5;
export const LICENCE_PIN_LOCK_MINUTES = 30;
/** The QR text of a 亮证 code starts with this. */
export const LICENCE_QR_PREFIX = 'DZLIC:';

export const LicenceView = Type.Object({
  /** opaque and stable (keyed digest of the licence number): no licence number in URLs */
  id: Type.String(),
  type: Type.String(),
  typeName: Type.String(),
  title: Type.String(),
  holder: Type.String({ description: '已脱敏' }),
  numberMasked: Type.String(),
  issuer: Type.String(),
  issuedOn: Type.String(),
  validUntil: Nullable(Type.String()),
  status: Type.Union([Type.Literal('valid'), Type.Literal('revoked'), Type.Literal('expired')]),
  /** the face, masked (ID numbers, addresses) */
  fields: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), value: Type.String() })),
});
export type LicenceView = Static<typeof LicenceView>;

/** GET /api/licences */
export const LicencesResponse = Type.Object({
  items: Type.Array(LicenceView),
  pinSet: Type.Boolean(),
  pinLockedUntil: Nullable(Type.String()),
});
export type LicencesResponse = Static<typeof LicencesResponse>;

export const LicencePin = Type.String({ pattern: '^\\d{6}$', title: '亮证密码' });
/** POST /api/licences/pin */
export const LicencePinRequest = Type.Object({ pin: LicencePin, smsCode: Type.String({ pattern: '^\\d{6}$', title: '短信验证码' }) }, { additionalProperties: false });
export type LicencePinRequest = Static<typeof LicencePinRequest>;
/** POST /api/licences/:id/show */
export const LicenceShowRequest = Type.Object({ pin: LicencePin }, { additionalProperties: false });
export type LicenceShowRequest = Static<typeof LicenceShowRequest>;
export const LicenceShowResponse = Type.Object({
  qrText: Type.String(),
  expiresAt: Type.String(),
  /** the time the holder's screen watermarks the licence with (Beijing, 'YYYY-MM-DD HH:mm:ss') */
  watermark: Type.String(),
  licence: LicenceView,
});
export type LicenceShowResponse = Static<typeof LicenceShowResponse>;

/** GET /api/licences/:id/events: the holder's own 亮证 and who checked them, newest first */
export const LicenceEvent = Type.Object({
  kind: Type.Union([Type.Literal('show'), Type.Literal('check')]),
  at: Type.String(),
  /** checks: valid | expired | revoked | invalid */
  result: Type.String(),
  /** checks: 张*（实名用户） | 匿名核验 */
  checker: Type.String(),
});
export type LicenceEvent = Static<typeof LicenceEvent>;
export const LicenceEventsResponse = Type.Object({ items: Type.Array(LicenceEvent) });

/**
 * 免提交: a form field `prefill: 'licence.<type>.<surface key>'` fills from the holder's licence once
 * they agree for that form (POST /api/licences/consents {formCode}; DELETE …/consents/:formCode).
 * GET /api/forms/:code answers `licencePrefill: { types, consented }` for such a form.
 */
export const LicenceConsentRequest = Type.Object({ formCode: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', title: '表单' }) }, { additionalProperties: false });
export type LicenceConsentRequest = Static<typeof LicenceConsentRequest>;
