import type { PaymentListResponse, PaymentOrderView } from '@dz/contracts';
import { http } from './client';
import { isHttpUrl } from '../utils/links';

/** 统一支付: the citizen's orders (缴费记录) and one order (支付结果). */
export const paymentsApi = {
  list: (page: number, pageSize: number) => http.get<PaymentListResponse>('/api/payments', { query: { page, pageSize } }),
  get: (orderId: string) => http.get<PaymentOrderView>(`/api/payments/${encodeURIComponent(orderId)}`),
};

/**
 * Leaves the app for the payment platform's cashier (another origin), which comes back to
 * /payments/result?orderId=… . Only an http(s) address is followed; false means it was refused.
 */
export function goToCashier(payUrl: string | null | undefined): boolean {
  if (!payUrl || !isHttpUrl(payUrl)) return false;
  window.location.assign(payUrl);
  return true;
}
