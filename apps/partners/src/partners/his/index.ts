/**
 * 医院信息系统（模拟）: the hospitals' regional HIS gateway (partner-protocol his.ts). Serves the
 * fixed catalogue (catalogue.ts), the 7-day 号源 (schedule.ts), locks / registrations on the
 * desk (desk.ts, in memory per sandbox) and 检验报告 by identity (reports.ts). Being a signed
 * module it gets the signature check, the ping and the sandbox's fault injection under `his`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  BizCode,
  ok,
  type HisCancelResult,
  type HisDepartmentsResult,
  type HisDoctor,
  type HisHospitalsResult,
  type HisLock,
  type HisPatient,
  type HisRegistration,
  type HisReleaseResult,
  type HisReport,
  type HisReportsResult,
  type HisSchedulesResult,
} from '@dz/partner-protocol';
import { isRecord, isoInstant, positiveInt, text } from '../../lib/body.js';
import { ID_NUMBER_SHAPE } from '../../lib/id-number.js';
import { badRequest, idempotentWrites, refuse, sendEnvelope } from '../../protocol.js';
import { perSandbox, type PartnerContext, type PartnerModule } from '../types.js';
import { departmentView, hospitalById, hospitalView, hospitalsFor } from './catalogue.js';
import { HisDesk, type Outcome } from './desk.js';
import { reportSummary, reportsOf } from './reports.js';
import { findSession, openSessions, scheduleDays } from './schedule.js';

const desk = perSandbox((ctx) => new HisDesk(ctx.now));

/** The longest a lock may hold a place (the portal holds for 15 minutes). */
const MAX_HOLD_SECONDS = 2 * 60 * 60;
const LEVELS = ['province', 'city', 'county'] as const;
const ID_MESSAGE = '身份证号应为18位：前17位数字，最后一位数字或X';

function answer<T>(reply: FastifyReply, outcome: Outcome<T>): FastifyReply {
  return 'ok' in outcome ? sendEnvelope<T>(reply, 200, ok(outcome.ok)) : refuse(reply, outcome.refused.code, outcome.refused.message);
}

/** The ID number of a {idNumber} body, upper-cased, or null. */
function idNumberOf(body: unknown): string | null {
  const v = isRecord(body) && typeof body.idNumber === 'string' ? body.idNumber.trim().toUpperCase() : '';
  return ID_NUMBER_SHAPE.test(v) ? v : null;
}

function parseLock(body: unknown): { slotId: string; patient: HisPatient; lockRef: string; holdSeconds: number } | string {
  if (!isRecord(body)) return '请求体应为 {slotId, patient: {name, idNumber, phone}, lockRef, holdSeconds}';
  const slotId = text(body.slotId, 64);
  const lockRef = text(body.lockRef, 64);
  const holdSeconds = positiveInt(body.holdSeconds, MAX_HOLD_SECONDS);
  if (!slotId || !lockRef) return 'slotId、lockRef 必填（不超过64个字符）';
  if (holdSeconds === null) return `holdSeconds 应为 1–${MAX_HOLD_SECONDS} 的整数（秒）`;
  const p = body.patient;
  if (!isRecord(p)) return 'patient 应为 {name, idNumber, phone}';
  const name = text(p.name, 50);
  const idNumber = idNumberOf(p);
  const phone = text(p.phone, 20);
  if (!name) return 'patient.name 必填（不超过50个字符）';
  if (!idNumber) return `patient.idNumber：${ID_MESSAGE}`;
  if (!phone) return 'patient.phone 必填（不超过20个字符）';
  return { slotId, lockRef, holdSeconds, patient: { name, idNumber, phone } };
}

