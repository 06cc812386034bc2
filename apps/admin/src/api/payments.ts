/**
 * 支付订单 and 对账: the unified-payment orders citizens made (水费 / 燃气费), refunds, and the daily
 * reconciliation against the 统一支付平台's statement. Money is integer 分 (format with formatFen).
 */
import type {
  AdminPaymentListResponse,
  AdminPaymentQuery,
  AdminPaymentView,
  ReconRunDetail,
  ReconRunView,
} from '@dz/contracts';
import type { JobStarted } from './jobs';
import { http } from './request';

export type { AdminPaymentView, OrderStatus, PaymentBiz, ReconDiffKind, ReconDiffView, ReconRunDetail, ReconRunView, WriteOffStatus } from '@dz/contracts';
export type ReconStatus = ReconRunView['status'];

/** The order list's filters (site: that site and below; from/to ISO instants). */
export type PaymentFilters = Omit<AdminPaymentQuery, 'page' | 'pageSize'>;

export const paymentsApi = {
  list: (q: PaymentFilters & { page: number; pageSize: number }) =>
    http.get<AdminPaymentListResponse>('/api/admin/payments', { ...q }),
  /** 409 ORDER_NOT_REFUNDABLE; 503 PARTNER_UNAVAILABLE when the payment platform cannot be reached. */
  refund: (orderId: string, reason: string) =>
    http.post<AdminPaymentView>(`/api/admin/payments/${encodeURIComponent(orderId)}/refund`, { reason }),
};

export const reconApi = {
  list: (q: { page: number; pageSize: number }) =>
    http.get<{ items: ReconRunView[]; total: number }>('/api/admin/reconciliations', { ...q }),
  /** 立即对账 as a job (202): follow it with useJob; a day already running returns that job (created: false). */
  run: (date: string) => http.post<JobStarted>('/api/admin/reconciliations', { date }),
  detail: (id: number) => http.get<ReconRunDetail>(`/api/admin/reconciliations/${id}`),
};
