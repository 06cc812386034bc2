import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdminCaseActionBody,
  AdminCaseCounts,
  AdminCaseDetail,
  AdminCaseDetailQuery,
  AdminCaseList,
  AdminCaseQuery,
  AdminCaseSiteQuery,
  CaseStatsQuery,
  CaseStatsResponse,
  ErrorBody,
} from '@dz/contracts';
import { actorOf, requireStaff } from '../../admin-auth/staff-guard.js';
import { CasesAdminService } from './cases.admin.service.js';
import { CasesStatsService } from './cases.stats.service.js';

const security = [{ staff: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '办件编号' }) });
const FileParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '办件编号' }), fileId: Type.String({ maxLength: 40, title: '文件' }) });

/**
 * 办件中心 (engine-cases-admin): queues, a case for staff, staff actions through the cases core's
 * one state machine, materials, and 办件统计. Needs 办件受理 or 办件审核; a case outside the staff
 * member's site subtree is 404 everywhere.
 */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const cases = new CasesAdminService(app);
  const stats = new CasesStatsService(app, cases);

  app.get(
    '/api/admin/cases',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['admin-cases'],
        summary: '办件中心：本站点及下级站点的办件（按队列 / 状态 / 事项 / 申请人筛选）',
        description:
          'queue：pending 待受理、processing 办理中、supplement 待补正、due-soon 即将超时（2 个工作日内到期）、overdue 已超时、done 已办结。q 为办件编号（前缀）或申请人姓名 / 身份证号 / 手机号（精确匹配）。mine=true 只看指派给我的。一件事的各部门子件也列出（带部门）。',
        security,
        querystring: AdminCaseQuery,
        response: { 200: AdminCaseList, ...errors },
      },
    },
    async (req) => cases.list(actorOf(req), req.query),
  );

  app.get(
    '/api/admin/cases/counts',
    {
      preHandler: requireStaff(),
      schema: { tags: ['admin-cases'], summary: '办件中心各队列数量（标签角标）', security, querystring: AdminCaseSiteQuery, response: { 200: AdminCaseCounts, ...errors } },
    },
    async (req) => cases.counts(actorOf(req), req.query.site),
  );

  app.get(
    '/api/admin/cases/stats',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['admin-cases'],
        summary: '办件统计：按事项 / 部门 / 站点的办件量、办结量、按时办结率、平均办理时长、超期数',
        description: 'from、to 为北京时间日期（含当日），默认最近 30 天，最长 366 天；按提交时间统计。',
        security,
        querystring: CaseStatsQuery,
        response: { 200: CaseStatsResponse, ...errors },
      },
    },
    async (req) => stats.stats(actorOf(req), req.query),
  );

  app.get(
    '/api/admin/cases/stats.csv',
    {
      preHandler: requireStaff(),
      schema: { tags: ['admin-cases'], summary: '办件统计导出 CSV（UTF-8 带 BOM，中文表头）', security, querystring: CaseStatsQuery, response: { 200: Type.String({ description: 'text/csv' }), ...errors } },
    },
    async (req, reply) => {
      const { filename, body } = await stats.csv(actorOf(req), req.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(`办件统计-${filename.slice(12)}`)}`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  app.get(
    '/api/admin/cases/:id',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['admin-cases'],
        summary: '办件详情（工作人员）：表单版本、流程与当前环节、我可执行的操作、办理过程、材料、评价',
        description: '个人信息默认脱敏；full=1 显示完整信息，需“查看办件完整个人信息”权限（否则 403）。每次查看都记入审计日志。',
        security,
        params: IdParams,
        querystring: AdminCaseDetailQuery,
        response: { 200: AdminCaseDetail, ...errors },
      },
    },
    async (req) => cases.detail(actorOf(req), req.params.id, req.query.full === '1' || req.query.full === 'true'),
  );

  app.get(
    '/api/admin/cases/:id/files/:fileId',
    {
      preHandler: requireStaff(),
      schema: { tags: ['admin-cases'], summary: '查看办件材料（仅该办件的材料；记入审计日志）', security, params: FileParams, response: errors },
    },
    async (req, reply) => {
      const f = await cases.file(actorOf(req), req.params.id, req.params.fileId);
      return reply
        .header('content-type', f.mime)
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(f.content as never);
    },
  );

  app.post(
    '/api/admin/cases/:id/actions',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['admin-cases'],
        summary: '办理办件：认领 / 指派、受理、不予受理、一次性告知补正、退回、审查通过、不予许可、办结、转办',
        description: '当前状态或环节不允许该操作、或他人已先处理（version 不一致）时 409，提示由谁于何时处理。返回处理后的办件（脱敏）。记入审计日志。',
        security,
        params: IdParams,
        body: AdminCaseActionBody,
        response: { 200: AdminCaseDetail, ...errors, 409: ErrorBody, 503: ErrorBody },
      },
    },
    async (req) => cases.act(actorOf(req), req.params.id, req.body),
  );
};

export default fp(plugin, { name: 'engine-cases-admin', dependencies: ['admin-auth', 'engine-cases'] });
