/**
 * IdentityConnector (app.identity): the typed client of the population register's real-name check
 * (公安人口库, partner `identity`) over the one signed partner client. The API is partner-protocol's
 * identity.ts.
 *
 * Errors, as 实名认证 sees them: a register that is down, slow or switched off → 503
 * PARTNER_UNAVAILABLE; a refusal → PartnerRefusal with the register's message; an answer without
 * the protocol's shape → 502 PARTNER_BAD_ANSWER (checked here at run time — a `match` that is not
 * a boolean must never be read as a pass).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { IdentityVerifyRequest, IdentityVerifyResult } from '@dz/partner-protocol';
import type { PartnerClient } from '../partner-client.js';
import { checked, type Agrees, type CallMeta } from './common.js';

declare module 'fastify' {
  interface FastifyInstance {
    identity: IdentityConnector;
  }
}

export const VerifyAnswer = Type.Object({ match: Type.Boolean() });

// Compile-time check that the schema and the protocol's interface agree.
const agree: Agrees<Static<typeof VerifyAnswer>, IdentityVerifyResult> = true;
void agree;

export class IdentityConnector {
  readonly partner = 'identity' as const;

  constructor(private readonly partners: PartnerClient) {}

  /** Whether the name and the ID number belong together in the register. A read: retried within the budget. */
  async verify(request: IdentityVerifyRequest, meta: CallMeta = {}): Promise<IdentityVerifyResult> {
    const p = this.partner;
    const answer = await this.partners.call<unknown>({ partner: p, operation: `${p}.verify`, method: 'POST', path: `/v1/${p}/verify`, body: request, idempotent: true, ...meta });
    return { match: checked(VerifyAnswer, answer, p, 'verify', '实名认证服务返回的数据格式有误，请稍后重试').match };
  }
}
