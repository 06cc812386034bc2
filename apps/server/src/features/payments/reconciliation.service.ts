/**
 * 对账: the gateway's statement of a Beijing day against our orders. Every movement the gateway
 * settled (a payment, a refund) must match an order of ours in amount and state, and every order
 * we hold as paid or refunded that day must appear in the statement. Differences are listed in the
 * console; nothing is changed automatically, because a difference is for a person to look into.
 *
 * The statement is the whole platform's (one merchant for every site), so 对账 belongs to the
 * platform level: staff of the city or province only. A county's staff would otherwise read every
 * other county's orders in the differences (their own orders are in 支付订单, scoped to them).
 *
 * A gateway that cannot be reached is asked again with a bounded backoff before the run is recorded
 * as failed, and a failed run never stays: the next run of that day (立即对账, or the scheduled pass,
 * which retries failed days of the last week) replaces it.
 *
 * 立即对账 is a job (issue 9): the console gets a job id at once and follows its progress, instead of
 * holding a request open for up to ~40 s while a hanging gateway times out three times. Enqueueing a
 * day that is already being reconciled joins that job; the job ends with the run, or with the
 * failure's reason in Chinese (a timeout says so).
 */
import type { Statement } from '@dz/partner-protocol';
import type { ReconDiffView, ReconRunDetail, ReconRunView } from '@dz/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../infra/context.js';
import { PayConnector } from '../../partners/connectors/pay.js';
import { badRequest, conflict, forbidden, notFound } from '../../infra/errors.js';
import { beijingDay, beijingStamp, nowIso } from '../../infra/time.js';
import type { ReconDiffsTable, ReconRunsTable } from '../../db/schema.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import { ownerOf, recordForStarter, starterOf, type JobStarter } from '../jobs/jobs.console.js';
import type { JobContext, JobRunner } from '../jobs/jobs.service.js';
import { PaymentsRepository, type OrderRow } from './payments.repository.js';
import type { PurposeRegistry } from './purposes.js';
import { ReconciliationRepository } from './reconciliation.repository.js';


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

function diffView(d: Selectable<ReconDiffsTable>, order: OrderRow | undefined, purposes: PurposeRegistry | undefined): ReconDiffView {
  return {
    id: d.id,
    kind: d.kind,
    orderId: d.order_id,
    tradeNo: d.trade_no,
    localStatus: d.local_status,
    localAmountFen: d.local_amount_fen,
    gatewayType: d.gateway_type,
    gatewayAmountFen: d.gateway_amount_fen,
    bizName: order ? (purposes?.name(order.biz) ?? order.biz) : null,
    description: order ? (purposes?.describe(order) ?? order.subject) : null,
  };
}

export const RECON_PLATFORM_ONLY = '对账核对的是统一支付平台全部站点的订单，仅市级及以上站点的工作人员可以查看和操作；本站点的订单请在“支付订单”中查看';

export interface ReconciliationOptions {
  /** Pauses between statement downloads after a failure; their count bounds the retries. */
  retryDelaysMs?: number[];
  /** Budget of one download (the client's own quick retries included). */
  statementTimeoutMs?: number;
  /** The payments core's purposes: a difference names what its order paid for (水费 · 卡号 …). */
  purposes?: PurposeRegistry;
}

/** Two more tries, 2 s then 8 s later: long enough for a gateway restart, short enough for 立即对账. */
const RETRY_DELAYS_MS = [2000, 8000];
/** Failed days this far back are tried again by the scheduled pass. */
const RETRY_FAILED_DAYS = 7;
const SYSTEM = '系统';
export const RECON_JOB = 'payments.reconcile';
const FETCHING = '正在向支付平台获取对账单…';

/** Reports a run's steps to whoever watches it (the 立即对账 job). */
export type ReconProgress = (step: number, message: string) => Promise<void>;
export const RECON_STEPS = 3;

