/**
 * 统一支付 (payments core): orders in integer 分 for every purpose (水费, 燃气费, 挂号费 …), the
 * citizen's 缴费记录, the console's 支付订单 and 对账. Utilities and the medical zone both pay through
 * it; their own shapes live in their files.
 */
import { Type, type Static } from '@sinclair/typebox';

/** An unpaid order closes after this long; the cashier refuses to pay it afterwards. */
export const ORDER_TTL_MINUTES = 15;

export const PayChannel = Type.Union([Type.Literal('wechat'), Type.Literal('alipay'), Type.Literal('unionpay')], { description: '支付渠道：微信支付 / 支付宝 / 银联' });
export type PayChannel = Static<typeof PayChannel>;
export const PAY_CHANNEL_NAMES: Record<PayChannel, string> = { wechat: '微信支付', alipay: '支付宝', unionpay: '银联' };


export const CreatePaymentResponse = Type.Object({
  orderId: Type.String(),
  payUrl: Type.String({ description: '统一支付平台收银台；浏览器前往此地址付款，付款后回到 /payments/result?orderId=' }),
  amountFen: Type.Integer(),
  expiresAt: Type.String(),
});
export type CreatePaymentResponse = Static<typeof CreatePaymentResponse>;

// ---- payments ----------------------------------------------------------------------------------

export const OrderStatus = Type.Union([Type.Literal('pending'), Type.Literal('paid'), Type.Literal('closed'), Type.Literal('refunded')]);
export type OrderStatus = Static<typeof OrderStatus>;
export const ORDER_STATUS_NAMES: Record<OrderStatus, string> = { pending: '待支付', paid: '已支付', closed: '已关闭', refunded: '已退款' };
/**
 * What an order pays for: each feature registers a purpose under its biz (the server's
 * features/payments/purposes.ts). The kinds known today; the column is free text, so a later zone
 * adds its purpose without a migration, and views carry `bizName` so a client needs no table.
 */
export const PaymentBiz = Type.Union([Type.Literal('water'), Type.Literal('gas'), Type.Literal('medical')]);
export type PaymentBiz = Static<typeof PaymentBiz>;
export const PAYMENT_BIZ_NAMES: Record<PaymentBiz, string> = { water: '水费', gas: '燃气费', medical: '挂号费' };
/** A biz as the API carries it: one of PaymentBiz, or a purpose registered later. */
const BizCodeString = Type.String({ maxLength: 16, pattern: '^[a-z][a-z0-9-]{0,15}$', description: '业务类型：water 水费 / gas 燃气费 / medical 挂号费 …' });
/** 销账 / 确认 at the purpose's owner (the company, the hospital): none before paid; pending until the owner confirms. */
export const WriteOffStatus = Type.Union([Type.Literal('none'), Type.Literal('pending'), Type.Literal('done')]);
export type WriteOffStatus = Static<typeof WriteOffStatus>;

/** GET /api/payments/:orderId (owner only) and the items of GET /api/payments. */
export const PaymentOrderView = Type.Object({
  orderId: Type.String(),
  status: OrderStatus,
  biz: BizCodeString,
  /** The purpose's name for 缴费记录: 水费 / 燃气费 / 挂号费. */
  bizName: Type.String(),
  /** The purpose's one-line description (卡号 …, 就诊人 · 医院 · 科室 …). */
  description: Type.String(),
  subject: Type.String(),
  accountNo: Type.String({ description: '业务参考号：用水卡号、燃气用户编号、挂号预约编号…' }),
  billIds: Type.Array(Type.String(), { description: '该订单所缴的条目（账单编号、号源…）' }),
  amountFen: Type.Integer(),
  channel: PayChannel,
  /** The cashier, while pending. */
  payUrl: Type.Union([Type.String(), Type.Null()]),
  tradeNo: Type.Union([Type.String(), Type.Null()]),
  /** 销账 / 确认 at the owner. */
  writeOff: WriteOffStatus,
  receiptNo: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  paidAt: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  refundedAt: Type.Union([Type.String(), Type.Null()]),
});
export type PaymentOrderView = Static<typeof PaymentOrderView>;

