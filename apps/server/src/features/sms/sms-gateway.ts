/**
 * Where text messages go. `outbox` (the embedded default) writes them to the sms_outbox table so a
 * developer or an automated check can read the code; `http` hands them to the operator's SMS
 * gateway. The production profile refuses the outbox (infra/config.ts).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { GmCrypto } from '../../infra/gm-crypto.js';
import { nowIso } from '../../infra/time.js';
import { SmsRepository } from './sms.repository.js';

export interface SmsGateway {
  /** `code` is the one-time code inside `text`, or null for a message without one. Throws when not delivered. */
  send(phone: string, text: string, code: string | null): Promise<void>;
}

export class OutboxGateway implements SmsGateway {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly gm: GmCrypto,
  ) {}

  async send(phone: string, text: string, code: string | null): Promise<void> {
    await new SmsRepository(this.db).insertOutbox({ phoneIdx: this.gm.blindIndex('phone', phone), phoneEnc: this.gm.encrypt(phone), text, code, sentAt: nowIso() });
  }
}

export class SmsGatewayError extends Error {}

/** POSTs `{ phone, text }` as JSON; any answer other than 2xx, or none within the timeout, is a failure. */
export class HttpGateway implements SmsGateway {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 3000,
  ) {}

  async send(phone: string, text: string): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone, text }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new SmsGatewayError(`SMS gateway unreachable: ${(err as Error).name}`);
    }
    // Drain the body so the connection can be reused.
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new SmsGatewayError(`SMS gateway answered HTTP ${res.status}`);
  }
}