async function hisRoutes(app: FastifyInstance, ctx: PartnerContext): Promise<void> {
  const d = desk(ctx);

  app.get<{ Querystring: { level?: string; site?: string } }>('/v1/his/hospitals', async (req, reply) => {
    const { level, site } = req.query;
    if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) return badRequest(reply, 'level 应为 province、city 或 county');
    if (site !== undefined && !/^\d{6}$/.test(site)) return badRequest(reply, 'site 应为6位行政区划代码');
    const hospitals = hospitalsFor(site, level as (typeof LEVELS)[number] | undefined).map(hospitalView);
    return sendEnvelope<HisHospitalsResult>(reply, 200, ok({ hospitals }));
  });

  app.get<{ Params: { id: string } }>('/v1/his/hospitals/:id/departments', async (req, reply) => {
    const h = hospitalById(req.params.id);
    if (!h) return refuse(reply, BizCode.NOT_FOUND, '医院不存在');
    return sendEnvelope<HisDepartmentsResult>(reply, 200, ok({ hospital: hospitalView(h), departments: h.departments.map(departmentView) }));
  });

  app.get<{ Querystring: { hospitalId?: string; departmentId?: string; date?: string } }>('/v1/his/schedules', async (req, reply) => {
    const { hospitalId, departmentId, date } = req.query;
    if (!hospitalId || !departmentId) return badRequest(reply, 'hospitalId、departmentId 必填');
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return badRequest(reply, 'date 应为 YYYY-MM-DD（北京时间）');
    const h = hospitalById(hospitalId);
    const dept = h?.departments.find((x) => x.id === departmentId);
    if (!h || !dept) return refuse(reply, BizCode.NOT_FOUND, '医院或科室不存在');
    const now = ctx.now();
    // One day when asked for; the whole 7-day window otherwise. Days outside it have no 号源.
    const days = date === undefined ? scheduleDays(now) : [date];
    const doctors: HisDoctor[] = dept.doctors.map((doc) => ({
      doctorId: doc.doctorId,
      name: doc.name,
      title: doc.title,
      speciality: doc.speciality,
      fee: doc.fee,
      slots: openSessions(doc, now, days).map((s) => ({ slotId: s.slotId, date: s.date, period: s.period, start: s.start, end: s.end, fee: doc.fee, ...d.count(s) })),
    }));
    return sendEnvelope<HisSchedulesResult>(reply, 200, ok({ hospital: hospitalView(h), department: departmentView(dept), date: days[0]!, doctors }));
  });

  // Reading reports is a POST (the ID number stays out of URLs and logs) but changes nothing.
  app.post('/v1/his/reports/query', async (req, reply) => {
    const idNumber = idNumberOf(req.body);
    if (!idNumber) return refuse(reply, BizCode.INVALID_DATA, ID_MESSAGE);
    return sendEnvelope<HisReportsResult>(reply, 200, ok({ reports: reportsOf(idNumber, ctx.now()).map(reportSummary) }));
  });

  app.post<{ Params: { reportId: string } }>('/v1/his/reports/:reportId', async (req, reply) => {
    const idNumber = idNumberOf(req.body);
    if (!idNumber) return refuse(reply, BizCode.INVALID_DATA, ID_MESSAGE);
    const report = reportsOf(idNumber, ctx.now()).find((r) => r.reportId === req.params.reportId);
    // Another person's report answers like a missing one: the HIS does not confirm it exists.
    if (!report) return refuse(reply, BizCode.NOT_FOUND, '未找到该就诊人的检验报告');
    return sendEnvelope<HisReport>(reply, 200, ok(report));
  });

  await app.register(async (writes) => {
    idempotentWrites(writes, { now: ctx.now });

    writes.post('/v1/his/locks', async (req, reply) => {
      const parsed = parseLock(req.body);
      if (typeof parsed === 'string') return badRequest(reply, parsed);
      return answer<HisLock>(reply, d.lock(req.appKey ?? '', parsed));
    });

    writes.post<{ Params: { lockId: string } }>('/v1/his/locks/:lockId/confirm', async (req, reply) => {
      const b = req.body;
      const orderId = isRecord(b) ? text(b.orderId, 64) : null;
      const tradeNo = isRecord(b) ? text(b.tradeNo, 64) : null;
      const amountFen = isRecord(b) ? positiveInt(b.amountFen) : null;
      const paidAt = isRecord(b) ? isoInstant(b.paidAt) : null;
      if (!orderId || !tradeNo || amountFen === null || paidAt === null) return badRequest(reply, '请求体应为 {orderId, tradeNo, amountFen（正整数，分）, paidAt（ISO 时间）}');
      return answer<HisRegistration>(reply, d.confirm(req.appKey ?? '', req.params.lockId, { orderId, tradeNo, amountFen, paidAt: new Date(paidAt).toISOString() }));
    });

    writes.post<{ Params: { lockId: string } }>('/v1/his/locks/:lockId/release', async (req, reply) =>
      answer<HisReleaseResult>(reply, d.release(req.appKey ?? '', req.params.lockId)),
    );

    writes.post<{ Params: { registrationNo: string } }>('/v1/his/registrations/:registrationNo/cancel', async (req, reply) => {
      const reason = isRecord(req.body) ? req.body.reason : undefined;
      if (reason !== undefined && (typeof reason !== 'string' || [...reason].length > 200)) return badRequest(reply, 'reason 应为不超过200个字符的字符串');
      return answer<HisCancelResult>(reply, d.cancel(req.appKey ?? '', req.params.registrationNo));
    });
  });
}