export class ReconciliationService {
  private readonly auditor: StaffAuditor;
  private readonly repo: ReconciliationRepository;
  private readonly pay: PayConnector;
  private readonly purposes: PurposeRegistry | undefined;
  private retryDelaysMs: number[];
  private statementTimeoutMs: number;
  constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
    opts: ReconciliationOptions = {},
  ) {
    this.auditor = new StaffAuditor(ctx.audit);
    this.repo = new ReconciliationRepository(ctx.db);
    this.pay = new PayConnector(ctx.partners);
    this.retryDelaysMs = opts.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.statementTimeoutMs = opts.statementTimeoutMs ?? 10_000;
    this.purposes = opts.purposes;
  }

  /** The gateway's statement of `day`, asked again after each pause of retryDelaysMs before giving up. */
  private async statement(day: string, progress: ReconProgress): Promise<Statement> {
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      try {
        if (attempt) await progress(0, `${FETCHING}（第 ${attempt + 1} 次尝试）`);
        return await this.pay.statement(day, { timeoutMs: this.statementTimeoutMs });
      } catch (err) {
        // The client reports every failure alike; a try that used its whole budget was a timeout.
        const timedOut = Date.now() - started >= this.statementTimeoutMs * 0.9;
        const pause = this.retryDelaysMs[attempt];
        if (pause === undefined) throw Object.assign(err instanceof Error ? err : new Error(String(err)), { timedOut });
        this.log.warn({ err, day, attempt: attempt + 1 }, '获取支付平台对账单失败，稍后重试');
        await progress(0, `获取对账单${timedOut ? '超时' : '失败'}，${Math.round(pause / 1000)} 秒后重试…`);
        await new Promise((r) => setTimeout(r, pause).unref());
      }
    }
  }

  /** Shortens the retry policy (tests; a hanging gateway would otherwise take ~40 s to give up). */
  tune(opts: ReconciliationOptions): void {
    if (opts.retryDelaysMs) this.retryDelaysMs = opts.retryDelaysMs;
    if (opts.statementTimeoutMs) this.statementTimeoutMs = opts.statementTimeoutMs;
  }

  /** The day's bounds as ISO instants; a malformed or future day is refused (400). */
  private dayBounds(day: string): { dayStart: string; dayEnd: string } {
    const start = Date.parse(`${day}T00:00:00+08:00`);
    if (Number.isNaN(start)) throw badRequest('对账日期不正确，请按 2026-01-31 的格式填写');
    if (start > Date.now()) throw badRequest('不能对未来的日期对账');
    return { dayStart: new Date(start).toISOString(), dayEnd: new Date(start + 86_400_000).toISOString() };
  }

  /** Runs the reconciliation of one Beijing day. A gateway that stays unreachable gives a failed run. */
  async run(day: string, by: string, progress: ReconProgress = async () => undefined): Promise<ReconRunView> {
    const { dayStart, dayEnd } = this.dayBounds(day);
    const insertRun = async (v: Omit<Selectable<ReconRunsTable>, 'id' | 'day' | 'created_by' | 'created_at'>) => {
      const id = await this.repo.insertRun({ day, created_by: by, created_at: nowIso(), ...v });
      // This run replaces the day's earlier failures, so a failure never stays once retried.
      await this.repo.dropFailedRuns(day, id);
      return id;
    };
    let statement: Statement;
    await progress(0, FETCHING);
    try {
      statement = await this.statement(day, progress);
    } catch (err) {
      this.log.warn({ err, day }, '获取支付平台对账单失败，已记录为失败，下次定时对账或立即对账时重试');
      const why = (err as { timedOut?: boolean }).timedOut
        ? `支付平台在 ${Math.round(this.statementTimeoutMs / 1000)} 秒内未返回对账单（超时），已尝试 ${this.retryDelaysMs.length + 1} 次`
        : '多次获取支付平台对账单均失败';
      const id = await insertRun({ status: 'failed', gateway_count: 0, gateway_amount_fen: 0, local_count: 0, local_amount_fen: 0, difference_count: 0, message: `${why}，系统将在下次定时对账时重试，也可稍后点击“立即对账”` });
      return this.runById(id);
    }
    await progress(1, `已取得对账单（${statement.entries.length} 笔），正在逐笔核对…`);
    const orders = new PaymentsRepository(this.ctx.db);
    const settled = await orders.settledBetween(dayStart, dayEnd);
    // Orders named in the statement but settled on another day (or not at all) are compared too.
    const named = statement.entries.map((e) => e.orderId).filter((id) => !settled.some((o) => o.order_id === id));
    const all = [...settled, ...(await orders.byOrderIds([...new Set(named)]))];
    const diffs = compare(statement, all, dayStart, dayEnd);
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
    await this.repo.insertDiffs(id, diffs);
    await progress(2, '正在保存对账结果…');
    return this.runById(id);
  }

  private async runById(id: number): Promise<ReconRunView> {
    return runView((await this.repo.runById(id))!);
  }

  /**
   * The scheduled pass: yesterday's run, once (any instance), after 02:00 Beijing time; and every
   * day of the last week whose runs all failed, again — at most every 10 minutes per day.
   */
  async runDailyIfDue(now = Date.now()): Promise<void> {
    if (Number(beijingStamp(now).slice(8, 10)) < 2) return;
    const yesterday = beijingDay(now - 86_400_000);
    const days = new Set(await this.repo.daysOnlyFailed(beijingDay(now - RETRY_FAILED_DAYS * 86_400_000)));
    if (!(await this.repo.hasSuccessfulRun(yesterday, SYSTEM))) days.add(yesterday);
    for (const day of [...days].sort()) {
      if (day >= beijingDay(now)) continue;
      if (!(await this.ctx.kv.setIfAbsent(`recon:${day}`, '1', 10 * 60_000))) continue;
      await this.run(day, SYSTEM);
    }
  }

  /** 对账 is the platform's: staff of the city or province only (see the header). */
  private async requirePlatform(actor: Actor, action: string, objectId?: number): Promise<void> {
    const platform = await this.ctx.partnerEndpoints.platformSites();
    if (!platform.includes(actor.staff.siteCode)) {
      await this.auditor.deny(actor, { action, siteCode: actor.staff.siteCode, objectType: 'recon_run', objectId: objectId ?? null, summary: '区县工作人员访问平台对账，已拒绝' }, forbidden(RECON_PLATFORM_ONLY));
    }
  }

  /**
   * 立即对账: starts the day's run as a job of `actor`'s, or joins the one already running for that
   * day (a second click). A run of that day started by someone else is a 409 with its reason: its
   * progress is theirs to watch, its result appears in the list for everyone.
   */
  async startRun(jobs: JobRunner, actor: Actor, day: string): Promise<{ jobId: number; created: boolean }> {
    await this.requirePlatform(actor, 'payments.reconcile');
    this.dayBounds(day);
    const { id, created } = await jobs.enqueueOrJoin(RECON_JOB, { day, by: starterOf(actor) }, { key: `recon:manual:${day}`, owner: ownerOf(actor), maxAttempts: 1, message: '排队中，即将开始对账…' });
    if (!created) {
      const job = await jobs.get(id);
      if (job && (job.owner_staff_id !== actor.staff.id || job.owner_site !== actor.staff.siteCode)) throw conflict('RECON_RUNNING', `${day} 的对账正在由其他工作人员进行，完成后可在对账记录中查看结果`);
    }
    return { jobId: id, created };
  }

  /** The 立即对账 job: the run, its audit entry, and the run as the result; a failed run fails the job with its reason. */
  async runJob(raw: unknown, job: JobContext): Promise<{ runId: number; date: string; status: ReconRunView['status']; differenceCount: number }> {
    const { day, by } = raw as { day: string; by: JobStarter };
    const run = await this.run(day, by.username, (step, message) => job.progress(step, RECON_STEPS, message));
    const outcome = run.status === 'balanced' ? '平账' : run.status === 'failed' ? '失败' : `${run.differenceCount} 处差异`;
    await recordForStarter(this.ctx, by, { action: 'payments.reconcile', objectType: 'recon_run', objectId: run.id, summary: `对账 ${day}：${outcome}` });
    if (run.status === 'failed') throw new Error(run.message ?? '对账失败，请稍后重试');
    await job.progress(RECON_STEPS, RECON_STEPS, run.status === 'balanced' ? `对账完成：平账，共 ${run.localCount} 笔` : `对账完成：发现 ${run.differenceCount} 处差异`);
    return { runId: run.id, date: run.date, status: run.status, differenceCount: run.differenceCount };
  }

  async list(actor: Actor, page: number, pageSize: number): Promise<{ items: ReconRunView[]; total: number }> {
    await this.requirePlatform(actor, 'payments.reconciliations');
    const { rows, total } = await this.repo.page(page, pageSize);
    return { items: rows.map(runView), total };
  }

  async detail(actor: Actor, id: number): Promise<ReconRunDetail> {
    await this.requirePlatform(actor, 'payments.reconciliations', id);
    const run = await this.repo.runById(id);
    if (!run) throw notFound('对账记录不存在');
    const diffs = await this.repo.diffsOf(id);
    const orders = new Map((await new PaymentsRepository(this.ctx.db).byOrderIds([...new Set(diffs.map((d) => d.order_id))])).map((o) => [o.order_id, o]));
    return { run: runView(run), differences: diffs.map((d) => diffView(d, orders.get(d.order_id), this.purposes)) };
  }
}
