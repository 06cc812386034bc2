/**
 * Fault injection, per partner system. The portal must stay usable when a bureau's system is slow
 * or failing (ARCHITECTURE rule 8: "服务暂不可用" within 3 s, never a hung page); these knobs let
 * tests and local demos make the sandbox slow or broken on purpose.
 *
 * The control endpoints (/_control/faults) exist only for tests and local use: they are not part
 * of the partner protocol, no real partner has them, and they are unauthenticated. The sandbox
 * binds to 127.0.0.1 by default; set SANDBOX_CONTROL=off to remove them altogether.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { EnvelopeCode, fail, ok } from '@dz/partner-protocol';
import { sendEnvelope } from './protocol.js';

export interface FaultSetting {
  /** Delay added before the partner handles a request, in milliseconds. */
  latencyMs: number;
  /** Probability (0..1) that a request is answered with an injected 9001 fault. */
  errorRate: number;
}

export const MAX_LATENCY_MS = 120_000;
const NO_FAULT: FaultSetting = { latencyMs: 0, errorRate: 0 };

export class FaultRegistry {
  private readonly settings = new Map<string, FaultSetting>();
  // Aborted when the sandbox closes, so requests sleeping on injected latency end at once instead
  // of holding the graceful shutdown for up to two minutes.
  private readonly closing = new AbortController();

  constructor(
    readonly partners: readonly string[],
    private readonly random: () => number = Math.random,
  ) {}

  get(partner: string): FaultSetting {
    return this.settings.get(partner) ?? NO_FAULT;
  }

  set(partner: string, setting: Partial<FaultSetting>): FaultSetting {
    if (!this.partners.includes(partner)) throw new FaultConfigError(`未知的合作方系统“${partner}”，可选：${this.partners.join('、')}`);
    const next = { ...this.get(partner), ...setting };
    if (!Number.isInteger(next.latencyMs) || next.latencyMs < 0 || next.latencyMs > MAX_LATENCY_MS) {
      throw new FaultConfigError(`latencyMs 应为 0–${MAX_LATENCY_MS} 的整数（毫秒）`);
    }
    if (!Number.isFinite(next.errorRate) || next.errorRate < 0 || next.errorRate > 1) {
      throw new FaultConfigError('errorRate 应为 0–1 之间的数');
    }
    if (next.latencyMs === 0 && next.errorRate === 0) this.settings.delete(partner);
    else this.settings.set(partner, next);
    return next;
  }

  reset(partner?: string): void {
    if (partner === undefined) this.settings.clear();
    else this.settings.delete(partner);
  }

  snapshot(): Record<string, FaultSetting> {
    return Object.fromEntries(this.partners.map((p) => [p, this.get(p)]));
  }

  /** Applies a SANDBOX_FAULTS spec such as `identity:latency=4000,error=0.5;idp:error=1`. */
  apply(spec: Record<string, Partial<FaultSetting>>): void {
    for (const [partner, setting] of Object.entries(spec)) this.set(partner, setting);
  }

  shouldFail(partner: string): boolean {
    const rate = this.get(partner).errorRate;
    return rate > 0 && this.random() < rate;
  }

  async delay(partner: string): Promise<void> {
    const ms = this.get(partner).latencyMs;
    if (ms <= 0) return;
    try {
      await sleep(ms, undefined, { signal: this.closing.signal });
    } catch {
      // Aborted by close(): fall through and answer now.
    }
  }

  close(): void {
    this.closing.abort();
  }
}

export class FaultConfigError extends Error {}

/**
 * Parses SANDBOX_FAULTS: partners separated by `;`, each `name:key=value,key=value` with keys
 * `latency` (ms) and `error` (0..1). Example: `identity:latency=4000,error=0.5`.
 */
