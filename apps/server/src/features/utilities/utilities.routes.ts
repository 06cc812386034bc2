import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreatePaymentResponse,
  ErrorBody,
  GasAccountsResponse,
  GasBillsQuery,
  GasBillsResponse,
  GasPaymentRequest,
  WaterAccountsResponse,
  WaterBillsQuery,
  WaterBillsResponse,
  WaterPaymentRequest,
} from '@dz/contracts';
import { requireUser, userIdOf } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { CITY_SITE } from '../../partners/endpoints.js';
import { utilityPurpose } from './utilities.purpose.js';
import { GAS, UtilitiesService, WATER, type CallMeta } from './utilities.service.js';

const security = [{ citizen: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody, 503: ErrorBody };
const SiteQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '站点代码，缺省为达州市 511700；决定使用哪个站点配置的企业接口' })) });

function meta(req: FastifyRequest, site: string | undefined): CallMeta {
  return { site: site ?? CITY_SITE, requestId: req.id };
}


/** 水电服务 / 燃气服务: accounts, bills and payments (API.md "Utilities"). */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const water = new UtilitiesService(app.ctx, app.payments, app.utilityConnector, WATER);
  const gas = new UtilitiesService(app.ctx, app.payments, app.utilityConnector, GAS);
  // 水费 and 燃气费 are purposes of the payments core: it settles (销账) and reverses (冲正) through them.
  app.payments.registerPurpose(utilityPurpose(app.ctx, WATER));
  app.payments.registerPurpose(utilityPurpose(app.ctx, GAS));
  const origin = (req: FastifyRequest) => (app.ctx.config.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');

  app.get(
    '/api/water/accounts',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags: ['utilities'],
        summary: '水费缴纳：按登录身份从自来水公司匹配本人的用水户，并列出缴费单位',
        description: '需实名认证（403 REALNAME_REQUIRED）；自来水公司系统不可用时 3 秒内返回 503 PARTNER_UNAVAILABLE。',
        security,
        querystring: SiteQuery,
        response: { 200: WaterAccountsResponse, ...errors },
      },
    },
    async (req) => {
      const r = await water.accounts(userIdOf(req), meta(req, req.query.site));
      return { accounts: r.accounts.map(({ accountNo, ...a }) => ({ cardNo: accountNo, ...a })), units: r.units };
    },
  );

  app.get(
    '/api/water/bills',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags: ['utilities'],
        summary: '水费账单查询：按卡号查询近12个月账单（用量、金额、状态）与缴费记录',
        description: '404 ACCOUNT_NOT_FOUND 卡号不存在；settling 表示已通过本平台缴费、自来水公司尚在销账；地址只显示到街道；每人每天最多查询 30 个不同卡号（429）。',
        security,
        querystring: WaterBillsQuery,
        response: { 200: WaterBillsResponse, ...errors },
      },
    },
    async (req) => {
      const { accountNo, ...rest } = await water.bills(userIdOf(req), req.query.cardNo, meta(req, req.query.site));
      return { cardNo: accountNo, ...rest };
    },
  );

  app.post(
    '/api/water/payments',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags: ['utilities'],
        summary: '水费缴纳：为所选账单创建支付订单，返回统一支付平台收银台地址',
        description: '金额以自来水公司账单为准；已缴或销账中的账单 409 BILL_NOT_PAYABLE；同一账单的未支付订单会被复用。',
        security,
        body: WaterPaymentRequest,
        response: { 201: CreatePaymentResponse, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = await water.pay(userIdOf(req), b.cardNo, b.billIds, b.channel ?? 'wechat', origin(req), meta(req, b.site));
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/gas/accounts',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags: ['utilities'],
        summary: '燃气：按登录身份从燃气公司匹配本人的燃气用户编号',
        description: '需实名认证（403 REALNAME_REQUIRED）；燃气公司系统不可用时 3 秒内返回 503。',
        security,
        querystring: SiteQuery,
        response: { 200: GasAccountsResponse, ...errors },
      },
    },
    async (req) => {
      const r = await gas.accounts(userIdOf(req), meta(req, req.query.site));
      return { accounts: r.accounts.map(({ accountNo, ...a }) => ({ customerNo: accountNo, ...a })), units: r.units };
    },
  );

  app.get(
    '/api/gas/bills',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags: ['utilities'],
        summary: '燃气账单查询：按燃气用户编号查询应缴金额、账单与缴费记录',
        security,
        querystring: GasBillsQuery,
        response: { 200: GasBillsResponse, ...errors },
      },
    },
    async (req) => {
      const { accountNo, ...rest } = await gas.bills(userIdOf(req), req.query.customerNo, meta(req, req.query.site));
      return { customerNo: accountNo, ...rest };
    },
  );

  app.post(
    '/api/gas/payments',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags: ['utilities'],
        summary: '气费缴纳：为所选账单创建支付订单，返回统一支付平台收银台地址',
        security,
        body: GasPaymentRequest,
        response: { 201: CreatePaymentResponse, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = await gas.pay(userIdOf(req), b.customerNo, b.billIds, b.channel ?? 'wechat', origin(req), meta(req, b.site));
      return reply.status(201).send(r);
    },
  );
};

export default fp(plugin, { name: 'utilities', dependencies: ['payments'] });
