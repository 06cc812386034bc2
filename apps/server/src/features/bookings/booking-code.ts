/** Booking numbers people read out at a window or over the phone, and staff type in. */
import { randomBytes } from 'node:crypto';

/** No 0/O, 1/I: the code is read out and typed in. 32 symbols, so `& 31` is unbiased. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * `prefix` + the booked day as yymmdd + 6 random symbols, e.g. DZ260615K7Q2MX. Collisions of the
 * tail are ~1 in 10⁹ per day; callers insert under the unique index and retry on the rare clash.
 */
export function bookingCode(prefix: string, day: string): string {
  let tail = '';
  for (const b of randomBytes(6)) tail += CODE_ALPHABET[b & 31];
  return `${prefix}${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}${tail}`;
}