/** Paging of every list (payments, partner calls, …). */
export const ListPageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export const PaymentListResponse = Type.Object({ items: Type.Array(PaymentOrderView), total: Type.Integer() });
export type PaymentListResponse = Static<typeof PaymentListResponse>;



// ---- console: 支付订单 and 对账 -------------------------------------------------------------------

const Instant = Type.String({ format: 'date-time' });

/** GET /api/admin/payments?status=&biz=&orderId=&from=&to=&page=&pageSize= */
export const AdminPaymentView = Type.Object({
  ...PaymentOrderView.properties,
  userName: Type.String({ description: '缴费人（脱敏）' }),
  siteCode: Type.String(),
  refundReason: Type.Union([Type.String(), Type.Null()]),
});
export type AdminPaymentView = Static<typeof AdminPaymentView>;

/** GET /api/admin/payments: `site` means that site and the sites below it (default: the staff member's). */
export const AdminPaymentQuery = Type.Object({
  ...ListPageQuery.properties,
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  status: Type.Optional(OrderStatus),
  biz: Type.Optional(BizCodeString),
  orderId: Type.Optional(Type.String({ maxLength: 32 })),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
});
export type AdminPaymentQuery = Static<typeof AdminPaymentQuery>;
export const AdminPaymentListResponse = Type.Object({ items: Type.Array(AdminPaymentView), total: Type.Integer() });
export type AdminPaymentListResponse = Static<typeof AdminPaymentListResponse>;

/** POST /api/admin/payments/:orderId/refund {reason} → AdminPaymentView (status refunded). */
export const RefundInput = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 200 }) });

export const ReconDiffKind = Type.Union([
  Type.Literal('missing_local'),
  Type.Literal('missing_gateway'),
  Type.Literal('amount_mismatch'),
  Type.Literal('status_mismatch'),
]);
export type ReconDiffKind = Static<typeof ReconDiffKind>;
export const RECON_DIFF_NAMES: Record<ReconDiffKind, string> = {
  missing_local: '平台无此订单（支付平台有流水）',
  missing_gateway: '支付平台无流水（平台显示已支付）',
  amount_mismatch: '金额不一致',
  status_mismatch: '状态不一致',
};

/** GET /api/admin/reconciliations → runs, newest first; POST {date} runs one now (idempotent per day: reruns replace it). */
export const ReconRunView = Type.Object({
  id: Type.Integer(),
  date: Type.String({ description: '对账日 YYYY-MM-DD（北京时间）' }),
  status: Type.Union([Type.Literal('balanced'), Type.Literal('differences'), Type.Literal('failed')]),
  gatewayCount: Type.Integer(),
  gatewayAmountFen: Type.Integer(),
  localCount: Type.Integer(),
  localAmountFen: Type.Integer(),
  differenceCount: Type.Integer(),
  message: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  createdBy: Type.String({ description: '系统 或 工作人员' }),
});
export type ReconRunView = Static<typeof ReconRunView>;
export const ReconRunInput = Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) });

/** GET /api/admin/reconciliations/:id → the run and its differences. */
export const ReconDiffView = Type.Object({
  id: Type.Integer(),
  kind: ReconDiffKind,
  orderId: Type.String(),
  tradeNo: Type.Union([Type.String(), Type.Null()]),
  localStatus: Type.Union([Type.String(), Type.Null()]),
  localAmountFen: Type.Union([Type.Integer(), Type.Null()]),
  gatewayType: Type.Union([Type.String(), Type.Null()]),
  gatewayAmountFen: Type.Union([Type.Integer(), Type.Null()]),
  /** The order's purpose and its description (null when we have no such order: missing_local). */
  bizName: Type.Union([Type.String(), Type.Null()]),
  description: Type.Union([Type.String(), Type.Null()]),
});
export type ReconDiffView = Static<typeof ReconDiffView>;
export const ReconRunDetail = Type.Object({ run: ReconRunView, differences: Type.Array(ReconDiffView) });
export type ReconRunDetail = Static<typeof ReconRunDetail>;
