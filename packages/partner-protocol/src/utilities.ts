/**
 * The utility companies' APIs: the water company (达州市自来水公司, `water`), the power company
 * (`power`) and the gas company (达州市燃气公司, `gas`). Water and gas bill through the portal
 * (accounts, bills, 销账 and 冲正); all three take installation applications (报装). They share
 * every shape below, so one server connector and one sandbox module serve the three. Served under
 * the signed protocol of index.ts; refusals use BizCode (systems.ts).
 */

/** The utility companies. */
export const UtilityNames = ['water', 'power', 'gas'] as const;
export type UtilityName = (typeof UtilityNames)[number];

/** The companies that bill through the portal, and the URL segment each calls an account by. */
export const BILLED_UTILITIES = { water: 'accounts', gas: 'customers' } as const;
export type BilledUtility = keyof typeof BILLED_UTILITIES;

// ---- water and gas: accounts and bills -------------------------------------------------------

/** POST /v1/water/accounts/query and POST /v1/gas/customers/query — body {idNumber}; POST keeps the ID out of URLs and logs. */
export interface AccountsQuery {
  idNumber: string;
}

export interface UtilityAccount {
  /** water: 用水卡号 / 户号 (10 digits); gas: 燃气用户编号 (10 digits). */
  accountNo: string;
  /** 户名 as the company holds it, masked by the company: 张*. */
  holderName: string;
  address: string;
  /** 缴费单位 (the company's branch that bills this account). */
  unitCode: string;
  unitName: string;
}

export interface AccountsResult {
  accounts: UtilityAccount[];
}

/** GET /v1/water/units and GET /v1/gas/units → the 缴费单位 the company has. */
export interface UnitsResult {
  units: { code: string; name: string }[];
}

export interface UtilityBill {
  billId: string;
  /** 'YYYY-MM' */
  period: string;
  /** Water: m³ used; gas: m³ used. One decimal at most. */
  usage: number;
  /** Unit price in 分 per m³. */
  priceFen: number;
  amountFen: number;
  status: 'unpaid' | 'paid';
  paidAt: string | null;
  /** 'YYYY-MM-DD' */
  dueDate: string;
}

export interface PaymentRecord {
  receiptNo: string;
  paidAt: string;
  amountFen: number;
  billIds: string[];
  /** Where it was paid: 天府通办 for ours, 营业厅 / 银行代扣 for history. */
  channel: string;
}

/**
 * GET /v1/water/accounts/:accountNo/bills and GET /v1/gas/customers/:accountNo/bills. Unknown
 * account → 2001. Bills newest first (12 months); payments newest first.
 */
export interface BillsResult {
  account: UtilityAccount;
  amountDueFen: number;
  bills: UtilityBill[];
  payments: PaymentRecord[];
}

/**
 * POST /v1/water/payments and POST /v1/gas/payments (销账: the server reports a payment the
 * gateway confirmed). Carries an idempotency key (the server uses the order id). Bills not of the
 * account → 2004; a bill already paid by another order → 2002; amount ≠ sum of the bills → 2003.
 */
export interface WriteOffRequest {
  accountNo: string;
  billIds: string[];
  amountFen: number;
  orderId: string;
  tradeNo: string;
  paidAt: string;
}

export interface WriteOffResult {
  receiptNo: string;
  paidBillIds: string[];
}

/**
 * POST /v1/water/payments/reverse and POST /v1/gas/payments/reverse (冲正: the payment an order made
 * is being refunded, so its bills are due again). Carries an idempotency key; reversing the same
 * order again answers the same result. An order never written off → 2001.
 */
export interface ReverseRequest {
  orderId: string;
  reason: string;
}

export interface ReverseResult {
  orderId: string;
  receiptNo: string;
  reversedBillIds: string[];
  reversedAt: string;
}

// ---- installations (报装): water, power, gas --------------------------------------------------

export interface InstallationAttachment {
  /** 'id-front' | 'id-back' | 'property' (房产证/购房合同) | 'other' */
  kind: string;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  size: number;
  sha256: string;
  /** The image itself, base64; the partner checks size and sha256. */
  contentBase64: string;
}

/** 在线报装 (水 / 电): every field of the requirements. */
export interface UtilityInstallForm {
  /** 原总表卡号 (optional) */
  originalMeterCardNo: string;
  /** 申请人名称 */
  applicantName: string;
  /** 申请人地址 */
  applicantAddress: string;
  /** 联系人 */
  contactName: string;
  /** 申请人固定电话 (optional) */
  landline: string;
  /** 申请人身份证ID */
  applicantIdNumber: string;
  /** 申请人电话 (mobile) */
  applicantPhone: string;
  /** 安装预约时间 'YYYY-MM-DD' */
  appointmentDate: string;
  /** 申请原因 */
  reason: string;
  /** 供水合同号 (optional; water only) */
  supplyContractNo: string;
  /** 证件类型: 居民身份证 | 营业执照 | 其他 */
  certType: string;
  /** 证件号码 */
  certNo: string;
  /** 代办单位 (optional) */
  agentOrg: string;
  /** 代办人 (optional) */
  agentName: string;
}

/** 燃气报装 */
export interface GasInstallForm {
  /** From the login (real-name verified). */
  applicantName: string;
  applicantIdNumber: string;
  contactName: string;
  contactPhone: string;
  /** 身份证号码 entered again by the user (the requirements ask for it). */
  idNumber: string;
  /** 工业 / 商业 / 民用 / 增容 */
  installType: 'industrial' | 'commercial' | 'residential' | 'capacity';
  address: string;
  description: string;
}

/**
 * POST /v1/water/installations, /v1/power/installations (body {applicationNo, form:
 * UtilityInstallForm, attachments}) and /v1/gas/installations (body {applicationNo, form:
 * GasInstallForm, attachments: []}). Carries an idempotency key; the same applicationNo submitted
 * again answers the existing installation (no second one). Invalid form → 2004 naming the field.
 */
export interface InstallationSubmit<F> {
  /** The server's own application number, unique. */
  applicationNo: string;
  form: F;
  attachments: InstallationAttachment[];
}

export interface InstallationStep {
  at: string;
  /** received → accepted → surveying → constructing → completed (or rejected). */
  status: 'received' | 'accepted' | 'surveying' | 'constructing' | 'completed' | 'rejected';
  /** Chinese, shown to the citizen as is: 已受理 / 现场勘查 … */
  title: string;
  note: string;
}

/** Answer of submit and of GET /v1/<water|power|gas>/installations/:installNo. */
export interface InstallationStatus {
  installNo: string;
  applicationNo: string;
  status: InstallationStep['status'];
  steps: InstallationStep[];
}
