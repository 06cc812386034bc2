import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AddressInfo } from 'node:net';
import {
  AdminPaymentListResponse,
  AdminPaymentQuery,
  AdminPaymentView,
  ErrorBody,
  JobStarted,
  ListPageQuery,
  PaymentListResponse,
  PaymentOrderView,
  ReconRunDetail,
  ReconRunInput,
  ReconRunView,
  RefundInput,
} from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { requireUser, userIdOf } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { PaymentsService } from './payments.service.js';
import { RECON_JOB, ReconciliationService } from './reconciliation.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    payments: PaymentsService;
    reconciliation: ReconciliationService;
  }
}

const citizen = [{ citizen: [] }];
const staff = [{ staff: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
/** How often expired orders are closed and pending write-offs retried. */
const SWEEP_MS = 30_000;

/** 统一支付服务: the citizen's orders, the gateway's notification, the console's orders and 对账. */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const notifyBase = () => {
    if (app.ctx.config.publicBaseUrl) return app.ctx.config.publicBaseUrl;
    const addr = app.server.address() as AddressInfo | null;
    return `http://127.0.0.1:${addr?.port ?? app.ctx.config.port}`;
  };
  const payments = new PaymentsService(app.ctx, app.sites, app.log, notifyBase);
  const reconciliation = new ReconciliationService(app.ctx, app.log, { purposes: payments.purposes });
  app.decorate('payments', payments);
  app.decorate('reconciliation', reconciliation);

  // On the jobs runner's leader only (it was a timer on every instance). The three passes are
  // idempotent; one failing does not stop the others, and the job records the error and retries.
  app.jobs.register(
    'payments.sweep',
    async () => {
      const results = await Promise.allSettled([payments.closeExpired(), payments.retrySettlements(), reconciliation.runDailyIfDue()]);
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      const why = failed.map((r) => (r.reason instanceof Error ? r.reason.message : String(r.reason))).join('；');
      if (failed.length) throw new AggregateError(failed.map((r) => r.reason as unknown), `关闭超时订单、重试入账（销账、确认挂号）或自动对账出错：${why}`);
    },
    { every: SWEEP_MS },
  );
  // 立即对账: any instance may take it (someone is waiting); one try, since the run retries the gateway itself.
  app.jobs.register(RECON_JOB, (payload, job) => reconciliation.runJob(payload, job), { anyInstance: true, maxAttempts: 1, permission: 'payment:manage' });

  app.get(
    '/api/payments',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: { tags: ['payments'], summary: '缴费记录：本人的支付订单，新的在前', security: citizen, querystring: ListPageQuery, response: { 200: PaymentListResponse, 401: ErrorBody } },
    },
    async (req) => {
      return payments.list(userIdOf(req), req.query.page ?? 1, req.query.pageSize ?? 20);
    },
  );

  app.get(
    '/api/payments/:orderId',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(240) },
      schema: {
        tags: ['payments'],
        summary: '支付订单详情（仅本人）',
        description: 'status: pending | paid | closed | refunded。待支付订单超过 3 秒未收到通知时，会向统一支付平台查询一次，以平台结果为准。',
        security: citizen,
        params: Type.Object({ orderId: Type.String({ maxLength: 32 }) }),
        response: { 200: PaymentOrderView, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      return payments.get(userIdOf(req), req.params.orderId, req.id);
    },
  );

  // The gateway's notification needs the raw body to check its signature, so it lives in its own
  // scope with a JSON parser that keeps the text.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    scope.post(
      '/api/payments/notify',
      {
        schema: {
          tags: ['payments'],
          summary: '统一支付平台异步通知（签名校验，金额校验，重复通知幂等）',
          description: '按 docs/partner-protocol.md 签名；返回信封 {code,message}，0000 表示已处理（重复通知同样返回 0000），其他代码支付平台会重试。',
          response: { 200: Type.Object({ code: Type.String(), message: Type.String(), data: Type.Null() }) },
        },
      },
      async (req) => {
        const r = await payments.notify(req.headers, req.url, typeof req.body === 'string' ? req.body : '');
        return { code: r.code, message: r.message, data: null };
      },
    );
  });

  // ---- console ---------------------------------------------------------------------------------

  app.get(
    '/api/admin/payments',
    {
      preHandler: [requireStaff(), requirePermission('payment:manage', 'payments.list')],
      schema: {
        tags: ['admin-payments'],
        summary: '支付订单（本人可管理站点及下级站点）',
        security: staff,
        querystring: AdminPaymentQuery,
        response: { 200: AdminPaymentListResponse, ...errors },
      },
    },
    async (req) => payments.adminList(actorOf(req), { ...req.query, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 }),
  );

  app.post(
    '/api/admin/payments/:orderId/refund',
    {
      preHandler: [requireStaff(), requirePermission('payment:manage', 'payments.refund')],
      schema: {
        tags: ['admin-payments'],
        summary: '退款（全额，不可撤销）',
        description: '仅已支付订单；已销账的先向缴费单位冲正（账单恢复为待缴）再退款；409 ORDER_NOT_REFUNDABLE；缴费单位或支付平台不可用时 503，订单保持已支付。',
        security: staff,
        params: Type.Object({ orderId: Type.String({ maxLength: 32 }) }),
        body: RefundInput,
        response: { 200: AdminPaymentView, ...errors, 409: ErrorBody, 503: ErrorBody },
      },
    },
    async (req) => payments.adminRefund(actorOf(req), req.params.orderId, req.body.reason),
  );

  app.get(
    '/api/admin/reconciliations',
    {
      preHandler: [requireStaff(), requirePermission('payment:manage', 'payments.reconciliations')],
      schema: { tags: ['admin-payments'], summary: '对账记录，新的在前（仅市级及以上站点）', security: staff, querystring: ListPageQuery, response: { 200: Type.Object({ items: Type.Array(ReconRunView), total: Type.Integer() }), ...errors } },
    },
    async (req) => reconciliation.list(actorOf(req), req.query.page ?? 1, req.query.pageSize ?? 20),
  );

  app.post(
    '/api/admin/reconciliations',
    {
      preHandler: [requireStaff(), requirePermission('payment:manage', 'payments.reconcile')],
      config: { rateLimit: routeLimit(10) },
      schema: { tags: ['admin-payments'], summary: '立即对账（后台任务）：取支付平台该日（北京时间）对账单与平台订单逐笔核对（仅市级及以上站点）',
        description: '立即返回 202 与任务编号，进度与结果见 GET /api/admin/jobs/{id}；该日已有对账在进行时返回同一任务（created 为 false）。对账单获取失败时按退避间隔重试两次，仍失败才记为失败（任务失败，原因为中文，超时会注明）；该日之后的任何一次对账都会替换之前失败的记录。',
        security: staff, body: ReconRunInput, response: { 202: JobStarted, ...errors, 409: ErrorBody } },
    },
    async (req, reply) => reply.code(202).send(await reconciliation.startRun(app.jobs, actorOf(req), req.body.date)),
  );

  app.get(
    '/api/admin/reconciliations/:id',
    {
      preHandler: [requireStaff(), requirePermission('payment:manage', 'payments.reconciliations')],
      schema: { tags: ['admin-payments'], summary: '对账结果与差异明细（仅市级及以上站点）', security: staff, params: Type.Object({ id: Type.Integer() }), response: { 200: ReconRunDetail, ...errors } },
    },
    async (req) => reconciliation.detail(actorOf(req), req.params.id),
  );
};

export default fp(plugin, { name: 'payments', dependencies: ['sites', 'admin-auth', 'jobs'] });
