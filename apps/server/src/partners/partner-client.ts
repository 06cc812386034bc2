/**
 * The one client through which the server calls any bureau or utility system (ARCHITECTURE rule 8).
 * Every call is signed per docs/partner-protocol.md, bounded by a timeout, retried only when the
 * operation is idempotent, and guarded by a per-partner circuit breaker so that a partner that is
 * down answers "服务暂不可用" at once instead of hanging the page.
 */
import { randomUUID } from 'node:crypto';
import { EnvelopeCode, HEADER_IDEMPOTENCY, signRequest, type Envelope } from '@dz/partner-protocol';
import { AppError, partnerUnavailable } from '../infra/errors.js';

export interface PartnerEndpoint {
  baseUrl: string;
  appKey: string;
  secret: string;
  timeoutMs: number;
}

export interface CallOptions {
  partner: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** true for reads and for writes that carry an idempotency key: only those are retried. */
  idempotent?: boolean;
  idempotencyKey?: string;
  timeoutMs?: number;
}

/** Thrown when the partner answered with a business refusal (2xxx): its message is shown. */
export class PartnerRefusal extends AppError {
  constructor(
    readonly partnerCode: string,
    message: string,
  ) {
    super(422, 'PARTNER_REFUSED', message);
  }
}

/** The partner refused our request itself (1xxx): a fault on our side, not the partner's. */
class CallerError extends Error {
  constructor(readonly envelopeCode: string) {
    super(`partner refused the request: ${envelopeCode}`);
  }
}

interface BreakerState {
  failures: number;
  openUntil: number;
}

const FAILURE_THRESHOLD = 5;
const OPEN_MS = 30_000;

export class PartnerClient {
  private readonly breakers = new Map<string, BreakerState>();

  constructor(
    private readonly endpointFor: (partner: string) => PartnerEndpoint,
    private readonly log?: (entry: { partner: string; path: string; ms: number; ok: boolean; code: string }) => void,
  ) {}

  breakerState(partner: string): 'closed' | 'open' | 'half-open' {
    const b = this.breakers.get(partner);
    if (!b || b.failures < FAILURE_THRESHOLD) return 'closed';
    return Date.now() < b.openUntil ? 'open' : 'half-open';
  }

  async call<T>(opts: CallOptions): Promise<T> {
    if (this.breakerState(opts.partner) === 'open') throw partnerUnavailable();
    const ep = this.endpointFor(opts.partner);
    // One budget for the whole call, retries included: the user hears back within it (rule 8).
    const deadline = Date.now() + (opts.timeoutMs ?? ep.timeoutMs);
    // One idempotency key for every attempt, so a retried write has no second effect.
    const call = { ...opts, idempotencyKey: opts.idempotencyKey ?? (opts.method === 'GET' ? undefined : randomUUID()) };
    const attempts = opts.idempotent ? 3 : 1;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) {
        const pause = 100 * 2 ** (i - 1);
        if (Date.now() + pause + 200 >= deadline) break;
        await new Promise((r) => setTimeout(r, pause));
      }
      try {
        const result = await this.once<T>(ep, call, deadline - Date.now());
        this.breakers.delete(opts.partner);
        return result;
      } catch (err) {
        if (err instanceof PartnerRefusal) throw err;
        // Our own request was refused (bad signature, unknown key, bad input): retrying cannot help
        // and the partner is not down, so the breaker is left alone. A replay refusal (1003) is
        // retried with a fresh nonce.
        if (err instanceof CallerError) {
          if (err.envelopeCode === EnvelopeCode.REPLAY) continue;
          throw partnerUnavailable('服务暂不可用（接口配置有误），请稍后重试');
        }
      }
    }
    const b = this.breakers.get(opts.partner) ?? { failures: 0, openUntil: 0 };
    b.failures += 1;
    if (b.failures >= FAILURE_THRESHOLD) b.openUntil = Date.now() + OPEN_MS;
    this.breakers.set(opts.partner, b);
    throw partnerUnavailable();
  }

  private async once<T>(ep: PartnerEndpoint, opts: CallOptions, timeoutMs: number): Promise<T> {
    const body = opts.body === undefined ? '' : JSON.stringify(opts.body);
    const headers: Record<string, string> = {
      ...signRequest({ appKey: ep.appKey, secret: ep.secret, method: opts.method, pathWithQuery: opts.path, body }),
      'content-type': 'application/json',
    };
    if (opts.idempotencyKey) headers[HEADER_IDEMPOTENCY] = opts.idempotencyKey;
    const started = Date.now();
    let code = 'NETWORK';
    try {
      const res = await fetch(ep.baseUrl.replace(/\/$/, '') + opts.path, {
        method: opts.method,
        headers,
        body: opts.method === 'GET' ? undefined : body,
        signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
      });
      const env = (await res.json()) as Envelope<T>;
      code = env.code;
      if (env.code === EnvelopeCode.OK) return env.data as T;
      if (env.code.startsWith('2')) throw new PartnerRefusal(env.code, env.message);
      if (env.code.startsWith('1')) throw new CallerError(env.code);
      throw new Error(`partner ${opts.partner} answered ${env.code}`);
    } finally {
      this.log?.({ partner: opts.partner, path: opts.path, ms: Date.now() - started, ok: code === EnvelopeCode.OK, code });
    }
  }
}
