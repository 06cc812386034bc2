/** Console routes of 办事预约; registered by the appointments plugin (one plugin per feature). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdminAppointmentQuery,
  AdminAppointmentView,
  AdminHallQuery,
  AdminHallView,
  AdminSlotQuery,
  AdminSlotView,
  ErrorBody,
  HallUpdateRequest,
  HallWriteRequest,
  IdParams,
  Paged,
  SlotGenerateRequest,
  SlotGenerateResponse,
  SlotUpdateRequest,
  WindowUpdateRequest,
  WindowView,
  WindowWriteRequest,
} from '@dz/contracts';
import { actorOf, requirePermission, requireStaff } from '../admin-auth/staff-guard.js';
import type { AppointmentsAdminService } from './appointments.admin.service.js';

type App = Parameters<FastifyPluginAsyncTypebox>[0];

const tags = ['admin-appointments'];
const security = [{ staff: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function registerAdminRoutes(app: App, svc: AppointmentsAdminService): void {
  const guard = requireStaff();
  const config = (action: string) => [guard, requirePermission('content:write', action)];

  // ---- halls ------------------------------------------------------------------------------------

  app.get(
    '/api/admin/halls',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '政务服务大厅列表（含窗口与办理事项；本站点及下级站点）',
        description: '需要 content:write 或 case:handle 权限。',
        security,
        querystring: AdminHallQuery,
        response: { 200: Type.Array(AdminHallView), ...errors },
      },
    },
    async (req) => svc.listHalls(actorOf(req), req.query.siteCode),
  );

  app.get(
    '/api/admin/halls/:id',
    {
      preHandler: guard,
      schema: { tags, summary: '政务服务大厅详情', security, params: IdParams, response: { 200: AdminHallView, ...errors } },
    },
    async (req) => svc.getHall(actorOf(req), req.params.id),
  );

  app.post(
    '/api/admin/halls',
    {
      preHandler: config('hall.create'),
      schema: { tags, summary: '新建政务服务大厅（站点须在可管理范围内）', security, body: HallWriteRequest, response: { 201: AdminHallView, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await svc.createHall(actorOf(req), req.body)),
  );

  app.put(
    '/api/admin/halls/:id',
    {
      preHandler: config('hall.update'),
      schema: { tags, summary: '修改大厅名称、地址、电话或办公时间（所属站点不可更改）', security, params: IdParams, body: HallUpdateRequest, response: { 200: AdminHallView, ...errors } },
    },
    async (req) => svc.updateHall(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/halls/:id',
    {
      preHandler: config('hall.delete'),
      schema: { tags, summary: '删除大厅及其窗口、号源（已有预约记录时返回 409）', security, params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await svc.deleteHall(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  // ---- windows ----------------------------------------------------------------------------------

  app.post(
    '/api/admin/halls/:id/windows',
    {
      preHandler: config('window.create'),
      schema: {
        tags,
        summary: '新建窗口并指定办理事项（事项须属于大厅所在站点或其上级站点）',
        security,
        params: IdParams,
        body: WindowWriteRequest,
        response: { 201: WindowView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createWindow(actorOf(req), req.params.id, req.body)),
  );

  app.put(
    '/api/admin/windows/:id',
    {
      preHandler: config('window.update'),
      schema: { tags, summary: '修改窗口名称或办理事项（已有预约不受影响）', security, params: IdParams, body: WindowUpdateRequest, response: { 200: WindowView, ...errors } },
    },
    async (req) => svc.updateWindow(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/admin/windows/:id',
    {
      preHandler: config('window.delete'),
      schema: { tags, summary: '删除窗口及其号源（已有预约记录时返回 409）', security, params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await svc.deleteWindow(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  // ---- slots ------------------------------------------------------------------------------------

  app.post(
    '/api/admin/windows/:id/slots/generate',
    {
      preHandler: config('slot.generate'),
      schema: {
        tags,
        summary: '按周规则批量生成号源（北京时间；已存在的时段跳过，可重复执行）',
        description: 'weekdays 1=星期一 … 7=星期日，默认工作日；from 不得早于今天，一次最多92天；同一批时段不得重叠。',
        security,
        params: IdParams,
        body: SlotGenerateRequest,
        response: { 200: SlotGenerateResponse, ...errors },
      },
    },
    async (req) => svc.generate(actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/admin/slots',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '某大厅某天的号源及已预约人数',
        description: '需要 content:write 或 case:handle 权限；day 默认今天（北京时间）。',
        security,
        querystring: AdminSlotQuery,
        response: { 200: Type.Array(AdminSlotView), ...errors },
      },
    },
    async (req) => svc.listSlots(actorOf(req), req.query),
  );

  app.put(
    '/api/admin/slots/:id',
    {
      preHandler: config('slot.update'),
      schema: { tags, summary: '调整时段容量（不能小于已预约人数）', security, params: IdParams, body: SlotUpdateRequest, response: { 200: AdminSlotView, ...errors } },
    },
    async (req) => svc.updateSlot(actorOf(req), req.params.id, req.body.capacity),
  );

  app.delete(
    '/api/admin/slots/:id',
    {
      preHandler: config('slot.delete'),
      schema: { tags, summary: '删除从未被预约过的时段（如临时闭厅）', security, params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      await svc.deleteSlot(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  // ---- bookings ---------------------------------------------------------------------------------

  app.get(
    '/api/admin/appointments',
    {
      preHandler: [guard, requirePermission('case:handle', 'appointment.list')],
      schema: {
        tags,
        summary: '预约记录（本站点及下级站点；姓名、手机号脱敏）',
        description: 'status：booked 待办理 | done 已过期 | cancelled 已取消。按日期倒序、时段正序。',
        security,
        querystring: AdminAppointmentQuery,
        response: { 200: Paged(AdminAppointmentView), ...errors },
      },
    },
    async (req) => svc.listAppointments(actorOf(req), req.query),
  );
}
