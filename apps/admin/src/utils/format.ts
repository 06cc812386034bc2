import { formatFen } from '@dz/contracts';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Staff work in Dazhou and the server counts calendar days in Beijing time, so the console shows and
 * reads times as Beijing wall-clock whatever time zone the browser is set to. Beijing has been UTC+8
 * all year since 1991 (no daylight saving), so a fixed offset is exact.
 */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** An instant as Beijing wall-clock fields (read them with the getUTC* methods); null if unparsable. */
function beijing(at: string | number): Date | null {
  const t = typeof at === 'number' ? at : Date.parse(at);
  return Number.isNaN(t) ? null : new Date(t + BEIJING_OFFSET_MS);
}

/** ISO instant → Beijing "YYYY-MM-DD HH:mm:ss" (the server stores UTC ISO strings); seconds optional. */
export function formatDateTime(iso: string | null | undefined, seconds = true): string {
  if (!iso) return '';
  const b = beijing(iso);
  if (!b) return iso;
  const day = `${b.getUTCFullYear()}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())}`;
  const time = `${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}${seconds ? `:${pad(b.getUTCSeconds())}` : ''}`;
  return `${day} ${time}`;
}

/** The Beijing calendar day "YYYY-MM-DD" of an ISO instant (the input as it is when unparsable). */
export function beijingDayOf(iso: string): string {
  const b = beijing(iso);
  return b ? b.toISOString().slice(0, 10) : iso;
}

/** A Beijing calendar day "YYYY-MM-DD", `offsetDays` from today (-1 = yesterday), whatever the browser's zone. */
export function beijingDay(offsetDays = 0, now = Date.now()): string {
  return new Date(now + BEIJING_OFFSET_MS + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/** The hour (0–23) on a Beijing clock now — for greetings and the like. */
export function beijingHour(now = Date.now()): number {
  return new Date(now + BEIJING_OFFSET_MS).getUTCHours();
}

/** Calendar arithmetic on "YYYY-MM-DD" strings (in UTC, so no browser zone or DST can shift a day); '' if unparsable. */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? '' : new Date(t + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A day "YYYY-MM-DD" from a filter → the UTC ISO instant where that Beijing day starts (00:00:00.000)
 * or, with `end`, ends (23:59:59.999): 2026-12-07 → 2026-12-06T16:00:00.000Z / 2026-12-07T15:59:59.999Z.
 * The server's days are Beijing days, so a staff computer in another zone must not move them. '' if unparsable.
 */
export function beijingDayToIso(day: string, end: boolean): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? '' : new Date(t - BEIJING_OFFSET_MS + (end ? DAY_MS - 1 : 0)).toISOString();
}

/**
 * An instant (ISO string or epoch ms) → the Beijing wall-clock string "YYYY-MM-DD HH:mm:ss" that a
 * datetime picker with value-format "YYYY-MM-DD HH:mm:ss" shows as it is; null when empty or unparsable.
 */
export function beijingWallClock(at: string | number | null | undefined): string | null {
  if (at === null || at === undefined || at === '') return null;
  const b = beijing(at);
  return b ? b.toISOString().slice(0, 19).replace('T', ' ') : null;
}

const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/;

/**
 * A Beijing wall-clock string "YYYY-MM-DD HH:mm[:ss]" (as picked) → the same instant as ISO-8601 with
 * the Beijing offset, "YYYY-MM-DDTHH:mm:ss+08:00" (the form page blocks store); null when empty or malformed.
 */
export function beijingWallToIso(wall: string | null | undefined): string | null {
  const m = wall ? WALL_CLOCK.exec(wall.trim()) : null;
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00` : null;
}

/**
 * As beijingWallToIso, normalised to a UTC ISO instant ("…Z") — for query filters, which the server
 * compares with its stored UTC strings.
 */
export function beijingWallToUtc(wall: string | null | undefined): string | null {
  const iso = beijingWallToIso(wall);
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * A date-picker cell's Date → the calendar day it shows, "YYYY-MM-DD". Element Plus hands disabledDate
 * the local midnight of the displayed day, so the local fields are read here on purpose. Only for picker
 * cells: "today" is beijingDay(), never formatDay(new Date()).
 */
export function formatDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Base32 secret in groups of four, the way authenticator apps ask for it. */
export function groupSecret(secret: string): string[] {
  return secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? [];
}

/** Integer 分 → "¥123.45"; null (no amount on that side) → "—". */
export function formatYuan(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : `¥${formatFen(fen)}`;
}
