/**
 * 不动产: 房屋查询 and the 个人及家庭住房情况查询单 (无房证明) from the 不动产登记中心's household answer,
 * and the verifier of the registry's certificate QR (`BDCZS:`). Houses stay in the registry: they
 * are read on demand by the login's own ID number (never one the client sends), and every name and
 * ID number leaving here is masked — in the JSON and on the PDF alike.
 */
import {
  HOUSE_RELATION_NAMES,
  HousingErrorCodes,
  NO_HOUSE_VALID_DAYS,
  maskIdNumber,
  maskName,
  type HousePerson,
  type HouseView,
  type HousesResponse,
  type NoHouseCertificateResponse,
  type VerifyResult,
} from '@dz/contracts';
import type { RegistryHouse, RegistryPerson } from '@dz/partner-protocol';
import type { AppContext } from '../../../infra/context.js';
import { AppError, tooMany } from '../../../infra/errors.js';
import { beijingDay } from '../../../infra/time.js';
import type { RegistriesConnector } from '../../../partners/connectors/registries.js';
import type { DocumentsService } from '../../engine/documents/documents.service.js';
import { invalid } from '../../engine/documents/verifiers.js';
import { verifiedIdentity } from '../../utilities/verified-identity.js';

/** The registry serves the whole city: its 接口管理 entry is the city's. */
export const CITY_SITE = '511700';
export const QUERY_REGION = '达州市全域：通川区、达川区、宣汉县、开江县、大竹县、渠县、万源市';
export const QUERY_PLATFORM = '天府通办·达州分站';
export const DEFAULT_PURPOSE = '个人住房情况查询';
/** 查询单 a person may have issued per Beijing day (each one is a signed PDF kept for years). */
export const NO_HOUSE_PER_DAY = 20;
const DAY_MS = 86_400_000;
const NOT_FOUND_REASON = '未查询到该证书，可能不是不动产登记机构出具的证书，请核对';
const STATUS_NAMES = { valid: '有效', revoked: '已注销', 'not-found': '未查询到' } as const;

const realNameRequired = (what: string) =>
  new AppError(403, HousingErrorCodes.REALNAME_REQUIRED, `${what}需按您的身份证号向不动产登记中心查询，请先到“我的 → 实名认证”完成实名认证后再试`);

/**
 * The login's own identity for a personal matter. A company account's identity is its legal
 * representative's: their and their family's houses are not the business of whoever uses the
 * company's login, so a company account is refused outright.
 */
export async function personalIdentity(ctx: AppContext, userId: number, what: string, refusal: (what: string) => AppError): Promise<{ name: string; idNumber: string }> {
  const u = await ctx.db.selectFrom('users').select('kind').where('id', '=', userId).executeTakeFirst();
  if (u?.kind === 'corp') throw new AppError(403, HousingErrorCodes.PERSONAL_ACCOUNT_REQUIRED, `${what}仅限个人办理，请退出企业账号后使用个人账号登录`);
  return verifiedIdentity(ctx, userId, what).catch((err: unknown) => {
    if (err instanceof AppError && err.statusCode === 403) throw refusal(what);
    throw err;
  });
}

