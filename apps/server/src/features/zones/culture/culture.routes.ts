/** 场馆预约: 图书馆, 文化馆 (issue 15) — the venues system's venues and slots, booked for the login itself. */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  QuotaReservationCreated,
  VenueAvailability,
  VenueAvailabilityQuery,
  VenueListQuery,
  VenueListResponse,
  VenueReservationCreate,
} from '@dz/contracts';
import { requireUser, userIdOf } from '../../../infra/http.js';
import { routeLimit } from '../../../infra/ip-limits.js';
import { VenuesService } from './venues.service.js';
import { QUOTA_ERRORS, auditBooking, registerReservationRoutes } from '../quota-bookings/quota-bookings.routes.js';

const tags = ['culture'];
const security = [{ citizen: [] }];
const errors = QUOTA_ERRORS;
const VenueParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$', title: '场馆' }) });

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const shared = app.quotaBookings;
  const venues = new VenuesService(app.ctx, app.sites, app.quota, shared);

  app.get(
    '/api/culture/venues',
    {
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags,
        summary: '可预约的场馆：图书馆、文化馆等（场馆预约系统）',
        description: '市级站点列出全部场馆；区县站点列出本区县与市级的场馆。场馆预约系统不可用时 503。',
        querystring: VenueListQuery,
        response: { 200: VenueListResponse, 404: ErrorBody, 429: ErrorBody, 502: ErrorBody, 503: ErrorBody },
      },
    },
    async (req) => ({ items: await venues.list(req.query.site) }),
  );

  app.get(
    '/api/culture/venues/:id/availability',
    {
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags,
        summary: '场馆某日的预约时段与余量',
        description: '余量由场馆预约系统掌握，本接口最多缓存 3 秒；闭馆日 closed=true 并给出原因。',
        params: VenueParams,
        querystring: VenueAvailabilityQuery,
        response: { 200: VenueAvailability, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return venues.availability(req.params.id, req.query.date, req.id);
    },
  );

  app.post(
    '/api/culture/reservations',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: {
        tags,
        summary: '预约场馆：自动使用本人实名姓名与身份证号',
        description:
          '需实名认证（403 REALNAME_REQUIRED）。名额不足 409 SLOT_FULL；时段已开始 409 SLOT_STARTED；本人当天已预约该场馆 409 ALREADY_BOOKED；日期不在可预约范围 400 BOOKING_INVALID；系统不可用时 503。',
        security,
        body: VenueReservationCreate,
        response: { 201: QuotaReservationCreated, ...errors },
      },
    },
    async (req, reply) => {
      const created = await venues.create(userIdOf(req), req.body, req.id);
      await auditBooking(app, req, 'culture.reservation.create', created.id, `预约场馆“${created.row.title}” ${req.body.date} ${created.booking.start}–${created.booking.end}，预约号 ${created.code}`, created.row.site_code);
      return reply.status(201).send({ id: created.id, code: created.code, qrText: created.qrText });
    },
  );

  registerReservationRoutes(app, shared, { kind: 'venue', path: '/api/culture/reservations', tags, noun: '场馆', entry: '入馆', owner: '场馆', cancelAction: 'culture.reservation.cancel' });
};

export default fp(plugin, { name: 'culture', dependencies: ['tourism', 'sites'] });
