import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BureauConnector } from '../../../partners/connectors/bureaus.js';

/**
 * The engine's bureaus plugin (issue 10): decorates `app.bureaus`, the typed client of the bureau
 * systems that the cases engine hands cases to and reads 即办 / 查询 results from. It has no routes
 * of its own: bureau endpoints are configured in 接口管理 like every partner system.
 */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  app.decorate('bureaus', new BureauConnector(app.ctx.partners));
};

export default fp(plugin, { name: 'engine-bureaus' });
