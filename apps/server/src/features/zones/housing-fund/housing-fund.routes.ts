/** 公积金 (issue 14): 账户信息, 利率, 合作楼盘, 服务网点 — being built. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const plugin: FastifyPluginAsyncTypebox = async () => {};

export default fp(plugin, { name: 'housing-fund' });
