/**
 * The console's one HTTP client (vue-vben-admin habit: one client, behaviour in interceptors).
 * The session is an HttpOnly cookie the server sets, so requests only need `credentials: 'same-origin'`;
 * the client never sees or stores a token.
 */
import type { ErrorBody } from '@dz/contracts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: Partial<ErrorBody>) {
    super(body.message ?? '请求失败，请稍后重试');
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? 'UNKNOWN';
    this.fields = body.fields ?? {};
    this.retryAfterSeconds = body.retryAfterSeconds;
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /**
   * The caller shows errors itself (login form, setup steps): no toast and no redirect on 401/403.
   * The error is still thrown.
   */
  silent?: boolean;
}

/** What the app plugs in once the router exists (router/request-hooks.ts), so this file imports no router. */
export interface RequestHooks {
  /** 401: the console session is missing or expired. */
  onUnauthorized(): void;
  /** 403 SETUP_REQUIRED: the password must be changed or the second factor enrolled first. */
  onSetupRequired(): void;
  /** Any other error the caller did not silence; the server's message is meant for the user. */
  onError(error: ApiError): void;
}

let hooks: RequestHooks = {
  onUnauthorized: () => undefined,
  onSetupRequired: () => undefined,
  onError: () => undefined,
};

export function setRequestHooks(next: RequestHooks): void {
  hooks = next;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    // Empty filters are left out so the server applies its defaults instead of matching ''.
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readError(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    try {
      const body = (await res.json()) as Partial<ErrorBody>;
      if (body && typeof body.message === 'string') return new ApiError(res.status, body);
    } catch {
      // fall through to the generic message below
    }
  }
  // A proxy or gateway answered (HTML 502 and the like): say what happened without internals.
  const message =
    res.status >= 500
      ? `服务器暂时无法处理请求（HTTP ${res.status}），请稍后重试`
      : `请求失败（HTTP ${res.status}），请刷新页面后重试`;
  return new ApiError(res.status, { code: `HTTP_${res.status}`, message });
}

function dispatch(error: ApiError, silent: boolean): void {
  if (silent) return;
  if (error.status === 401) hooks.onUnauthorized();
  else if (error.status === 403 && error.code === 'SETUP_REQUIRED') hooks.onSetupRequired();
  else hooks.onError(error);
}

async function send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    const error = new ApiError(0, { code: 'NETWORK_ERROR', message: '无法连接服务器，请检查网络后重试' });
    dispatch(error, options.silent ?? false);
    throw error;
  }
  if (!res.ok) {
    const error = await readError(res);
    dispatch(error, options.silent ?? false);
    throw error;
  }
  return res;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, options, 'application/json');
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) return undefined as T;
  return (await res.json()) as T;
}

export const http = {
  get: <T>(path: string, query?: Query, options: Omit<RequestOptions, 'query' | 'body'> = {}) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options: Omit<RequestOptions, 'body'> = {}) => request<T>('DELETE', path, options),

  /**
   * Downloads a file through fetch rather than a plain link, so an expired session or a denied export
   * shows the server's message instead of a page of JSON.
   */
  async download(path: string, query: Query, fallbackName: string): Promise<void> {
    const res = await send('GET', path, { query }, 'text/csv, application/octet-stream, */*');
    const blob = await res.blob();
    const name = fileNameFrom(res.headers.get('content-disposition')) ?? fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Revoke later: some browsers start reading the blob only after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

function fileNameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return star[1];
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? null;
}
