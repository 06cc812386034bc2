import type { ReconStatus } from '@/api/payments';

export const RECON_STATUS_NAMES: Record<ReconStatus, string> = { balanced: '平账', differences: '有差异', failed: '失败' };
export const RECON_STATUS_TAG: Record<ReconStatus, 'success' | 'warning' | 'danger'> = {
  balanced: 'success',
  differences: 'warning',
  failed: 'danger',
};

/** The payment platform's statement line types; anything else is shown as the platform wrote it. */
const GATEWAY_TYPES: Record<string, string> = { pay: '支付', payment: '支付', refund: '退款' };
export const gatewayTypeName = (t: string | null) => (t ? (GATEWAY_TYPES[t] ?? t) : '—');