async function hisControlRoutes(app: FastifyInstance, ctx: PartnerContext): Promise<void> {
  const d = desk(ctx);
  app.post<{ Params: { slotId: string } }>('/_control/his/slots/:slotId', async (req, reply) => {
    const remaining = isRecord(req.body) ? req.body.remaining : undefined;
    if (typeof remaining !== 'number' || !Number.isInteger(remaining) || remaining < 0 || remaining > 10_000) return badRequest(reply, '请求体应为 {remaining: 0–10000 的整数}');
    const found = findSession(req.params.slotId, ctx.now());
    if (!('session' in found)) return refuse(reply, BizCode.NOT_FOUND, '号源不存在、已停诊或已开始就诊');
    return sendEnvelope(reply, 200, ok({ slotId: found.session.slotId, ...d.setRemaining(found.session, remaining) }));
  });
  app.post<{ Params: { lockId: string } }>('/_control/his/locks/:lockId/expire', async (req, reply) => {
    const r = d.expireNow(req.params.lockId);
    if (!r) return refuse(reply, BizCode.NOT_FOUND, '锁号记录不存在');
    return sendEnvelope(reply, 200, ok({ lockId: req.params.lockId, ...r }));
  });
  app.post<{ Params: { registrationNo: string } }>('/_control/his/registrations/:registrationNo/pass-deadline', async (req, reply) => {
    if (!d.passDeadline(req.params.registrationNo)) return refuse(reply, BizCode.NOT_FOUND, '挂号记录不存在');
    return sendEnvelope(reply, 200, ok({ registrationNo: req.params.registrationNo }));
  });
  app.post('/_control/his/reset', async (_req, reply) => {
    d.reset();
    return sendEnvelope(reply, 200, ok({ reset: true }));
  });
}

export const hisPartner: PartnerModule = {
  name: 'his',
  title: '医院信息系统（模拟）· 号源与检验报告',
  owner: '达州市卫生健康委员会（模拟）',
  description:
    '全市医院的区域 HIS 网关：省属、市级、区县级医院（名称带“（演示）”），科室、医生（职称、专长、挂号费），今天起7天的上午（08:00–12:00）、下午（14:00–17:30）号源；锁号占用一个号源直至确认、释放或到期（到期自动释放），确认后给出就诊序号与取号说明，就诊前2小时之前可退号；按身份证号查询近60天的检验报告。全部为演示数据，锁号与挂号保存在内存中，重启即复位。',
  signed: true,
  endpoints: [
    { method: 'GET', path: '/v1/his/hospitals?level=&site=', summary: '医院列表：不带 site 为全部；511700 为省属与市级；区县代码为该区县的医院；level 筛选 province | city | county' },
    { method: 'GET', path: '/v1/his/hospitals/:id/departments', summary: '医院的科室（内科、外科、妇儿、五官、其他）；未知医院 → 2001' },
    { method: 'GET', path: '/v1/his/schedules?hospitalId=&departmentId=&date=', summary: '科室医生及号源 {slotId, date, period, start, end, fee, total, remaining}；不带 date 为7天；已开始的时段不再返回' },
    { method: 'POST', path: '/v1/his/locks', summary: '锁号（幂等键；同一 lockRef 返回同一锁号）{slotId, patient, lockRef, holdSeconds}；约满或同一就诊人重复预约 → 2002' },
    { method: 'POST', path: '/v1/his/locks/:lockId/confirm', summary: '支付后确认挂号 {orderId, tradeNo, amountFen, paidAt} → 挂号单号、就诊序号、取号说明；锁号已过期或已释放 → 2002' },
    { method: 'POST', path: '/v1/his/locks/:lockId/release', summary: '释放锁号（幂等）；已确认的锁号 → 2002' },
    { method: 'POST', path: '/v1/his/registrations/:registrationNo/cancel', summary: '退号 {reason}（幂等）→ {refundFen}；就诊前2小时之后 → 2002' },
    { method: 'POST', path: '/v1/his/reports/query', summary: '检验报告列表 {idNumber}（近60天，新的在前）' },
    { method: 'POST', path: '/v1/his/reports/:reportId', summary: '检验报告详情 {idNumber}：检验项目、结果、参考范围、异常标志；他人的报告 → 2001' },
    { method: 'POST', path: '/_control/his/slots/:slotId', summary: '测试：设置号源剩余数 {remaining}', access: 'control' },
    { method: 'POST', path: '/_control/his/locks/:lockId/expire', summary: '测试：锁号立即到期（号源退回）', access: 'control' },
    { method: 'POST', path: '/_control/his/registrations/:registrationNo/pass-deadline', summary: '测试：把挂号的退号截止时间移到现在之前', access: 'control' },
    { method: 'POST', path: '/_control/his/reset', summary: '测试：清空锁号与挂号，号源恢复为演示数据', access: 'control' },
  ],
  routes: hisRoutes,
  controlRoutes: hisControlRoutes,
};
