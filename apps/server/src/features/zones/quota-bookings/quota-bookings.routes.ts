/**
 * The routes a partner-quota booking kind shares (景点 and 场馆, issue 15): its detail and its
 * cancel, under the kind's own path (`/api/tourism/reservations/:id`, `/api/culture/reservations/:id`),
 * plus the audit line a citizen's booking action leaves. The kinds differ only in words.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, QuotaReservationView, ReservationIdParams } from '@dz/contracts';
import { requireUser, userIdOf } from '../../../infra/http.js';
import { routeLimit } from '../../../infra/ip-limits.js';
import type { QuotaBookingsService } from './quota-bookings.service.js';

export const QUOTA_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody, 502: ErrorBody, 503: ErrorBody };
const security = [{ citizen: [] }];

/** A citizen's booking action in the audit log (object: the booking). */
export async function auditBooking(app: FastifyInstance, req: FastifyRequest, action: string, objectId: number, summary: string, siteCode: string | null): Promise<void> {
  await app.ctx.audit.record({ actorType: 'user', actorId: userIdOf(req), actorName: null, siteCode, action, objectType: 'booking', objectId, summary, ip: req.ip, result: 'ok', requestId: req.id });
}

export interface ReservationRoutesOptions {
  kind: 'spot' | 'venue';
  /** `/api/tourism/reservations` */
  path: string;
  tags: string[];
  /** 景点 / 场馆 */
  noun: string;
  /** 入园 / 入馆 */
  entry: string;
  /** Who gets the places back on cancel: 平台 / 场馆 */
  owner: string;
  /** Audit action of a cancel. */
  cancelAction: string;
}

export function registerReservationRoutes(app: FastifyInstance, shared: QuotaBookingsService, o: ReservationRoutesOptions): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.get(
    `${o.path}/:id`,
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(60) },
      schema: { tags: o.tags, summary: `${o.noun}预约详情：时段、预约人（脱敏）、${o.entry}二维码、能否取消`, security, params: ReservationIdParams, response: { 200: QuotaReservationView, ...QUOTA_ERRORS } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return shared.view(await shared.own(userIdOf(req), req.params.id, o.kind));
    },
  );

  typed.post(
    `${o.path}/:id/cancel`,
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: {
        tags: o.tags,
        summary: `取消${o.noun}预约`,
        description: `时段开始前可取消，名额退回${o.owner}；开始后 409 SLOT_STARTED。已取消的再次取消原样返回。`,
        security,
        params: ReservationIdParams,
        response: { 200: QuotaReservationView, ...QUOTA_ERRORS },
      },
    },
    async (req) => {
      const { row, changed } = await shared.cancel(userIdOf(req), req.params.id, o.kind, req.id);
      if (changed) await auditBooking(app, req, o.cancelAction, row.id, `取消${o.noun}预约“${row.title}”，预约号 ${row.code}`, row.site_code);
      return shared.view(row);
    },
  );
}
