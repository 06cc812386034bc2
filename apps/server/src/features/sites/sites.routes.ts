import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SiteNode } from '@dz/contracts';
import { SitesService } from './sites.service.js';
import { notFound } from '../../infra/errors.js';
import { publishedRoute } from '../../infra/published.js';

declare module 'fastify' {
  interface FastifyInstance {
    sites: SitesService;
  }
}

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  app.decorate('sites', app.ctx.sites);

  app.get('/api/sites', { ...publishedRoute(app), schema: { tags: ['sites'], summary: '站点树：四川省 → 达州市 → 区县', response: { 200: SiteNode } } }, async (req, reply) =>
    app.published.serve(req, reply, 'sites', async () => {
      const tree = await app.sites.tree();
      if (!tree) throw notFound('站点数据缺失');
      return { body: tree };
    }),
  );

  app.get(
    '/api/sites/locate',
    {
      schema: {
        tags: ['sites'],
        summary: '按经纬度返回最近的站点',
        querystring: Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) }),
        response: { 200: Type.Object({ code: Type.String(), name: Type.String() }) },
      },
    },
    async (req) => {
      const s = await app.sites.nearest(req.query.lat, req.query.lng);
      if (!s) throw notFound('没有可用的站点');
      return { code: s.code, name: s.name };
    },
  );
};

export default fp(plugin, { name: 'sites', dependencies: ['published'] });
