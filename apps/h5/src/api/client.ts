/**
 * The one HTTP client of the H5: JSON in and out, the session cookie sent same-origin, and every
 * failure turned into an ApiError carrying the server's `{ code, message, fields, details }` so pages can
 * show the server's own Chinese message next to the right field.
 */
export const NETWORK_MESSAGE = '网络异常，请检查网络后重试';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly retryAfterSeconds: number | null;
  /** Machine-readable context, e.g. `applicationId` of the draft kept when a submission failed. */
  readonly details: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    fields?: Record<string, string>;
    retryAfterSeconds?: number | null;
    details?: Record<string, unknown>;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.details = init.details ?? {};
  }

  get isNetwork(): boolean {
    return this.code === 'NETWORK_ERROR';
  }
}

/** A message fit for the user from anything a request may throw. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return '操作未成功，请稍后重试';
}

type UnauthorizedHandler = (err: ApiError) => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** main.ts wires this to the router, so the client stays free of app imports. */
export function setUnauthorizedHandler(fn: UnauthorizedHandler): void {
  onUnauthorized = fn;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers (the anonymous device id for search history and visits). */
  headers?: Record<string, string>;
  /** Lets the request outlive the page, so a visit recorded just before leaving still arrives. */
  keepalive?: boolean;
  /**
   * Background requests (visit records, badges) must not treat a 401 as a lost session: they are
   * nobody's page, so a redirect to login triggered by them would surprise the citizen.
   */
  quiet?: boolean;
}

/** Answers without a usable JSON body, by status; the server always sends one when it is up. */
function fallbackMessage(status: number): string {
  if (status === 401) return '请先登录';
  if (status === 403) return '您没有权限进行此操作';
  if (status === 404) return '您要找的内容不存在或已删除';
  if (status === 429) return '操作太频繁，请稍后再试';
  if (status >= 500) return '服务暂时不可用，请稍后重试';
  return '请求未成功，请稍后重试';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Answers that came inside index.html (issue 9): for a first screen that is a public read (首页,
 * a zone, 搜索 …) the server puts that read's answer for the default site into
 * `<script type="application/json" id="dz-boot">` as `{ url: body }`, so the page draws without a
 * round trip. Each answer is used once, by the first GET of exactly that URL; later ones go to
 * the network as usual. Parsed lazily, on the first GET.
 */
let boot: Map<string, unknown> | null = null;

function takeBoot(url: string): unknown {
  if (!boot) {
    boot = new Map();
    const el = typeof document === 'undefined' ? null : document.getElementById('dz-boot');
    try {
      const data: unknown = JSON.parse(el?.textContent || '{}');
      if (isRecord(data)) for (const [k, v] of Object.entries(data)) boot.set(k, v);
    } catch {
      /* a damaged block only costs the round trip it was meant to save */
    }
    el?.remove();
  }
  const body = boot.get(url);
  boot.delete(url);
  return body;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  let url = path;
  if (opts.query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  if (method === 'GET') {
    const given = takeBoot(url);
    if (given !== undefined) return given as T;
  }
  const headers: Record<string, string> = { ...opts.headers, Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal: opts.signal, keepalive: opts.keepalive };
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }

  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: NETWORK_MESSAGE });
  }

  if (res.status === 204) return undefined as T;
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  let body: unknown = undefined;
  let text = '';
  try {
    if (isJson) body = await res.json();
    else text = await res.text();
  } catch {
    body = undefined;
  }

  if (res.ok) {
    if (isJson) return body as T;
    // An empty 200 is a plain "done"; an HTML 200 means something other than the API answered
    // (e.g. a static server's SPA fallback while the API is down): the service is unavailable.
    if (text.trim() === '') return undefined as T;
    throw new ApiError({ status: 503, code: 'BAD_RESPONSE', message: '服务暂时不可用，请稍后重试' });
  }

  throw failure(res.status, body, res.headers.get('retry-after'), opts.quiet);
}

/**
 * The ApiError for a failed answer, from its status and (JSON) body; a lost session is reported
 * to the unauthorized handler. Shared with the file upload, which needs XMLHttpRequest for its
 * progress events and so cannot go through request().
 */
export function failure(status: number, body: unknown, retryAfterHeader: string | null, quiet = false): ApiError {
  const b = isRecord(body) ? body : {};
  const fields = isRecord(b.fields) ? Object.fromEntries(Object.entries(b.fields).map(([k, v]) => [k, String(v)])) : {};
  const retryHeader = Number(retryAfterHeader);
  const retryAfterSeconds =
    typeof b.retryAfterSeconds === 'number' ? b.retryAfterSeconds : Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : null;
  const err = new ApiError({
    status,
    code: typeof b.code === 'string' ? b.code : `HTTP_${status}`,
    message: typeof b.message === 'string' && b.message ? b.message : fallbackMessage(status),
    fields,
    retryAfterSeconds,
    details: isRecord(b.details) ? b.details : {},
  });
  // A wrong password is also a 401, but it is an answer to the form, not a lost session.
  if (status === 401 && err.code !== 'INVALID_CREDENTIALS' && !quiet && onUnauthorized) onUnauthorized(err);
  return err;
}

export const http = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  del: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('DELETE', path, { ...opts, body }),
};
