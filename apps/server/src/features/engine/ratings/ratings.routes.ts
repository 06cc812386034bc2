import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdminRatingList,
  AdminRatingQuery,
  ErrorBody,
  MyRatingList,
  RatingCreate,
  RatingStatsQuery,
  RatingStatsResponse,
  RatingView,
  RectificationAnswer,
  RectificationList,
  RectificationQuery,
  RectificationRow,
} from '@dz/contracts';
import { requireUser, userIdOf } from '../../../infra/http.js';
import { routeLimit } from '../../../infra/ip-limits.js';
import { actorOf, requireStaff } from '../../admin-auth/staff-guard.js';
import { RatingsService } from './ratings.service.js';

const citizen = [{ citizen: [] }];
const staff = [{ staff: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '编号' }) });

/** 好差评 and 整改 (engine-ratings): citizen rating, 我的评价, and the console's lists, answers and figures. */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const ratings = new RatingsService(app);
  app.decorate('ratings', ratings);

  app.post(
    '/api/cases/:id/rating',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: {
        tags: ['cases'],
        summary: '好差评：办结后评价办件（1–5，5 = 非常满意），每件一次',
        description:
          '仅申请人本人（否则 404）；未办结 409 CASE_NOT_COMPLETED；已评价 409 ALREADY_RATED。1–2 为差评，自动转承办部门整改（15 个工作日内答复）；部门答复后可再评价一次（round 2）。返回本次评价。',
        security: citizen,
        params: IdParams,
        body: RatingCreate,
        response: { 201: RatingView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await ratings.rate(userIdOf(req), req.params.id, req.body)),
  );

  app.get(
    '/api/ratings',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: { tags: ['cases'], summary: '我的评价（政务服务好差评）：办件、等级、时间与部门答复', security: citizen, response: { 200: MyRatingList, 401: ErrorBody } },
    },
    async (req) => ratings.mine(userIdOf(req)),
  );

  app.get(
    '/api/admin/ratings',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['admin-cases'],
        summary: '好差评列表（本站点及下级站点；评价人脱敏）',
        description: '需要办件受理或办件审核权限。from、to 为北京时间日期（含当日）。',
        security: staff,
        querystring: AdminRatingQuery,
        response: { 200: AdminRatingList, ...errors },
      },
    },
    async (req) => ratings.list(actorOf(req), req.query),
  );

  app.get(
    '/api/admin/ratings/stats',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['admin-cases'],
        summary: '好差评统计：按部门 / 事项 / 站点的各等级数量、差评率、满意率（满意与非常满意的占比）',
        security: staff,
        querystring: RatingStatsQuery,
        response: { 200: RatingStatsResponse, ...errors },
      },
    },
    async (req) => ratings.stats(actorOf(req), req.query),
  );

  app.get(
    '/api/admin/rectifications',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['admin-cases'],
        summary: '差评整改任务（待整改在前，按答复期限）',
        security: staff,
        querystring: RectificationQuery,
        response: { 200: RectificationList, ...errors },
      },
    },
    async (req) => ratings.rectifications(actorOf(req), req.query),
  );

  app.post(
    '/api/admin/rectifications/:id/answer',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['admin-cases'],
        summary: '答复差评整改（需办件受理权限）：答复以个人消息送达评价人，并显示在该评价下',
        description: '每个任务只能答复一次，重复答复 409 RECTIFICATION_ANSWERED。',
        security: staff,
        params: IdParams,
        body: RectificationAnswer,
        response: { 200: RectificationRow, ...errors },
      },
    },
    async (req) => ratings.answer(actorOf(req), req.params.id, req.body.answer),
  );
};

export default fp(plugin, { name: 'engine-ratings', dependencies: ['admin-auth'] });
