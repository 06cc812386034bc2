/**
 * 场馆预约 (图书馆, 文化馆, 博物馆): the venues, slots and places are the 场馆预约系统's; the portal
 * lists them per site (a county sees its own and the city's), shows a day's slots and books one
 * for the login itself — 自动获取用户姓名及身份证号码 from the 实名 — through the shared quota
 * bookings (kind `venue`).
 */
import { CultureErrorCodes, type VenueAvailability, type VenueReservationCreate, type VenueSummary } from '@dz/contracts';
import { EnvelopeCode, type QuotaResource } from '@dz/partner-protocol';
import type { AppContext } from '../../../infra/context.js';
import { AppError, notFound } from '../../../infra/errors.js';
import { TtlCache } from '../../../infra/ttl-cache.js';
import type { QuotaConnector } from '../../../partners/connectors/quota.js';
import { PartnerRefusal } from '../../../partners/partner-client.js';
import type { SitesService } from '../../sites/sites.service.js';
import { verifiedIdentity } from '../../utilities/verified-identity.js';
import type { QuotaBookingsService } from '../quota-bookings/quota-bookings.service.js';

const VENUES_TTL_MS = 3 * 60_000;
const AVAILABILITY_TTL_MS = 3000;
const CITY = '511700';
export const VENUE_KIND_NAMES: Record<string, string> = { library: '图书馆', 'culture-center': '文化馆', museum: '博物馆' };
export const venueNotFound = () => new AppError(404, CultureErrorCodes.VENUE_NOT_FOUND, '该场馆不存在或暂停预约，请返回列表重新选择');

export class VenuesService {
  private memo: { at: number; value: Promise<QuotaResource[]> } | null = null;
  private readonly availabilityCache = new TtlCache<Promise<VenueAvailability>>(AVAILABILITY_TTL_MS, 1000);

  constructor(
    private readonly ctx: AppContext,
    private readonly sites: SitesService,
    private readonly quota: QuotaConnector,
    private readonly shared: QuotaBookingsService,
  ) {}

  /** Every venue of the system, for a few minutes (venues change rarely); a failure is not kept. */
  private resources(): Promise<QuotaResource[]> {
    const now = Date.now();
    if (!this.memo || now - this.memo.at > VENUES_TTL_MS) {
      const value = this.quota.resources('venues', {}).then((r) => r.resources.filter((x) => x.kind !== 'spot'));
      this.memo = { at: now, value };
      value.catch(() => {
        this.memo = null;
      });
    }
    return this.memo.value;
  }

  private summary(r: QuotaResource): VenueSummary {
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      kindName: VENUE_KIND_NAMES[r.kind] ?? '场馆',
      county: r.county,
      countyName: r.countyName,
      address: r.address,
      openHours: r.openHours,
      daysAhead: r.daysAhead,
      notice: r.notice,
    };
  }

  /**
   * The city site lists every venue; a county site its own county's and the city's (the system
   * says which are the city's: the city library stands in 通川区 but serves every county).
   */
  async list(site: string | undefined): Promise<VenueSummary[]> {
    const code = site ?? CITY;
    const chain = await this.sites.ancestry(code);
    if (!chain.length) throw notFound('站点不存在，请重新选择站点');
    const all = await this.resources();
    const rows = await this.sites.list();
    if (rows.find((r) => r.code === code)?.level !== 'county') return all.map((r) => this.summary(r));
    const shown = all.filter((r) => r.county === code || r.level === 'city');
    return shown.map((r) => this.summary(r));
  }

  async venue(id: string): Promise<QuotaResource> {
    const r = (await this.resources()).find((x) => x.id === id);
    if (!r) throw venueNotFound();
    return r;
  }

  async availability(venueId: string, date: string, requestId?: string): Promise<VenueAvailability> {
    await this.venue(venueId);
    const key = `${venueId}:${date}`;
    const make = async (): Promise<VenueAvailability> => {
      try {
        const a = await this.quota.availability('venues', venueId, date, { requestId });
        return { venueId, date, closed: a.closed, closedReason: a.closedReason, slots: a.slots.map((s) => ({ slotId: s.slotId, start: s.start, end: s.end, capacity: s.capacity, remaining: s.remaining })) };
      } catch (err) {
        if (err instanceof PartnerRefusal && err.partnerCode === EnvelopeCode.NOT_FOUND) throw venueNotFound();
        throw err;
      }
    };
    const p = this.availabilityCache.through(key, '', make);
    p.catch(() => this.availabilityCache.delete(key));
    return p;
  }

  async create(userId: number, body: VenueReservationCreate, requestId?: string) {
    // The visitor is the login itself: its 实名 name and ID number, never typed.
    const me = await verifiedIdentity(this.ctx, userId, '场馆预约');
    const v = await this.venue(body.venueId);
    const siteCode = (await this.sites.ancestry(v.county)).length ? v.county : CITY;
    const created = await this.shared.reserve({
      kind: 'venue',
      userId,
      siteCode,
      resourceId: v.id,
      date: body.date,
      slotId: body.slotId,
      visitors: [me],
      title: v.name,
      place: `${v.countyName} ${v.address}`.trim(),
      notice: v.notice,
      refId: null,
      requestId,
    });
    this.availabilityCache.delete(`${v.id}:${body.date}`);
    return created;
  }
}
