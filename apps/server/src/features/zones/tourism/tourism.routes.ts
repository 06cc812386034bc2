/**
 * 旅游 (issue 15): 景点介绍 (published content, pinyin search), 景点预约 at the 文旅预约平台 (bookings
 * core kind `spot`), 常用游客, and the console's 景点 CRUD. Also the home of what 景点 and 场馆
 * share: decorates `app.quota` (the reservation systems' connector) and `app.quotaBookings`,
 * registers the booking kinds `spot` and `venue`, the `DZBK:` verifier and the reminder job.
 */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BOOKING_QR_PREFIX,
  ErrorBody,
  QuotaReservationCreated,
  SavedVisitorCreate,
  SavedVisitorList,
  SavedVisitorView,
  SpotAdminInput,
  SpotAdminList,
  SpotAdminView,
  SpotAvailability,
  SpotAvailabilityQuery,
  SpotListQuery,
  SpotListResponse,
  SpotReservationCreate,
  SpotResourceList,
  SpotView,
} from '@dz/contracts';
import { requireUser, userIdOf } from '../../../infra/http.js';
import { routeLimit } from '../../../infra/ip-limits.js';
import { publishedRoute } from '../../../infra/published.js';
import { QuotaConnector } from '../../../partners/connectors/quota.js';
import { actorOf, requirePermission, requireStaff } from '../../admin-auth/staff-guard.js';
import { QuotaBookingsService } from '../quota-bookings/quota-bookings.service.js';
import { QUOTA_ERRORS, auditBooking, registerReservationRoutes } from '../quota-bookings/quota-bookings.routes.js';
import { SpotReservations } from './spot-reservations.service.js';
import { SPOTS_PERMISSION, SpotsService } from './spots.service.js';
import { VisitorsService } from './visitors.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** 景点 / 场馆 bookings: reserve at the system, record, cancel, view, QR. */
    quotaBookings: QuotaBookingsService;
  }
}

