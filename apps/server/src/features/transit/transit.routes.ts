/**
 * 公共交通 (issue 13, API.md "Transport"): 路线规划, 附近线路, 站点, 线路, place search, 最近使用 and
 * 充电桩. Decorates `app.bus` (the bus company's GTFS-Realtime) and `app.charging` (the charging
 * operator), and schedules the real-time poller (`transit.realtime`, realtime.ts) on the jobs core.
 *
 * Everything about stops, lines and times comes from the site's timetable, built in memory once per
 * feed (timetables.ts): no request reads the stop_times table. Reads are public and limited per IP;
 * answers with arrivals or live status are `no-store`, those that change only with the feed may be
 * kept a minute.
 */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChargerListResponse,
  ChargerQuery,
  ErrorBody,
  HistoryInput,
  HistoryItem,
  HistoryResponse,
  NearbyQuery,
  NearbyResponse,
  PlaceListResponse,
  PlaceQuery,
  PlanQuery,
  PlanResponse,
  RouteListQuery,
  RouteListResponse,
  RouteParams,
  RouteResponse,
  SiteQuery,
  StopParams,
  StopResponse,
} from '@dz/contracts';
import { optionalUser } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { BusConnector } from '../../partners/connectors/bus.js';
import { ChargingConnector } from '../../partners/connectors/charging.js';
import { ownerKey } from '../visits/visitor.js';
import { ChargersService } from './chargers.service.js';
import { HistoryService, historyOwner } from './history.service.js';
import { LinesService } from './lines.service.js';
import { PlacesService } from './places.service.js';
import { PlanService } from './plan.service.js';
import { POLL_EVERY_MS, REALTIME_JOB, RealtimeStore, pollRealtime } from './realtime.js';
import { SiteTimetables } from './site-timetable.js';
import { StopsService } from './stops.service.js';
import { TimetableCache } from './timetables.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** 公共交通's services, for the tests and the poller. */
    transit: { timetables: TimetableCache; realtime: RealtimeStore; poll: () => ReturnType<typeof pollRealtime> };
  }
}

