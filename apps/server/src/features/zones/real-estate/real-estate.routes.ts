/** 不动产 (issue 14): 房屋查询, 无房证明, 不动产登记证书查验 — being built. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const plugin: FastifyPluginAsyncTypebox = async () => {};

export default fp(plugin, { name: 'real-estate' });
