/** 旅游: 景点介绍, 景点预约, 常用游客 (issue 15). */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const plugin: FastifyPluginAsyncTypebox = async () => {};

export default fp(plugin, { name: 'tourism' });
