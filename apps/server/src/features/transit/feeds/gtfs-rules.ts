/**
 * The field rules of the GTFS Schedule reference (https://gtfs.org/schedule/reference/) that the
 * import checks, and the problem list its report is made of.
 */
import type { GtfsProblem } from '@dz/contracts';
import { VehicleType } from 'gtfs-types';

/** Errors listed in a report; the rest are counted ("另有 N 处错误"). */
export const MAX_LISTED = 100;

/** `H:MM:SS` or `HH:MM:SS`; hours may exceed 24 (a trip past midnight). Seconds, or null when malformed. */
export function parseGtfsTime(s: string): number | null {
  const m = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** `YYYYMMDD` that is a real calendar date. */
export function isGtfsDate(s: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export const gtfsDateToIso = (s: string): string => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;

export const isHexColor = (s: string): boolean => /^[0-9A-Fa-f]{6}$/.test(s);

/** Basic route types (0–7, 11, 12) and the extended ones (100–1700), as gtfs-types lists them. */
const ROUTE_TYPES = new Set(Object.values(VehicleType).filter((v): v is number => typeof v === 'number'));
export const isKnownRouteType = (n: number): boolean => ROUTE_TYPES.has(n);

export const isInt = (s: string): boolean => /^-?\d+$/.test(s);
export const isNonNegInt = (s: string): boolean => /^\d+$/.test(s);
export const isNumber = (s: string): boolean => s !== '' && Number.isFinite(Number(s));

/**
 * Problems of one import: every error counted, the first MAX_LISTED kept (the report would be
 * unreadable beyond that and a broken million-row file must not grow memory).
 */
export class ProblemList {
  readonly listed: GtfsProblem[] = [];
  count = 0;
  constructor(private readonly max = MAX_LISTED) {}
  add(file: string, line: number | undefined, message: string): void {
    this.count++;
    if (this.listed.length < this.max) this.listed.push(line === undefined ? { file, message } : { file, line, message });
  }
  /** The report: the listed problems, the last one saying how many more there were. */
  report(what: '错误' | '提示'): GtfsProblem[] {
    if (this.count <= this.max) return this.listed;
    const shown = this.listed.slice(0, this.max - 1);
    return [...shown, { file: '', message: `另有 ${this.count - shown.length} 处${what}未列出` }];
  }
}
