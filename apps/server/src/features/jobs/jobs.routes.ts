import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { DbStore } from '../../infra/kv.js';
import { JobRunner } from './jobs.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The durable job runner: features `register` handlers while they load; it starts when the app is ready. */
    jobs: JobRunner;
  }
}

/**
 * The jobs core. Registered before the features that schedule work; started on `onReady` (after
 * every handler is registered) and stopped on close — before the database closes, since onClose
 * hooks run in reverse order — waiting for running jobs.
 */
const plugin: FastifyPluginAsync = async (app) => {
  // Without Redis the lease lives in the database, not in process memory, so several processes on
  // one database still elect one leader.
  const lease = app.ctx.redis ? app.ctx.kv : new DbStore(app.ctx.db);
  const runner = new JobRunner(app.ctx.db, lease, app.log);
  app.decorate('jobs', runner);
  app.addHook('onReady', async () => runner.start());
  app.addHook('onClose', async () => runner.stop());
};

export default fp(plugin, { name: 'jobs' });
