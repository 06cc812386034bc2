/**
 * The business APIs of the partner systems the server calls: the water company, the power company,
 * the gas company and the unified payment gateway (统一支付平台). Every path below is served under
 * the signed protocol of index.ts (envelope `{code, message, data}`; the shapes here are `data`).
 * Both sides import these types: the sandbox (apps/partners) answers with them and the server
 * (apps/server) reads them, so a change to a shape breaks the build of both, not a demo.
 *
 * Money is always integer 分 (fen). Times are ISO-8601 UTC strings. Periods are 'YYYY-MM'.
 * Business refusals use envelope codes 2xxx: 2001 not found, 2002 state conflict (already paid,
 * already closed…), 2003 amount mismatch, 2004 invalid business data (a field the partner rejects).
 * Like every 2xxx they come with HTTP 200 (docs/partner-protocol.md §5: the request itself was
 * right); a malformed request is 1004 with HTTP 400.
 */

import { BureauNames } from './bureaus.js';

/** Every signed system: the identity register, the utilities, the payment gateway, then the bureaus (bureaus.ts). */
export const PartnerNames = ['identity', 'water', 'power', 'gas', 'pay', 'his', ...BureauNames] as const;
export type PartnerName = (typeof PartnerNames)[number];

/** Business refusal codes shared by the systems below. */
export const BizCode = {
  NOT_FOUND: '2001',
  STATE_CONFLICT: '2002',
  AMOUNT_MISMATCH: '2003',
  INVALID_DATA: '2004',
} as const;

/** Every signed system answers `GET /v1/<partner>/ping` → PingResult (used by 接口管理's health check). */
export interface PingResult {
  partner: string;
  time: string;
}

// ---- water (达州市自来水公司) and gas (达州市燃气公司): accounts and bills -------------------------

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

// ---- unified payment gateway (统一支付平台) --------------------------------------------------

export type PayChannel = 'wechat' | 'alipay' | 'unionpay';
export type GatewayOrderStatus = 'pending' | 'paid' | 'closed' | 'refunded';

/** POST /v1/pay/orders (idempotency key = orderId). Same orderId again → the same trade. */
export interface CreatePayOrder {
  orderId: string;
  amountFen: number;
  subject: string;
  channel: PayChannel;
  /** Where the gateway POSTs PayNotification (signed, retried until it gets envelope 0000). */
  notifyUrl: string;
  /** Where the cashier sends the browser after paying or cancelling (?orderId= appended). */
  returnUrl: string;
  expireAt: string;
}

export interface CreatePayOrderResult {
  tradeNo: string;
  /** The cashier page for the browser: shows subject and amount and a 确认支付 button. */
  cashierUrl: string;
}

/** GET /v1/pay/orders/:orderId → unknown → 2001. A pending order past its expireAt reads as closed. */
export interface GatewayOrder {
  orderId: string;
  tradeNo: string;
  amountFen: number;
  status: GatewayOrderStatus;
  channel: PayChannel;
  paidAt: string | null;
  refundedAmountFen: number;
}

/**
 * POST /v1/pay/orders/:orderId/close → GatewayOrder with status closed. Already paid → 2002
 * with message 订单已支付 (the server then queries and accepts the payment).
 */

/** POST /v1/pay/refunds (idempotency key = refundId): full refund of a paid order. */
export interface RefundRequest {
  orderId: string;
  refundId: string;
  amountFen: number;
  reason: string;
}

export interface RefundResult {
  refundId: string;
  orderId: string;
  status: 'refunded';
  refundedAt: string;
}

/**
 * The gateway's notification: POST to notifyUrl, signed with the protocol headers using the
 * merchant's app key and secret (the same pair the server calls the gateway with), body JSON of
 * this shape. The server answers envelope 0000 once it has recorded it (also for a duplicate);
 * anything else (another code, a non-2xx status, no answer within 5 s) and the gateway retries:
 * first delivery about 0.3 s after the payment, then after 1 s, 2 s, 4 s, 8 s, 16 s and every
 * 60 s — 10 tries in all. The signed path is the notifyUrl's path and query.
 */
export interface PayNotification {
  orderId: string;
  tradeNo: string;
  amountFen: number;
  status: 'paid';
  channel: PayChannel;
  paidAt: string;
}

/**
 * GET /v1/pay/statements?date=YYYY-MM-DD (Beijing day, UTC+8) → the day's settled movements:
 * one 'pay' entry per paid order (by paidAt) and one 'refund' entry per refund (by refundedAt).
 */
export interface StatementEntry {
  orderId: string;
  tradeNo: string;
  type: 'pay' | 'refund';
  amountFen: number;
  at: string;
}

export interface Statement {
  date: string;
  entries: StatementEntry[];
}
