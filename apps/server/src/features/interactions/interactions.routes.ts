import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdminCaseDetailQuery,
  AdminCaseSiteQuery,
  AdminInteractionActionBody,
  AdminInteractionCounts,
  AdminInteractionDetail,
  AdminInteractionList,
  AdminInteractionQuery,
  ErrorBody,
  INTERACTION_KIND,
  InteractionCreate,
  InteractionCreated,
  InteractionDetail,
  InteractionFollowUp,
  InteractionMine,
  InteractionMineQuery,
  InteractionSettings,
  InteractionSettingsSave,
  InteractionStats,
  InteractionStatsQuery,
  PublicInteractionDetail,
  PublicInteractionList,
  PublicInteractionQuery,
} from '@dz/contracts';
import { requireUser, userIdOf } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { actorOf, requireStaff } from '../admin-auth/staff-guard.js';
import { InteractionsAdminService } from './interactions.admin.service.js';
import { InteractionsService } from './interactions.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** 互动's services (the escalation sweep is callable from tests). */
    interactions: InteractionsService;
  }
}

const tags = ['互动'];
const citizen = [{ citizen: [] }];
const staffSec = [{ staff: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '编号' }) });
const FileParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '编号' }), fileId: Type.String({ maxLength: 40, title: '文件' }) });
const SiteQuery = Type.Object({ site: Type.String({ pattern: '^\\d{6}$', title: '站点' }) });

