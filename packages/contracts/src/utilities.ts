/**
 * 水电 / 燃气 (API.md "Utilities"), the file service behind the installation uploads, 我的办件
 * (applications), and the console's 接口管理. The unified payments they pay through are payments.ts.
 * Money is integer 分 everywhere; the H5 formats it with formatFen().
 */
import { Type, type Static } from '@sinclair/typebox';
import { ListPageQuery, PayChannel } from './payments.js';
import { validateIdNumber, validatePhone } from './validators.js';

export const UtilityErrorCodes = {
  REALNAME_REQUIRED: 'REALNAME_REQUIRED',
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  BILL_NOT_PAYABLE: 'BILL_NOT_PAYABLE',
  PAYMENT_IN_PROGRESS: 'PAYMENT_IN_PROGRESS',
  ORDER_NOT_REFUNDABLE: 'ORDER_NOT_REFUNDABLE',
  FILE_REJECTED: 'FILE_REJECTED',
  NOT_A_DRAFT: 'NOT_A_DRAFT',
  PARTNER_REFUSED: 'PARTNER_REFUSED',
} as const;

/** 12345 分 → "123.45" */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const ACCOUNT_NO = '^\\d{6,20}$';
export const ACCOUNT_NO_MESSAGE = '请输入6–20位数字';
export function validateAccountNo(raw: string, label: string): string | null {
  const v = raw.trim();
  if (!v) return `请输入${label}`;
  if (!new RegExp(ACCOUNT_NO).test(v)) return `${label}应为6–20位数字`;
  return null;
}

// ---- accounts and bills ------------------------------------------------------------------------

export const PayUnit = Type.Object({ code: Type.String(), name: Type.String({ description: '缴费单位' }) });
export type PayUnit = Static<typeof PayUnit>;

const accountFields = {
  holderName: Type.String({ description: '户名（脱敏）' }),
  address: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String({ description: '缴费单位' }),
};
export const WaterAccount = Type.Object({ cardNo: Type.String({ description: '用水卡号（户号）' }), ...accountFields });
export type WaterAccount = Static<typeof WaterAccount>;
export const GasAccount = Type.Object({ customerNo: Type.String({ description: '燃气用户编号' }), ...accountFields });
export type GasAccount = Static<typeof GasAccount>;

/** GET /api/water/accounts — the user's cards matched by identity, and every 缴费单位 of the company. */
export const WaterAccountsResponse = Type.Object({ accounts: Type.Array(WaterAccount), units: Type.Array(PayUnit) });
export type WaterAccountsResponse = Static<typeof WaterAccountsResponse>;
export const GasAccountsResponse = Type.Object({ accounts: Type.Array(GasAccount), units: Type.Array(PayUnit) });
export type GasAccountsResponse = Static<typeof GasAccountsResponse>;

export const BillView = Type.Object({
  billId: Type.String(),
  period: Type.String({ description: '账期 YYYY-MM' }),
  usage: Type.Number({ description: '用量（立方米）' }),
  priceFen: Type.Integer({ description: '单价（分/立方米）' }),
  amountFen: Type.Integer(),
  status: Type.Union([Type.Literal('unpaid'), Type.Literal('paid')]),
  paidAt: Type.Union([Type.String(), Type.Null()]),
  dueDate: Type.String(),
  /** An order of ours has paid this bill and the company has not written it off yet (销账中). */
  settling: Type.Boolean(),
});
export type BillView = Static<typeof BillView>;

export const PaymentRecordView = Type.Object({
  receiptNo: Type.String(),
  paidAt: Type.String(),
  amountFen: Type.Integer(),
  billIds: Type.Array(Type.String()),
  channel: Type.String(),
});
export type PaymentRecordView = Static<typeof PaymentRecordView>;

const billsFields = {
  holderName: Type.String(),
  address: Type.String(),
  unitName: Type.String(),
  amountDueFen: Type.Integer({ description: '应缴金额（分），已扣除销账中的账单' }),
  bills: Type.Array(BillView),
  payments: Type.Array(PaymentRecordView),
};
/** GET /api/water/bills?cardNo= */
export const WaterBillsResponse = Type.Object({ cardNo: Type.String(), ...billsFields });
export type WaterBillsResponse = Static<typeof WaterBillsResponse>;
/** GET /api/gas/bills?customerNo= */
export const GasBillsResponse = Type.Object({ customerNo: Type.String(), ...billsFields });
export type GasBillsResponse = Static<typeof GasBillsResponse>;

