/**
 * LicenceConnector (app.licenceSystem): the typed client of 四川省电子证照共享服务平台 (partner
 * `licence`, partner-protocol's registries.ts) over the one signed partner client — timeouts,
 * retries of reads, breaker, call log and 接口管理's per-site endpoints come from there.
 *
 * Errors, as the licences feature sees them:
 *   - down, slow or switched off → 503 PARTNER_UNAVAILABLE with 电子证照系统暂时无法连接 within the
 *     endpoint's budget (3 s by default);
 *   - `status` of a licence number the platform never issued → `null` (its 2001 refusal), so the
 *     caller decides what "unknown" means (not showable, not valid);
 *   - an answer without the protocol's shape → 502 PARTNER_BAD_ANSWER, checked here at run time.
 *
 * Both calls are reads (no side effect at the issuer), so they are retried like GETs.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LICENCE_TYPES, type LicenceListResult, type LicenceStatusResult } from '@dz/partner-protocol';
import { AppError, partnerUnavailable } from '../../infra/errors.js';
import { PartnerRefusal, type PartnerClient } from '../partner-client.js';
import { checked, type Agrees, type CallMeta } from './common.js';

export const LICENCE_UNAVAILABLE = '电子证照系统暂时无法连接，请稍后再试';
const BAD_ANSWER = '电子证照系统返回的数据格式有误，请稍后重试';

const LicenceStatus = Type.Union([Type.Literal('valid'), Type.Literal('revoked'), Type.Literal('expired')]);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const Record_ = Type.Object({
  licenceNo: Type.String({ minLength: 1, maxLength: 64 }),
  type: Type.Union(LICENCE_TYPES.map((t) => Type.Literal(t))),
  title: Type.String({ maxLength: 100 }),
  holderName: Type.String({ maxLength: 100 }),
  holderIdNumber: Nullable(Type.String({ maxLength: 32 })),
  creditCode: Nullable(Type.String({ maxLength: 32 })),
  issuer: Type.String({ maxLength: 100 }),
  issuedOn: Type.String({ maxLength: 20 }),
  validUntil: Nullable(Type.String({ maxLength: 20 })),
  status: LicenceStatus,
  surface: Type.Array(Type.Object({ key: Type.String({ maxLength: 64 }), label: Type.String({ maxLength: 64 }), value: Type.String({ maxLength: 2000 }) }), { maxItems: 60 }),
});
export const LicenceListAnswer = Type.Object({ licences: Type.Array(Record_, { maxItems: 200 }) });
export const LicenceStatusAnswer = Type.Object({ licenceNo: Type.String({ minLength: 1, maxLength: 64 }), status: LicenceStatus, revokedAt: Nullable(Type.String()) });

// Compile-time check that the schemas and the protocol's interfaces agree.
const agree: [Agrees<Static<typeof LicenceListAnswer>, LicenceListResult>, Agrees<Static<typeof LicenceStatusAnswer>, LicenceStatusResult>] = [true, true];
void agree;

/** Whose licences: a person by ID number, a company by 统一社会信用代码; the name as registered. */
export interface LicenceHolderQuery {
  idNumber?: string;
  creditCode?: string;
  name: string;
}

export class LicenceConnector {
  constructor(private readonly partners: PartnerClient) {}

  private async call(site: string, operation: string, path: string, body: unknown, meta: Omit<CallMeta, 'site'>): Promise<unknown> {
    try {
      return await this.partners.call<unknown>({ partner: 'licence', operation: `licence.${operation}`, method: 'POST', path, body, idempotent: true, site, ...meta });
    } catch (err) {
      if (err instanceof AppError && err.code === 'PARTNER_UNAVAILABLE') throw partnerUnavailable(LICENCE_UNAVAILABLE);
      throw err;
    }
  }

  /** Every licence issued to the holder ([] when none). */
  async holder(site: string, who: LicenceHolderQuery, meta: Omit<CallMeta, 'site'> = {}): Promise<LicenceListResult> {
    const answer = await this.call(site, 'holder', '/v1/licence/holder', who, meta);
    return checked(LicenceListAnswer, answer, 'licence', 'holder', BAD_ANSWER);
  }

  /** The licence's status at the issuer now; null when the issuer does not know the number (2001). */
  async status(site: string, licenceNo: string, meta: Omit<CallMeta, 'site'> = {}): Promise<LicenceStatusResult | null> {
    let answer: unknown;
    try {
      answer = await this.call(site, 'status', '/v1/licence/status', { licenceNo }, meta);
    } catch (err) {
      if (err instanceof PartnerRefusal && err.partnerCode === '2001') return null;
      throw err;
    }
    return checked(LicenceStatusAnswer, answer, 'licence', 'status', BAD_ANSWER);
  }
}
