/** Test support for 景点 / 场馆 bookings against the sandbox reservation systems. */
import { beijingDay } from '../../../infra/time.js';

const DAY = 86_400_000;

/** A bookable Beijing day `from` days ahead or later: not 12-31 (the demo spots close) nor a Monday (the venues close). */
export function bookableDay(from = 1): string {
  for (let i = from; ; i++) {
    const d = beijingDay(Date.now() + i * DAY);
    if (!d.endsWith('12-31') && new Date(`${d}T00:00:00Z`).getUTCDay() !== 1) return d;
  }
}
