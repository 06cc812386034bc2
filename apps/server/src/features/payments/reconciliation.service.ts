/**
 * 对账: the gateway's statement of a Beijing day against our orders. Every movement the gateway
 * settled (a payment, a refund) must match an order of ours in amount and state, and every order
 * we hold as paid or refunded that day must appear in the statement. Differences are listed in the
 * console; nothing is changed automatically, because a difference is for a person to look into.
 */
import type { Statement } from '@dz/partner-protocol';
import type { ReconDiffView, ReconRunDetail, ReconRunView } from '@dz/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../infra/context.js';
import { badRequest, notFound } from '../../infra/errors.js';
import { beijingDay, beijingStamp, nowIso } from '../../infra/time.js';
import type { ReconDiffsTable, ReconRunsTable } from '../../db/schema.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import { PaymentsRepository, type OrderRow } from './payments.repository.js';


type Diff = Omit<Selectable<ReconDiffsTable>, 'id' | 'run_id'>;

/** Pure comparison, tested on its own. */
export function compare(statement: Statement, orders: OrderRow[], dayStart: string, dayEnd: string): Diff[] {
  const diffs: Diff[] = [];
  const byId = new Map(orders.map((o) => [o.order_id, o]));
  const inDay = (t: string | null) => t != null && t >= dayStart && t < dayEnd;
  const seenPay = new Set<string>();
  const seenRefund = new Set<string>();
  for (const e of statement.entries) {
    const o = byId.get(e.orderId);
    const base = { order_id: e.orderId, trade_no: e.tradeNo, gateway_type: e.type, gateway_amount_fen: e.amountFen, local_status: o?.status ?? null, local_amount_fen: o?.amount_fen ?? null };
    if (!o) {
      diffs.push({ kind: 'missing_local', ...base });
      continue;
    }
    (e.type === 'pay' ? seenPay : seenRefund).add(e.orderId);
    if (e.amountFen !== o.amount_fen) diffs.push({ kind: 'amount_mismatch', ...base });
    else if (e.type === 'pay' && o.status !== 'paid' && o.status !== 'refunded') diffs.push({ kind: 'status_mismatch', ...base });
    else if (e.type === 'refund' && o.status !== 'refunded') diffs.push({ kind: 'status_mismatch', ...base });
  }
  for (const o of orders) {
    const base = { order_id: o.order_id, trade_no: o.trade_no, local_status: o.status, local_amount_fen: o.amount_fen, gateway_type: null, gateway_amount_fen: null };
    if (inDay(o.paid_at) && (o.status === 'paid' || o.status === 'refunded') && !seenPay.has(o.order_id)) diffs.push({ kind: 'missing_gateway', ...base });
    if (inDay(o.refunded_at) && o.status === 'refunded' && !seenRefund.has(o.order_id)) diffs.push({ kind: 'missing_gateway', ...base, gateway_type: 'refund' });
  }
  return diffs;
}

