/**
 * The 7-day 号源 of every doctor: which half-days they sit, how many numbered places a session has
 * and how many were already taken by patients outside the portal (窗口, 电话预约). All of it is
 * derived from the doctor, the Beijing day and the half-day, so the same day always looks the same,
 * and a slotId names its session by itself (no table to keep in step with the clock).
 */
import type { HisSlot } from '@dz/partner-protocol';
import { DAY_MS, beijingDate, beijingDayRange, beijingFields } from '../../lib/beijing.js';
import { Demo } from '../bureau/demo.js';
import { CARDIOLOGY, departmentOf, doctorById, hospitalById, type Doctor } from './catalogue.js';

/** Days a schedule covers: today and the 6 after it. */
export const SCHEDULE_DAYS = 7;

export type Period = HisSlot['period'];
export const PERIOD_NAMES: Record<Period, string> = { am: '上午', pm: '下午' };
const SESSION_HOURS: Record<Period, { start: string; end: string }> = { am: { start: '08:00', end: '12:00' }, pm: { start: '14:00', end: '17:30' } };
/** A registration can be cancelled until this long before its session starts. */
export const CANCEL_BEFORE_MS = 2 * 60 * 60 * 1000;

export interface Session {
  slotId: string;
  doctor: Doctor;
  date: string;
  period: Period;
  start: string;
  end: string;
  startMs: number;
  total: number;
  /** Places taken outside the portal before anyone asked (numbers 1..takenBefore). */
  takenBefore: number;
}

const SLOT_ID = /^(H\d{2}-[A-Z]{3}-\d{1,2})-(\d{4})(\d{2})(\d{2})-(am|pm)$/;

export function slotIdOf(doctorId: string, date: string, period: Period): string {
  return `${doctorId}-${date.replace(/-/g, '')}-${period}`;
}

/**
 * Mornings a doctor always sits, with at least 5 places from the seed: every department runs a
 * morning clinic with its first doctor, and every doctor of a 市级 hospital's 心血管内科 sits
 * every morning — the e2e and the server's tests book "tomorrow morning" there on whatever day
 * they run.
 */
function alwaysOpenMorning(doc: Doctor): boolean {
  return doc.rank === 0 || (departmentOf(doc).code === CARDIOLOGY && hospitalById(doc.hospitalId)?.level === 'city');
}

/**
 * Sessions already derived (null: the doctor does not sit then). Deriving one costs a few SM3
 * hashes, and a schedule read derives 14 per doctor: under load the same few thousand repeat.
 * Cleared wholesale when large, as old days are never asked for again.
 */
const derived = new Map<string, Session | null>();
const DERIVED_MAX = 50_000;

/** The session of a doctor on a day and half-day, or undefined when the doctor does not sit then. */
function sessionOf(doc: Doctor, date: string, period: Period): Session | undefined {
  const slotId = slotIdOf(doc.doctorId, date, period);
  let s = derived.get(slotId);
  if (s === undefined) {
    if (derived.size >= DERIVED_MAX) derived.clear();
    s = deriveSession(doc, date, period, slotId) ?? null;
    derived.set(slotId, s);
  }
  return s ?? undefined;
}

function deriveSession(doc: Doctor, date: string, period: Period, slotId: string): Session | undefined {
  const demo = new Demo(`his|${doc.doctorId}|${date}|${period}`);
  const guaranteed = period === 'am' && alwaysOpenMorning(doc);
  if (!guaranteed && demo.int(0, 99) >= 55) return undefined;
  const total = demo.int(10, 30, 1);
  // About one session in six is already 约满; a guaranteed morning keeps at least 5 places.
  const takenBefore = guaranteed ? demo.int(0, total - 5, 3) : demo.int(0, 99, 2) < 16 ? total : demo.int(0, total - 1, 3);
  const hours = SESSION_HOURS[period];
  const day = beijingDayRange(date)!;
  const [h, m] = hours.start.split(':').map(Number) as [number, number];
  return { slotId, doctor: doc, date, period, start: hours.start, end: hours.end, startMs: day.start + (h * 60 + m) * 60_000, total, takenBefore };
}

/** The Beijing days of the schedule window starting today. */
export function scheduleDays(now: number): string[] {
  return Array.from({ length: SCHEDULE_DAYS }, (_, i) => beijingDate(now + i * DAY_MS));
}

/**
 * The sessions a doctor still offers: the given days (default the whole window), sessions that
 * already started left out (the HIS stops taking bookings for them).
 */
export function openSessions(doc: Doctor, now: number, days: readonly string[]): Session[] {
  const window = new Set(scheduleDays(now));
  const out: Session[] = [];
  for (const date of days) {
    if (!window.has(date)) continue;
    for (const period of ['am', 'pm'] as const) {
      const s = sessionOf(doc, date, period);
      if (s && s.startMs > now) out.push(s);
    }
  }
  return out;
}

export type SessionLookup = { session: Session } | { missing: true } | { started: Session };

/** The session a slotId names: unknown / outside the window / not sat → missing; already begun → started. */
export function findSession(slotId: string, now: number): SessionLookup {
  const m = SLOT_ID.exec(slotId);
  const doc = m ? doctorById(m[1]!) : undefined;
  if (!m || !doc) return { missing: true };
  const date = `${m[2]}-${m[3]}-${m[4]}`;
  if (!scheduleDays(now).includes(date)) return { missing: true };
  const s = sessionOf(doc, date, m[5] as Period);
  if (!s) return { missing: true };
  return s.startMs > now ? { session: s } : { started: s };
}

/** 'YYYYMMDD' of today in Beijing, for numbers the HIS issues. */
export function compactToday(now: number): string {
  const f = beijingFields(now);
  return `${f.year}${String(f.month).padStart(2, '0')}${String(f.day).padStart(2, '0')}`;
}
