/**
 * What a link from the catalogue or a QR code is, so every place that opens one decides the same
 * way: a path of this app navigates in place, an http(s) page elsewhere opens in the in-app frame,
 * anything else (javascript:, data:, tel: …) is never followed automatically.
 */
export type LinkTarget = { kind: 'internal'; path: string } | { kind: 'external'; url: string } | { kind: 'none' };

/** Paths served by the server itself rather than by this single-page app. */
const NON_SPA_PREFIXES = ['/api/', '/admin/'];

export function classifyLink(raw: string | null | undefined): LinkTarget {
  const value = (raw ?? '').trim();
  if (!value) return { kind: 'none' };
  // A bare app path ("/zones/gas"); "//host" is protocol-relative, i.e. another site.
  if (value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) return { kind: 'internal', path: value };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { kind: 'none' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'none' };
  if (url.origin === window.location.origin) return { kind: 'internal', path: `${url.pathname}${url.search}${url.hash}` };
  return { kind: 'external', url: url.href };
}

/** True for paths the router cannot show (the server answers them): they need a full page load. */
export function isServerPath(path: string): boolean {
  return NON_SPA_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p));
}

/** http(s) only: the in-app frame never loads javascript:, data: or file: URLs. */
export function isHttpUrl(raw: string): boolean {
  try {
    const u = new URL(raw, window.location.origin);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The in-app frame page for an external URL. */
export function webviewRoute(url: string, title: string): { path: string; query: Record<string, string> } {
  return { path: '/webview', query: { url, title } };
}
