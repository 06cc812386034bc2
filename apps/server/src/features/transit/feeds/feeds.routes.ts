import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, FeedImportResponse, FeedListResponse } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../../admin-auth/staff-guard.js';
import { routeLimit } from '../../../infra/ip-limits.js';
import { FEED_MAX_BYTES, FEED_PERMISSION, FeedsService, notAZip } from './feeds.service.js';

const security = [{ staff: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const SiteQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点', description: '站点代码，缺省为本人所属站点' })) });

/**
 * 公交数据: the console's GTFS import and its history. The multipart parser is the one the files
 * feature registers; the upload's own size cap is given per request.
 */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const service = new FeedsService(app.ctx);
  const guard = (action: string) => [requireStaff(), requirePermission(FEED_PERMISSION, action)];

  app.post(
    '/api/admin/transit/feeds',
    {
      preHandler: guard('transit.feed.import'),
      config: { rateLimit: routeLimit(10) },
      bodyLimit: FEED_MAX_BYTES,
      schema: {
        tags: ['admin-transit'],
        summary: '导入 GTFS 公交数据（multipart/form-data，字段 file，.zip）',
        description:
          '按内容识别 zip（不看文件名），不超过 300MB。校验通过后替换该站点在用的公交数据（旧数据标记为已替换并删除）；校验未通过返回 400 GTFS_INVALID，details.errors 列出文件、行号和问题（最多 100 条），在用数据不变。同一站点同时只能有一个导入（409）。',
        security,
        consumes: ['multipart/form-data'],
        querystring: SiteQuery,
        response: { 201: FeedImportResponse, ...errors, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const site = await service.siteOf(actor, req.query.site, 'transit.feed.import');
      if (!req.isMultipart()) throw notAZip();
      const part = await req.file({ limits: { fileSize: FEED_MAX_BYTES, files: 1, fields: 2, parts: 3 } });
      if (!part) throw notAZip();
      const result = await service.upload(actor, site, part.filename || 'gtfs.zip', part.file);
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/api/admin/transit/feeds',
    {
      preHandler: guard('transit.feed.list'),
      schema: { tags: ['admin-transit'], summary: '公交数据导入记录（最新在前，最多 20 条；使用中的为当前数据）', security, querystring: SiteQuery, response: { 200: FeedListResponse, ...errors } },
    },
    async (req) => {
      const site = await service.siteOf(actorOf(req), req.query.site, 'transit.feed.list');
      return { items: await service.list(site) };
    },
  );
};

export default fp(plugin, { name: 'transit-feeds', dependencies: ['sites', 'admin-auth', 'files'] });
