import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, JobView } from '@dz/contracts';
import { DbStore } from '../../infra/kv.js';
import { actorOf, requireStaff } from '../admin-auth/staff-guard.js';
import { JobsConsole } from './jobs.console.js';
import { JobRunner } from './jobs.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The durable job runner: features `register` handlers while they load; it starts when the app is ready. */
    jobs: JobRunner;
  }
}

const security = [{ staff: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const Params = Type.Object({ id: Type.Integer({ minimum: 1, title: '任务编号' }) });

/**
 * The jobs core. Registered before the features that schedule work; started on `onReady` (after
 * every handler is registered) and stopped on close — before the database closes, since onClose
 * hooks run in reverse order — waiting for running jobs.
 */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  // Without Redis the lease lives in the database, not in process memory, so several processes on
  // one database still elect one leader.
  const lease = app.ctx.redis ? app.ctx.kv : new DbStore(app.ctx.db);
  const runner = new JobRunner(app.ctx.db, lease, app.log);
  app.decorate('jobs', runner);
  app.addHook('onReady', async () => runner.start());
  app.addHook('onClose', async () => runner.stop());

  const jobsConsole = new JobsConsole(app.ctx, runner);
  // Reads only: polling a job changes no content, so these stay out of CONTENT_WRITES.
  app.get(
    '/api/admin/jobs/:id',
    {
      preHandler: [requireStaff()],
      schema: { tags: ['admin-jobs'], summary: '后台任务的状态、进度与结果（仅发起人本人可查看）', security, params: Params, response: { 200: JobView, ...errors } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return jobsConsole.view(actorOf(req), req.params.id);
    },
  );
  app.get(
    '/api/admin/jobs/:id/download',
    {
      preHandler: [requireStaff()],
      schema: {
        tags: ['admin-jobs'],
        summary: '下载任务生成的文件（仅发起人本人，仅可下载一次，下载后即删除）',
        security,
        params: Params,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: '文件内容' }), ...errors, 410: ErrorBody },
      },
    },
    async (req, reply) => {
      const { stream, name, bytes } = await jobsConsole.download(actorOf(req), req.params.id);
      return reply
        .header('content-type', name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/octet-stream')
        .header('content-length', String(bytes))
        .header('content-disposition', `attachment; filename="job-${req.params.id}${name.endsWith('.csv') ? '.csv' : ''}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'no-store')
        // A stream is sent as is (the 200 schema above documents it for OpenAPI; nothing serialises it).
        .send(stream as unknown as string);
    },
  );
};

export default fp(plugin, { name: 'jobs' });
