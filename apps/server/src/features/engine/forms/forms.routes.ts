import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdminFormCreate,
  AdminFormDetail,
  AdminFormDraft,
  AdminFormListQuery,
  AdminFormPublish,
  AdminFormRow,
  AdminFormSite,
  AdminFormStatusBody,
  AdminFormVersion,
  CITY_SITE,
  ErrorBody,
  FormParams,
  FormQuery,
  FormVersionParams,
  FormView,
  type FormField,
} from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../../admin-auth/staff-guard.js';
import { optionalUser } from '../../../infra/http.js';
import { FormsService } from './forms.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const security = [{ staff: [] }];
const DEFAULT_SITE = CITY_SITE;

/** The forms core (issue 10): citizens read a site's published form; the console designs, publishes and versions them. */
const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const forms = new FormsService(app.ctx, app.sites, app.contentVersion);
  app.decorate('forms', forms);
  const guard = requireStaff();
  const perm = (action: string) => requirePermission('content:write', action);

  app.get(
    '/api/forms/:code',
    {
      // The session is read when present (prefill) but never required: the form itself is public.
      preHandler: optionalUser,
      schema: {
        tags: ['forms'],
        summary: '在线办事表单：站点当前发布的版本（本站点没有时沿用上级站点的）',
        description:
          '返回表单的字段定义（字段类型、校验规则、显示条件），siteCode 为该版本所属站点。已登录时附带 prefill（按字段的 prefill 来源从登录信息预填，身份证号仅实名认证后提供），且不缓存。字段从电子证照预填（licence.*）时附带 licencePrefill { types, consented }，本人同意该表单调用电子证照（POST /api/licences/consents）后 prefill 含证照字段的值。表单不存在或已下线返回 404 FORM_NOT_FOUND。',
        security: [{}, { citizen: [] }],
        params: FormParams,
        querystring: FormQuery,
        response: { 200: FormView, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const site = req.query.site ?? DEFAULT_SITE;
      // The workflows core registers after this plugin; it is there by the time requests come.
      const view = await forms.view(req.params.code, site, req.userId ?? null, async (wf) => (await app.workflows.resolve(wf, site))?.definition.kind);
      // Personal values never go to a shared cache; the bare form is revalidated so a publish shows at once.
      reply.header('cache-control', view.prefill ? 'private, no-store' : 'no-cache');
      return view;
    },
  );

  app.get(
    '/api/admin/forms',
    {
      preHandler: [guard, perm('form.read')],
      schema: {
        tags: ['admin-forms'],
        summary: '表单设计：本站点的表单（含沿用上级站点的）',
        description: 'inherited 为 true 表示该表单来自上级站点（siteCode），本站点保存或发布后即成为本站点自己的版本。q 按编码或标题搜索。',
        security,
        querystring: AdminFormListQuery,
        response: { 200: Type.Array(AdminFormRow), ...errors },
      },
    },
    async (req) => forms.list(actorOf(req), req.query.site, req.query.q),
  );

  app.get(
    '/api/admin/forms/:code',
    {
      preHandler: [guard, perm('form.read')],
      schema: {
        tags: ['admin-forms'],
        summary: '表单设计：表单定义、草稿字段（无草稿时为最新发布版）与最新版本号',
        security,
        params: FormParams,
        querystring: FormQuery,
        response: { 200: AdminFormDetail, ...errors },
      },
    },
    async (req) => forms.detail(actorOf(req), req.params.code, req.query.site),
  );

  app.post(
    '/api/admin/forms',
    {
      preHandler: [guard, perm('form.create')],
      schema: {
        tags: ['admin-forms'],
        summary: '新建表单（空草稿，发布后市民可见）',
        description: '同一站点内编码唯一，重复返回 409 FORM_EXISTS。',
        security,
        body: AdminFormCreate,
        response: { 201: AdminFormDetail, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await forms.create(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/forms/:code/draft',
    {
      preHandler: [guard, perm('form.draft')],
      schema: {
        tags: ['admin-forms'],
        summary: '保存草稿（不影响已发布的版本）',
        description: '字段标识重复、选择类字段没有选项、分组嵌套、正则无效、显示条件引用不存在的字段等返回 400 FORM_DEFINITION_INVALID，message 与 details.problems 逐条说明。下级站点保存上级站点的表单即建立本站点自己的表单。',
        security,
        params: FormParams,
        body: AdminFormDraft,
        response: { 200: AdminFormDetail, ...errors },
      },
    },
    async (req) => forms.saveDraft(actorOf(req), req.params.code, { ...req.body, fields: req.body.fields as FormField[] }),
  );

  app.post(
    '/api/admin/forms/:code/publish',
    {
      preHandler: [guard, perm('form.publish')],
      schema: {
        tags: ['admin-forms'],
        summary: '发布：草稿成为新的版本并立即生效',
        description: '已发布的版本不可修改，办件始终按其提交时的版本显示。下级站点发布上级站点的表单即建立本站点自己的版本，不影响上级站点和其他下级站点。',
        security,
        params: FormParams,
        body: AdminFormPublish,
        response: { 200: AdminFormDetail, ...errors },
      },
    },
    async (req) => forms.publish(actorOf(req), req.params.code, req.body.site, req.body.note),
  );

  app.get(
    '/api/admin/forms/:code/versions',
    {
      preHandler: [guard, perm('form.read')],
      schema: {
        tags: ['admin-forms'],
        summary: '表单的历史版本（本站点的，新版本在前）',
        security,
        params: FormParams,
        querystring: FormQuery,
        response: { 200: Type.Array(AdminFormVersion), ...errors },
      },
    },
    async (req) => forms.versions(actorOf(req), req.params.code, req.query.site),
  );

  app.post(
    '/api/admin/forms/:code/versions/:version/restore',
    {
      preHandler: [guard, perm('form.restore')],
      schema: {
        tags: ['admin-forms'],
        summary: '恢复历史版本：将该版本的字段放回草稿（发布后生效）',
        security,
        params: FormVersionParams,
        body: AdminFormSite,
        response: { 200: AdminFormDetail, ...errors },
      },
    },
    async (req) => forms.restore(actorOf(req), req.params.code, req.params.version, req.body.site),
  );

  app.put(
    '/api/admin/forms/:code/status',
    {
      preHandler: [guard, perm('form.status')],
      schema: {
        tags: ['admin-forms'],
        summary: '上线 / 下线（对本站点及沿用本站点表单的下级站点生效）',
        security,
        params: FormParams,
        body: AdminFormStatusBody,
        response: { 200: AdminFormDetail, ...errors },
      },
    },
    async (req) => forms.setStatus(actorOf(req), req.params.code, req.body.site, req.body.status),
  );
};

export default fp(plugin, { name: 'engine-forms', dependencies: ['published'] });
