/** Every feature plugin, in registration order. One line per feature. */
import type { FastifyPluginAsync } from 'fastify';
import platform from './platform/platform.routes.js';
import sites from './sites/sites.routes.js';

export const features: FastifyPluginAsync[] = [platform, sites];
