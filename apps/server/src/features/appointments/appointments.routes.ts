import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppointmentCreateRequest, AppointmentView, BookingQuery, BookingView, ErrorBody, HallCard, HallListQuery, IdParams } from '@dz/contracts';
import { requireUser, userIdOf } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { AppointmentsAdminService } from './appointments.admin.service.js';
import { registerAdminRoutes } from './appointments.admin.routes.js';
import { BookingService } from './booking.service.js';
import { itemResourceType } from './item-bookings.js';

const security = [{ citizen: [] }];


/** 办事预约: public hall and slot lists, booking and 我的预约 for citizens, and the console routes. */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  app.bookings.registerType(itemResourceType(app.ctx.db));
  const booking = new BookingService(app.ctx, app.sites, app.bookings);

  app.get(
    '/api/halls',
    {
      schema: {
        tags: ['appointments'],
        summary: '政务服务大厅列表（本站点及上级站点）',
        querystring: HallListQuery,
        response: { 200: Type.Array(HallCard), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => booking.halls(req.query.site),
  );

  // A sub-path of the catalog's /api/items/:id with the same parameter name, so the router keeps
  // both routes apart.
  app.get(
    '/api/items/:id/booking',
    {
      schema: {
        tags: ['appointments'],
        summary: '事项可预约号源：办理该事项的大厅、日期与时段（北京时间，已过时段不列出）',
        params: IdParams,
        querystring: BookingQuery,
        response: { 200: BookingView, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => booking.booking(req.params.id, req.query),
  );

  app.post(
    '/api/appointments',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags: ['appointments'],
        summary: '办事预约：预约一个时段（需实名认证；同一事项每天限约一个号源）',
        description: '403 REALNAME_REQUIRED 未实名；400 SLOT_NOT_FOR_ITEM / SLOT_PAST / ITEM_NOT_BOOKABLE；409 DUPLICATE_BOOKING 当天已约该事项；409 SLOT_FULL 已约满。',
        security,
        body: AppointmentCreateRequest,
        response: { 201: AppointmentView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await booking.book(userIdOf(req), req.body)),
  );

  app.get(
    '/api/me/appointments',
    {
      preHandler: requireUser,
      schema: {
        tags: ['appointments'],
        summary: '我的预约（最近100条，新的在前）',
        security,
        response: { 200: Type.Array(AppointmentView), 401: ErrorBody },
      },
    },
    async (req) => booking.mine(userIdOf(req)),
  );

  app.post(
    '/api/me/appointments/:id/cancel',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags: ['appointments'],
        summary: '取消预约（须在预约开始前2小时以上）',
        description: '409 CANCEL_TOO_LATE 距开始不足2小时或已过；409 ALREADY_CANCELLED 已取消；他人的预约返回 404。',
        security,
        params: IdParams,
        response: { 200: AppointmentView, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => booking.cancel(userIdOf(req), req.params.id),
  );

  registerAdminRoutes(app, new AppointmentsAdminService(app.ctx.db, app.sites, app.ctx.audit, app.ctx.gm));
};

export default fp(plugin, { name: 'appointments', dependencies: ['sites', 'admin-auth', 'bookings'] });
