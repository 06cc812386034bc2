/**
 * 文件中心: public pictures and PDFs staff publish (issue 15) — the console's upload, list and
 * delete, and the public read citizens' pages load (no session, cacheable for a year: a file
 * never changes under its id). The multipart parser is the one the files feature registers.
 */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CultureErrorCodes, ErrorBody, PublicFileList, PublicFileListQuery, PublicFileView, UPLOAD_MAX_BYTES } from '@dz/contracts';
import { AppError } from '../../infra/errors.js';
import { routeLimit } from '../../infra/ip-limits.js';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { fileRejected } from '../files/files.service.js';
import { FILE_CENTRE_PERMISSION, FileCentreService } from './file-centre.service.js';

const tags = ['file-centre'];
const security = [{ staff: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const SiteQuery = Type.Object({ site: Type.Optional(Type.String({ pattern: '^\\d{6}$', title: '站点', description: '站点代码，缺省为本人所属站点' })) });
const FileParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, title: '文件编号' }) });

/** True when If-None-Match names this strong ETag (weak comparison, RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/** `inline; filename="<ascii>"; filename*=UTF-8''<percent-encoded>` — a header never carries raw UTF-8. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const service = new FileCentreService(app.ctx);
  const guard = (action: string) => [requireStaff(), requirePermission(FILE_CENTRE_PERMISSION, action)];

  app.post(
    '/api/admin/files',
    {
      preHandler: guard('public-file.upload'),
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags,
        summary: '文件中心：上传公开图片或 PDF（multipart/form-data，字段 file）',
        description: '按内容识别类型（不看文件名）：仅 JPG、PNG、WebP 图片或 PDF，且不超过 5MB；不符合返回 400 FILE_REJECTED。上传后任何人可通过 url 访问，供景点实景图、政策附件引用。',
        security,
        consumes: ['multipart/form-data'],
        querystring: SiteQuery,
        response: { 201: PublicFileView, ...errors, 413: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const site = await service.siteOf(actor, req.query.site, 'public-file.upload');
      if (!req.isMultipart()) throw fileRejected('请以 multipart/form-data 上传，字段名为 file');
      const part = await req.file({ limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 2, parts: 3 } });
      if (!part || part.fieldname !== 'file') throw fileRejected('请选择要上传的图片或 PDF 文件');
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileRejected('文件不能超过5MB，请压缩后重新上传');
        throw err;
      }
      return reply.status(201).send(await service.upload(actor, site, part.filename || '未命名', content));
    },
  );

  app.get(
    '/api/admin/files',
    {
      preHandler: guard('public-file.list'),
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags,
        summary: '文件中心：本站点的公开文件（可按文件名、类型筛选，最新在前）',
        security,
        querystring: PublicFileListQuery,
        response: { 200: PublicFileList, ...errors },
      },
    },
    async (req) => {
      const site = await service.siteOf(actorOf(req), req.query.site, 'public-file.list');
      const { q, kind, page = 1, pageSize = 24 } = req.query;
      return service.list({ site, q, kind, page, pageSize });
    },
  );

  app.delete(
    '/api/admin/files/:id',
    {
      preHandler: guard('public-file.delete'),
      schema: {
        tags,
        summary: '文件中心：删除文件',
        description: '仍被景点（实景图）或资助政策（附件）引用时拒绝（409 FILE_IN_USE，提示引用它的景点或政策）；删除后公开地址返回 404。',
        security,
        params: FileParams,
        response: { 204: Type.Null(), ...errors, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/public-files/:id',
    {
      config: { rateLimit: routeLimit(600) },
      schema: {
        tags,
        summary: '公开文件（景点实景图、政策附件）：按编号读取，可长期缓存',
        description: '无需登录。内容不变（更换图片即新文件），Cache-Control 一年、ETag 为内容 SHA-256，If-None-Match 相同返回 304；已删除或不存在返回 404 FILE_NOT_FOUND。',
        params: FileParams,
        response: { 304: Type.Null(), 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const row = await service.find(req.params.id);
      if (!row) throw new AppError(404, CultureErrorCodes.FILE_NOT_FOUND, '文件不存在或已删除');
      const etag = `"${row.sha256}"`;
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff');
      if (matches(req.headers['if-none-match'], etag)) return reply.status(304).send();
      const content = await service.bytesOf(row);
      // An image cannot run script, but a browser opening one directly is kept to nothing else either.
      if (row.mime.startsWith('image/')) reply.header('content-security-policy', "default-src 'none'; sandbox");
      return reply.header('content-type', row.mime).header('content-disposition', disposition(row.name)).send(content as never);
    },
  );
};

export default fp(plugin, { name: 'file-centre', dependencies: ['sites', 'admin-auth', 'files'] });
