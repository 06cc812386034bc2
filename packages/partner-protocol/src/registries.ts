/**
 * issue 14: what the 不动产登记中心, the 住房公积金管理中心 and the 电子证照共享 system answer.
 *
 * ## 不动产 and 公积金: named operations of the bureau API (bureaus.ts)
 * Both are bureaus (cases, decisions, 即办, 查询). Their 查询 operations below answer
 * `BureauQueryResult.rows` with the typed rows named here; the server checks them at run time.
 *
 *   real-estate  POST /v1/real-estate/query/household {idNumber}
 *       → rows: RegistryPerson[] — the person (relation 'self') first, then the family members the
 *         registry links to them (配偶, 未成年子女), each with their houses (possibly none).
 *         An ID number the registry does not know is a person with no houses, not an error.
 *   real-estate  POST /v1/real-estate/query/certificate-check {qrText}
 *       → rows: [RegistryCertificateCheck] — exactly one row, whatever was scanned.
 *   housing-fund POST /v1/housing-fund/query/account {idNumber}
 *       → rows: [HousingFundAccountRow] or [] (no account).
 *   housing-fund POST /v1/housing-fund/query/partner-estates {keyword?} → rows: HousingFundEstateRow[]
 *   housing-fund POST /v1/housing-fund/query/service-points {county?}  → rows: HousingFundServicePointRow[]
 *   (and the 查询 apps' own operations: deposit-records, withdraw-records, loan, repayments,
 *    progress, developers, filings, projects — rows as their forms' columns say)
 *
 * ## Checks before a case is filed (any bureau)
 *   POST /v1/<bureau>/check/:operation {…the form's data, idNumber, name}
 *       → BureauCheckResult. `ok: false` names the fields and why (公积金提取: the amount above the
 *         withdrawable balance or the reason's yearly limit). The engine refuses the case with 400.
 *
 * ## `licence` — 四川省电子证照共享服务平台（模拟）
 *   POST /v1/licence/holder {idNumber?, creditCode?, name} → LicenceListResult: every licence
 *         issued to the person (by ID number) or the company (by credit code); [] when none.
 *   POST /v1/licence/status {licenceNo} → LicenceStatusResult (2001 when unknown).
 *   Sandbox control: POST /_control/licence/revoke {licenceNo}, POST /_control/licence/reset.
 *
 * Sandbox demo pictures (unsigned, for people and browser tests): GET /demo/real-estate/certificates
 * lists demo 不动产权证书 pages; GET /demo/real-estate/certificates/:certId.png is a picture of one,
 * with its QR (text `BDCZS:…`) printed on it — one valid, one revoked, one the registry never issued.
 */

/** The registry's QR on a 不动产权证书 / 不动产登记证明 starts with this. */
export const REAL_ESTATE_QR_PREFIX = 'BDCZS:';

export type RegistryRelation = 'self' | 'spouse' | 'child';

export interface RegistryHouse {
  /** 不动产单元号: 28 characters (GB/T 37346): 6-digit division + 6 + 2 letters + … */
  unitNo: string;
  /** 不动产权证号: 川（2019）达州市不动产权第0012345号 */
  certNo: string;
  /** 所在区域 (district / county name) and its code */
  district: string;
  districtCode: string;
  /** 街道 */
  street: string;
  /** 门牌号: 朝阳中路168号 */
  doorNo: string;
  /** 栋号, 单元, 楼层, 房号 ('' where the house has none, e.g. a 独栋) */
  building: string;
  unit: string;
  floor: string;
  room: string;
  /** 房屋坐落: the full address */
  location: string;
  /** 房屋类型: 商品房 | 房改房 | 经济适用房 | 自建房 | 安置房 */
  houseType: string;
  /** 规划用途: 住宅 | 商业 | 办公 | 车库 … */
  usage: string;
  /** m², two decimals */
  buildingArea: number;
  interiorArea: number;
  sharedArea: number;
  /** 权利人 as registered (full names; the server masks them), several for 共同共有 */
  owners: string[];
  /** 单独所有 | 共同共有 | 按份共有 */
  ownership: string;
  mortgaged: boolean;
  /** 查封 */
  sealed: boolean;
  /** YYYY-MM-DD */
  registeredAt: string;
}

export interface RegistryPerson {
  relation: RegistryRelation;
  name: string;
  idNumber: string;
  houses: RegistryHouse[];
}

export type RegistryCertificateStatus = 'valid' | 'revoked' | 'not-found';

export interface RegistryCertificateCheck {
  status: RegistryCertificateStatus;
  /** null when not found */
  certNo: string | null;
  /** 不动产权证书 | 不动产登记证明 */
  certKind: string | null;
  unitNo: string | null;
  location: string | null;
  /** 权利人, already masked by the registry (张*) */
  ownersMasked: string | null;
  registeredAt: string | null;
  revokedAt: string | null;
  /** the registry's words for the citizen (已注销：因房屋转移登记…) */
  message: string;
}

export interface HousingFundAccountRow {
  accountNo: string;
  name: string;
  /** normal 正常缴存 | sealed 封存 | closed 销户 */
  status: 'normal' | 'sealed' | 'closed';
  employer: string;
  /** 缴存基数, 月缴存额, 余额, 可提取余额: fen */
  base: number;
  monthlyDeposit: number;
  balance: number;
  withdrawable: number;
  /** percent, e.g. 12 */
  employerRate: number;
  personalRate: number;
  /** YYYY-MM-DD */
  openedOn: string;
  /** YYYY-MM, the last month deposited */
  lastDepositPeriod: string;
}

export interface HousingFundEstateRow {
  name: string;
  developer: string;
  district: string;
  address: string;
  /** 合作银行 */
  banks: string;
  lat: number;
  lng: number;
}

export interface HousingFundServicePointRow {
  name: string;
  county: string;
  address: string;
  phone: string;
  hours: string;
  lat: number;
  lng: number;
}

/** POST /v1/<bureau>/check/:operation */
export interface BureauCheckResult {
  ok: boolean;
  /** field key → Chinese message; empty when ok */
  fields: Record<string, string>;
}

export const LICENCE_TYPES = ['id-card', 'social-card', 'driving-licence', 'vehicle-licence', 'business-licence', 'property-cert', 'housing-fund-card'] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

export interface LicenceRecord {
  /** the licence's number as issued (身份证号, 驾驶证号, 统一社会信用代码, 不动产权证号 …) */
  licenceNo: string;
  type: LicenceType;
  /** 居民身份证 …, as issued */
  title: string;
  holderName: string;
  holderIdNumber: string | null;
  creditCode: string | null;
  issuer: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  /** YYYY-MM-DD, null = 长期 */
  validUntil: string | null;
  status: 'valid' | 'revoked' | 'expired';
  /** the licence's face, in print order, full values (the server masks what it shows) */
  surface: { key: string; label: string; value: string }[];
}

export interface LicenceListResult {
  licences: LicenceRecord[];
}

export interface LicenceStatusResult {
  licenceNo: string;
  status: 'valid' | 'revoked' | 'expired';
  revokedAt: string | null;
}
