import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, FileView, UPLOAD_MAX_BYTES } from '@dz/contracts';
import { requireUser, userIdOf } from '../../infra/http.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { FilesService, fileRejected } from './files.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    files: FilesService;
  }
}

const security = [{ citizen: [] }];

/** 文件服务: citizens upload images for their applications and see only their own. */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const files = new FilesService(app.ctx);
  app.decorate('files', files);
  app.decorate('fileLinks', files.links);
  // Hourly on the jobs runner's leader only (it was a timer on every instance); the sweep is idempotent.
  app.jobs.register('files.sweep', async () => void (await files.sweepOrphans()), { every: 3600_000 });
  await app.register(multipart, { limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 4, parts: 5 } });

  app.post(
    '/api/files',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags: ['files'],
        summary: '上传图片或 PDF（multipart/form-data，字段 file）',
        description: '按内容识别类型：仅 JPG、PNG、WebP 图片或 PDF（以 %PDF- 开头、含 %%EOF），且不超过 5MB；不符合返回 400 FILE_REJECTED。表单字段能接受哪种类型在提交办件时校验。文件加密保存，仅上传者本人可见。',
        security,
        consumes: ['multipart/form-data'],
        response: { 201: FileView, 400: ErrorBody, 401: ErrorBody, 413: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw fileRejected('请以 multipart/form-data 上传，字段名为 file');
      const part = await req.file();
      if (!part) throw fileRejected('请选择要上传的图片');
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileRejected('文件不能超过5MB，请压缩后重新上传');
        throw err;
      }
      const view = await files.save(userIdOf(req), content);
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/api/files/:id',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(300) },
      schema: {
        tags: ['files'],
        summary: '查看本人上传的图片',
        security,
        params: Type.Object({ id: Type.String({ maxLength: 36 }) }),
        response: { 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const f = await files.readOwned(userIdOf(req), req.params.id);
      return reply
        .header('content-type', f.mime)
        .header('cache-control', 'private, max-age=3600')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(f.content as never);
    },
  );
};

export default fp(plugin, { name: 'files', dependencies: ['auth', 'jobs'] });
