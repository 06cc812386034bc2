/**
 * The one client through which the server calls any bureau or utility system (ARCHITECTURE rule 8).
 * Every call is signed per docs/partner-protocol.md, bounded by a timeout, retried only when the
 * operation is idempotent, guarded by a circuit breaker per partner endpoint so that a partner that
 * is down answers "服务暂不可用" at once instead of hanging the page, and recorded in the call log.
 *
 * Where a partner lives is looked up per call (per site, from 接口管理), so a change in the console
 * takes effect on the next call without a restart.
 */
import { randomUUID } from 'node:crypto';
import { EnvelopeCode, HEADER_IDEMPOTENCY, signRequest, type Envelope } from '@dz/partner-protocol';
import { AppError, partnerUnavailable } from '../infra/errors.js';

export interface PartnerEndpoint {
  baseUrl: string;
  appKey: string;
  secret: string;
  timeoutMs: number;
  /** false: the operator switched the system off for this site; calls fail at once. */
  enabled?: boolean;
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
  /** Short name for the call log, e.g. water.bills. Defaults to the path. */
  operation?: string;
  /** Site whose configuration applies (nearest configured ancestor); default the city. */
  site?: string;
  /** The inbound request this call serves, so the log ties the two together. */
  requestId?: string;
  /**
   * 'bytes': a 200 answer that is not JSON (GTFS-Realtime's protobuf) resolves to its body as a
   * Buffer; errors still come as the protocol's JSON envelope. Default 'json' (the envelope's data).
   */
  expect?: 'json' | 'bytes';
}

export interface CallLogEntry {
  partner: string;
  operation: string;
  method: string;
  /** Path with personal numbers redacted. */
  path: string;
  ms: number;
  ok: boolean;
  /** Envelope code, or NETWORK / TIMEOUT / BREAKER_OPEN / DISABLED. */
  code: string;
  attempt: number;
  requestId: string | null;
  site: string | null;
}

/** Thrown when the partner answered with a business refusal (2xxx): its message is shown. */
export class PartnerRefusal extends AppError {
  constructor(
    readonly partnerCode: string,
    message: string,
    /** The envelope's `data` of the refusal (a reason some protocols add, e.g. reservations' `{reason}`). */
    readonly data: unknown = null,
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

export type BreakerStatus = 'closed' | 'open' | 'half-open';

const FAILURE_THRESHOLD = 5;
const OPEN_MS = 30_000;

/** Runs of 6+ digits (ID numbers, phones, account numbers) keep only their last 4. */
export function redactPath(path: string): string {
  return path.replace(/\d{6,}[\dXx]?/g, (m) => '*'.repeat(m.length - 4) + m.slice(-4));
}

export class PartnerClient {
  private readonly breakers = new Map<string, BreakerState>();

  constructor(
    private readonly endpointFor: (partner: string, site: string | undefined) => PartnerEndpoint | Promise<PartnerEndpoint>,
    private readonly log?: (entry: CallLogEntry) => void,
  ) {}

  private static key(partner: string, baseUrl: string): string {
    return `${partner} ${baseUrl}`;
  }

  /** The breaker of one endpoint, or — without baseUrl — the worst over the partner's endpoints. */
  breakerState(partner: string, baseUrl?: string): BreakerStatus {
    const states: BreakerStatus[] = [];
    for (const [k, b] of this.breakers) {
      if (baseUrl !== undefined ? k !== PartnerClient.key(partner, baseUrl) : !k.startsWith(`${partner} `)) continue;
      states.push(b.failures < FAILURE_THRESHOLD ? 'closed' : Date.now() < b.openUntil ? 'open' : 'half-open');
    }
    return states.includes('open') ? 'open' : states.includes('half-open') ? 'half-open' : 'closed';
  }

  /** Forgets the failures of a partner's endpoints (the console saved a new configuration). */
  resetBreaker(partner: string): void {
    for (const k of [...this.breakers.keys()]) if (k.startsWith(`${partner} `)) this.breakers.delete(k);
  }

  async call<T>(opts: CallOptions): Promise<T> {
    const ep = await this.endpointFor(opts.partner, opts.site);
    const bkey = PartnerClient.key(opts.partner, ep.baseUrl);
    const entry = (code: string, attempt: number, ms = 0): CallLogEntry => ({
      partner: opts.partner,
      operation: opts.operation ?? opts.path.split('?')[0]!,
      method: opts.method,
      path: redactPath(opts.path),
      ms,
      ok: code === EnvelopeCode.OK,
      code,
      attempt,
      requestId: opts.requestId ?? null,
      site: opts.site ?? null,
    });
    if (ep.enabled === false) {
      this.log?.(entry('DISABLED', 0));
      throw partnerUnavailable('该服务暂未开通，请稍后再试或前往营业厅办理');
    }
    if (this.breakerState(opts.partner, ep.baseUrl) === 'open') {
      this.log?.(entry('BREAKER_OPEN', 0));
      throw partnerUnavailable();
    }
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
        const result = await this.once<T>(ep, call, deadline - Date.now(), (code, ms) => this.log?.(entry(code, i + 1, ms)));
        this.breakers.delete(bkey);
        return result;
      } catch (err) {
        if (err instanceof PartnerRefusal) {
          this.breakers.delete(bkey);
          throw err;
        }
        // Our own request was refused (bad signature, unknown key, bad input): retrying cannot help
        // and the partner is not down, so the breaker is left alone. A replay refusal (1003) is
        // retried with a fresh nonce.
        if (err instanceof CallerError) {
          if (err.envelopeCode === EnvelopeCode.REPLAY) continue;
          throw partnerUnavailable('服务暂不可用（接口配置有误），请稍后重试');
        }
      }
    }
    const b = this.breakers.get(bkey) ?? { failures: 0, openUntil: 0 };
    b.failures += 1;
    if (b.failures >= FAILURE_THRESHOLD) b.openUntil = Date.now() + OPEN_MS;
    this.breakers.set(bkey, b);
    throw partnerUnavailable();
  }

  private async once<T>(ep: PartnerEndpoint, opts: CallOptions, timeoutMs: number, logged: (code: string, ms: number) => void): Promise<T> {
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
      if (opts.expect === 'bytes' && res.status === 200 && !(res.headers.get('content-type') ?? '').includes('json')) {
        code = EnvelopeCode.OK;
        return Buffer.from(await res.arrayBuffer()) as T;
      }
      const env = (await res.json()) as Envelope<T>;
      code = env.code;
      if (env.code === EnvelopeCode.OK) return env.data as T;
      if (env.code.startsWith('2')) throw new PartnerRefusal(env.code, env.message, env.data ?? null);
      if (env.code.startsWith('1')) throw new CallerError(env.code);
      throw new Error(`partner ${opts.partner} answered ${env.code}`);
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) code = 'TIMEOUT';
      throw err;
    } finally {
      logged(code, Date.now() - started);
    }
  }
}
