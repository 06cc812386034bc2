/**
 * Calendar arithmetic in Beijing time. Halls open by the local clock (Asia/Shanghai), which has
 * been UTC+8 without daylight saving since 1991, so a fixed offset is exact and we need no tz
 * database. Slot days are 'YYYY-MM-DD' and times 'HH:MM': both sort correctly as strings, on
 * SQLite and MariaDB alike, which the queries rely on.
 */
const OFFSET_MS = 8 * 3_600_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Beijing calendar day and wall-clock time of an instant. */
export function beijingParts(ms: number): { day: string; time: string } {
  const iso = new Date(ms + OFFSET_MS).toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export const beijingToday = (ms: number): string => beijingParts(ms).day;

/** The instant (epoch ms) at which `time` on `day` occurs in Beijing. */
export function instantOf(day: string, time: string): number {
  return Date.parse(`${day}T${time}:00+08:00`);
}

export function isValidDay(day: string): boolean {
  if (!DAY_RE.test(day)) return false;
  const t = Date.parse(`${day}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; a round trip catches it.
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

export const isValidTime = (time: string): boolean => TIME_RE.test(time);

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** ISO weekday: 1 = Monday … 7 = Sunday (GB/T 7408, as people in the hall count it). */
export function isoWeekday(day: string): number {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}
