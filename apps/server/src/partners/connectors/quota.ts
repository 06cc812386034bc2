/**
 * QuotaConnector (app.quota): the typed client of the two reservation systems that own places in
 * time — `scenic` (文旅预约平台, 景点) and `venues` (图书馆、文化馆场馆预约系统) — over the one signed
 * partner client (timeouts, retries of idempotent calls, breaker, call log, 接口管理 per site). Both
 * speak partner-protocol's reservations.ts, so one class serves both, named per call.
 *
 * Errors, as the tourism / culture features see them:
 *   - a system that is down, slow or switched off → 503 PARTNER_UNAVAILABLE in the system's own
 *     words (文旅预约平台暂时无法连接…), within the endpoint's budget;
 *   - a refusal of a booking or a cancel → the contracts' CultureErrorCodes by the refusal's
 *     `data.reason` (full → 409 SLOT_FULL, started → 409 SLOT_STARTED, duplicate → 409
 *     ALREADY_BOOKED with `details.idNumberMasked`, invalid → 400 BOOKING_INVALID), the system's
 *     Chinese message shown as is; anything else stays the client's PartnerRefusal (2001 unknown);
 *   - an answer without the protocol's shape → 502 PARTNER_BAD_ANSWER.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CultureErrorCodes } from '@dz/contracts';
import type { QuotaAvailability, QuotaBooking, QuotaBookingRequest, QuotaRefusal, QuotaResourcesResult, QuotaSystem } from '@dz/partner-protocol';
import { AppError, partnerUnavailable } from '../../infra/errors.js';
import type { CallOptions, PartnerClient } from '../partner-client.js';
import { PartnerRefusal } from '../partner-client.js';
import { badAnswer, checked, type Agrees, type CallMeta } from './common.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The reservation systems (scenic spots, venues). */
    quota: QuotaConnector;
  }
}

export const QUOTA_NAMES: Record<QuotaSystem, string> = { scenic: '文旅预约平台', venues: '场馆预约系统' };
export const quotaUnavailableMessage = (system: QuotaSystem) => `${QUOTA_NAMES[system]}暂时无法连接，请稍后再试`;
const badAnswerMessage = (system: QuotaSystem) => `${QUOTA_NAMES[system]}返回的数据格式有误，请稍后重试`;

// ---- answer shapes, checked at run time (they mirror partner-protocol's reservations.ts) --------

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Kind = Type.Union([Type.Literal('spot'), Type.Literal('library'), Type.Literal('culture-center'), Type.Literal('museum')]);
const Resource = Type.Object({
  id: Id,
  name: Type.String(),
  kind: Kind,
  county: Type.String(),
  countyName: Type.String(),
  level: Type.Union([Type.Literal('city'), Type.Literal('county')]),
  address: Type.String(),
  openHours: Type.String(),
  maxVisitors: Type.Integer({ minimum: 0 }),
  daysAhead: Type.Integer({ minimum: 0 }),
  notice: Type.String(),
});
const Slot = Type.Object({ slotId: Id, start: Type.String(), end: Type.String(), capacity: Type.Integer({ minimum: 0 }), remaining: Type.Integer({ minimum: 0 }) });
const Status = Type.Union([Type.Literal('confirmed'), Type.Literal('cancelled'), Type.Literal('used')]);

export const ResourcesAnswer = Type.Object({ resources: Type.Array(Resource, { maxItems: 2000 }) });
export const AvailabilityAnswer = Type.Object({
  resourceId: Id,
  date: Type.String(),
  closed: Type.Boolean(),
  closedReason: Type.Union([Type.String(), Type.Null()]),
  slots: Type.Array(Slot, { maxItems: 200 }),
});
export const BookingAnswer = Type.Object({
  bookingNo: Id,
  resourceId: Id,
  resourceName: Type.String(),
  date: Type.String(),
  slotId: Id,
  start: Type.String(),
  end: Type.String(),
  visitors: Type.Array(Type.Object({ name: Type.String(), idNumberMasked: Type.String() }), { maxItems: 100 }),
  status: Status,
  createdAt: Type.String(),
  cancelledAt: Type.Union([Type.String(), Type.Null()]),
});
const Refusal = Type.Object({
  reason: Type.Union([Type.Literal('full'), Type.Literal('started'), Type.Literal('duplicate'), Type.Literal('invalid')]),
  idNumberMasked: Type.Optional(Type.String()),
});

