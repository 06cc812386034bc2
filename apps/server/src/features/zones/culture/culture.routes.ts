/** 场馆预约: 图书馆, 文化馆 (issue 15). */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const plugin: FastifyPluginAsyncTypebox = async () => {};

export default fp(plugin, { name: 'culture' });
