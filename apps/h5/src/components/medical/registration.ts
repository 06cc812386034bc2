/**
 * Words and tones shared by the 挂号 pages (挂号缴费, 我的挂号, its detail) and 我的预约: a
 * status is always shown in words (StatusTag), the tone only adds to them.
 */
import { PERIOD_NAMES, type RefundStatus, type RegistrationView, type ReservationStatus } from '@dz/contracts';
import type { Tone } from '../../data/utilities';
import { dayLabel } from '../../utils/format';
import { yuan } from '../../utils/money';

export const RESERVATION_TONES: Record<ReservationStatus, Tone> = { held: 'warning', confirmed: 'success', cancelled: 'muted', expired: 'muted' };

/** 退款中 / 已退款 beside a cancelled paid registration; nothing when there was no refund. */
export const REFUND_TEXT: Record<RefundStatus, string> = { none: '', pending: '退款中', done: '已退款' };

/** 6月3日（明天）上午 08:00-12:00 */
export function visitTime(r: Pick<RegistrationView, 'date' | 'period' | 'time'>): string {
  const d = dayLabel(r.date);
  return `${d.date}（${d.weekday}）${PERIOD_NAMES[r.period]} ${r.time}`;
}

/** The lines of a registration in a list: when, where, for whom and the fee. */
export function registrationLines(r: RegistrationView): string[] {
  return [
    visitTime(r),
    `${r.hospitalName} · ${r.departmentName}`,
    `就诊人 ${r.patientName}（${r.patientRelation}） · 挂号费 ${yuan(r.fee)}`,
  ];
}

/** A held registration can still be paid while its lock lasts. */
export function payable(r: Pick<RegistrationView, 'status' | 'payUrl' | 'holdExpiresAt'>, now = Date.now()): boolean {
  return r.status === 'held' && !!r.payUrl && (!r.holdExpiresAt || Date.parse(r.holdExpiresAt) > now);
}
