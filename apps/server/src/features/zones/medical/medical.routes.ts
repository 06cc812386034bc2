/** 医疗就诊 (issue 12): placeholder registered by the lead; the medical helper fills it in. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const plugin: FastifyPluginAsyncTypebox = async () => {};

export default fp(plugin, { name: 'medical', dependencies: ['sites', 'jobs', 'payments', 'bookings'] });
