/** Rows → API views for bookings, and the rules that derive what a citizen may still do with one. */
import { CANCEL_CUTOFF_HOURS, type AppointmentStatus, type AppointmentView } from '@dz/contracts';
import type { AppointmentDetailRow } from './appointments.repository.js';
import { instantOf } from './beijing-time.js';
import { bookingCode } from '../bookings/booking-code.js';

export const CANCEL_CUTOFF_MS = CANCEL_CUTOFF_HOURS * 3_600_000;

const STATUS_TEXT: Record<AppointmentStatus, string> = { booked: '已预约', cancelled: '已取消', done: '已过期' };

/** Stored status is booked | cancelled; "done" is derived so no job has to sweep past bookings. */
export function deriveStatus(row: Pick<AppointmentDetailRow, 'status' | 'day' | 'start_time' | 'end_time'>, now: number) {
  const status: AppointmentStatus = row.status === 'cancelled' ? 'cancelled' : instantOf(row.day, row.end_time) <= now ? 'done' : 'booked';
  const cancellable = status === 'booked' && now <= instantOf(row.day, row.start_time) - CANCEL_CUTOFF_MS;
  return { status, statusText: STATUS_TEXT[status], cancellable };
}

export const ITEM_GONE = '（事项已下线）';

export function toAppointmentView(row: AppointmentDetailRow, now: number): AppointmentView {
  return {
    id: row.id,
    code: row.code,
    item: { id: row.item_id, name: row.item_name ?? ITEM_GONE },
    hall: { id: row.hall_id, name: row.hall_name, address: row.hall_address, phone: row.hall_phone },
    window: { id: row.window_id, name: row.window_name },
    day: row.day,
    start: row.start_time,
    end: row.end_time,
    ...deriveStatus(row, now),
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
  };
}

/** 预约号: DZ + the appointment day as yymmdd + 6 random symbols, e.g. DZ260615K7Q2MX. */
export const appointmentCode = (day: string): string => bookingCode('DZ', day);
