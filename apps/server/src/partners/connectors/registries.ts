/**
 * RegistriesConnector: the typed 查询 of the 不动产登记中心 (bureau `real-estate`) and the 住房公积金
 * 管理中心 (bureau `housing-fund`) on top of the bureau connector's generic `query`. The generic call
 * only knows "rows of records"; this one checks each row against the shape partner-protocol's
 * registries.ts names, so a registry that changes its format is a 502 in the call, not a crash in
 * the 查询单's PDF or a page showing `undefined`.
 *
 * Errors, as the features see them:
 *   - a registry that is down, slow or switched off → 503 PARTNER_UNAVAILABLE naming the registry
 *     (不动产登记系统暂时无法连接…), within the partner client's budget (3 s by default);
 *   - an answer without the protocol's shape → 502 PARTNER_BAD_ANSWER.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { HousingFundAccountRow, HousingFundEstateRow, HousingFundServicePointRow, RegistryCertificateCheck, RegistryHouse, RegistryPerson } from '@dz/partner-protocol';
import { AppError, partnerUnavailable } from '../../infra/errors.js';
import type { BureauConnector } from './bureaus.js';
import { badAnswer, checked, type Agrees } from './common.js';

export const REAL_ESTATE_UNAVAILABLE = '不动产登记系统暂时无法连接，请稍后再试';
export const HOUSING_FUND_UNAVAILABLE = '住房公积金系统暂时无法连接，请稍后再试';
const BAD_ANSWER = {
  'real-estate': '不动产登记系统返回的数据格式有误，请稍后重试',
  'housing-fund': '住房公积金系统返回的数据格式有误，请稍后重试',
} as const;
const UNAVAILABLE = { 'real-estate': REAL_ESTATE_UNAVAILABLE, 'housing-fund': HOUSING_FUND_UNAVAILABLE } as const;
type Registry = keyof typeof UNAVAILABLE;

// ---- row shapes, checked at run time (they mirror partner-protocol's registries.ts) ------------

const Str = Type.String({ maxLength: 500 });
const NullStr = Type.Union([Str, Type.Null()]);
const Area = Type.Number({ minimum: 0, maximum: 1_000_000 });
const Relation = Type.Union([Type.Literal('self'), Type.Literal('spouse'), Type.Literal('child')]);

export const HouseRow = Type.Object({
  unitNo: Type.String({ minLength: 1, maxLength: 64 }),
  certNo: Str,
  district: Str,
  districtCode: Str,
  street: Str,
  doorNo: Str,
  building: Str,
  unit: Str,
  floor: Str,
  room: Str,
  location: Str,
  houseType: Str,
  usage: Str,
  buildingArea: Area,
  interiorArea: Area,
  sharedArea: Area,
  owners: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { minItems: 1, maxItems: 20 }),
  ownership: Str,
  mortgaged: Type.Boolean(),
  sealed: Type.Boolean(),
  registeredAt: Str,
});
export const PersonRow = Type.Object({
  relation: Relation,
  name: Type.String({ minLength: 1, maxLength: 60 }),
  idNumber: Type.String({ minLength: 1, maxLength: 32 }),
  houses: Type.Array(HouseRow, { maxItems: 200 }),
});
export const CertificateCheckRow = Type.Object({
  status: Type.Union([Type.Literal('valid'), Type.Literal('revoked'), Type.Literal('not-found')]),
  certNo: NullStr,
  certKind: NullStr,
  unitNo: NullStr,
  location: NullStr,
  ownersMasked: NullStr,
  registeredAt: NullStr,
  revokedAt: NullStr,
  message: Str,
});
const Fen = Type.Integer({ minimum: 0 });
export const FundAccountRow = Type.Object({
  accountNo: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 60 }),
  status: Type.Union([Type.Literal('normal'), Type.Literal('sealed'), Type.Literal('closed')]),
  employer: Str,
  base: Fen,
  monthlyDeposit: Fen,
  balance: Fen,
  withdrawable: Fen,
  employerRate: Type.Number({ minimum: 0, maximum: 100 }),
  personalRate: Type.Number({ minimum: 0, maximum: 100 }),
  openedOn: Str,
  lastDepositPeriod: Str,
});
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });
export const EstateRow = Type.Object({ name: Str, developer: Str, district: Str, address: Str, banks: Str, lat: Lat, lng: Lng });
export const ServicePointRow = Type.Object({ name: Str, county: Str, address: Str, phone: Str, hours: Str, lat: Lat, lng: Lng });

// Compile-time check that the schemas and the protocol's interfaces agree.
const agree: [
  Agrees<Static<typeof HouseRow>, RegistryHouse>,
  Agrees<Static<typeof PersonRow>, RegistryPerson>,
  Agrees<Static<typeof CertificateCheckRow>, RegistryCertificateCheck>,
  Agrees<Static<typeof FundAccountRow>, HousingFundAccountRow>,
  Agrees<Static<typeof EstateRow>, HousingFundEstateRow>,
  Agrees<Static<typeof ServicePointRow>, HousingFundServicePointRow>,
] = [true, true, true, true, true, true];
void agree;

// ---- the connector -----------------------------------------------------------------------------

export class RegistriesConnector {
  constructor(private readonly bureaus: BureauConnector) {}

  /** The rows of one 查询, each checked against `row`; unavailability told in the registry's name. */
  private async rows<S extends TSchema>(registry: Registry, site: string, operation: string, data: Record<string, unknown>, row: S): Promise<Static<S>[]> {
    let rows: Record<string, unknown>[];
    try {
      rows = (await this.bureaus.query(registry, site, operation, data)).rows;
    } catch (err) {
      if (err instanceof AppError && err.code === 'PARTNER_UNAVAILABLE') throw partnerUnavailable(UNAVAILABLE[registry]);
      throw err;
    }
    return rows.map((r, i) => {
      try {
        return checked(row, r, registry, `query.${operation}`, BAD_ANSWER[registry]);
      } catch (err) {
        // Name the row, so the call log says which record of a long answer was wrong.
        if (err instanceof AppError && err.code === 'PARTNER_BAD_ANSWER') {
          const d = err.extra.details ?? {};
          throw badAnswer(registry, `query.${operation}`, String(d.problem ?? `row ${i}`), BAD_ANSWER[registry], `/rows/${i}${String(d.path ?? '')}`);
        }
        throw err;
      }
    });
  }

  /**
   * The person and the family the registry links to them, each with their houses. The person is
   * always first: a registry that does not know the ID number answers a `self` row with no houses
   * (or nothing at all, which is the same for the citizen: 无房).
   */
  async household(site: string, idNumber: string): Promise<RegistryPerson[]> {
    const people = await this.rows('real-estate', site, 'household', { idNumber }, PersonRow);
    if (people.filter((p) => p.relation === 'self').length > 1) throw badAnswer('real-estate', 'query.household', 'more than one self', BAD_ANSWER['real-estate']);
    return people;
  }

  /** What the registry says of a certificate's QR text: exactly one row. */
  async certificateCheck(site: string, qrText: string): Promise<RegistryCertificateCheck> {
    const rows = await this.rows('real-estate', site, 'certificate-check', { qrText }, CertificateCheckRow);
    if (rows.length !== 1) throw badAnswer('real-estate', 'query.certificate-check', `${rows.length} rows`, BAD_ANSWER['real-estate']);
    return rows[0]!;
  }

  /** The person's 公积金 account, or null when the centre has none. */
  async fundAccount(site: string, idNumber: string): Promise<HousingFundAccountRow | null> {
    const rows = await this.rows('housing-fund', site, 'account', { idNumber }, FundAccountRow);
    if (rows.length > 1) throw badAnswer('housing-fund', 'query.account', `${rows.length} rows`, BAD_ANSWER['housing-fund']);
    return rows[0] ?? null;
  }

  /** 合作楼盘 (projects whose buyers may take a 公积金 loan). */
  estates(site: string, keyword?: string): Promise<HousingFundEstateRow[]> {
    return this.rows('housing-fund', site, 'partner-estates', keyword ? { keyword } : {}, EstateRow);
  }

  /** 服务网点, of one county when given. */
  servicePoints(site: string, county?: string): Promise<HousingFundServicePointRow[]> {
    return this.rows('housing-fund', site, 'service-points', county ? { county } : {}, ServicePointRow);
  }
}
