/** The bookings core (issue 12): `app.bookings` for the kinds, the expiry sweep, and 我的预约. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, ReservationListQuery, ReservationListResponse } from '@dz/contracts';
import { requireUser, userIdOf } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { BookingsService } from './bookings.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one ledger of places in time: kinds register here and write through it. */
    bookings: BookingsService;
  }
}

/** How often held bookings past their lock are expired; a 15-minute lock is freed within 30 s of its end. */
const SWEEP_MS = 30_000;

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const bookings = new BookingsService(app.ctx.db, app.log);
  app.decorate('bookings', bookings);

  // On the jobs runner's leader only: one sweep across instances, durable across restarts.
  app.jobs.register('bookings.expire', async () => bookings.expireOverdue(), { every: SWEEP_MS });

  app.get(
    '/api/me/reservations',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags: ['bookings'],
        summary: '我的预约：本人各类预约（办事、挂号、景点、场馆），新的在前',
        description: 'status=active 待支付与已预约；status=history 已取消与已失效。link 为该预约在 H5 的详情页。',
        security: [{ citizen: [] }],
        querystring: ReservationListQuery,
        response: { 200: ReservationListResponse, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (req) => bookings.reservations(userIdOf(req), req.query),
  );
};

export default fp(plugin, { name: 'bookings', dependencies: ['sites', 'jobs'] });
