/**
 * HealthConnector: 接口管理's health check of any signed system, `GET /v1/<partner>/ping`, through
 * the same partner client and per-site configuration as real calls (so a wrong secret or address
 * shows here first). The answer is checked like every connector's: a system answering 0000 with
 * something that is not its PingResult is not healthy.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { PartnerName, PingResult } from '@dz/partner-protocol';
import type { PartnerClient } from '../partner-client.js';
import { badAnswer, checked, type Agrees, type CallMeta } from './common.js';

export const PingAnswer = Type.Object({ partner: Type.String({ minLength: 1 }), time: Type.String({ minLength: 1 }) });

// Compile-time check that the schema and the protocol's interface agree.
const agree: Agrees<Static<typeof PingAnswer>, PingResult> = true;
void agree;

const BAD_PING = '对方返回的数据格式有误';

export class HealthConnector {
  constructor(private readonly partners: PartnerClient) {}

  /**
   * One ping, never retried: a health check reports what a single call sees. An answer naming
   * another system means the endpoint points at the wrong one — 502 as well.
   */
  async ping(partner: PartnerName, meta: CallMeta): Promise<PingResult> {
    const answer = await this.partners.call<unknown>({ partner, operation: `${partner}.ping`, method: 'GET', path: `/v1/${partner}/ping`, idempotent: false, ...meta });
    const r = checked(PingAnswer, answer, partner, 'ping', BAD_PING);
    if (r.partner !== partner) throw badAnswer(partner, 'ping', `ping answered by ${r.partner}`, `对方不是该系统（应答方为 ${r.partner}），请检查接口地址`);
    return r;
  }
}