const tags = ['transit'];
const errors = { 400: ErrorBody, 404: ErrorBody, 429: ErrorBody, 502: ErrorBody, 503: ErrorBody };
const HistoryParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '记录编号' }) });
const OWNER = '登录后为本人的记录（任何设备）；未登录时按设备标识（请求头 x-device-id）区分，仅保存其摘要。';
const NO_FEED = '站点（缺省达州市 511700）及其上级均无公交时刻数据时 404 TRANSIT_NO_FEED。';

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
/** Only changes when a new feed is imported: a shared cache may keep it a minute. */
const feedOnly = (reply: FastifyReply) => reply.header('cache-control', 'public, max-age=60');

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const bus = new BusConnector(app.ctx.partners);
  const charging = new ChargingConnector(app.ctx.partners);
  app.decorate('bus', bus);
  app.decorate('charging', charging);

  const cache = new TimetableCache(app.ctx, app.contentVersion, app.log);
  const timetables = new SiteTimetables(app.ctx, cache);
  const realtime = new RealtimeStore(app.ctx);
  const places = new PlacesService(app.ctx, timetables);
  const plans = new PlanService(timetables, places);
  const stops = new StopsService(timetables, realtime);
  const lines = new LinesService(timetables, realtime);
  const history = new HistoryService(app.ctx);
  const chargers = new ChargersService(app.ctx, charging);

  const poll = () => pollRealtime({ ctx: app.ctx, bus, store: realtime, log: app.log });
  app.decorate('transit', { timetables: cache, realtime, poll });
  // One poller across instances: a schedule runs on the jobs core's leader only. A failed poll is
  // logged inside and not retried — the next period polls again.
  app.jobs.register(
    REALTIME_JOB,
    async () => {
      await poll();
    },
    { every: POLL_EVERY_MS, maxAttempts: 1, lockMs: 60_000 },
  );

  // ---- 路线规划 ------------------------------------------------------------------------------------

  app.get(
    '/api/transit/plan',
    {
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags,
        summary: '路线规划：起点到终点的公交方案（较快捷 / 少步行 / 少换乘）',
        description: `from / to 为 stop:<站点编号> 或 <纬度>,<经度>（坐标时步行到附近站点）；date、time 缺省为北京时间当前；mode 缺省 fastest。站点不存在 404 TRANSIT_STOP_NOT_FOUND；无可行方案时 200、itineraries 为空并附 message。${NO_FEED}`,
        querystring: PlanQuery,
        response: { 200: PlanResponse, ...errors },
      },
    },
    async (req, reply) => {
      // A plan for a given date and time only changes with the feed; "now" changes every minute.
      (req.query.date && req.query.time ? feedOnly : noStore)(reply);
      return plans.plan(req.query);
    },
  );

  // ---- 附近线路, 站点 --------------------------------------------------------------------------------

  app.get(
    '/api/transit/stops/nearby',
    {
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags,
        summary: '附近线路：附近站点及经过线路的预计到站（实时数据优先，否则为计划时刻）',
        description: `radius 缺省 800 米，最多 10 个站点，近者在前。realtime 为 false 时所有到站均为计划时刻。${NO_FEED}`,
        querystring: NearbyQuery,
        response: { 200: NearbyResponse, ...errors },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return stops.nearby(req.query);
    },
  );

  app.get(
    '/api/transit/stops/:stopId',
    {
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags,
        summary: '站点：经过的线路、方向、首末班与预计到站',
        description: `站点不存在 404 TRANSIT_STOP_NOT_FOUND；站（含多个站台）列出各站台的线路。${NO_FEED}`,
        params: StopParams,
        querystring: SiteQuery,
        response: { 200: StopResponse, ...errors },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return stops.stop(req.params.stopId, req.query.site);
    },
  );

  // ---- 线路 --------------------------------------------------------------------------------------

  app.get(
    '/api/transit/routes',
    {
      config: { rateLimit: routeLimit(120) },
      schema: { tags, summary: '线路列表：按线路号或名称搜索', description: NO_FEED, querystring: RouteListQuery, response: { 200: RouteListResponse, ...errors } },
    },
    async (req, reply) => {
      feedOnly(reply);
      return lines.list(req.query.site, req.query.q);
    },
  );

  app.get(
    '/api/transit/routes/:routeId',
    {
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags,
        summary: '线路：各方向的站点、走向、首末班与线路上的车辆',
        description: `线路不存在 404 TRANSIT_ROUTE_NOT_FOUND。${NO_FEED}`,
        params: RouteParams,
        querystring: SiteQuery,
        response: { 200: RouteResponse, ...errors },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return lines.route(req.params.routeId, req.query.site);
    },
  );

  // ---- 地点搜索 ------------------------------------------------------------------------------------

  app.get(
    '/api/transit/places',
    {
      config: { rateLimit: routeLimit(240) },
      schema: {
        tags,
        summary: '路线规划的地点搜索：公交站点与地标（汉字、全拼、拼音首字母）',
        description: `最多 20 条；value 可直接作为 /api/transit/plan 的 from / to。${NO_FEED}`,
        querystring: PlaceQuery,
        response: { 200: PlaceListResponse, ...errors },
      },
    },
    async (req, reply) => {
      feedOnly(reply);
      return places.search(req.query.q, req.query.site);
    },
  );

  // ---- 最近使用 ------------------------------------------------------------------------------------

  app.get(
    '/api/transit/history',
    {
      preHandler: optionalUser,
      config: { rateLimit: routeLimit(120) },
      schema: { tags, summary: '最近使用：浏览过的线路、站点与规划（新的在前）', description: `${OWNER}无登录也无设备标识时为空列表。`, response: { 200: HistoryResponse, ...errors } },
    },
    async (req, reply) => {
      noStore(reply);
      return { items: await history.list(historyOwner(ownerKey(req))) };
    },
  );

  app.post(
    '/api/transit/history',
    {
      preHandler: optionalUser,
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags,
        summary: '最近使用：记录一次浏览（同一对象再次浏览时移到最前）',
        description: `${OWNER}无登录也无设备标识时 400。最多保留 30 条。`,
        body: HistoryInput,
        response: { 201: HistoryItem, ...errors },
      },
    },
    async (req, reply) => {
      const site = await timetables.checkSite(req.body.site);
      const item = await history.add(historyOwner(ownerKey(req)), req.body, site);
      return noStore(reply).status(201).send(item);
    },
  );

  app.delete(
    '/api/transit/history',
    {
      preHandler: optionalUser,
      config: { rateLimit: routeLimit(30) },
      schema: { tags, summary: '最近使用：全部清空', description: OWNER, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await history.clear(historyOwner(ownerKey(req)));
      return noStore(reply).status(204).send(null);
    },
  );

  app.delete(
    '/api/transit/history/:id',
    {
      preHandler: optionalUser,
      config: { rateLimit: routeLimit(60) },
      schema: { tags, summary: '最近使用：删除一条', description: `${OWNER}他人的记录 404 TRANSIT_HISTORY_NOT_FOUND。`, params: HistoryParams, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await history.remove(historyOwner(ownerKey(req)), req.params.id);
      return noStore(reply).status(204).send(null);
    },
  );

  // ---- 充电桩 --------------------------------------------------------------------------------------

  app.get(
    '/api/transit/chargers',
    {
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags,
        summary: '充电桩查询：按区县与名称 / 地址查询充电站，快充 / 慢充空闲数与实时状态',
        description: 'site 缺省为达州市 511700（全市），区县站点只列本区县；给出 lat、lng 时按距离由近到远。充电运营平台不可用时 503 PARTNER_UNAVAILABLE。',
        querystring: ChargerQuery,
        response: { 200: ChargerListResponse, ...errors },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return chargers.list(req.query, req.id);
    },
  );
};

export default fp(plugin, { name: 'transit', dependencies: ['sites', 'jobs', 'published'] });
