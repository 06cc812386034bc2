/** The bookings core (issue 12): placeholder registered by the lead; the bookings helper fills it in. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const plugin: FastifyPluginAsyncTypebox = async () => {};

export default fp(plugin, { name: 'bookings', dependencies: ['sites', 'jobs'] });