export const WaterBillsQuery = Type.Object({ cardNo: Type.String({ pattern: ACCOUNT_NO }), site: Type.Optional(Type.String()) });
export const GasBillsQuery = Type.Object({ customerNo: Type.String({ pattern: ACCOUNT_NO }), site: Type.Optional(Type.String()) });

const billIds = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 24, uniqueItems: true, description: '要缴的账单' });
/** POST /api/water/payments → 201 CreatePaymentResponse */
export const WaterPaymentRequest = Type.Object({ cardNo: Type.String({ pattern: ACCOUNT_NO }), billIds, channel: Type.Optional(PayChannel), site: Type.Optional(Type.String()) });
export type WaterPaymentRequest = Static<typeof WaterPaymentRequest>;
/** POST /api/gas/payments → 201 CreatePaymentResponse */
export const GasPaymentRequest = Type.Object({ customerNo: Type.String({ pattern: ACCOUNT_NO }), billIds, channel: Type.Optional(PayChannel), site: Type.Optional(Type.String()) });
export type GasPaymentRequest = Static<typeof GasPaymentRequest>;

// ---- files -------------------------------------------------------------------------------------

export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
export const UPLOAD_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** POST /api/files (multipart, field "file") → 201 */
export const FileView = Type.Object({ id: Type.String(), mime: Type.String(), size: Type.Integer(), url: Type.String({ description: '本人可见的图片地址' }) });
export type FileView = Static<typeof FileView>;

// ---- installations (报装) and 我的办件 ------------------------------------------------------------

export const InstallType = Type.Union([Type.Literal('water'), Type.Literal('power'), Type.Literal('gas')]);
export type InstallType = Static<typeof InstallType>;
export const INSTALL_TYPE_NAMES: Record<InstallType, string> = { water: '用水报装', power: '用电报装', gas: '燃气报装' };

export const CERT_TYPES = ['居民身份证', '营业执照', '其他'] as const;
export const GAS_INSTALL_TYPES = { industrial: '工业', commercial: '商业', residential: '民用', capacity: '增容' } as const;
export type GasInstallType = keyof typeof GAS_INSTALL_TYPES;
export const ATTACHMENT_KINDS = { 'id-front': '身份证人像面', 'id-back': '身份证国徽面', property: '房产证或购房合同', other: '其他材料' } as const;
export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;

const s = (max: number, description: string) => Type.String({ maxLength: max, description });
/** 在线报装 (水 / 电): every field of the requirements; optional ones may be ''. */
export const UtilityInstallForm = Type.Object({
  originalMeterCardNo: s(20, '原总表卡号（选填）'),
  applicantName: s(50, '申请人名称'),
  applicantAddress: s(100, '申请人地址'),
  contactName: s(20, '联系人'),
  landline: s(20, '申请人固定电话（选填）'),
  applicantIdNumber: s(18, '申请人身份证号'),
  applicantPhone: s(11, '申请人电话'),
  appointmentDate: s(10, '安装预约时间 YYYY-MM-DD'),
  reason: s(200, '申请原因'),
  supplyContractNo: s(30, '供水合同号（选填）'),
  certType: s(10, '证件类型'),
  certNo: s(30, '证件号码'),
  agentOrg: s(50, '代办单位（选填）'),
  agentName: s(20, '代办人（选填）'),
});
export type UtilityInstallForm = Static<typeof UtilityInstallForm>;

/** 燃气报装: name and ID number come from the login; the rest is typed. */
export const GasInstallForm = Type.Object({
  contactName: s(20, '联系人'),
  contactPhone: s(11, '联系人电话'),
  idNumber: s(18, '身份证号码'),
  installType: Type.Union([Type.Literal('industrial'), Type.Literal('commercial'), Type.Literal('residential'), Type.Literal('capacity')]),
  address: s(100, '详细地址'),
  description: s(300, '报装说明'),
});
export type GasInstallForm = Static<typeof GasInstallForm>;