/**
 * 互动 (issue 11): 我要咨询 / 建议 / 投诉 on the applications engine, 我的回复, 追问, 答复公开,
 * 数据统计, and the console's 互动受理 (queues, actions, statistics, 答复时限). 常见问题 and 答复模板
 * are features/faqs.
 */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const svc = new InteractionsService(app);
  const admin = new InteractionsAdminService(app, svc);
  app.decorate('interactions', svc);
  // The engine sends 互动's own notices (to 我的回复) instead of the 办件 ones.
  app.cases.registerKind(INTERACTION_KIND, { notify: (row, action, opts) => svc.notify(row, action, opts) });
  app.jobs.register('interactions.escalate', async () => ({ escalated: await svc.escalate() }), { every: 600_000 });

  // ---- citizen ---------------------------------------------------------------------------------

  app.post(
    '/api/interactions',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(10) },
      schema: {
        tags,
        summary: '我要咨询 / 建议 / 投诉',
        description:
          '标题 4–50 字、内容 10–1000 字，不得含敏感词、网页代码或大量重复字符；图片最多 9 张且须为本人上传；联系电话缺省为登录手机号；部门须为本地区部门（不选为“不清楚”，由工作人员分派）。不合格 400（fields 按字段给出中文提示，且不保存任何内容）；每人每天最多 5 条（429 INTERACTION_DAILY_LIMIT）；24 小时内重复提交相同内容 409。',
        security: citizen,
        body: InteractionCreate,
        response: { 201: InteractionCreated, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.create(userIdOf(req), req.body)),
  );

  app.get(
    '/api/interactions/mine',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: { tags, summary: '我的回复：本人的咨询 / 建议 / 投诉，最新在前，含未读答复数', security: citizen, querystring: InteractionMineQuery, response: { 200: InteractionMine, 401: ErrorBody } },
    },
    async (req) => svc.mine(userIdOf(req), req.query),
  );

  // Public routes are declared before /:id so their static paths win.
  app.get(
    '/api/interactions/public',
    {
      config: { rateLimit: routeLimit(240) },
      schema: { tags, summary: '答复公开：经群众同意并由工作人员审核公开的答复（已脱敏），含下级站点', querystring: PublicInteractionQuery, response: { 200: PublicInteractionList, 400: ErrorBody, 404: ErrorBody } },
    },
    async (req) => svc.publicList(req.query),
  );

  app.get(
    '/api/interactions/public/:id',
    {
      config: { rateLimit: routeLimit(240) },
      schema: { tags, summary: '答复公开详情（未公开的 404）', params: IdParams, response: { 200: PublicInteractionDetail, 404: ErrorBody } },
    },
    async (req) => svc.publicDetail(req.params.id),
  );

  app.get(
    '/api/interactions/stats',
    {
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags,
        summary: '数据统计：提交量、答复量、答复率、平均答复时长，按类型 / 月份 / 部门 / 状态',
        description: 'from、to 为 YYYY-MM（含），默认截至本月（北京时间）的最近 12 个月，每个月都列出（无数据为 0）；含下级站点。',
        querystring: InteractionStatsQuery,
        response: { 200: InteractionStats, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => svc.publicStats(req.query),
  );

  app.get(
    '/api/interactions/:id',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: { tags, summary: '我的回复详情：问题、受理与答复过程、追问；打开即标记答复已读', security: citizen, params: IdParams, response: { 200: InteractionDetail, 401: ErrorBody, 404: ErrorBody } },
    },
    async (req) => svc.detail(userIdOf(req), req.params.id),
  );

  app.post(
    '/api/interactions/:id/follow-up',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(10) },
      schema: { tags, summary: '追问：收到答复后可追问一次（500 字内），重新计算答复时限', security: citizen, params: IdParams, body: InteractionFollowUp, response: { 200: InteractionDetail, ...errors } },
    },
    async (req) => svc.followUp(userIdOf(req), req.params.id, req.body.content),
  );

  app.post(
    '/api/interactions/:id/withdraw',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: { tags, summary: '撤回（仅待审核时）', security: citizen, params: IdParams, response: { 200: InteractionDetail, ...errors } },
    },
    async (req) => svc.withdraw(userIdOf(req), req.params.id),
  );

  // ---- console ---------------------------------------------------------------------------------

  app.get(
    '/api/admin/interactions',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: '互动受理：本站点及下级站点的咨询 / 建议 / 投诉（按队列、状态、类型、部门、关键词）',
        description: 'queue：review 待审核、processing 待答复、due-soon 即将超时（2 个工作日内）、overdue 已超时、supervise 督办、replied 已答复、closed 未受理/已撤回、all 全部。q 为编号前缀或标题关键词。需“互动受理答复”或“互动督办”权限。',
        security: staffSec,
        querystring: AdminInteractionQuery,
        response: { 200: AdminInteractionList, ...errors },
      },
    },
    async (req) => admin.list(actorOf(req), req.query),
  );

  app.get(
    '/api/admin/interactions/counts',
    { preHandler: requireStaff(), schema: { tags, summary: '互动受理各队列数量', security: staffSec, querystring: AdminCaseSiteQuery, response: { 200: AdminInteractionCounts, ...errors } } },
    async (req) => admin.counts(actorOf(req), req.query.site),
  );

  app.get(
    '/api/admin/interactions/stats',
    { preHandler: requireStaff(), schema: { tags, summary: '互动统计（本站点及下级站点）', security: staffSec, querystring: InteractionStatsQuery, response: { 200: InteractionStats, ...errors } } },
    async (req) => admin.stats(actorOf(req), req.query),
  );

  app.get(
    '/api/admin/interactions/stats.csv',
    {
      preHandler: requireStaff(),
      schema: { tags, summary: '互动统计导出 CSV（每月每类一行加合计；UTF-8 带 BOM，中文表头）', security: staffSec, querystring: InteractionStatsQuery, response: { 200: Type.String({ description: 'text/csv' }), ...errors } },
    },
    async (req, reply) => {
      const { filename, body } = await admin.csv(actorOf(req), req.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(`互动统计-${filename.slice('interactions-stats-'.length)}`)}`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  app.get(
    '/api/admin/interactions/settings',
    { preHandler: requireStaff(), schema: { tags, summary: '答复时限（工作日，按类型；县区未设置时沿用市级）', security: staffSec, querystring: SiteQuery, response: { 200: InteractionSettings, ...errors } } },
    async (req) => admin.settings(actorOf(req), req.query.site),
  );

  app.put(
    '/api/admin/interactions/settings',
    {
      preHandler: requireStaff(),
      schema: { tags, summary: '修改答复时限（发布各类型流程的新版本；需“内容管理”权限，记入审计日志）', security: staffSec, body: InteractionSettingsSave, response: { 200: InteractionSettings, ...errors } },
    },
    async (req) => admin.saveSettings(actorOf(req), req.body),
  );

  app.get(
    '/api/admin/interactions/:id',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: '互动详情（工作人员）：问题、对话、办理过程、可执行的操作、公开预览',
        description: '联系电话默认脱敏；full=1 显示完整信息，需“查看办件完整个人信息”权限。每次查看记入审计日志。',
        security: staffSec,
        params: IdParams,
        querystring: AdminCaseDetailQuery,
        response: { 200: AdminInteractionDetail, ...errors },
      },
    },
    async (req) => admin.detail(actorOf(req), req.params.id, req.query.full === '1' || req.query.full === 'true'),
  );

  app.get(
    '/api/admin/interactions/:id/files/:fileId',
    { preHandler: requireStaff(), schema: { tags, summary: '查看互动的图片（记入审计日志）', security: staffSec, params: FileParams, response: errors } },
    async (req, reply) => {
      const f = await admin.file(actorOf(req), req.params.id, req.params.fileId);
      return reply.header('content-type', f.mime).header('cache-control', 'private, no-store').header('content-security-policy', "default-src 'none'; sandbox").send(f.content as never);
    },
  );

  app.post(
    '/api/admin/interactions/:id/actions',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: '办理互动：审核通过（可指定部门）、不予受理、转办、答复（可同时同意公开）、同意公开、撤销公开、督办',
        description: '状态不允许或他人已先处理（version 不一致）时 409。公开须群众选择公开且已答复，公开文本自动脱敏（手机号、身份证号、姓名）。督办需“互动督办”权限。每次操作记入审计日志。',
        security: staffSec,
        params: IdParams,
        body: AdminInteractionActionBody,
        response: { 200: AdminInteractionDetail, ...errors },
      },
    },
    async (req) => admin.act(actorOf(req), req.params.id, req.body),
  );
};

export default fp(plugin, { name: 'interactions', dependencies: ['admin-auth', 'messages', 'files', 'jobs', 'engine-cases', 'engine-ratings'] });
