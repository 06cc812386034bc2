import { http } from './client';

/** Days and times are Beijing time (the hall's clock), as @dz/contracts BookingView says. */
export interface BookingSlot {
  id: number;
  start: string;
  end: string;
  capacity: number;
  available: number;
  windowId?: number;
  windowName?: string;
}

export interface BookingHall {
  id: number;
  name: string;
  address: string;
  phone?: string;
  hours?: string;
  /** Only days that have slots are listed. weekday: 1 = 星期一 … 7 = 星期日. */
  days: { day: string; weekday?: number; slots: BookingSlot[] }[];
}

export interface BookingOptions {
  item: { id: number; name: string };
  halls: BookingHall[];
}

/** done = the slot is over (已过期). */
export type AppointmentStatus = 'booked' | 'cancelled' | 'done';

export interface Appointment {
  id: number;
  code: string;
  item: { id: number; name: string };
  hall: { id: number; name: string; address: string; phone?: string };
  window: { id: number; name: string };
  day: string;
  start: string;
  end: string;
  status: AppointmentStatus;
  /** The server's wording of the status (已预约 / 已取消 / 已过期). */
  statusText?: string;
  cancellable?: boolean;
}

const STATUS_TEXT: Record<AppointmentStatus, string> = { booked: '已预约', cancelled: '已取消', done: '已过期' };

export function appointmentStatusText(a: Pick<Appointment, 'status' | 'statusText'>): string {
  return a.statusText || STATUS_TEXT[a.status] || a.status;
}

/** 办事预约: free slots per hall and day, booking, and the citizen's own appointments. */
export const bookingApi = {
  options: (itemId: number | string, from: string, days = 7) =>
    http.get<BookingOptions>(`/api/items/${encodeURIComponent(String(itemId))}/booking`, { query: { from, days } }),
  book: (body: { slotId: number; itemId: number }) => http.post<Appointment>('/api/appointments', body),
  mine: () => http.get<Appointment[]>('/api/me/appointments'),
  cancel: (id: number) => http.post<Appointment | undefined>(`/api/me/appointments/${id}/cancel`),
};

/** History state key under which a fresh appointment travels to its result page (no refetch). */
export const APPOINTMENT_STATE_KEY = 'dzAppointment';