const tags = ['tourism'];
const adminTags = ['admin-tourism'];
const security = [{ citizen: [] }];
const errors = QUOTA_ERRORS;
const adminErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 502: ErrorBody, 503: ErrorBody };
const SpotParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '景点' }) });
const VisitorParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '常用游客' }) });
const AdminSiteQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点', description: '站点代码，缺省为本人所属站点' })) });
/** How often the reminder runs: a booking made late today for tomorrow is still reminded in time. */
const REMIND_EVERY_MS = 600_000;

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const quota = new QuotaConnector(app.ctx.partners);
  app.decorate('quota', quota);
  const shared = new QuotaBookingsService(app.ctx, app.log, quota, app.bookings, app.messages);
  app.decorate('quotaBookings', shared);
  app.bookings.registerType(shared.resourceType('spot'));
  app.bookings.registerType(shared.resourceType('venue'));
  app.verifiers.register(BOOKING_QR_PREFIX, (rest) => shared.verify(rest));
  // On the jobs runner's leader; the conditional UPDATE makes it exactly-once even if two ran.
  app.jobs.register('culture.remind', async () => shared.remind(), { every: REMIND_EVERY_MS });

  const spots = new SpotsService(app.ctx, app.log, app.sites, app.contentVersion, quota);
  const visitors = new VisitorsService(app.ctx);
  const reservations = new SpotReservations(app.ctx, quota, spots, visitors, shared);
  const pub = { config: { rateLimit: routeLimit(120) } };
  const guard = (action: string) => [requireStaff(), requirePermission(SPOTS_PERMISSION, action)];

  // ---- 景点 (public) ------------------------------------------------------------------------------

  app.get(
    '/api/tourism/spots',
    {
      // Published bytes: precompressed, counted by the in-memory per-IP limit of published reads.
      ...publishedRoute(app),
      schema: {
        tags,
        summary: '景点列表：按名称搜索（汉字、全拼或首字母，如 bsdxg → 巴山大峡谷）',
        description: '区县站点列出本站点及上级站点（市级）的景点。',
        querystring: SpotListQuery,
        response: { 200: SpotListResponse, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const site = req.query.site ?? '';
      const q = (req.query.q ?? '').trim().toLowerCase();
      // Published bytes per (site, q): an entry is rebuilt when the content version moves.
      return app.published.serve(req, reply, `tourism.spots:${site}:${q}`, async () => ({ body: { items: await spots.list(req.query.site, q) } }));
    },
  );

  app.get(
    '/api/tourism/spots/:id',
    { ...pub, schema: { tags, summary: '景点详情：介绍、实景图、开放时间、门票、地址与地图、预约须知', params: SpotParams, response: { 200: SpotView, 404: ErrorBody, 429: ErrorBody } } },
    async (req) => spots.view(req.params.id),
  );

  app.get(
    '/api/tourism/spots/:id/availability',
    {
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags,
        summary: '景点某日的预约时段与余量（文旅预约平台）',
        description: '余量由文旅预约平台掌握，本接口最多缓存 3 秒；不接受预约的景点 409 SPOT_NOT_BOOKABLE；平台不可用时 503。',
        params: SpotParams,
        querystring: SpotAvailabilityQuery,
        response: { 200: SpotAvailability, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return reservations.availability(req.params.id, req.query.date, req.id);
    },
  );

  // ---- 景点预约 (citizen) ------------------------------------------------------------------------

  app.post(
    '/api/tourism/reservations',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: {
        tags,
        summary: '预约景点：选择日期、时段与游客（手填、常用游客或本人）',
        description:
          '需实名认证（403 REALNAME_REQUIRED）。每单最多 5 位游客；名额不足 409 SLOT_FULL；时段已开始 409 SLOT_STARTED；同一游客当天已预约该景点 409 ALREADY_BOOKED（details.idNumberMasked）；日期不在可预约范围等 400 BOOKING_INVALID；平台不可用时 503。',
        security,
        body: SpotReservationCreate,
        response: { 201: QuotaReservationCreated, ...errors },
      },
    },
    async (req, reply) => {
      const created = await reservations.create(userIdOf(req), req.body, req.id);
      await auditBooking(app, req, 'tourism.reservation.create', created.id, `预约景点“${created.row.title}” ${req.body.date}，${req.body.visitors.length}人，预约号 ${created.code}`, created.row.site_code);
      return reply.status(201).send({ id: created.id, code: created.code, qrText: created.qrText });
    },
  );

  registerReservationRoutes(app, shared, { kind: 'spot', path: '/api/tourism/reservations', tags, noun: '景点', entry: '入园', owner: '平台', cancelAction: 'tourism.reservation.cancel' });

  // ---- 常用游客 ----------------------------------------------------------------------------------

  app.get(
    '/api/me/visitors',
    { preHandler: requireUser, config: { rateLimit: routeLimit(60) }, schema: { tags, summary: '常用游客列表（身份证号脱敏）', security, response: { 200: SavedVisitorList, 401: ErrorBody, 429: ErrorBody } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: await visitors.list(userIdOf(req)) };
    },
  );

  app.post(
    '/api/me/visitors',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: {
        tags,
        summary: '添加常用游客',
        description: '身份证号按校验位核验；同一身份证号不能重复添加（409 VISITOR_EXISTS）；最多 20 位。',
        security,
        body: SavedVisitorCreate,
        response: { 201: SavedVisitorView, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await visitors.create(userIdOf(req), req.body)),
  );

  app.delete(
    '/api/me/visitors/:id',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: { tags, summary: '删除常用游客', security, params: VisitorParams, response: { 204: Type.Null(), 401: ErrorBody, 404: ErrorBody, 429: ErrorBody } },
    },
    async (req, reply) => {
      await visitors.remove(userIdOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  // ---- console: 景点管理 ---------------------------------------------------------------------------

  app.get(
    '/api/admin/tourism/spots',
    {
      preHandler: guard('tourism.spot.list'),
      schema: { tags: adminTags, summary: '景点管理：本站点的景点（含未发布）', security: [{ staff: [] }], querystring: AdminSiteQuery, response: { 200: SpotAdminList, ...adminErrors } },
    },
    async (req) => spots.adminList(actorOf(req), req.query.site),
  );

  app.post(
    '/api/admin/tourism/spots',
    {
      preHandler: guard('tourism.spot.create'),
      schema: {
        tags: adminTags,
        summary: '新增景点',
        description: '实景图须为本站点或上级站点文件中心的图片；同一站点景点名称不能重复（400，fields 给出中文提示）。',
        security: [{ staff: [] }],
        body: SpotAdminInput,
        response: { 201: SpotAdminView, ...adminErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await spots.create(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/tourism/spots/:id',
    {
      preHandler: guard('tourism.spot.update'),
      schema: { tags: adminTags, summary: '修改景点', security: [{ staff: [] }], params: SpotParams, body: SpotAdminInput, response: { 200: SpotAdminView, ...adminErrors } },
    },
    async (req) => spots.update(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/tourism/spots/:id',
    {
      preHandler: guard('tourism.spot.delete'),
      schema: { tags: adminTags, summary: '删除景点', security: [{ staff: [] }], params: SpotParams, response: { 204: Type.Null(), ...adminErrors } },
    },
    async (req, reply) => {
      await spots.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/tourism/resources',
    {
      preHandler: guard('tourism.spot.list'),
      schema: { tags: adminTags, summary: '文旅预约平台的景区列表（关联景点用）', security: [{ staff: [] }], response: { 200: SpotResourceList, ...adminErrors } },
    },
    async () => {
      const { resources } = await quota.resources('scenic', {});
      return { items: resources.map((r) => ({ id: r.id, name: r.name, county: r.county, countyName: r.countyName, address: r.address })) };
    },
  );
};

export default fp(plugin, { name: 'tourism', dependencies: ['sites', 'jobs', 'messages', 'bookings', 'engine-documents', 'admin-auth', 'published'] });
