/**
 * Times of the transit API: the feed's local (Beijing) clock as seconds after a date's midnight,
 * written 'HH:MM:SS' and allowed past 24:00:00 as in GTFS.
 */
import { beijingDay } from '../../infra/time.js';

const BEIJING_OFFSET_MS = 8 * 3_600_000;

const two = (n: number) => String(n).padStart(2, '0');

/** 'HH:MM:SS' of seconds after midnight (hours may exceed 23). */
export function formatTime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** Seconds of 'HH:MM' or 'HH:MM:SS' (already checked by the schema's pattern). */
export function parseTime(text: string): number {
  const [h, m, s] = text.split(':').map(Number);
  return h! * 3600 + m! * 60 + (s ?? 0);
}

/** A real calendar day 'YYYY-MM-DD' (the pattern lets 2026-02-30 through). */
export function isCalendarDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** Today in Beijing and the seconds since its midnight. */
export function beijingNow(ms = Date.now()): { date: string; seconds: number } {
  const date = beijingDay(ms);
  const midnight = Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET_MS;
  return { date, seconds: Math.floor((ms - midnight) / 1000) };
}
