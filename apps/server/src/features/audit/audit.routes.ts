import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditEntry, AuditQuery, ErrorBody, Paged } from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import { AuditConsoleService, EXPORT_LIMIT } from './audit.console.service.js';
import { beijingStamp } from '../../infra/time.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const security = [{ staff: [] }];
const ExportQuery = Type.Omit(AuditQuery, ['page', 'pageSize']);

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const audit = new AuditConsoleService(app.ctx.audit, app.sites);

  app.get(
    '/api/admin/audit',
    {
      preHandler: [requireStaff(), requirePermission('audit:read', 'audit.view')],
      schema: {
        tags: ['admin-audit'],
        summary: '审计日志（只增不改；超级管理员看全部，其他人只看本站点及下级站点）',
        description: 'action、actorName 为包含匹配；result 为 ok / denied / failed；from、to 可为“年-月-日”（按北京时间整天）或 ISO 8601 时间。查看本身也会记入审计日志。',
        security,
        querystring: AuditQuery,
        response: { 200: Paged(AuditEntry), ...errors },
      },
    },
    async (req) => audit.list(actorOf(req), req.query),
  );

  app.get(
    '/api/admin/audit/export.csv',
    {
      preHandler: [requireStaff(), requirePermission('audit:read', 'audit.export')],
      schema: {
        tags: ['admin-audit'],
        summary: `导出审计日志 CSV（筛选条件同列表；最多 ${EXPORT_LIMIT} 条，按时间倒序）`,
        description: 'UTF-8 带 BOM（Excel 可直接打开中文），表头为中文；以 = + - @ 开头的单元格前加 \' 防止公式注入。响应头 x-total-count 为符合条件的总条数。',
        security,
        querystring: ExportQuery,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv; charset=utf-8' }), ...errors },
      },
    },
    async (req, reply) => {
      const { csv, total } = await audit.exportCsv(actorOf(req), req.query);
      const day = beijingStamp().slice(0, 8);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${day}.csv"; filename*=UTF-8''${encodeURIComponent(`审计日志-${day}.csv`)}`)
        .header('cache-control', 'no-store')
        .header('x-total-count', String(total))
        .send(csv);
    },
  );
};

export default fp(plugin, { name: 'audit', dependencies: ['admin-auth'] });
