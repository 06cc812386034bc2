/**
 * Words and places of the 水费 / 燃气费 apps, so one payment page and one bill query page serve
 * both companies, and the tones of the status tags (shown with their words, never colour alone).
 */
import type { ApplicationStatus, BillView, OrderStatus, PaymentBiz } from '@dz/contracts';

export interface UtilityCopy {
  /** 水费 / 燃气费 */
  fee: string;
  company: string;
  /** The account number as the payment page calls it, and as validateAccountNo names it. */
  accountLabel: string;
  /** The same number on the bill query page. */
  queryLabel: string;
  /** Query parameter that hands an account number to the payment page (重新支付, 去缴费). */
  queryKey: 'cardNo' | 'customerNo';
  paymentPath: string;
  billQueryPath: string;
  zonePath: string;
  /** 水费: the citizen first chooses the 缴费单位, then a 户号 of that unit. */
  chooseUnit: boolean;
  /** 燃气: the company's 缴费记录 come first on the bill query page. */
  recordsFirst: boolean;
}

/** The payment kinds that are utility bills (挂号费 and later purposes have their own pages). */
export type UtilityBiz = Extract<PaymentBiz, 'water' | 'gas'>;
export const isUtilityBiz = (biz: string): biz is UtilityBiz => biz === 'water' || biz === 'gas';

export const UTILITIES: Record<UtilityBiz, UtilityCopy> = {
  water: {
    fee: '水费',
    company: '自来水公司',
    accountLabel: '户号',
    queryLabel: '用水卡号',
    queryKey: 'cardNo',
    paymentPath: '/apps/water-payment',
    billQueryPath: '/apps/water-bill-query',
    zonePath: '/zones/water-power',
    chooseUnit: true,
    recordsFirst: false,
  },
  gas: {
    fee: '燃气费',
    company: '燃气公司',
    accountLabel: '燃气用户编号',
    queryLabel: '燃气用户编号',
    queryKey: 'customerNo',
    paymentPath: '/apps/gas-payment',
    billQueryPath: '/apps/gas-bill-query',
    zonePath: '/zones/gas',
    chooseUnit: false,
    recordsFirst: true,
  },
};

export type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'muted';

export function billStatus(b: Pick<BillView, 'status' | 'settling'>): { text: string; tone: Tone } {
  if (b.settling) return { text: '销账中', tone: 'primary' };
  return b.status === 'paid' ? { text: '已缴', tone: 'success' } : { text: '待缴', tone: 'warning' };
}

export const ORDER_STATUS_TONES: Record<OrderStatus, Tone> = { pending: 'warning', paid: 'success', closed: 'muted', refunded: 'primary' };

export const APPLICATION_STATUS_TONES: Record<ApplicationStatus, Tone> = {
  draft: 'warning',
  submitted: 'primary',
  processing: 'primary',
  completed: 'success',
  rejected: 'danger',
};
