import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, VisitRequest, VisitStats, VisitStatsQuery } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { optionalUser } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { FootprintsService } from '../subscriptions/subscriptions.service.js';
import { visitorKey } from './visitor.js';
import { VisitBuffer, VisitsService } from './visits.service.js';
import { VisitRollups } from './rollups.service.js';
import { StatsRunner } from './stats.runner.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Visit counting; `visits.buffer.flush()` writes the buffered visits now (shutdown does it too), `visits.rollups.fold()` folds them into the statistics now. */
    visits: VisitsService;
  }
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const security = [{ staff: [] }];

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const buffer = new VisitBuffer(app.ctx.db, app.log);
  const rollups = new VisitRollups(app.ctx.db, app.log, (site) => app.sites.ancestry(site));
  const reader = new StatsRunner(app.ctx.config.databaseUrl, app.ctx.db, app.log);
  const visits = new VisitsService(app.ctx.db, app.sites, buffer, rollups, new FootprintsService(app.ctx.db), app.ctx.audit, reader);
  app.decorate('visits', visits);
  // 访问统计 reads rollups only: the leader folds new raw visits every 2 s (so statistics trail
  // visits by a few seconds), and purges raw visits past their retention once a day.
  app.jobs.register('visits.fold', async () => void (await rollups.foldSettled()), { every: 2000, lockMs: 60_000 });
  app.jobs.register('visits.purge', async () => void (await rollups.purge(app.ctx.config.visitsRetentionDays)), { every: 86_400_000, lockMs: 30 * 60_000 });
  // onClose hooks run in reverse order of registration, so this runs before the database closes.
  app.addHook('onClose', async () => {
    await buffer.close();
    await reader.close();
  });

  app.post(
    '/api/visits',
    {
      preHandler: optionalUser,
      config: { rateLimit: routeLimit(300) },
      schema: {
        tags: ['visits'],
        summary: '记录一次访问（专区、应用、事项、掌上办、频道页、资讯），用于访问统计与我的足迹',
        description:
          '访客为登录用户，或请求头 x-device-id 标识的设备（只保存摘要）。记录先进入内存缓冲，每 2 秒或满 200 条批量写入。登录用户访问事项、应用、掌上办应用、资讯或专区时同时更新“我的足迹”。',
        body: VisitRequest,
        response: { 204: Type.Null(), 400: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      await visits.record(req.body, visitorKey(req), req.userId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/stats/visits',
    {
      preHandler: [requireStaff(), requirePermission('content:write', 'visits.stats')],
      schema: {
        tags: ['admin-stats'],
        summary: '访问统计：按日 PV/UV、访问最多的对象、各服务专区、各站点',
        description:
          '统计所选站点及其下级站点的访问；站点须在本人可管理范围内，缺省为本人所属站点；日期为北京时间，缺省为最近 30 天，一次最多 366 天。数据来自按日汇总（后台任务每 2 秒汇总新访问，统计比访问晚数秒）；访客数 UV 在 512 人以内精确，更多时为 HyperLogLog 估计，标准误差约 1.6%，跨日去重。',
        security,
        querystring: VisitStatsQuery,
        response: { 200: VisitStats, ...errors },
      },
    },
    async (req) => visits.stats(actorOf(req), req.query),
  );

  app.get(
    '/api/admin/stats/visits.csv',
    {
      preHandler: [requireStaff(), requirePermission('content:write', 'visits.export')],
      schema: {
        tags: ['admin-stats'],
        summary: '导出访问统计 CSV（按日、站点、对象明细）',
        description: "筛选条件同访问统计。UTF-8 带 BOM（Excel 可直接打开中文），表头为中文；以 = + - @ 开头的单元格前加 ' 防止公式注入。",
        security,
        querystring: VisitStatsQuery,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv; charset=utf-8' }), ...errors },
      },
    },
    async (req, reply) => {
      const { csv, filename } = await visits.csv(actorOf(req), req.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="visits.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );
};

export default fp(plugin, { name: 'visits', dependencies: ['sites', 'admin-auth', 'jobs'] });
