/**
 * The gateway's payment notifications (partner-protocol pay.ts PayNotification): POST to the order's notifyUrl,
 * signed with the partner protocol under the app key and secret of the merchant that created the
 * order, until the merchant answers envelope code 0000. Anything else — another code, a non-2xx
 * status, a body that is not JSON, a network error or no answer within 5 s — is retried on the
 * schedule of ctx.notifyDelaysMs; when that runs out the gateway gives up (the merchant still has
 * GET /v1/pay/orders/:orderId and the daily statement).
 *
 * Every delivery is logged per order for debugging (GET /_control/pay/notifications). When the
 * sandbox closes, pending timers are cleared and nothing more is scheduled; a delivery already on
 * the wire is left to finish (within its 5 s timeout) rather than aborted: an abort while the
 * connection is being set up leaves the merchant's server a pooled socket that never carries a
 * request, which holds that server's own close() open until its headers timeout.
 */
import { EnvelopeCode, signRequest, type PayNotification } from '@dz/partner-protocol';
import type { PartnerContext } from '../types.js';
import type { OrderRecord } from './gateway.js';

export const NOTIFY_TIMEOUT_MS = 5000;

export interface DeliveryAttempt {
  at: string;
  ok: boolean;
  /** What happened: 'HTTP 200 0000', 'HTTP 500', 'HTTP 200 9001 …', '网络错误：…' */
  result: string;
}

export interface DeliveryLog {
  orderId: string;
  tradeNo: string;
  notifyUrl: string;
  appKey: string;
  state: 'pending' | 'delivered' | 'gave-up';
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
}

export class Notifier {
  private readonly logs = new Map<string, DeliveryLog>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly ctx: PartnerContext) {
    ctx.onClose(() => this.close());
  }

  /** Starts delivering the notification of a paid order (once per order). */
  schedule(order: OrderRecord): void {
    if (this.logs.has(order.tradeNo) || order.paidAt === null) return;
    const notification: PayNotification = {
      orderId: order.orderId,
      tradeNo: order.tradeNo,
      amountFen: order.amountFen,
      status: 'paid',
      channel: order.channel,
      paidAt: new Date(order.paidAt).toISOString(),
    };
    const log: DeliveryLog = { orderId: order.orderId, tradeNo: order.tradeNo, notifyUrl: order.notifyUrl, appKey: order.appKey, state: 'pending', attempts: [], nextAttemptAt: null };
    this.logs.set(order.tradeNo, log);
    this.later(log, JSON.stringify(notification), 0);
  }

  /** Newest first. */
  list(): DeliveryLog[] {
    return [...this.logs.values()].reverse().map((l) => structuredClone(l));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private later(log: DeliveryLog, body: string, attempt: number): void {
    const delay = this.ctx.notifyDelaysMs[attempt];
    if (delay === undefined || this.closed) {
      log.state = 'gave-up';
      log.nextAttemptAt = null;
      return;
    }
    log.nextAttemptAt = new Date(this.ctx.now() + delay).toISOString();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(log, body, attempt);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private async deliver(log: DeliveryLog, body: string, attempt: number): Promise<void> {
    log.nextAttemptAt = null;
    const at = new Date(this.ctx.now()).toISOString();
    const outcome = await this.post(log, body);
    log.attempts.push({ at, ...outcome });
    if (outcome.ok) log.state = 'delivered';
    else this.later(log, body, attempt + 1);
  }

  private async post(log: DeliveryLog, body: string): Promise<{ ok: boolean; result: string }> {
    const secret = this.ctx.secretFor(log.appKey);
    if (!secret) return { ok: false, result: `商户 app key ${log.appKey} 已不在沙箱的密钥表中，无法签名` };
    const url = new URL(log.notifyUrl);
    const headers = {
      'content-type': 'application/json',
      ...signRequest({ appKey: log.appKey, secret, method: 'POST', pathWithQuery: `${url.pathname}${url.search}`, body, now: this.ctx.now() }),
    };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
      });
      const text = await res.text();
      if (res.status < 200 || res.status > 299) return { ok: false, result: `HTTP ${res.status}` };
      let code: unknown;
      try {
        code = (JSON.parse(text) as { code?: unknown } | null)?.code;
      } catch {
        return { ok: false, result: `HTTP ${res.status}，应答不是 JSON` };
      }
      return code === EnvelopeCode.OK ? { ok: true, result: `HTTP ${res.status} ${code}` } : { ok: false, result: `HTTP ${res.status} 代码 ${String(code)}` };
    } catch (err) {
      return { ok: false, result: `网络错误：${err instanceof Error ? err.message : String(err)}` };
    }
  }
}