export const AttachmentRef = Type.Object({ kind: Type.Union(Object.keys(ATTACHMENT_KINDS).map((k) => Type.Literal(k))), fileId: Type.String() });
export type AttachmentRef = { kind: AttachmentKind; fileId: string };

/**
 * POST /api/installations → 201 ApplicationDetail (submitted). When the company's system is down
 * the application is kept as a draft with its uploads: 503 PARTNER_UNAVAILABLE whose
 * `details.applicationId` names the draft. `draftId` resubmits an edited draft.
 */
export const InstallationRequest = Type.Object({
  type: InstallType,
  /** UtilityInstallForm for water/power, GasInstallForm for gas (checked per type by the server; missing optional fields count as ''). */
  form: Type.Record(Type.String(), Type.String({ maxLength: 300 })),
  attachments: Type.Array(AttachmentRef, { maxItems: 6 }),
  draftId: Type.Optional(Type.Integer()),
  site: Type.Optional(Type.String()),
});
export type InstallationRequest = { type: 'water' | 'power'; form: UtilityInstallForm; attachments: AttachmentRef[]; draftId?: number; site?: string } | { type: 'gas'; form: GasInstallForm; attachments: AttachmentRef[]; draftId?: number; site?: string };

/** The form of a type from a loose record: known keys only, missing ones ''. */
export function pickForm<T extends Record<string, string>>(schema: { properties: Record<string, unknown> }, raw: Record<string, unknown>): T {
  return Object.fromEntries(Object.keys(schema.properties).map((k) => [k, typeof raw[k] === 'string' ? raw[k] : ''])) as T;
}

/** Per-field checks shared by the H5 (as you type) and the server. Returns field → message. */
export function checkUtilityInstallForm(f: UtilityInstallForm, today = new Date()): Record<string, string> {
  const e: Record<string, string> = {};
  const need = (k: keyof UtilityInstallForm, label: string) => {
    if (!f[k].trim()) e[k] = `请填写${label}`;
  };
  need('applicantName', '申请人名称');
  need('applicantAddress', '申请人地址');
  need('contactName', '联系人');
  need('reason', '申请原因');
  need('certNo', '证件号码');
  const id = validateIdNumber(f.applicantIdNumber, today);
  if (id) e.applicantIdNumber = id;
  const phone = validatePhone(f.applicantPhone);
  if (phone) e.applicantPhone = phone;
  if (f.landline.trim() && !/^0\d{2,3}-?\d{7,8}$/.test(f.landline.trim())) e.landline = '固定电话格式如 0818-2123456';
  if (f.originalMeterCardNo.trim() && !/^\d{6,20}$/.test(f.originalMeterCardNo.trim())) e.originalMeterCardNo = '原总表卡号应为6–20位数字';
  if (!(CERT_TYPES as readonly string[]).includes(f.certType)) e.certType = '请选择证件类型';
  else if (f.certType === '居民身份证' && f.certNo.trim()) {
    const c = validateIdNumber(f.certNo, today);
    if (c) e.certNo = c;
  }
  const d = appointmentProblem(f.appointmentDate, today);
  if (d) e.appointmentDate = d;
  return e;
}

/** 安装预约时间: a Beijing day from tomorrow to 90 days ahead. */
export function appointmentProblem(day: string, today = new Date()): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return '请选择安装预约时间';
  const bj = new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const t = Date.parse(`${day}T00:00:00Z`);
  const b = Date.parse(`${bj}T00:00:00Z`);
  if (Number.isNaN(t)) return '请选择安装预约时间';
  if (t <= b) return '安装预约时间须在今天之后';
  if (t > b + 90 * 86400_000) return '安装预约时间最远可选90天内';
  return null;
}

export function checkGasInstallForm(f: GasInstallForm, today = new Date()): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.contactName.trim()) e.contactName = '请填写联系人';
  const phone = validatePhone(f.contactPhone);
  if (phone) e.contactPhone = phone;
  const id = validateIdNumber(f.idNumber, today);
  if (id) e.idNumber = id;
  if (!(f.installType in GAS_INSTALL_TYPES)) e.installType = '请选择报装类型';
  if (!f.address.trim()) e.address = '请填写详细地址';
  else if (f.address.trim().length < 5) e.address = '详细地址请写到门牌号';
  if (!f.description.trim()) e.description = '请填写报装说明';
  return e;
}

