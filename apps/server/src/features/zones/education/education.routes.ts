/** 文体教育: 中考成绩查询, 资助政策查询 (issue 15). */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const plugin: FastifyPluginAsyncTypebox = async () => {};

export default fp(plugin, { name: 'education' });
