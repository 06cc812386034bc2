/** 文件中心: public pictures and PDFs staff publish (issue 15). */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const plugin: FastifyPluginAsyncTypebox = async () => {};

export default fp(plugin, { name: 'file-centre' });