export const ApplicationStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('submitted'),
  Type.Literal('processing'),
  Type.Literal('completed'),
  Type.Literal('rejected'),
]);
export type ApplicationStatus = Static<typeof ApplicationStatus>;
export const APPLICATION_STATUS_NAMES: Record<ApplicationStatus, string> = {
  draft: '草稿（未提交）',
  submitted: '已提交',
  processing: '办理中',
  completed: '已办结',
  rejected: '未通过',
};

export const ApplicationStep = Type.Object({ at: Type.String(), status: Type.String(), title: Type.String(), note: Type.String() });
export type ApplicationStep = Static<typeof ApplicationStep>;

/** An item of GET /api/applications (我的办件). */
export const ApplicationSummary = Type.Object({
  id: Type.Integer(),
  applicationNo: Type.String({ description: '办件编号' }),
  type: InstallType,
  title: Type.String(),
  status: ApplicationStatus,
  /** The company's latest step title (已受理 / 现场勘查 …), or null before submission. */
  progress: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
});
export type ApplicationSummary = Static<typeof ApplicationSummary>;

/** GET /api/applications/:id — the form as submitted, personal numbers masked for the screen. */
export const ApplicationDetail = Type.Object({
  ...ApplicationSummary.properties,
  installNo: Type.Union([Type.String(), Type.Null()], { description: '企业受理编号' }),
  steps: Type.Array(ApplicationStep),
  /** Label → value, in form order, masked (身份证号 511702**********12, 电话 139****0001). */
  fields: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
  attachments: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), fileId: Type.String(), url: Type.String() })),
  /** For a draft: the form unmasked so the owner can edit and resubmit it. */
  draft: Type.Union([Type.Object({ form: Type.Unknown(), attachments: Type.Array(AttachmentRef) }), Type.Null()]),
  /** True when the steps shown come from our last copy because the company could not be reached. */
  stale: Type.Boolean(),
});
export type ApplicationDetail = Static<typeof ApplicationDetail>;

export const ApplicationListResponse = Type.Object({ items: Type.Array(ApplicationSummary), total: Type.Integer() });
export type ApplicationListResponse = Static<typeof ApplicationListResponse>;

// ---- console: 接口管理 ----------------------------------------------------------------------------

export const PARTNER_TITLES: Record<string, string> = {
  identity: '公安人口库（实名核验）',
  water: '自来水公司营业系统',
  power: '供电公司业扩报装系统',
  gas: '燃气公司客服系统',
  pay: '统一支付平台',
  his: '医院信息系统（号源、检验报告）',
  bus: '公交公司实时公交系统（GTFS-Realtime）',
  charging: '充电运营平台（充电桩点位与状态）',
  licence: '电子证照共享服务平台（身份证、社保卡、驾驶证等电子证照）',
  scenic: '文旅预约平台（景区分时预约、余票）',
  venues: '图书馆文化馆场馆预约系统',
  // The bureau systems the applications engine hands cases to (partners/connectors/bureaus.ts).
  social: '人社局社会保险系统',
  'housing-fund': '住房公积金管理中心业务系统',
  'real-estate': '不动产登记系统',
  police: '公安局政务服务系统（居住证、户籍、交管）',
  market: '市场监管局登记注册系统',
  tax: '税务局电子税务局',
  medicare: '医疗保障局医保信息平台',
  health: '卫健委出生医学证明系统',
  seal: '公安局公章刻制备案系统',
  transport: '交通运输局道路运输管理系统（运政）',
  tourism: '文化广电旅游局文旅信息系统（旅行社、A级景区等）',
  education: '教育局招生考试与学生资助系统（中考成绩等）',
};

export const BreakerState = Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half-open')]);

