/**
 * The water, power and gas companies as PartnerModules: one generic implementation, configured
 * per company (which number it calls an account, which installation number prefix, …). Water and
 * gas have accounts, bills and 销账; all three take installation applications.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ok, type AccountsResult, type UnitsResult, type WriteOffRequest } from '@dz/partner-protocol';
import { GAS_UNITS, WATER_UNITS, type UtilityKind } from '../../demo/utilities.js';
import { isRecord, isoInstant, positiveInt, text } from '../../lib/body.js';
import { badRequest, idempotentWrites, refuse, sendEnvelope } from '../../protocol.js';
import type { PartnerContext, PartnerEndpoint, PartnerModule } from '../types.js';
import { InstallationRegistry, type InstallationSpec } from './installation.js';
import { UtilityLedger, type Outcome } from './ledger.js';

export interface UtilitySystem {
  name: 'water' | 'power' | 'gas';
  title: string;
  owner: string;
  description: string;
  /** Accounts and bills, for the companies that bill through the portal. */
  accounts?: {
    kind: UtilityKind;
    /** URL segment: /v1/water/accounts/…, /v1/gas/customers/… */
    path: 'accounts' | 'customers';
    /** What the company calls the number: 户号 / 燃气用户编号. */
    label: string;
  };
  installation: InstallationSpec;
}

const ID_SHAPE = /^\d{17}[\dXx]$/;
const MAX_BILLS_PER_PAYMENT = 24;

function answer<T>(reply: FastifyReply, outcome: Outcome<T>): FastifyReply {
  return outcome.ok ? sendEnvelope(reply, 200, ok(outcome.data)) : refuse(reply, outcome.code, outcome.message);
}

/** WriteOffRequest from a body, or the complaint (1004). */
function parseWriteOff(body: unknown): WriteOffRequest | string {
  if (!isRecord(body)) return '请求体应为 {accountNo, billIds, amountFen, orderId, tradeNo, paidAt}';
  const accountNo = text(body.accountNo, 32);
  if (!accountNo) return 'accountNo 必填';
  const ids = body.billIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_BILLS_PER_PAYMENT) return `billIds 应为 1–${MAX_BILLS_PER_PAYMENT} 个账单编号`;
  const billIds = ids.map((id) => text(id, 64));
  if (billIds.some((id) => id === null)) return 'billIds 中的账单编号应为非空字符串';
  if (new Set(billIds).size !== billIds.length) return 'billIds 中有重复的账单编号';
  const amountFen = positiveInt(body.amountFen);
  if (amountFen === null) return 'amountFen 应为正整数（分）';
  const orderId = text(body.orderId, 64);
  const tradeNo = text(body.tradeNo, 64);
  if (!orderId || !tradeNo) return 'orderId 与 tradeNo 必填';
  if (isoInstant(body.paidAt) === null) return 'paidAt 应为 ISO-8601 时间';
  return { accountNo, billIds: billIds as string[], amountFen, orderId, tradeNo, paidAt: body.paidAt as string };
}

