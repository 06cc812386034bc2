import { formatFen } from '@dz/contracts';

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO instant → local "YYYY-MM-DD HH:mm:ss" (the server stores UTC ISO strings); seconds optional. */
export function formatDateTime(iso: string | null | undefined, seconds = true): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
  return `${day} ${time}`;
}

/** A Date → its local calendar day "YYYY-MM-DD" (what a date picker shows). */
export function formatDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "YYYY-MM-DD" picked in the browser → ISO instant at the start (or end) of that local day. */
export function localDayToIso(day: string, end: boolean): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = end
    ? new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 23, 59, 59, 999)
    : new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 0, 0, 0, 0);
  return date.toISOString();
}

/** Base32 secret in groups of four, the way authenticator apps ask for it. */
export function groupSecret(secret: string): string[] {
  return secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? [];
}

/** Integer 分 → "¥123.45"; null (no amount on that side) → "—". */
export function formatYuan(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : `¥${formatFen(fen)}`;
}

/** A Beijing calendar day "YYYY-MM-DD", `offsetDays` from today (-1 = yesterday), whatever the browser's zone. */
export function beijingDay(offsetDays = 0, now = Date.now()): string {
  return new Date(now + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