/** GET /api/admin/partners?site= : one row per partner system as seen from that site. */
export const PartnerSystemView = Type.Object({
  partner: Type.String(),
  title: Type.String(),
  /** Where the effective configuration comes from: this site, an ancestor site, or the server's environment. */
  source: Type.Union([Type.Literal('site'), Type.Literal('inherited'), Type.Literal('environment')]),
  siteCode: Type.Union([Type.String(), Type.Null()], { description: '配置所属站点' }),
  siteName: Type.Union([Type.String(), Type.Null()]),
  baseUrl: Type.String(),
  appKey: Type.String(),
  /** Never the secret itself: whether one is set, and its last 4 characters. */
  secretSet: Type.Boolean(),
  secretHint: Type.String(),
  timeoutMs: Type.Integer(),
  enabled: Type.Boolean(),
  breaker: BreakerState,
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  /** Calls of the last hour: total, failed, p95 latency (ms). */
  lastHour: Type.Object({ calls: Type.Integer(), failed: Type.Integer(), p95Ms: Type.Integer() }),
  /** Whether the asking staff member may save, reset or health-check this system at this site. */
  editable: Type.Boolean(),
  /** Why not, in words for the console (null when editable). */
  lockedReason: Type.Union([Type.String(), Type.Null()]),
});
export type PartnerSystemView = Static<typeof PartnerSystemView>;

/**
 * Partner systems whose configuration moves money and so belongs to the platform: configured only
 * at city or province level, never per county (a county's secret could sign a "paid" notification).
 */
export const PLATFORM_PARTNERS: readonly string[] = ['pay'];

/** GET /api/admin/partners/pay/changes : recent changes of the payment gateway's settings (no secrets). */
export const GatewayChangeView = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  siteCode: Type.Union([Type.String(), Type.Null()]),
  action: Type.String({ description: 'partners.update | partners.delete | partners.health | migration' }),
  result: Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')]),
  summary: Type.Union([Type.String(), Type.Null()]),
});
export type GatewayChangeView = Static<typeof GatewayChangeView>;
export const GatewayChangeList = Type.Array(GatewayChangeView);
export type GatewayChangeList = Static<typeof GatewayChangeList>;

/** PUT /api/admin/partners/:partner?site= : secret omitted or '' keeps the stored one. */
export const PartnerEndpointInput = Type.Object({
  baseUrl: Type.String({ minLength: 1, maxLength: 300, pattern: '^https?://' }),
  appKey: Type.String({ minLength: 1, maxLength: 64 }),
  secret: Type.Optional(Type.String({ maxLength: 200 })),
  timeoutMs: Type.Integer({ minimum: 500, maximum: 30000 }),
  enabled: Type.Boolean(),
});
export type PartnerEndpointInput = Static<typeof PartnerEndpointInput>;

/** POST /api/admin/partners/:partner/health?site= */
export const PartnerHealthResult = Type.Object({ ok: Type.Boolean(), latencyMs: Type.Integer(), message: Type.String(), breaker: BreakerState });
export type PartnerHealthResult = Static<typeof PartnerHealthResult>;

/** GET /api/admin/partner-calls?partner=&ok=&from=&to=&requestId=&page=&pageSize= */
export const PartnerCallView = Type.Object({
  id: Type.Integer(),
  partner: Type.String(),
  operation: Type.String({ description: '如 water.bills' }),
  method: Type.String(),
  /** Path with personal numbers redacted. */
  path: Type.String(),
  ok: Type.Boolean(),
  /** Envelope code, or NETWORK / TIMEOUT / BREAKER_OPEN. */
  code: Type.String(),
  latencyMs: Type.Integer(),
  attempt: Type.Integer(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  siteCode: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type PartnerCallView = Static<typeof PartnerCallView>;

const Instant = Type.String({ format: 'date-time' });
/** GET /api/admin/partner-calls: `site` means that site and the sites below it. */
export const PartnerCallQuery = Type.Object({
  ...ListPageQuery.properties,
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  partner: Type.Optional(Type.String({ maxLength: 32 })),
  ok: Type.Optional(Type.Boolean()),
  requestId: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
});
export type PartnerCallQuery = Static<typeof PartnerCallQuery>;
export const PartnerCallListResponse = Type.Object({ items: Type.Array(PartnerCallView), total: Type.Integer() });
export type PartnerCallListResponse = Static<typeof PartnerCallListResponse>;