function runView(r: Selectable<ReconRunsTable>): ReconRunView {
  return {
    id: r.id,
    date: r.day,
    status: r.status,
    gatewayCount: r.gateway_count,
    gatewayAmountFen: r.gateway_amount_fen,
    localCount: r.local_count,
    localAmountFen: r.local_amount_fen,
    differenceCount: r.difference_count,
    message: r.message,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

function diffView(d: Selectable<ReconDiffsTable>): ReconDiffView {
  return {
    id: d.id,
    kind: d.kind,
    orderId: d.order_id,
    tradeNo: d.trade_no,
    localStatus: d.local_status,
    localAmountFen: d.local_amount_fen,
    gatewayType: d.gateway_type,
    gatewayAmountFen: d.gateway_amount_fen,
  };
}

export class ReconciliationService {
  private readonly auditor: StaffAuditor;
  constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
  ) {
    this.auditor = new StaffAuditor(ctx.audit);
  }

  /** Runs the reconciliation of one Beijing day. A gateway that cannot be reached gives a failed run. */
  async run(day: string, by: string): Promise<ReconRunView> {
    const start = Date.parse(`${day}T00:00:00+08:00`);
    if (Number.isNaN(start)) throw badRequest('对账日期不正确，请按 2026-01-31 的格式填写');
    if (start > Date.now()) throw badRequest('不能对未来的日期对账');
    const dayStart = new Date(start).toISOString();
    const dayEnd = new Date(start + 86_400_000).toISOString();
    const insertRun = async (v: Omit<Selectable<ReconRunsTable>, 'id' | 'day' | 'created_by' | 'created_at'>) => {
      const res = await this.ctx.db.insertInto('recon_runs').values({ day, created_by: by, created_at: nowIso(), ...v }).executeTakeFirstOrThrow();
      return Number(res.insertId);
    };
    let statement: Statement;
    try {
      statement = await this.ctx.partners.call<Statement>({ partner: 'pay', operation: 'pay.statement', method: 'GET', path: `/v1/pay/statements?date=${day}`, idempotent: true, timeoutMs: 10_000 });
    } catch (err) {
      this.log.warn({ err, day }, '获取支付平台对账单失败');
      const id = await insertRun({ status: 'failed', gateway_count: 0, gateway_amount_fen: 0, local_count: 0, local_amount_fen: 0, difference_count: 0, message: '获取支付平台对账单失败，请稍后重试' });
      return this.runById(id);
    }
    const settled = await new PaymentsRepository(this.ctx.db).settledBetween(dayStart, dayEnd);
    // Orders named in the statement but settled on another day (or not at all) are compared too.
    const named = statement.entries.map((e) => e.orderId).filter((id) => !settled.some((o) => o.order_id === id));
    const orders = [...settled, ...(await new PaymentsRepository(this.ctx.db).byOrderIds([...new Set(named)]))];
    const diffs = compare(statement, orders, dayStart, dayEnd);
    const signed = (type: string, fen: number) => (type === 'refund' ? -fen : fen);
    const localMoves = settled.flatMap((o) => [
      ...(o.paid_at && o.paid_at >= dayStart && o.paid_at < dayEnd ? [o.amount_fen] : []),
      ...(o.refunded_at && o.refunded_at >= dayStart && o.refunded_at < dayEnd ? [-o.amount_fen] : []),
    ]);
    const id = await insertRun({
      status: diffs.length ? 'differences' : 'balanced',
      gateway_count: statement.entries.length,
      gateway_amount_fen: statement.entries.reduce((s, e) => s + signed(e.type, e.amountFen), 0),
      local_count: localMoves.length,
      local_amount_fen: localMoves.reduce((s, v) => s + v, 0),
      difference_count: diffs.length,
      message: diffs.length ? `发现 ${diffs.length} 处差异，请逐笔核查` : null,
    });
    if (diffs.length) await this.ctx.db.insertInto('recon_diffs').values(diffs.map((d) => ({ ...d, run_id: id }))).execute();
    return this.runById(id);
  }

  private async runById(id: number): Promise<ReconRunView> {
    return runView(await this.ctx.db.selectFrom('recon_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  }

  /** The daily job: yesterday's run, once (any instance), after 02:00 Beijing time. */
  async runDailyIfDue(): Promise<void> {
    const now = Date.now();
    if (Number(beijingStamp(now).slice(8, 10)) < 2) return;
    const day = beijingDay(now - 86_400_000);
    const done = await this.ctx.db.selectFrom('recon_runs').select('id').where('day', '=', day).where('created_by', '=', '系统').where('status', '!=', 'failed').executeTakeFirst();
    if (done) return;
    if (!(await this.ctx.kv.setIfAbsent(`recon:${day}`, '1', 10 * 60_000))) return;
    await this.run(day, '系统');
  }

  async adminRun(actor: Actor, day: string): Promise<ReconRunView> {
    const run = await this.run(day, actor.staff.username);
    await this.auditor.record(actor, { action: 'payments.reconcile', siteCode: actor.staff.siteCode, objectType: 'recon_run', objectId: run.id, summary: `对账 ${day}：${run.status === 'balanced' ? '平账' : run.status === 'failed' ? '失败' : `${run.differenceCount} 处差异`}` });
    return run;
  }

  async list(page: number, pageSize: number): Promise<{ items: ReconRunView[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.ctx.db.selectFrom('recon_runs').selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
      this.ctx.db.selectFrom('recon_runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(runView), total: Number(count.n) };
  }

  async detail(id: number): Promise<ReconRunDetail> {
    const run = await this.ctx.db.selectFrom('recon_runs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!run) throw notFound('对账记录不存在');
    const diffs = await this.ctx.db.selectFrom('recon_diffs').selectAll().where('run_id', '=', id).orderBy('id').execute();
    return { run: runView(run), differences: diffs.map(diffView) };
  }
}