export function parseFaultSpec(spec: string): Record<string, Partial<FaultSetting>> {
  const out: Record<string, Partial<FaultSetting>> = {};
  for (const part of spec.split(';').map((s) => s.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    if (colon <= 0) throw new FaultConfigError(`SANDBOX_FAULTS 格式错误：“${part}”，应为 合作方:latency=毫秒,error=0到1`);
    const partner = part.slice(0, colon).trim();
    const setting: Partial<FaultSetting> = {};
    for (const kv of part.slice(colon + 1).split(',').map((s) => s.trim()).filter(Boolean)) {
      const [k, v] = kv.split('=').map((s) => s.trim());
      const n = Number(v);
      if (v === undefined || v === '' || !Number.isFinite(n)) throw new FaultConfigError(`SANDBOX_FAULTS 中“${kv}”的值不是数字`);
      if (k === 'latency') setting.latencyMs = n;
      else if (k === 'error') setting.errorRate = n;
      else throw new FaultConfigError(`SANDBOX_FAULTS 中未知的参数“${k}”，可用 latency、error`);
    }
    out[partner] = { ...out[partner], ...setting };
  }
  return out;
}

export type FaultResponder = (req: FastifyRequest, reply: FastifyReply) => FastifyReply;

/** The default injected fault: what a failing partner answers, envelope code 9001 with HTTP 500. */
export const envelopeFault: FaultResponder = (_req, reply) =>
  sendEnvelope(reply, 500, fail(EnvelopeCode.INTERNAL, '合作方系统内部错误（沙箱注入的故障）'));

/**
 * onRequest hook for one partner's scope: first the injected latency, then maybe the injected
 * error. It runs before signature verification because a partner that is down or slow is so
 * whoever calls it.
 */
export function injectFaults(registry: FaultRegistry, partner: string, respond: FaultResponder = envelopeFault): onRequestAsyncHookHandler {
  return async function faults(req, reply) {
    await registry.delay(partner);
    if (registry.shouldFail(partner)) {
      req.log.info({ partner }, 'injected fault');
      return respond(req, reply);
    }
  };
}

interface FaultBody {
  partner?: unknown;
  latencyMs?: unknown;
  errorRate?: unknown;
}

/** GET / POST / DELETE /_control/faults — for tests and local use only (see the file comment). */
export async function faultControlRoutes(app: FastifyInstance, registry: FaultRegistry): Promise<void> {
  app.get('/_control/faults', async (_req, reply) => sendEnvelope(reply, 200, ok(registry.snapshot())));

  app.post('/_control/faults', async (req, reply) => {
    const body = (req.body ?? {}) as FaultBody;
    if (typeof body !== 'object' || typeof body.partner !== 'string') {
      return sendEnvelope(reply, 400, fail(EnvelopeCode.BAD_REQUEST, '请求体应为 {partner, latencyMs?, errorRate?}'));
    }
    const setting: Partial<FaultSetting> = {};
    if (body.latencyMs !== undefined) setting.latencyMs = typeof body.latencyMs === 'number' ? body.latencyMs : Number.NaN;
    if (body.errorRate !== undefined) setting.errorRate = typeof body.errorRate === 'number' ? body.errorRate : Number.NaN;
    try {
      registry.set(body.partner, setting);
    } catch (err) {
      if (err instanceof FaultConfigError) return sendEnvelope(reply, 400, fail(EnvelopeCode.BAD_REQUEST, err.message));
      throw err;
    }
    req.log.warn({ partner: body.partner, setting: registry.get(body.partner) }, 'fault injection changed');
    return sendEnvelope(reply, 200, ok(registry.snapshot()));
  });

  app.delete<{ Querystring: { partner?: string } }>('/_control/faults', async (req, reply) => {
    const partner = req.query.partner;
    if (partner !== undefined && !registry.partners.includes(partner)) {
      return sendEnvelope(reply, 400, fail(EnvelopeCode.BAD_REQUEST, `未知的合作方系统“${partner}”`));
    }
    registry.reset(partner);
    return sendEnvelope(reply, 200, ok(registry.snapshot()));
  });
}
