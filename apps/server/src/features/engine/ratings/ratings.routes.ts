import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Placeholder of the engine's ratings plugin (issue 10); its owner fills it in. */
const plugin: FastifyPluginAsyncTypebox = async () => {};

export default fp(plugin, { name: 'engine-ratings' });
