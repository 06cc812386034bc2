/** A day of a venue's date strip. */
export interface VenueDay {
  date: string;
  closed: boolean;
  /** Why it cannot be chosen or what it is like, in words (the 闭馆 reason, 已约满); '' otherwise. */
  note: string;
}

/** 我的预约 status tones: the words carry the meaning, the tone only repeats it. */
export const BOOKING_TONES: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'muted'> = {
  confirmed: 'success',
  checked_in: 'primary',
  used: 'primary',
  cancelled: 'muted',
  expired: 'muted',
};
