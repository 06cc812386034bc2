/**
 * One signed PartnerModule per quota system (reservations.ts of partner-protocol): `scenic` and
 * `venues` differ only in their resources and booking-number prefix, so both are built here over
 * the one ledger (ledger.ts), kept in memory per sandbox.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ok, type Envelope, type QuotaAvailability, type QuotaBooking, type QuotaBookingRequest, type QuotaResourcesResult, type QuotaSystem, type QuotaVisitor } from '@dz/partner-protocol';
import { isRecord, text } from '../../lib/body.js';
import { badRequest, idempotentWrites, sendEnvelope } from '../../protocol.js';
import { perSandbox, type PartnerContext, type PartnerModule } from '../types.js';
import { QuotaLedger, type LedgerOutcome, type ResourceDef } from './ledger.js';

export interface QuotaSystemSpec {
  name: QuotaSystem;
  title: string;
  owner: string;
  description: string;
  /** Booking numbers: prefix + Beijing date + sequence (WL20261207000001). */
  bookingPrefix: string;
  resources: readonly ResourceDef[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RESOURCE_ID = /^[A-Z0-9]{2,16}$/;

function answer<T>(reply: FastifyReply, outcome: LedgerOutcome<T>): FastifyReply {
  if ('ok' in outcome) return sendEnvelope<T>(reply, 200, ok(outcome.ok));
  // Refusals carry {reason} in data (the portal tells full from started from duplicate by it).
  const env: Envelope<unknown> = { code: outcome.refused.code, message: outcome.refused.message, data: outcome.refused.data };
  return sendEnvelope(reply, 200, env);
}

/** The request as the portal sends it, or what is malformed about it (1004). Content checks are the ledger's. */
function parseBooking(body: unknown): QuotaBookingRequest | string {
  if (!isRecord(body)) return '请求体应为 {resourceId, date, slotId, visitors: [{name, idNumber}], portalRef}';
  const resourceId = text(body.resourceId, 16);
  const date = text(body.date, 10);
  const slotId = text(body.slotId, 16);
  const portalRef = text(body.portalRef, 64);
  if (!resourceId || !date || !slotId || !portalRef) return 'resourceId、date、slotId、portalRef 必填（portalRef 不超过64个字符）';
  if (!Array.isArray(body.visitors) || body.visitors.length > 20) return 'visitors 应为 [{name, idNumber}]（不超过20人）';
  const visitors: QuotaVisitor[] = [];
  for (const v of body.visitors) {
    const name = isRecord(v) ? text(v.name, 20) : null;
    const idNumber = isRecord(v) ? text(v.idNumber, 18) : null;
    if (!name || !idNumber) return 'visitors 的每一项应为 {name, idNumber}';
    visitors.push({ name: name.trim(), idNumber: idNumber.trim().toUpperCase() });
  }
  return { resourceId, date, slotId, visitors, portalRef };
}

export function quotaModule(spec: QuotaSystemSpec): PartnerModule {
  const base = `/v1/${spec.name}`;
  const ledgerOf = perSandbox((ctx: PartnerContext) => new QuotaLedger(spec.resources, spec.bookingPrefix, ctx.now));

  async function routes(app: FastifyInstance, ctx: PartnerContext): Promise<void> {
    const ledger = ledgerOf(ctx);

    app.post(`${base}/resources`, async (req, reply) => {
      const county = isRecord(req.body) ? req.body.county : undefined;
      if (county !== undefined && county !== null && (typeof county !== 'string' || !/^\d{6}$/.test(county))) return badRequest(reply, 'county 应为6位行政区划代码');
      return sendEnvelope<QuotaResourcesResult>(reply, 200, ok({ resources: ledger.list(typeof county === 'string' ? county : undefined) }));
    });

    app.post(`${base}/availability`, async (req, reply) => {
      const b = isRecord(req.body) ? req.body : {};
      const resourceId = text(b.resourceId, 16);
      const date = text(b.date, 10);
      if (!resourceId || !RESOURCE_ID.test(resourceId) || !date || !DATE.test(date)) return badRequest(reply, '请求体应为 {resourceId, date: YYYY-MM-DD}');
      return answer<QuotaAvailability>(reply, ledger.availability(resourceId, date));
    });

    app.get<{ Params: { bookingNo: string } }>(`${base}/bookings/:bookingNo`, async (req, reply) => answer<QuotaBooking>(reply, ledger.get(req.appKey ?? '', req.params.bookingNo)));

    await app.register(async (writes) => {
      idempotentWrites(writes, { now: ctx.now });
      writes.post(`${base}/bookings`, async (req, reply) => {
        const parsed = parseBooking(req.body);
        if (typeof parsed === 'string') return badRequest(reply, parsed);
        return answer<QuotaBooking>(reply, ledger.book(req.appKey ?? '', parsed));
      });
      writes.post<{ Params: { bookingNo: string } }>(`${base}/bookings/:bookingNo/cancel`, async (req, reply) => answer<QuotaBooking>(reply, ledger.cancel(req.appKey ?? '', req.params.bookingNo)));
    });
  }

  async function controlRoutes(app: FastifyInstance, ctx: PartnerContext): Promise<void> {
    const ledger = ledgerOf(ctx);
    app.post(`/_control/${spec.name}/capacity`, async (req, reply) => {
      const b = isRecord(req.body) ? req.body : {};
      const { resourceId, date, slotId, capacity } = b;
      if (typeof resourceId !== 'string' || typeof date !== 'string' || typeof slotId !== 'string' || typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 0 || capacity > 100_000) {
        return badRequest(reply, '请求体应为 {resourceId, date, slotId, capacity: 0–100000 的整数}');
      }
      return answer(reply, ledger.setCapacity(resourceId, date, slotId, capacity));
    });
    app.post(`/_control/${spec.name}/reset`, async (_req, reply) => {
      ledger.reset();
      return sendEnvelope(reply, 200, ok({ reset: true }));
    });
  }

  return {
    name: spec.name,
    title: spec.title,
    owner: spec.owner,
    description: spec.description,
    signed: true,
    endpoints: [
      { method: 'POST', path: `${base}/resources`, summary: '可预约场所 {county?} → {resources: [{id, name, kind, county, address, openHours, maxVisitors, daysAhead, notice}]}' },
      { method: 'POST', path: `${base}/availability`, summary: '某日时段余量 {resourceId, date} → {closed, closedReason, slots: [{slotId, start, end, capacity, remaining}]}；未知场所 → 2001' },
      { method: 'POST', path: `${base}/bookings`, summary: '预约（幂等键；同一 portalRef 返回同一预约）{resourceId, date, slotId, visitors, portalRef}；约满 / 已开始 → 2002，同一证件当天重复 / 数据不符 → 2004（data.reason）' },
      { method: 'GET', path: `${base}/bookings/:bookingNo`, summary: '预约详情（姓名、证件号脱敏）；未知 → 2001' },
      { method: 'POST', path: `${base}/bookings/:bookingNo/cancel`, summary: '取消预约（幂等）；时段开始后 → 2002 {reason: started}' },
      { method: 'POST', path: `/_control/${spec.name}/capacity`, summary: '测试：设置某日某时段的容量 {resourceId, date, slotId, capacity}', access: 'control' },
      { method: 'POST', path: `/_control/${spec.name}/reset`, summary: '测试：清空全部预约与容量设置', access: 'control' },
    ],
    routes,
    controlRoutes,
  };
}

