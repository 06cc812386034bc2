/**
 * 医疗就诊 (issue 12): 预约挂号, 挂号缴费, 检验报告查询 and 就诊人管理 (API.md "Medical"). Decorates
 * `app.his` (the HIS connector), registers the booking kind `medical` on the bookings core and the
 * payment purpose `medical` (挂号费) on the payments core.
 */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DepartmentListResponse,
  ErrorBody,
  HIS_ID_PATTERN,
  HospitalListQuery,
  HospitalListResponse,
  LabReportDetail,
  LabReportListResponse,
  MAX_PATIENTS,
  PatientCreateRequest,
  PatientListResponse,
  PatientView,
  RegistrationCreateRequest,
  RegistrationCreated,
  RegistrationListQuery,
  RegistrationListResponse,
  RegistrationView,
  ScheduleQuery,
  ScheduleResponse,
  MedicalErrorCodes,
} from '@dz/contracts';
import { conflict } from '../../../infra/errors.js';
import { requireUser, userIdOf } from '../../../infra/http.js';
import { routeLimit } from '../../../infra/ip-limits.js';
import { HisConnector } from '../../../partners/connectors/his.js';
import { HospitalsService } from './hospitals.service.js';
import { PatientsService, patientNotFound, patientView } from './patients.service.js';
import { RegistrationsService } from './registrations.service.js';
import { ReportsService } from './reports.service.js';

const tags = ['medical'];
const security = [{ citizen: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody, 502: ErrorBody, 503: ErrorBody };
const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, title: '编号' }) });
const HospitalParam = Type.Object({ id: Type.String({ pattern: HIS_ID_PATTERN, maxLength: 32, title: '医院' }) });
const ReportParam = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', title: '报告编号' }) });
const ReportQuery = Type.Object({ patientId: Type.Optional(Type.Integer({ minimum: 0, title: '就诊人' })) });
const REALNAME = '需实名认证（403 REALNAME_REQUIRED）；医院系统不可用时 3 秒内返回 503 PARTNER_UNAVAILABLE。';

