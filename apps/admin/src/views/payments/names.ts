import type { OrderStatus, WriteOffStatus } from '@/api/payments';

export const ORDER_STATUS_TAG: Record<OrderStatus, 'success' | 'warning' | 'info' | 'danger'> = {
  pending: 'warning',
  paid: 'success',
  closed: 'info',
  refunded: 'danger',
};

/** 销账: whether the company has recorded the payment against the bills. */
export const WRITE_OFF_NAMES: Record<WriteOffStatus, string> = { none: '无', pending: '销账中', done: '已销账' };
export const WRITE_OFF_TAG: Record<WriteOffStatus, 'success' | 'warning' | 'info'> = { none: 'info', pending: 'warning', done: 'success' };