/** 2026年12月07日 16时51分, Beijing time, as the 查询单 prints it. */
export function chineseMinute(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${p(d.getUTCMonth() + 1)}月${p(d.getUTCDate())}日 ${p(d.getUTCHours())}时${p(d.getUTCMinutes())}分`;
}

const yesNo = (b: boolean) => (b ? '是' : '否');
const area = (n: number) => `${n.toFixed(2)}㎡`;

export class RealEstateService {
  constructor(
    private readonly ctx: AppContext,
    private readonly registry: RegistriesConnector,
    private readonly documents: DocumentsService,
  ) {}

  /** Opaque, stable, and not the unit number itself: a list key that reveals nothing. */
  private houseId(unitNo: string): string {
    return this.ctx.gm.blindIndex('house', unitNo).slice(0, 32);
  }

  private houseView(person: RegistryPerson, h: RegistryHouse): HouseView {
    return {
      id: this.houseId(h.unitNo),
      relation: person.relation,
      relationName: HOUSE_RELATION_NAMES[person.relation],
      unitNo: h.unitNo,
      certNo: h.certNo,
      district: h.district,
      street: h.street,
      doorNo: h.doorNo,
      building: h.building,
      unit: h.unit,
      floor: h.floor,
      room: h.room,
      location: h.location,
      houseType: h.houseType,
      usage: h.usage,
      buildingArea: h.buildingArea,
      interiorArea: h.interiorArea,
      sharedArea: h.sharedArea,
      owners: h.owners.map((o) => maskName(o)).join('、'),
      ownership: h.ownership,
      mortgaged: h.mortgaged,
      sealed: h.sealed,
      registeredAt: h.registeredAt,
    };
  }

  /**
   * The login and the family the registry links, the login first. A registry that does not know
   * the ID number (no row at all) means the same as a `self` row without houses: 无房.
   */
  private async household(userId: number, what: string): Promise<{ self: { name: string; idNumber: string }; people: RegistryPerson[] }> {
    const who = await personalIdentity(this.ctx, userId, what, realNameRequired);
    const rows = await this.registry.household(CITY_SITE, who.idNumber);
    const self = rows.find((p) => p.relation === 'self') ?? { relation: 'self' as const, name: who.name, idNumber: who.idNumber, houses: [] };
    // The family as the registry links them: 配偶 before 未成年子女, each in the registry's order.
    const family = (['spouse', 'child'] as const).flatMap((r) => rows.filter((p) => p.relation === r));
    return { self: who, people: [self, ...family] };
  }

  private views(people: RegistryPerson[]): { people: HousePerson[]; items: HouseView[] } {
    return {
      people: people.map((p) => ({ relation: p.relation, relationName: HOUSE_RELATION_NAMES[p.relation], name: maskName(p.name), idNumber: maskIdNumber(p.idNumber), houseCount: p.houses.length })),
      items: people.flatMap((p) => p.houses.map((h) => this.houseView(p, h))),
    };
  }

  async houses(userId: number): Promise<HousesResponse> {
    const { people } = await this.household(userId, '房屋查询');
    return { ...this.views(people), queriedAt: new Date().toISOString() };
  }

  /**
   * Issues the signed 查询单: every field the seed lists for the login and each family member, and
   * for each house 不动产单元号 … 查封; 查询地域, 查询平台, 查询时间, 查询用途. Masked like the JSON.
   */
  async noHouseCertificate(userId: number, purpose: string | undefined): Promise<NoHouseCertificateResponse> {
    const what = '开具住房情况查询单';
    // Identity first (a 403 must not spend the day's allowance), then the allowance, then the registry.
    await personalIdentity(this.ctx, userId, what, realNameRequired);
    const key = `nohouse:${userId}:${beijingDay()}`;
    if ((await this.ctx.kv.incr(key, DAY_MS)) > NO_HOUSE_PER_DAY) throw tooMany(`今天已开具${NO_HOUSE_PER_DAY}份住房情况查询单，请明天再试；已开具的可在“我的 → 我的证明”中查看`, 3600);

    const { self, people } = await this.household(userId, what);
    const view = this.views(people);
    const now = Date.now();
    const total = view.items.length;
    const noHouse = total === 0;
    const rows: { label: string; value: string }[] = [
      { label: '姓名', value: maskName(self.name) },
      { label: '证件号码', value: maskIdNumber(self.idNumber) },
      ...view.people.slice(1).map((p) => ({ label: `家庭成员（${p.relationName}）`, value: `${p.name}，证件号码 ${p.idNumber}` })),
      ...view.people.map((p) => ({ label: `登记房屋（${p.relationName} ${p.name}）`, value: `${p.houseCount}套` })),
      ...view.items.map((h, i) => ({
        label: `房屋${i + 1}（${h.relationName}）`,
        value: [
          `不动产单元号：${h.unitNo}`,
          `房屋坐落：${h.location}`,
          `房屋类型：${h.houseType}`,
          `房屋用途：${h.usage}`,
          `建筑面积：${area(h.buildingArea)}`,
          `权利人：${h.owners}`,
          `不动产权证号：${h.certNo}`,
          `抵押：${yesNo(h.mortgaged)}`,
          `查封：${yesNo(h.sealed)}`,
        ].join('；'),
      })),
      { label: '查询地域', value: QUERY_REGION },
      { label: '查询平台', value: QUERY_PLATFORM },
      { label: '查询时间', value: chineseMinute(now) },
      { label: '查询用途', value: purpose?.trim() || DEFAULT_PURPOSE },
    ];
    const at = chineseMinute(now);
    const body = [
      noHouse
        ? `经查询，截至${at}，申请人及其配偶、未成年子女在达州市范围内无登记的房屋。`
        : `经查询，截至${at}，申请人及其配偶、未成年子女在达州市范围内共有登记的房屋${total}套，明细见上表。`,
      `本查询单仅反映查询时点不动产登记簿的记载，自出具之日起${NO_HOUSE_VALID_DAYS}日内有效；可扫描二维码或在${QUERY_PLATFORM}“扫一扫”核验真伪。`,
    ];
    const doc = await this.documents.issue({
      kind: 'no-house-certificate',
      title: '个人及家庭住房情况查询单',
      userId,
      caseId: null,
      holderName: self.name,
      holderIdNumber: self.idNumber,
      rows,
      body,
      validDays: NO_HOUSE_VALID_DAYS,
    });
    return {
      id: doc.id,
      docNo: doc.docNo,
      pdfUrl: doc.url,
      qrText: doc.qrText,
      issuedAt: doc.issuedAt,
      expiresAt: new Date(Date.parse(doc.issuedAt) + NO_HOUSE_VALID_DAYS * DAY_MS).toISOString(),
      noHouse,
      ...view,
    };
  }

  /** The `BDCZS:` verifier: the registry's own answer on the certificate, 权利人 masked by the registry. */
  async verifyCertificate(qrText: string): Promise<VerifyResult> {
    const c = await this.registry.certificateCheck(CITY_SITE, qrText);
    const details = [
      { label: '不动产权证号', value: c.certNo },
      { label: '不动产单元号', value: c.unitNo },
      { label: '坐落', value: c.location },
      { label: '状态', value: STATUS_NAMES[c.status] },
    ].filter((d): d is { label: string; value: string } => !!d.value);
    const known = { kind: c.certKind ?? '不动产权证书', holder: c.ownersMasked, issuedAt: c.registeredAt, expiresAt: null, details };
    if (c.status === 'valid') return { valid: true, ...known };
    if (c.status === 'revoked') return invalid(c.message || '该证书已注销', known);
    return invalid(NOT_FOUND_REASON, { ...known, kind: '不动产权证书' });
  }
}
