/** 2026-03-01T08:00:00.000Z → 2026年3月1日 (local date; the server sends ISO strings). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/**
 * Only same-app paths may be a post-login target: `/me`, never `//evil.example` or a full URL
 * (an open redirect would let a phishing link borrow our login page).
 */
export function safeRedirect(raw: unknown, fallback = '/me'): string {
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return fallback;
  if (v.startsWith('/login') || v.startsWith('/register')) return fallback;
  return v;
}
