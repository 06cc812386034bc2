/**
 * 公积金: 账户信息 read from the 住房公积金管理中心 by the login's own ID number, and the public lists
 * 合作楼盘 and 服务网点 — the same for everyone, so kept a few minutes per (site, query) and the
 * centre is asked once per window whatever the traffic (failures are never kept).
 */
import { FUND_STATUS_NAMES, HousingErrorCodes, maskName, type HousingFundAccountView, type HousingFundEstate, type HousingFundServicePoint } from '@dz/contracts';
import type { AppContext } from '../../../infra/context.js';
import { AppError } from '../../../infra/errors.js';
import { TtlCache } from '../../../infra/ttl-cache.js';
import type { RegistriesConnector } from '../../../partners/connectors/registries.js';
import type { SitesService } from '../../sites/sites.service.js';
import { personalIdentity } from '../real-estate/real-estate.service.js';

export const CITY_SITE = '511700';
/** How long a public list is kept: the centre's 合作楼盘 and 网点 change a few times a year. */
export const LISTS_TTL_MS = 5 * 60_000;
const LISTS_MAX = 500;

/** 个人公积金账号 shown as its first 4 and last 4 characters. */
export function maskAccountNo(no: string): string {
  return no.length <= 8 ? `${no.slice(0, 2)}****` : `${no.slice(0, 4)}${'*'.repeat(Math.min(no.length - 8, 8))}${no.slice(-4)}`;
}

export class HousingFundService {
  private readonly estatesCache = new TtlCache<HousingFundEstate[]>(LISTS_TTL_MS, LISTS_MAX);
  private readonly pointsCache = new TtlCache<HousingFundServicePoint[]>(LISTS_TTL_MS, LISTS_MAX);
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly registry: RegistriesConnector,
    private readonly sites: SitesService,
  ) {}

  async account(userId: number): Promise<HousingFundAccountView> {
    const what = '公积金账户查询';
    const who = await personalIdentity(
      this.ctx,
      userId,
      what,
      (w) => new AppError(403, HousingErrorCodes.REALNAME_REQUIRED, `${w}需按您的身份证号向住房公积金管理中心查询，请先到“我的 → 实名认证”完成实名认证后再试`),
    );
    const a = await this.registry.fundAccount(CITY_SITE, who.idNumber);
    if (!a) throw new AppError(404, HousingErrorCodes.FUND_ACCOUNT_NOT_FOUND, '未查询到您的住房公积金账户。如单位已为您缴存，请联系单位经办人或拨打12329咨询达州市住房公积金管理中心');
    return {
      accountNo: maskAccountNo(a.accountNo),
      name: maskName(a.name),
      status: a.status,
      statusName: FUND_STATUS_NAMES[a.status],
      employer: a.employer,
      base: a.base,
      monthlyDeposit: a.monthlyDeposit,
      balance: a.balance,
      withdrawable: a.withdrawable,
      employerRate: a.employerRate,
      personalRate: a.personalRate,
      openedOn: a.openedOn,
      lastDepositPeriod: a.lastDepositPeriod,
      queriedAt: new Date().toISOString(),
    };
  }

  /** A site code that exists (the partner client picks that site's 接口管理 entry), default the city. */
  private async site(code: string | undefined): Promise<{ code: string; name: string; level: string }> {
    const sites = await this.sites.list();
    const s = sites.find((x) => x.code === (code ?? CITY_SITE));
    if (!s) throw new AppError(404, 'NOT_FOUND', '站点不存在，请重新选择站点');
    return { code: s.code, name: s.name, level: s.level };
  }

  /** One call per key at a time; the answer kept LISTS_TTL_MS. */
  private async through<V>(cache: TtlCache<V>, key: string, make: () => Promise<V>): Promise<V> {
    const hit = cache.get(key, '');
    if (hit !== undefined) return hit;
    const running = this.inFlight.get(key) as Promise<V> | undefined;
    if (running) return running;
    const p = make()
      .then((v) => {
        cache.set(key, '', v);
        return v;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  async estates(q: string | undefined, siteCode: string | undefined): Promise<HousingFundEstate[]> {
    const site = await this.site(siteCode);
    const keyword = q?.trim() || undefined;
    return this.through(this.estatesCache, `e|${site.code}|${keyword ?? ''}`, async () => (await this.registry.estates(site.code, keyword)).map((e) => ({ ...e })));
  }

  /** A county's site lists its county's 网点; the city (or a province) all of them. */
  async servicePoints(siteCode: string | undefined): Promise<HousingFundServicePoint[]> {
    const site = await this.site(siteCode);
    // The centre files its 网点 under the county's division code (the site code).
    const county = site.level === 'county' ? site.code : undefined;
    return this.through(this.pointsCache, `p|${site.code}`, async () => (await this.registry.servicePoints(site.code, county)).map((p) => ({ ...p })));
  }
}
