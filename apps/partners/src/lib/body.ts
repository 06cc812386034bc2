/** Small shape checks for JSON request bodies (the sandbox validates by hand, like a partner would). */

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string of at most `max` characters (after trimming), else null. */
export function text(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s.length > 0 && [...s].length <= max ? s : null;
}

/** A positive integer no larger than `max`, else null. */
export function positiveInt(v: unknown, max = Number.MAX_SAFE_INTEGER): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max ? v : null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 instant with a zone ('2026-01-01T08:00:00Z', '…+08:00') → ms, else null. */
export function isoInstant(v: unknown): number | null {
  if (typeof v !== 'string' || !ISO_INSTANT.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}

/** An absolute http(s) URL without user info, else null. */
export function httpUrl(v: unknown, max = 1024): URL | null {
  if (typeof v !== 'string' || v.length > max) return null;
  try {
    const url = new URL(v);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password ? url : null;
  } catch {
    return null;
  }
}