async function utilityRoutes(app: FastifyInstance, ctx: PartnerContext, sys: UtilitySystem): Promise<void> {
  const base = `/v1/${sys.name}`;
  const installations = new InstallationRegistry(sys.installation, ctx.now);
  const accounts = sys.accounts;
  const ledger = accounts ? new UtilityLedger(accounts.kind, accounts.label, ctx.now) : null;

  if (accounts && ledger) {
    const units: UnitsResult = { units: (accounts.kind === 'water' ? WATER_UNITS : GAS_UNITS).map((u) => ({ ...u })) };

    /** The accounts registered to an ID number; POST keeps the number out of URLs and logs. */
    app.post(`${base}/${accounts.path}/query`, async (req, reply) => {
      const body = req.body;
      const idNumber = isRecord(body) && typeof body.idNumber === 'string' ? body.idNumber.trim() : '';
      if (!ID_SHAPE.test(idNumber)) return badRequest(reply, 'idNumber 应为18位：前17位数字，最后一位数字或X');
      return sendEnvelope<AccountsResult>(reply, 200, ok({ accounts: ledger.accountsOf(idNumber.toUpperCase()) }));
    });

    app.get(`${base}/units`, async (_req, reply) => sendEnvelope(reply, 200, ok(units)));

    app.get<{ Params: { accountNo: string } }>(`${base}/${accounts.path}/:accountNo/bills`, async (req, reply) =>
      answer(reply, ledger.bills(req.params.accountNo)),
    );
  }

  app.get<{ Params: { installNo: string } }>(`${base}/installations/:installNo`, async (req, reply) =>
    answer(reply, installations.find(req.appKey ?? '', req.params.installNo)),
  );

  // Writes: Idempotency-Key required, a repeated key answers the stored result (protocol §4).
  await app.register(async (writes) => {
    idempotentWrites(writes, { now: ctx.now });

    if (ledger) {
      writes.post(`${base}/payments`, async (req, reply) => {
        const parsed = parseWriteOff(req.body);
        if (typeof parsed === 'string') return badRequest(reply, parsed);
        return answer(reply, ledger.writeOff(parsed));
      });
      writes.post(`${base}/payments/reverse`, async (req, reply) => {
        const body = req.body;
        const orderId = isRecord(body) ? text(body.orderId, 64) : '';
        if (!orderId) return badRequest(reply, '请求体应为 {orderId, reason}，orderId 必填');
        return answer(reply, ledger.reverse({ orderId, reason: (isRecord(body) ? text(body.reason, 200) : null) ?? '' }));
      });
    }

    writes.post(`${base}/installations`, async (req, reply) => {
      const body = req.body;
      if (!isRecord(body)) return badRequest(reply, '请求体应为 {applicationNo, form, attachments}');
      const applicationNo = text(body.applicationNo, 64);
      if (!applicationNo) return badRequest(reply, 'applicationNo 必填，且不超过64个字符');
      if (!isRecord(body.form)) return badRequest(reply, 'form 应为对象');
      if (!Array.isArray(body.attachments)) return badRequest(reply, 'attachments 应为数组（可为空）');
      return answer(reply, installations.submit(req.appKey ?? '', applicationNo, body.form, body.attachments));
    });
  });
}

function utilityEndpoints(sys: UtilitySystem): PartnerEndpoint[] {
  const base = `/v1/${sys.name}`;
  const list: PartnerEndpoint[] = [];
  if (sys.accounts) {
    const a = `${base}/${sys.accounts.path}`;
    list.push(
      { method: 'POST', path: `${a}/query`, summary: `按身份证号查询${sys.accounts.label} {idNumber} → {accounts}` },
      { method: 'GET', path: `${base}/units`, summary: '缴费单位列表' },
      { method: 'GET', path: `${a}/:accountNo/bills`, summary: '近12个月账单、欠费金额与缴费记录' },
      { method: 'POST', path: `${base}/payments`, summary: '销账（幂等键；按订单号幂等）→ {receiptNo, paidBillIds}' },
      { method: 'POST', path: `${base}/payments/reverse`, summary: '冲正（幂等键）：退款订单的账单恢复为待缴 → {receiptNo, reversedBillIds}' },
    );
  }
  list.push(
    { method: 'POST', path: `${base}/installations`, summary: `报装申请（幂等键；同一申请编号只受理一次）→ 报装进度，报装编号 ${sys.installation.prefix}+10位数字` },
    { method: 'GET', path: `${base}/installations/:installNo`, summary: '报装进度' },
  );
  return list;
}

export function utilityModule(sys: UtilitySystem): PartnerModule {
  return {
    name: sys.name,
    title: sys.title,
    owner: sys.owner,
    description: sys.description,
    signed: true,
    endpoints: utilityEndpoints(sys),
    routes: (app, ctx) => utilityRoutes(app, ctx, sys),
  };
}
