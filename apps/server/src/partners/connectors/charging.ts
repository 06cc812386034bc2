/**
 * ChargingConnector (app.charging): the charging operator's stations (partner `charging`,
 * partner-protocol's transit.ts) over the one signed partner client, the answer checked at run time
 * against a schema that agrees with the protocol's ChargingStationsResult.
 *
 * Errors: down, slow or switched off → 503 PARTNER_UNAVAILABLE with 充电桩信息暂时无法获取; an answer
 * without the protocol's shape → 502 PARTNER_BAD_ANSWER.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ChargingStationsResult } from '@dz/partner-protocol';
import { AppError, partnerUnavailable } from '../../infra/errors.js';
import type { PartnerClient } from '../partner-client.js';
import { checked, type Agrees, type CallMeta } from './common.js';

declare module 'fastify' {
  interface FastifyInstance {
    charging: ChargingConnector;
  }
}

export const CHARGING_UNAVAILABLE = '充电桩信息暂时无法获取，请稍后再试';
const BAD_ANSWER = '充电运营平台返回的数据格式有误，请稍后重试';

const Connector = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  kind: Type.Union([Type.Literal('fast'), Type.Literal('slow')]),
  powerKw: Type.Number({ minimum: 0 }),
  status: Type.Union([Type.Literal('free'), Type.Literal('busy'), Type.Literal('fault')]),
});
const Station = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String(),
  address: Type.String(),
  county: Type.String(),
  operator: Type.String(),
  openHours: Type.String(),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  priceFenPerKwh: Type.Integer({ minimum: 0 }),
  serviceFeeFenPerKwh: Type.Integer({ minimum: 0 }),
  parking: Type.String(),
  connectors: Type.Array(Connector, { maxItems: 500 }),
});
export const StationsAnswer = Type.Object({ stations: Type.Array(Station, { maxItems: 5000 }), updatedAt: Type.String() });

// Compile-time check that the schema and the protocol's interface agree.
const agree: Agrees<Static<typeof StationsAnswer>, ChargingStationsResult> = true;
void agree;

export class ChargingConnector {
  constructor(private readonly partners: PartnerClient) {}

  /** Stations of a county (or of the whole city for 511700), optionally matching `q` in name or address. */
  async stations(site: string, county: string, q: string | undefined, meta: Omit<CallMeta, 'site'> = {}): Promise<ChargingStationsResult> {
    const qs = new URLSearchParams({ county });
    if (q) qs.set('q', q);
    let answer: unknown;
    try {
      answer = await this.partners.call<unknown>({ partner: 'charging', operation: 'charging.stations', method: 'GET', path: `/v1/charging/stations?${qs.toString()}`, idempotent: true, site, ...meta });
    } catch (err) {
      if (err instanceof AppError && err.code === 'PARTNER_UNAVAILABLE') throw partnerUnavailable(CHARGING_UNAVAILABLE);
      throw err;
    }
    return checked(StationsAnswer, answer, 'charging', 'stations', BAD_ANSWER);
  }
}