const plugin: FastifyPluginAsyncTypebox = async (app) => {
  const his = new HisConnector(app.ctx.partners);
  app.decorate('his', his);
  const hospitals = new HospitalsService(app.ctx, his);
  const patients = new PatientsService(app.ctx);
  const registrations = new RegistrationsService(app.ctx, app.log, his, hospitals, patients, app.bookings, app.payments, app.messages);
  const reports = new ReportsService(app.ctx.config, his, patients);
  app.bookings.registerType(registrations.resourceType());
  app.payments.registerPurpose(registrations.purpose());

  const origin = (req: FastifyRequest) => (app.ctx.config.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');
  const audit = async (req: FastifyRequest, action: string, objectId: number, summary: string) => {
    await app.ctx.audit.record({
      actorType: 'user',
      actorId: userIdOf(req),
      actorName: await patients.accountLabel(userIdOf(req)),
      siteCode: null,
      action,
      objectType: 'patient',
      objectId,
      summary,
      ip: req.ip,
      result: 'ok',
      requestId: req.id,
    });
  };

  // ---- hospitals, departments, 号源 (public) --------------------------------------------------------

  app.get(
    '/api/medical/hospitals',
    {
      config: { rateLimit: routeLimit(120) },
      schema: {
        tags,
        summary: '预约挂号：医院列表（按类别 省属 / 市级 / 区县级、站点与名称筛选）',
        description: '站点缺省为达州市 511700（列出全市医院）；区县站点先列本区县医院，再列市级与省属医院。',
        querystring: HospitalListQuery,
        response: { 200: HospitalListResponse, ...errors },
      },
    },
    async (req) => ({ items: await hospitals.hospitals(req.query, req.id) }),
  );

  app.get(
    '/api/medical/hospitals/:id/departments',
    {
      config: { rateLimit: routeLimit(120) },
      schema: { tags, summary: '预约挂号：医院的科室', params: HospitalParam, response: { 200: DepartmentListResponse, ...errors } },
    },
    async (req) => hospitals.departments(req.params.id, req.id),
  );

  app.get(
    '/api/medical/schedules',
    {
      config: { rateLimit: routeLimit(240) },
      schema: {
        tags,
        summary: '预约挂号：科室医生与号源（上午 / 下午，剩余号数、挂号费 分）',
        description: 'date 缺省为今天；dates 为可预约的 7 天。号源数据最多缓存数秒，本平台挂号或取消后立即刷新。',
        querystring: ScheduleQuery,
        response: { 200: ScheduleResponse, ...errors },
      },
    },
    async (req) => hospitals.schedules(req.query, req.id),
  );

  // ---- 就诊人管理 ----------------------------------------------------------------------------------

  app.get(
    '/api/medical/patients',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(60) },
      schema: { tags, summary: '就诊人管理：本人（实名认证后，编号 0）与家庭成员，脱敏显示', security, response: { 200: PatientListResponse, ...errors } },
    },
    async (req) => ({ items: (await patients.list(userIdOf(req))).map(patientView), max: MAX_PATIENTS }),
  );

  app.post(
    '/api/medical/patients',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: {
        tags,
        summary: '就诊人管理：添加家庭成员',
        description: `身份证号按 GB 11643 校验（400）；同一人只能添加一次（409 PATIENT_EXISTS）；最多 ${MAX_PATIENTS} 位（409 TOO_MANY_PATIENTS）。`,
        security,
        body: PatientCreateRequest,
        response: { 201: PatientView, ...errors },
      },
    },
    async (req, reply) => {
      const p = await patients.add(userIdOf(req), req.body);
      await audit(req, 'medical.patient.add', p.id, `添加就诊人 #${p.id}`);
      return reply.status(201).send(patientView(p));
    },
  );

  app.delete(
    '/api/medical/patients/:id',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: { tags, summary: '就诊人管理：删除家庭成员（有待支付或已预约的挂号时 409）', security, params: IdParam, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      const userId = userIdOf(req);
      if (await registrations.patientBusy(userId, req.params.id)) throw conflict(MedicalErrorCodes.PATIENT_EXISTS, '该就诊人还有待支付或已预约的挂号，请先取消后再删除');
      if (!(await patients.remove(userId, req.params.id))) throw patientNotFound();
      await audit(req, 'medical.patient.delete', req.params.id, `删除就诊人 #${req.params.id}`);
      return reply.status(204).send(null);
    },
  );

  // ---- 挂号 ----------------------------------------------------------------------------------------

  app.post(
    '/api/medical/registrations',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: {
        tags,
        summary: '预约挂号：锁定号源并创建挂号费订单，返回收银台地址',
        description: `先在医院系统锁号（保留 15 分钟待支付），号源已满 409 SLOT_FULL；同一就诊人重复挂号 409 DUPLICATE_REGISTRATION；挂号费为 0 时直接预约成功。${REALNAME}`,
        security,
        body: RegistrationCreateRequest,
        response: { 201: RegistrationCreated, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await registrations.create(userIdOf(req), req.body.slotId, req.body.patientId, { requestId: req.id, origin: origin(req) })),
  );

  app.get(
    '/api/medical/registrations',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: { tags, summary: '我的挂号：待支付、已预约与历史挂号', security, querystring: RegistrationListQuery, response: { 200: RegistrationListResponse, ...errors } },
    },
    async (req) => ({ items: await registrations.list(userIdOf(req), req.query.status) }),
  );

  app.get(
    '/api/medical/registrations/:id',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(120) },
      schema: { tags, summary: '我的挂号：详情（就诊序号、取号说明、退号截止时间）', security, params: IdParam, response: { 200: RegistrationView, ...errors } },
    },
    async (req) => registrations.get(userIdOf(req), req.params.id),
  );

  app.post(
    '/api/medical/registrations/:id/cancel',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: {
        tags,
        summary: '取消挂号：待支付的关闭订单并释放号源；已支付的在医院退号后原路退款',
        description: '超过医院退号截止时间 409 CANCEL_TOO_LATE（不退款）；已取消或已失效 409 NOT_CANCELLABLE；同一挂号只退款一次。',
        security,
        params: IdParam,
        response: { 200: RegistrationView, ...errors },
      },
    },
    async (req) => registrations.cancel(userIdOf(req), req.params.id, req.id),
  );

  // ---- 检验报告 ------------------------------------------------------------------------------------

  app.get(
    '/api/medical/reports',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(30) },
      schema: { tags, summary: '检验报告查询：本人与就诊人近 180 天的检验报告（按身份证号匹配）', description: REALNAME, security, response: { 200: LabReportListResponse, ...errors } },
    },
    async (req) => ({ items: await reports.list(userIdOf(req), hospitals.meta(req.id)) }),
  );

  app.get(
    '/api/medical/reports/:id',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(60) },
      schema: {
        tags,
        summary: '检验报告详情：项目、结果、参考范围与异常标记（↑ 偏高 / ↓ 偏低）',
        description: 'patientId 缺省为本人；他人的报告 404 REPORT_NOT_FOUND。',
        security,
        params: ReportParam,
        querystring: ReportQuery,
        response: { 200: LabReportDetail, ...errors },
      },
    },
    async (req) => reports.detail(userIdOf(req), req.params.id, req.query.patientId, hospitals.meta(req.id)),
  );

  app.get(
    '/api/medical/reports/:id/pdf',
    {
      preHandler: requireUser,
      config: { rateLimit: routeLimit(20) },
      schema: {
        tags,
        summary: '检验报告 PDF（异常值以 ↑ ↓ 与文字标注）',
        security,
        params: ReportParam,
        querystring: ReportQuery,
        produces: ['application/pdf'],
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) => {
      const pdf = await reports.pdf(userIdOf(req), req.params.id, req.query.patientId, hospitals.meta(req.id));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="lab-report.pdf"; filename*=UTF-8''${encodeURIComponent(pdf.filename)}`)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(pdf.bytes as never);
    },
  );
};

export default fp(plugin, { name: 'medical', dependencies: ['sites', 'jobs', 'messages', 'payments', 'bookings'] });
