/** Beijing time has been UTC+8 all year since 1991 (no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/**
 * An instant as Beijing wall-clock fields (read them with the getUTC* methods). Times are the
 * halls' and bureaus' own — a 08:30 appointment is 08:30 on a phone set to any time zone.
 */
function beijing(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : new Date(d.getTime() + BEIJING_OFFSET_MS);
}

/** 2026-03-01T08:00:00.000Z → 2026年3月1日 (Beijing date; the server sends ISO strings). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  // A calendar day (YYYY-MM-DD) is shown as it is, never shifted by the phone's time zone.
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (day) return `${day[1]}年${Number(day[2])}月${Number(day[3])}日`;
  const b = beijing(iso);
  if (!b) return iso;
  return `${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日`;
}

/**
 * Only same-app paths may be a post-login target: `/me`, never `//evil.example` or a full URL
 * (an open redirect would let a phishing link borrow our login page).
 */
export function safeRedirect(raw: unknown, fallback = '/me'): string {
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return fallback;
  if (v.startsWith('/login') || v.startsWith('/register')) return fallback;
  return v;
}

/**
 * Today in Beijing time as YYYY-MM-DD: booking days are the hall's calendar (Asia/Shanghai),
 * whatever time zone the phone is set to.
 */
export function beijingDay(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** Calendar arithmetic on YYYY-MM-DD strings (UTC, so no time zone or DST can shift a day). */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? '' : new Date(t + n * 86400000).toISOString().slice(0, 10);
}

/**
 * 2026-03-02 → { date: '3月2日', weekday: '周一' }, with 今天 / 明天 in place of the weekday.
 * `isoWeekday` (1 = 周一 … 7 = 周日) is the server's when it sends one.
 */
export function dayLabel(day: string, today: string = beijingDay(), isoWeekday?: number): { date: string; weekday: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return { date: day, weekday: '' };
  const dow = isoWeekday && isoWeekday >= 1 && isoWeekday <= 7 ? isoWeekday % 7 : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  const weekday = day === today ? '今天' : day === addDays(today, 1) ? '明天' : (WEEKDAYS[dow] ?? '');
  return { date: `${Number(m[2])}月${Number(m[3])}日`, weekday };
}

/** A bill's 账期: 2026-03 → 2026年3月. */
export function formatPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[1]}年${Number(m[2])}月` : period;
}

/** 2026-03-02T08:05:00Z → 2026年3月2日 16:05 (Beijing time, whatever the phone's time zone). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const b = beijing(iso);
  if (!b) return iso;
  return `${formatDate(iso)} ${String(b.getUTCHours()).padStart(2, '0')}:${String(b.getUTCMinutes()).padStart(2, '0')}`;
}
