/**
 * 景点预约: a day's bands from the 文旅预约平台 and a booking for up to SPOT_MAX_VISITORS visitors —
 * each typed in (name + ID number, checksum checked here), one of the user's 常用游客, or the login
 * itself (the 实名 name and ID). The platform owns the places and decides full / started /
 * duplicate; the portal only needs a real-named login and well-formed visitors.
 */
import { CultureErrorCodes, maskIdNumber, validateIdNumber, type SpotAvailability, type SpotReservationCreate } from '@dz/contracts';
import { EnvelopeCode, type QuotaVisitor } from '@dz/partner-protocol';
import type { AppContext } from '../../../infra/context.js';
import { AppError, badRequest } from '../../../infra/errors.js';
import { TtlCache } from '../../../infra/ttl-cache.js';
import type { QuotaConnector } from '../../../partners/connectors/quota.js';
import { PartnerRefusal } from '../../../partners/partner-client.js';
import { verifiedIdentity } from '../../utilities/verified-identity.js';
import type { QuotaBookingsService } from '../quota-bookings/quota-bookings.service.js';
import { COUNTY_NAMES, type SpotsService } from './spots.service.js';
import { checkPersonName, type VisitorsService } from './visitors.service.js';

/** Remaining places move with every booking: a few seconds of cache only absorb a burst of page loads. */
const AVAILABILITY_TTL_MS = 3000;
const notBookable = () => new AppError(409, CultureErrorCodes.SPOT_NOT_BOOKABLE, '该景点暂未开通网上预约，请直接前往景区或致电咨询');

export class SpotReservations {
  private readonly availabilityCache = new TtlCache<Promise<SpotAvailability>>(AVAILABILITY_TTL_MS, 1000);

  constructor(
    private readonly ctx: AppContext,
    private readonly quota: QuotaConnector,
    private readonly spots: SpotsService,
    private readonly visitors: VisitorsService,
    private readonly shared: QuotaBookingsService,
  ) {}

  async availability(spotId: number, date: string, requestId?: string): Promise<SpotAvailability> {
    const spot = await this.spots.row(spotId);
    const resourceId = spot.partner_resource_id;
    if (!resourceId) throw notBookable();
    const key = `${spotId}:${date}`;
    const make = async (): Promise<SpotAvailability> => {
      try {
        const a = await this.quota.availability('scenic', resourceId, date, { site: spot.site_code, requestId });
        return { spotId, date, closed: a.closed, closedReason: a.closedReason, bands: a.slots.map((s) => ({ bandId: s.slotId, start: s.start, end: s.end, capacity: s.capacity, remaining: s.remaining })) };
      } catch (err) {
        if (err instanceof PartnerRefusal && err.partnerCode === EnvelopeCode.NOT_FOUND) throw notBookable();
        throw err;
      }
    };
    const p = this.availabilityCache.through(key, '', make);
    // A failure is not kept: the next look asks the platform again.
    p.catch(() => this.availabilityCache.delete(key));
    return p;
  }

  /** The visitors in clear, for the platform only (it answers them back masked). */
  private async resolveVisitors(userId: number, input: SpotReservationCreate['visitors']): Promise<QuotaVisitor[]> {
    const out: QuotaVisitor[] = [];
    let self: QuotaVisitor | null = null;
    for (const [i, v] of input.entries()) {
      if ('self' in v) {
        self ??= await verifiedIdentity(this.ctx, userId, '使用本人信息预约');
        out.push(self);
      } else if ('savedId' in v) {
        out.push(await this.visitors.reveal(userId, v.savedId));
      } else {
        const nameErr = checkPersonName(v.name);
        const idErr = validateIdNumber(v.idNumber);
        if (nameErr) throw badRequest(`第 ${i + 1} 位游客：${nameErr}`, { [`visitors.${i}.name`]: nameErr });
        if (idErr) throw badRequest(`第 ${i + 1} 位游客：${idErr}`, { [`visitors.${i}.idNumber`]: idErr });
        out.push({ name: v.name.trim(), idNumber: v.idNumber.trim().toUpperCase() });
      }
    }
    const seen = new Set<string>();
    for (const v of out) {
      if (seen.has(v.idNumber)) throw new AppError(400, CultureErrorCodes.BOOKING_INVALID, `身份证号 ${maskIdNumber(v.idNumber)} 的游客添加了两次，请删除重复的游客`);
      seen.add(v.idNumber);
    }
    return out;
  }

  async create(userId: number, body: SpotReservationCreate, requestId?: string) {
    // 实名 first: a booking is for real people, and the login answers for it.
    await verifiedIdentity(this.ctx, userId, '景点预约');
    const spot = await this.spots.row(body.spotId);
    if (!spot.partner_resource_id) throw notBookable();
    const visitors = await this.resolveVisitors(userId, body.visitors);
    let notice = '';
    try {
      notice = (await this.spots.resourceOf(spot))?.notice ?? '';
    } catch {
      // The booking itself will tell whether the platform is reachable.
    }
    const created = await this.shared.reserve({
      kind: 'spot',
      userId,
      siteCode: spot.site_code,
      resourceId: spot.partner_resource_id,
      date: body.date,
      slotId: body.bandId,
      visitors,
      title: spot.name,
      place: `${COUNTY_NAMES[spot.county] ?? ''}${spot.address ? ` ${spot.address}` : ''}`.trim(),
      notice,
      refId: spot.id,
      requestId,
    });
    // The next look at the day shows the places just taken.
    this.availabilityCache.delete(`${spot.id}:${body.date}`);
    return created;
  }
}
