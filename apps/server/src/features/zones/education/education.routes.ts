/**
 * 文体教育: 中考成绩查询 (captcha with an accessible alternative, one answer for every mismatch,
 * wrong-try limits) and 资助政策查询 with its console CRUD (issue 15).
 */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AidCategoryT,
  AidPolicyAdminInput,
  AidPolicyAdminList,
  AidPolicyAdminView,
  AidPolicyList,
  AidPolicyQuery,
  AidPolicyView,
  CaptchaResponse,
  DevCaptchaResponse,
  ErrorBody,
  ExamScoreQuery,
  ExamScoreResult,
  EXAM_WRONG_LIMIT,
} from '@dz/contracts';
import { optionalUser } from '../../../infra/http.js';
import { isLocalRequest, routeLimit } from '../../../infra/ip-limits.js';
import { AppError } from '../../../infra/errors.js';
import { publishedRoute } from '../../../infra/published.js';
import { actorOf, requirePermission, requireStaff } from '../../admin-auth/staff-guard.js';
import { CaptchaService } from './captcha.service.js';
import { EXAM_NOT_FOUND_BODY, ExamScoresService, LOCK_MS, MIN_ANSWER_MS } from './exam-scores.service.js';
import { AID_POLICY_PERMISSION, AidPoliciesService } from './aid-policies.service.js';

