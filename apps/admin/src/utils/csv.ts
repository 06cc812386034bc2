import { beijingDay } from './format';

/**
 * Client-side CSV for tables the console already holds (chart numbers, the loaded pages of a list).
 * Excel on Windows opens UTF-8 CSV as GBK unless the file starts with a BOM, so one is written.
 */
export type CsvCell = string | number | boolean | null | undefined;

function escapeCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A cell starting with = + - @ (or a tab / CR) is run as a formula by spreadsheet software; content
  // typed by other staff must not be able to do that on a supervisor's machine (CSV injection).
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: string[], rows: CsvCell[][]): string {
  return [headers, ...rows].map((row) => row.map(escapeCell).join(',')).join('\r\n');
}

export function downloadCsv(fileName: string, headers: string[], rows: CsvCell[][]): void {
  const blob = new Blob(['\uFEFF', toCsv(headers, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Today as YYYYMMDD for file names: the Beijing day (the portal's calendar), whatever the browser's zone. */
export function fileDay(now = Date.now()): string {
  return beijingDay(0, now).replace(/-/g, '');
}
