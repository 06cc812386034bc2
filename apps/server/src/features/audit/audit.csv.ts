/**
 * CSV for the audit export (RFC 4180: CRLF rows, quoted fields, doubled quotes), with a UTF-8
 * BOM so Excel on Windows reads the Chinese correctly, and the OWASP "CSV injection" guard: a
 * cell that a spreadsheet would treat as a formula (= + - @, tab, CR) is prefixed with '.
 */
export const CSV_BOM = '\uFEFF';

export function csvCell(value: unknown): string {
  let s = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}

/** ISO UTC → “2026-11-28 09:30:00” in 北京时间 (UTC+8, no daylight saving), as staff read it. */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