const tags = ['education'];
const adminTags = ['admin-education'];
const adminErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const PolicyParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '政策编号' }) });
const CaptchaParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, title: '验证码编号' }) });
const AdminListQuery = Type.Object({
  site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点', description: '站点代码，缺省为本人所属站点' })),
  category: Type.Optional(AidCategoryT),
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const captchas = new CaptchaService(app.ctx.kv);
  // app.bureaus is decorated by the engine's bureaus plugin; read it per call, not at registration.
  const exams = new ExamScoresService(app.ctx, () => app.bureaus, captchas);
  const policies = new AidPoliciesService(app.ctx.db, app.sites, app.ctx.audit, app.contentVersion);
  const pub = publishedRoute(app);
  const guard = (action: string) => [requireStaff(), requirePermission(AID_POLICY_PERMISSION, action)];

  // ---- 中考成绩 ----------------------------------------------------------------------------------

  app.get(
    '/api/education/captcha',
    {
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags,
        summary: '获取中考成绩查询的图形验证码（附无障碍替代问题）',
        description: '返回 SVG 图片（data URL）及一道简单算术题，填写图片中的字符（不区分大小写）或算术题答案均可。5 分钟内有效，只能使用一次。',
        response: { 200: CaptchaResponse, 429: ErrorBody },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      return captchas.create();
    },
  );

  // A dev tool that reads captchas, so it exists only in the embedded profile and answers only on
  // the machine itself (as the SMS outbox does): the e2e suite logs in through it.
  if (app.ctx.config.profile === 'embedded') {
    app.get(
      '/api/dev/captchas/:id',
      {
        config: { rateLimit: routeLimit(120) },
        onRequest: async (req) => {
          if (!isLocalRequest(req)) throw new AppError(404, 'NOT_FOUND', '接口不存在，请检查地址');
        },
        schema: {
          tags: ['platform'],
          summary: '开发工具：查看验证码的字符与替代问题答案（仅嵌入式配置、仅限本机访问，不消耗验证码）',
          params: CaptchaParams,
          response: { 200: DevCaptchaResponse, 404: ErrorBody },
        },
      },
      async (req) => {
        const c = await captchas.peek(req.params.id);
        if (!c) throw new AppError(404, 'NOT_FOUND', '验证码不存在或已失效');
        return { text: c.text, answer: c.answer };
      },
    );
  }

  app.post(
    '/api/education/exam-scores',
    {
      preHandler: optionalUser,
      // A burst guard only; the wrong-try lock (per IP and per ID number) is the real limit.
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags,
        summary: '中考成绩查询（身份证号、报名号、准考证号及验证码）',
        description: `三项与教育局记录一致时返回成绩（姓名脱敏）；任一项不符一律 404 EXAM_SCORE_NOT_FOUND（同一答复，不提示哪一项有误）。验证码错误 400 CAPTCHA_INVALID。同一身份证号或同一网络连续查错 ${EXAM_WRONG_LIMIT} 次后锁定 ${LOCK_MS / 60_000} 分钟（429 EXAM_QUERY_LOCKED，details.retryAfterSeconds）；锁定时先于验证码返回，验证码不被消耗。教育局系统不可用时 503。`,
        body: ExamScoreQuery,
        response: { 200: ExamScoreResult, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody, 502: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) => {
      const started = Date.now();
      // Every answer leaves no sooner than MIN_ANSWER_MS after arrival, errors included.
      const pad = () => sleep(Math.max(0, started + MIN_ANSWER_MS - Date.now()));
      reply.header('cache-control', 'no-store');
      let outcome;
      try {
        outcome = await exams.query(req.body, { userId: req.userId ?? null, ip: req.ip, requestId: req.id });
      } catch (err) {
        await pad();
        throw err;
      }
      await pad();
      if (outcome.kind === 'found') return outcome.result;
      return reply.status(404).send({ ...EXAM_NOT_FOUND_BODY });
    },
  );

  // ---- 资助政策 ----------------------------------------------------------------------------------

  app.get(
    '/api/education/aid-policies',
    {
      ...pub,
      schema: {
        tags,
        summary: '学生资助政策列表（可按学段筛选，按名称、拼音、首字母或正文关键字搜索）',
        description: '区县站点同时列出本区县与达州市的政策；已失效的政策仍列出，inForce 为 false。',
        querystring: AidPolicyQuery,
        response: { 200: AidPolicyList, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const { site, category, q } = req.query;
      const query = q?.trim() ?? '';
      // The whole list per (site, category) is the kept bytes; a keyword filters the kept list in memory.
      if (!query) return app.published.serve(req, reply, `aid-policies:${site ?? ''}:${category ?? ''}`, () => policies.list(site, category, undefined));
      reply.header('cache-control', 'no-store');
      return (await policies.list(site, category, query)).body;
    },
  );

  app.get(
    '/api/education/aid-policies/:id',
    {
      ...pub,
      schema: {
        tags,
        summary: '学生资助政策详情（资助对象、标准、申请程序，附件下载）',
        params: PolicyParams,
        response: { 200: AidPolicyView, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => app.published.serve(req, reply, `aid-policy:${req.params.id}`, () => policies.view(req.params.id)),
  );

  // ---- console: 资助政策管理 ----------------------------------------------------------------------

  app.get(
    '/api/admin/education/aid-policies',
    {
      preHandler: guard('education.aid-policy.list'),
      schema: { tags: adminTags, summary: '资助政策管理：本站点的资助政策（含未发布）', security: [{ staff: [] }], querystring: AdminListQuery, response: { 200: AidPolicyAdminList, ...adminErrors } },
    },
    async (req) => policies.adminList(await policies.siteOf(actorOf(req), req.query.site, 'education.aid-policy.list'), req.query.category),
  );

  app.post(
    '/api/admin/education/aid-policies',
    {
      preHandler: guard('education.aid-policy.create'),
      schema: {
        tags: adminTags,
        summary: '新增资助政策',
        description: '正文富文本经过清理（脚本、事件属性等被移除）；附件须为本站点文件中心中的文件。',
        security: [{ staff: [] }],
        body: AidPolicyAdminInput,
        response: { 201: AidPolicyAdminView, ...adminErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await policies.create(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/education/aid-policies/:id',
    {
      preHandler: guard('education.aid-policy.update'),
      schema: { tags: adminTags, summary: '修改资助政策', security: [{ staff: [] }], params: PolicyParams, body: AidPolicyAdminInput, response: { 200: AidPolicyAdminView, ...adminErrors } },
    },
    async (req) => policies.update(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/education/aid-policies/:id',
    {
      preHandler: guard('education.aid-policy.delete'),
      schema: { tags: adminTags, summary: '删除资助政策', security: [{ staff: [] }], params: PolicyParams, response: { 204: Type.Null(), ...adminErrors } },
    },
    async (req, reply) => {
      await policies.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'education', dependencies: ['sites', 'admin-auth', 'published', 'engine-bureaus'] });
