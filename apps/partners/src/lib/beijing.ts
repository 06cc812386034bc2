/**
 * Beijing time (UTC+8, no daylight saving) for the dates the simulated systems reason in: billing
 * periods, due dates, trade numbers and the gateway's daily statement. Instants stay UTC ms / ISO.
 */

export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Calendar fields of an instant in Beijing: month 1–12. */
export function beijingFields(ms: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** 'YYYY-MM-DD' of an instant in Beijing. */
export function beijingDate(ms: number): string {
  const f = beijingFields(ms);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** 'YYYY-MM-DD HH:mm' of an instant in Beijing, for pages. */
export function beijingDateTime(ms: number): string {
  const f = beijingFields(ms);
  return `${beijingDate(ms)} ${pad(f.hour)}:${pad(f.minute)}`;
}

/** The instant of a Beijing wall-clock time; out-of-range fields roll over as in Date.UTC. */
export function beijingInstant(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) - BEIJING_OFFSET_MS;
}

/** 'YYYY-MM-DD' → the Beijing day [start, end) in UTC ms, or null when it is not a calendar date. */
export function beijingDayRange(date: string): { start: number; end: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = beijingInstant(year, month, day);
  if (beijingDate(start) !== date) return null;
  return { start, end: start + DAY_MS };
}

/** A billing period: calendar month in Beijing. */
export interface Period {
  year: number;
  /** 1–12 */
  month: number;
}

/** Moves a period by `delta` months. */
export function addMonths(p: Period, delta: number): Period {
  const index = p.year * 12 + (p.month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** 'YYYY-MM' */
export function periodLabel(p: Period): string {
  return `${p.year}-${pad(p.month)}`;
}

/** 'YYYYMM' */
export function periodCompact(p: Period): string {
  return `${p.year}${pad(p.month)}`;
}

/** The `count` periods ending with the calendar month before `ms` (Beijing), newest first. */
export function lastPeriods(ms: number, count: number): Period[] {
  const f = beijingFields(ms);
  const current = { year: f.year, month: f.month };
  return Array.from({ length: count }, (_, i) => addMonths(current, -(i + 1)));
}

/** 'YYYY-MM-DD' of a Beijing calendar day given by fields (rolling over like Date.UTC). */
export function calendarDate(year: number, month: number, day: number): string {
  return beijingDate(beijingInstant(year, month, day));
}
