import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CITY_SITE, ErrorBody, HistoryEntry, HistoryTermParams, HotQuery, HotTerm, PinnedQuery, PinnedTerm, PinRequest, SearchQuery, SearchResult, UnpinQuery } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { optionalUser } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { ownerKey } from '../visits/visitor.js';
import { publishedRoute } from '../../infra/published.js';
import { SearchIndexService } from './search-index.service.js';
import { HotTermCounter, SearchService } from './search.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The search index of this instance, rebuilt when the content version moves (a console write
     * to content bumps it: infra/published.ts), so a change is searchable on every instance within ~1 s.
     */
    searchIndex: SearchIndexService;
    /** Hot-term counts waiting to be written; `flush()` writes them now (shutdown does it too). */
    searchHotTerms: HotTermCounter;
  }
}

const owner = {
  description: '搜索历史属于登录的用户；未登录时属于请求头 x-device-id 标识的设备（H5 在 localStorage 中保存的随机 id，16–64 位字母数字），服务器只保存其摘要。两者都没有时不记录历史。',
};
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ staff: [] }];

const HOT_TERMS_MAX_AGE_MS = 30_000;

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const index = new SearchIndexService(app.ctx.db, app.contentVersion, app.log);
  app.decorate('searchIndex', index);
  const hot = new HotTermCounter(app.ctx.db, app.log, () => app.published.drop('hot:'));
  app.decorate('searchHotTerms', hot);
  const search = new SearchService(app.ctx.db, app.sites, index, hot, app.ctx.audit);
  app.addHook('onClose', async () => hot.close());

  app.get(
    '/api/search',
    {
      preHandler: optionalUser,
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags: ['search'],
        summary: '搜索事项、服务（应用）与资讯：支持汉字、全拼与拼音首字母',
        description: `按名称 > 关键词 > 正文的匹配位置排序，同类再按热度；只含本站点及上级站点的内容，已下线的应用和事项、未发布的资讯不会出现。${owner.description}`,
        querystring: SearchQuery,
        response: { 200: SearchResult, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req) => search.search(req.query.q, req.query.site ?? CITY_SITE, req.query.limit ?? 20, ownerKey(req), req.query.record ?? true),
  );

  app.get(
    '/api/search/hot',
    {
      ...publishedRoute(app),
      schema: {
        tags: ['search'],
        summary: '热门搜索：运营置顶的词在前，其余按搜索次数，最多 10 个',
        querystring: HotQuery,
        response: { 200: Type.Array(HotTerm), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const site = req.query.site ?? CITY_SITE;
      // Pins are content (they bump the version); the counts move with every search, so the list
      // is also rebuilt every 30 s.
      return app.published.serve(req, reply, `hot:${site}`, async (now) => ({ body: await search.hotTerms(site), changesAt: now + HOT_TERMS_MAX_AGE_MS }));
    },
  );

  app.get(
    '/api/search/history',
    { preHandler: optionalUser, schema: { tags: ['search'], summary: '搜索历史（最近的在前，最多 20 条）', description: owner.description, response: { 200: Type.Array(HistoryEntry) } } },
    async (req) => search.history(ownerKey(req)),
  );

  app.delete(
    '/api/search/history/:term',
    {
      preHandler: optionalUser,
      schema: { tags: ['search'], summary: '删除一条搜索历史', description: owner.description, params: HistoryTermParams, response: { 204: Type.Null(), 400: ErrorBody } },
    },
    async (req, reply) => {
      await search.forget(ownerKey(req), req.params.term);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/search/history',
    { preHandler: optionalUser, schema: { tags: ['search'], summary: '清空搜索历史', description: owner.description, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await search.forgetAll(ownerKey(req));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/search/pinned',
    {
      preHandler: [requireStaff(), requirePermission('content:write', 'search.pinned')],
      schema: { tags: ['admin-pages'], summary: '置顶的热门搜索词（本站点）', security, querystring: PinnedQuery, response: { 200: Type.Array(PinnedTerm), ...errors } },
    },
    async (req) => search.pinned(actorOf(req), req.query.site),
  );

  app.post(
    '/api/admin/search/pinned',
    {
      preHandler: [requireStaff(), requirePermission('content:write', 'search.pin')],
      schema: {
        tags: ['admin-pages'],
        summary: `置顶一个热门搜索词（每个站点最多 10 个；下级站点也会显示）`,
        security,
        body: PinRequest,
        response: { 201: Type.Array(PinnedTerm), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await search.pin(actorOf(req), req.body.term, req.body.site)),
  );

  app.delete(
    '/api/admin/search/pinned',
    {
      preHandler: [requireStaff(), requirePermission('content:write', 'search.unpin')],
      schema: { tags: ['admin-pages'], summary: '取消置顶热门搜索词', security, querystring: UnpinQuery, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await search.unpin(actorOf(req), req.query.term, req.query.site);
      return reply.status(204).send();
    },
  );
};

export default fp(plugin, { name: 'search', dependencies: ['sites', 'admin-auth', 'published'] });
