import type { OrderStatus, WriteOffStatus } from '@/api/payments';

export const ORDER_STATUS_TAG: Record<OrderStatus, 'success' | 'warning' | 'info' | 'danger'> = {
  pending: 'warning',
  paid: 'success',
  closed: 'info',
  refunded: 'danger',
};

/** 入账: whether the purpose's owner has recorded the payment (销账 at the company, 确认挂号 at the hospital). */
export const WRITE_OFF_NAMES: Record<WriteOffStatus, string> = { none: '无', pending: '入账中', done: '已入账' };
export const WRITE_OFF_TAG: Record<WriteOffStatus, 'success' | 'warning' | 'info'> = { none: 'info', pending: 'warning', done: 'success' };