const agree: [
  Agrees<Static<typeof ResourcesAnswer>, QuotaResourcesResult>,
  Agrees<Static<typeof AvailabilityAnswer>, QuotaAvailability>,
  Agrees<Static<typeof BookingAnswer>, QuotaBooking>,
  Agrees<Static<typeof Refusal>, QuotaRefusal>,
] = [true, true, true, true];
void agree;

/** A booking / cancel refusal in the contracts' terms; other refusals are returned unchanged. */
export function mapRefusal(err: unknown): unknown {
  if (!(err instanceof PartnerRefusal) || !Value.Check(Refusal, err.data)) return err;
  const r = err.data;
  switch (r.reason) {
    case 'full':
      return new AppError(409, CultureErrorCodes.SLOT_FULL, err.message);
    case 'started':
      return new AppError(409, CultureErrorCodes.SLOT_STARTED, err.message);
    case 'duplicate':
      return new AppError(409, CultureErrorCodes.ALREADY_BOOKED, err.message, { details: { idNumberMasked: r.idNumberMasked ?? '' } });
    case 'invalid':
      return new AppError(400, CultureErrorCodes.BOOKING_INVALID, err.message);
  }
}

const seg = encodeURIComponent;

export class QuotaConnector {
  constructor(private readonly partners: PartnerClient) {}

  private async call<S extends TSchema>(system: QuotaSystem, schema: S, what: string, meta: CallMeta, opts: Omit<CallOptions, 'partner' | 'operation' | 'site' | 'requestId'>): Promise<Static<S>> {
    let answer: unknown;
    try {
      answer = await this.partners.call<unknown>({ ...opts, partner: system, operation: `${system}.${what}`, site: meta.site, requestId: meta.requestId, timeoutMs: meta.timeoutMs });
    } catch (err) {
      if (err instanceof AppError && err.code === 'PARTNER_UNAVAILABLE') throw partnerUnavailable(quotaUnavailableMessage(system));
      throw mapRefusal(err);
    }
    return checked(schema, answer, system, what, badAnswerMessage(system));
  }

  /** What takes bookings (optionally of one county). */
  resources(system: QuotaSystem, q: { county?: string }, meta: CallMeta = {}): Promise<QuotaResourcesResult> {
    return this.call(system, ResourcesAnswer, 'resources', meta, { method: 'POST', path: `/v1/${system}/resources`, body: q.county ? { county: q.county } : {}, idempotent: true });
  }

  /** A day's slots with places left; 2001 (PartnerRefusal) for an unknown resource. */
  async availability(system: QuotaSystem, resourceId: string, date: string, meta: CallMeta = {}): Promise<QuotaAvailability> {
    const a = await this.call(system, AvailabilityAnswer, 'availability', meta, { method: 'POST', path: `/v1/${system}/availability`, body: { resourceId, date }, idempotent: true });
    if (a.resourceId !== resourceId || a.date !== date) throw badAnswer(system, 'availability', 'availability of another resource or date', badAnswerMessage(system));
    return a;
  }

  /** Takes the places in one step. The same portalRef answers the first booking, so a retry books once. */
  async book(system: QuotaSystem, req: QuotaBookingRequest, meta: CallMeta = {}): Promise<QuotaBooking> {
    const b = await this.call(system, BookingAnswer, 'book', meta, { method: 'POST', path: `/v1/${system}/bookings`, body: req, idempotent: true, idempotencyKey: req.portalRef });
    if (b.resourceId !== req.resourceId || b.slotId !== req.slotId || b.date !== req.date) throw badAnswer(system, 'book', 'booking of another resource, slot or date', badAnswerMessage(system));
    return b;
  }

  booking(system: QuotaSystem, bookingNo: string, meta: CallMeta = {}): Promise<QuotaBooking> {
    return this.call(system, BookingAnswer, 'booking', meta, { method: 'GET', path: `/v1/${system}/bookings/${seg(bookingNo)}`, idempotent: true });
  }

  /** Idempotent; once the slot has started → 409 SLOT_STARTED with the system's message. */
  cancel(system: QuotaSystem, bookingNo: string, meta: CallMeta = {}): Promise<QuotaBooking> {
    return this.call(system, BookingAnswer, 'cancel', meta, {
      method: 'POST',
      path: `/v1/${system}/bookings/${seg(bookingNo)}/cancel`,
      body: {},
      idempotent: true,
      idempotencyKey: `cancel-${bookingNo}`,
    });
  }
}
