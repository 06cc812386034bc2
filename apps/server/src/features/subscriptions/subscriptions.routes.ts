import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppCard, ErrorBody, Footprints, IdParams, SubscriptionParams } from '@dz/contracts';
import { requireUser } from '../../infra/http.js';
import { unauthenticated } from '../../infra/errors.js';
import { FootprintsService, SubscriptionsService } from './subscriptions.service.js';

const security = [{ citizen: [] }];

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const subscriptions = new SubscriptionsService(app.ctx.db);
  const footprints = new FootprintsService(app.ctx.db);
  const userOf = (id: number | null): number => {
    if (!id) throw unauthenticated();
    return id;
  };

  app.get(
    '/api/me/subscriptions',
    {
      preHandler: requireUser,
      schema: {
        tags: ['me'],
        summary: '我的订阅：订阅的服务（最近订阅的在前）',
        description: '订阅后被下线的服务仍会列出（status 为 offline），方便用户取消订阅。',
        security,
        response: { 200: Type.Array(AppCard), 401: ErrorBody },
      },
    },
    async (req) => subscriptions.list(userOf(req.userId)),
  );

  app.put(
    '/api/me/subscriptions/:appId',
    {
      preHandler: requireUser,
      schema: {
        tags: ['me'],
        summary: '订阅一个服务（重复订阅无副作用）',
        security,
        params: SubscriptionParams,
        response: { 204: Type.Null(), 401: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      await subscriptions.subscribe(userOf(req.userId), req.params.appId);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/me/subscriptions/:appId',
    { preHandler: requireUser, schema: { tags: ['me'], summary: '取消订阅', security, params: SubscriptionParams, response: { 204: Type.Null(), 401: ErrorBody } } },
    async (req, reply) => {
      await subscriptions.unsubscribe(userOf(req.userId), req.params.appId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me/footprints',
    {
      preHandler: requireUser,
      schema: {
        tags: ['me'],
        summary: '我的足迹：看过的事项、服务、资讯与专区（各最多 50 条，最近的在前）',
        description: '足迹由 POST /api/visits 在登录状态下记录。',
        security,
        response: { 200: Footprints, 401: ErrorBody },
      },
    },
    async (req) => footprints.list(`u:${userOf(req.userId)}`),
  );

  app.delete(
    '/api/me/footprints/:id',
    { preHandler: requireUser, schema: { tags: ['me'], summary: '删除一条足迹', security, params: IdParams, response: { 204: Type.Null(), 401: ErrorBody, 404: ErrorBody } } },
    async (req, reply) => {
      await footprints.remove(`u:${userOf(req.userId)}`, req.params.id);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/me/footprints',
    { preHandler: requireUser, schema: { tags: ['me'], summary: '清空我的足迹', security, response: { 204: Type.Null(), 401: ErrorBody } } },
    async (req, reply) => {
      await footprints.clear(`u:${userOf(req.userId)}`);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'subscriptions' });
