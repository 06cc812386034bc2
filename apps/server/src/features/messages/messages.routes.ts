/** 消息中心 (citizen inbox) and the console's 消息推送. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AdminMessageListQuery, AdminMessageView, CatalogSiteQuery, ErrorBody, IdParams, MessageListQuery, MessageReadAllQuery, MessageSendRequest, MessageUnreadCount, MessageView, OkResponse, Paged } from '@dz/contracts';
import { optionalUser, requireUser } from '../../infra/http.js';
import { unauthenticated } from '../../infra/errors.js';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { CONTENT_PERMISSION } from '../catalog/catalog.admin.service.js';
import { MessagesService } from './messages.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** 消息中心: personal notices from other features (notifyUser). */
    messages: MessagesService;
  }
}

const citizen = [{ citizen: [] }];
const security = [{ staff: [] }];
const adminErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const messages = new MessagesService(app.ctx, app.sites);
  app.decorate('messages', messages);
  const userOf = (userId: number | null): number => {
    if (userId === null) throw unauthenticated();
    return userId;
  };

  app.get(
    '/api/messages',
    {
      preHandler: requireUser,
      schema: {
        tags: ['messages'],
        summary: '我的消息：发给全部用户、当前站点（含上级站点）及本人的消息，最新在前',
        security: citizen,
        querystring: MessageListQuery,
        response: { 200: Paged(MessageView), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => messages.inbox(userOf(req.userId), req.query),
  );

  app.get(
    '/api/messages/unread-count',
    {
      preHandler: optionalUser,
      schema: { tags: ['messages'], summary: '未读消息数（未登录时为 0）', querystring: CatalogSiteQuery, response: { 200: MessageUnreadCount, 404: ErrorBody } },
    },
    async (req) => ({ count: await messages.unreadCount(req.userId, req.query.site) }),
  );

  app.post(
    '/api/messages/read-all',
    {
      preHandler: requireUser,
      schema: { tags: ['messages'], summary: '全部标为已读（指定站点时为该站点可见的消息，不指定时为所有站点）', security: citizen, querystring: MessageReadAllQuery, response: { 200: OkResponse, 401: ErrorBody, 404: ErrorBody } },
    },
    async (req) => {
      await messages.readAll(userOf(req.userId), req.query.site);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/messages/:id',
    {
      preHandler: requireUser,
      schema: { tags: ['messages'], summary: '消息详情（查看即标为已读）', security: citizen, params: IdParams, response: { 200: MessageView, 401: ErrorBody, 404: ErrorBody } },
    },
    async (req) => messages.open(userOf(req.userId), req.params.id),
  );

  const guard = requireStaff();
  const can = (action: string) => [guard, requirePermission(CONTENT_PERMISSION, action)];

  app.get(
    '/api/admin/messages',
    {
      preHandler: can('message.list'),
      schema: { tags: ['admin-catalog'], summary: '已发送的消息（本站点及下级站点；省级另含发给全部用户的消息）', security, querystring: AdminMessageListQuery, response: { 200: Paged(AdminMessageView), ...adminErrors } },
    },
    async (req) => messages.sentList(actorOf(req), req.query),
  );

  app.post(
    '/api/admin/messages',
    {
      preHandler: can('message.send'),
      schema: {
        tags: ['admin-catalog'],
        summary: '发送消息：全部用户（仅省级）、某站点及下级站点的用户，或按手机号指定的用户',
        security,
        body: MessageSendRequest,
        response: { 201: AdminMessageView, ...adminErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await messages.send(actorOf(req), req.body)),
  );
};

export default fp(plugin, { name: 'messages', dependencies: ['sites', 'admin-auth'] });
