/**
 * The working-day clock of 承诺办结时限 (DOMAIN: time limits are counted in working days, 法定节假日
 * excluded and 调休 Saturdays/Sundays included), on the official calendar shipped by `chinese-days`.
 *
 * Days are Beijing calendar days. Counting starts the day after the event (受理之日的次日起算, the
 * usual 行政许可法 reading), and a deadline is the END of its last working day in Beijing, stored as
 * an ISO UTC string like every other time.
 */
import chineseDays from 'chinese-days';

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of an instant in Beijing. */
export function beijingDate(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** The last millisecond of a Beijing day, as ISO UTC (23:59:59.999 +08:00 = 15:59:59.999Z). */
export function endOfBeijingDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - BEIJING_OFFSET_MS - 1).toISOString();
}

export function isWorkingDay(day: string): boolean {
  return chineseDays.isWorkday(day);
}

/**
 * The deadline n working days after `fromIso`: the end of the n-th working day that follows the
 * Beijing day of `fromIso`. n = 0 is the end of that same day (即办).
 */
export function addWorkingDays(fromIso: string, n: number): string {
  let day = beijingDate(fromIso);
  let left = Math.max(0, Math.floor(n));
  // A calendar with holidays never goes more than a few weeks without a working day; the bound
  // only guards against a corrupt calendar looping forever.
  for (let guard = 0; left > 0 && guard < 3660; guard += 1) {
    day = nextDay(day);
    if (isWorkingDay(day)) left -= 1;
  }
  return endOfBeijingDay(day);
}

/**
 * Working days elapsed from `aIso` to `bIso`: the working days after a's Beijing day up to and
 * including b's (0 when both fall on the same day, or b is earlier). Used to bank what the clock
 * used before a 补正 stopped it.
 */
export function workingDaysBetween(aIso: string, bIso: string): number {
  const end = beijingDate(bIso);
  let day = beijingDate(aIso);
  let n = 0;
  for (let guard = 0; day < end && guard < 3660; guard += 1) {
    day = nextDay(day);
    if (isWorkingDay(day)) n += 1;
  }
  return n;
}
