import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditEntry, AuditQuery, ErrorBody, JobStarted } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { removeJobFile, type JobFile } from '../jobs/jobs.console.js';
import { AuditConsoleService, EXPORT_JOB, EXPORT_LIMIT } from './audit.console.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const security = [{ staff: [] }];
/** Keyset pages: `before` is the `next` of the previous page (no page numbers: an offset would scan). */
const SearchQuery = Type.Composite([
  Type.Omit(AuditQuery, ['page']),
  Type.Object({ before: Type.Optional(Type.Integer({ minimum: 1, title: '从此编号之前开始' })) }),
]);
const ExportQuery = Type.Omit(AuditQuery, ['page', 'pageSize']);
const AuditPage = Type.Object({
  items: Type.Array(AuditEntry),
  pageSize: Type.Integer(),
  next: Type.Union([Type.Integer(), Type.Null()], { description: '下一页的 before；为 null 表示已到最早的记录' }),
});

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const audit = new AuditConsoleService(app.ctx.audit, app.sites);
  // Claimed by any instance (someone is waiting); two tries; the file is removed when the result expires.
  app.jobs.register(EXPORT_JOB, (payload, job) => audit.runExport(app.ctx, payload, job), {
    anyInstance: true,
    maxAttempts: 2,
    permission: 'audit:read',
    lockMs: 10 * 60_000,
    discard: async (result) => removeJobFile(app.ctx, (result as { file?: JobFile }).file),
  });

  app.get(
    '/api/admin/audit',
    {
      preHandler: [requireStaff(), requirePermission('audit:read', 'audit.view')],
      schema: {
        tags: ['admin-audit'],
        summary: '审计日志（只增不改；超级管理员看全部，其他人只看本站点及下级站点）',
        description:
          '按编号倒序分页：翻页时把上一页的 next 作为 before 传入。action、actorName 为前缀匹配（走索引）；result 为 ok / denied / failed；from、to 可为“年-月-日”（按北京时间整天）或 ISO 8601 时间。每页最多查看 5 万个编号范围，条件很少命中时可能不满一页，next 不为空即可继续向前查找。查看本身也会记入审计日志。',
        security,
        querystring: SearchQuery,
        response: { 200: AuditPage, ...errors },
      },
    },
    async (req) => audit.list(actorOf(req), req.query),
  );

  app.post(
    '/api/admin/audit/exports',
    {
      preHandler: [requireStaff(), requirePermission('audit:read', 'audit.export')],
      schema: {
        tags: ['admin-audit'],
        summary: `导出审计日志 CSV（后台任务；筛选条件同列表；最多 ${EXPORT_LIMIT} 条，按时间倒序）`,
        description:
          '立即返回 202 与任务编号；用 GET /api/admin/jobs/{id} 查看进度，完成后由 GET /api/admin/jobs/{id}/download 下载一次（1 小时内有效）。文件为 UTF-8 带 BOM，表头为中文；以 = + - @ 开头的单元格前加 \' 防止公式注入。',
        security,
        querystring: ExportQuery,
        response: { 202: JobStarted, ...errors },
      },
    },
    async (req, reply) => {
      const jobId = await audit.startExport(app.jobs, actorOf(req), req.query);
      return reply.code(202).send({ jobId, created: true });
    },
  );
};

export default fp(plugin, { name: 'audit', dependencies: ['admin-auth', 'jobs'] });
