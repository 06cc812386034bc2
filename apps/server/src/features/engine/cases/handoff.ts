/**
 * Hand-off to bureau systems (部门业务系统), on the durable job runner:
 * - `cases.handoff` (one-off, key = case id, retried with backoff) submits a case to its partner
 *   through the bureau connector, idempotent by case number. While the partner is down the case
 *   stays 待受理 with handoff 'pending' (the citizen sees 已提交，等待部门接收); once the partner
 *   takes it, handoff 'sent' + its reference and the case is 受理 by the partner.
 * - `cases.poll` (every 30 s) asks the partners for decisions on 'sent' cases (approved → 办结 with
 *   the result document, denied → 不予许可 with the partner's comment) and retries 'pending' ones
 *   whose one-off job gave up, so a partner down for hours still gets the case when it heals.
 * - `cases.sla` (every 10 min) marks accepted cases past their deadline as overdue.
 * - `cases.document` retries a result document the documents core failed to issue.
 * Every step goes through `cases.act`, so a decision racing a staff member's action loses cleanly.
 */
import type { FastifyInstance } from 'fastify';
import type { WorkflowDefinition } from '@dz/contracts';
import { AppError } from '../../../infra/errors.js';
import { nowIso } from '../../../infra/time.js';
import { CasesRepository, type CaseRow } from './cases.repository.js';
import { applicantOf, type CasesService } from './cases.service.js';
import type { CaseActor } from './transition.js';

export const PARTNER_NAMES: Record<string, string> = {
  social: '人社局社保系统',
  'housing-fund': '住房公积金中心系统',
  'real-estate': '不动产登记系统',
  police: '公安局业务系统',
  market: '市场监管局业务系统',
  tax: '税务局业务系统',
  medicare: '医保局业务系统',
  health: '卫健委业务系统',
  seal: '公章刻制管理系统',
  transport: '交通运输局道路运输管理系统',
  tourism: '文广旅局文旅信息系统',
  education: '教育局招生考试系统',
};

const POLL_BATCH = 50;
const SLA_BATCH = 500;
const SYSTEM: CaseActor = { type: 'system', id: null, name: '系统' };
const is409 = (err: unknown) => err instanceof AppError && err.statusCode === 409;

export class Handoff {
  constructor(
    private readonly app: FastifyInstance,
    private readonly cases: CasesService,
  ) {}

  private get repo() {
    return new CasesRepository(this.app.ctx.db);
  }

  register(): void {
    const jobs = this.app.jobs;
    // 8 tries with backoff from 2 s (about 4 minutes in all); the 30 s poll takes over after that.
    jobs.register('cases.handoff', async (payload) => this.submit((payload as { caseId: number }).caseId), { maxAttempts: 8, backoffMs: 2000 });
    jobs.register('cases.poll', async () => this.poll(), { every: 30_000 });
    jobs.register('cases.sla', async () => this.sla(), { every: 600_000 });
    jobs.register('cases.document', async (payload) => this.document((payload as { caseId: number }).caseId), { maxAttempts: 10, backoffMs: 5000 });
  }

  private partnerOf(row: CaseRow, def: WorkflowDefinition): string | null {
    if (row.part_code) return def.parts?.find((p) => p.code === row.part_code)?.partner ?? null;
    return def.partner ?? null;
  }

  private actor(partner: string): CaseActor {
    return { type: 'partner', id: null, name: PARTNER_NAMES[partner] ?? partner };
  }

  /** Submits one case; throws while the partner cannot take it (the runner retries). */
  async submit(caseId: number): Promise<'sent' | 'skipped'> {
    const row = await this.repo.find(caseId);
    if (!row || row.handoff !== 'pending' || row.status !== 'submitted') return 'skipped';
    const def = (await this.cases.workflowOf(row)).definition;
    const partner = this.partnerOf(row, def);
    if (!partner) return 'skipped';
    const bureaus = this.app.bureaus;
    const data = this.cases.dataOf(row);
    const form = await this.app.forms.version(row.form_code, row.form_site, row.form_version);
    const u = await this.repo.user(row.user_id);
    const gm = this.app.ctx.gm;
    const a = applicantOf(form?.fields ?? [], data, { name: gm.decryptNullable(u?.name_enc), idNumber: gm.decryptNullable(u?.id_number_enc), phone: gm.decryptNullable(u?.phone_enc) });
    let ref: string;
    try {
      ({ ref } = await bureaus.submit(partner, row.site_code, row.case_no, { formCode: row.form_code, title: row.title, data, applicant: { name: a.name ?? '', idNumber: a.idNumber, phone: a.phone } }));
    } catch (err) {
      await this.repo.patch(row.id, { handoff_attempts: row.handoff_attempts + 1 });
      if (row.handoff_attempts === 0) await this.cases.event(row.id, { action: 'handoff-failed', actor: SYSTEM, comment: `${PARTNER_NAMES[partner] ?? partner}暂不可用，系统将自动重试` });
      throw err;
    }
    try {
      await this.cases.act(row.id, 'accept', this.actor(partner), { comment: '部门系统已接收', version: row.version, set: { handoff: 'sent', partner_ref: ref.slice(0, 64), handoff_attempts: row.handoff_attempts + 1 } });
    } catch (err) {
      // Withdrawn or moved meanwhile: the partner holds a case by number, the next poll sees the state.
      if (!is409(err)) throw err;
      return 'skipped';
    }
    return 'sent';
  }

  /** Decisions of the partners on 'sent' cases, and one more try for 'pending' ones. */
  async poll(): Promise<void> {
    for (const { id } of await this.repo.handoffs('pending', POLL_BATCH)) {
      try {
        await this.submit(id);
      } catch (err) {
        this.app.log.info({ err, caseId: id }, 'hand-off still waiting for the partner');
      }
    }
    for (const { id } of await this.repo.handoffs('sent', POLL_BATCH)) {
      try {
        await this.decide(id);
      } catch (err) {
        this.app.log.info({ err, caseId: id }, 'partner decision not available');
      }
    }
  }

  /** Applies a partner's decision on one case, if it has one. */
  async decide(caseId: number): Promise<'approved' | 'denied' | 'pending' | 'skipped'> {
    const row = await this.repo.find(caseId);
    if (!row || row.handoff !== 'sent' || !row.partner_ref) return 'skipped';
    const def = (await this.cases.workflowOf(row)).definition;
    const partner = this.partnerOf(row, def);
    const bureaus = this.app.bureaus;
    if (!partner) return 'skipped';
    if (row.status !== 'accepted') {
      // Decided by staff (or withdrawn) meanwhile: nothing to wait for any more.
      await this.repo.patch(row.id, { handoff: 'done' });
      return 'skipped';
    }
    const d = await bureaus.decision(partner, row.site_code, row.partner_ref);
    if (d.status === 'pending') return 'pending';
    const set = { result: d.result ? JSON.stringify(d.result) : row.result, handoff: 'done' as const };
    try {
      if (d.status === 'approved') await this.cases.act(row.id, 'complete', this.actor(partner), { comment: d.comment ?? '准予许可', version: row.version, set });
      else await this.cases.act(row.id, 'deny', this.actor(partner), { comment: d.comment ?? '部门不予许可', version: row.version, set });
    } catch (err) {
      if (!is409(err)) throw err;
      return 'skipped';
    }
    return d.status;
  }

  /**
   * Marks accepted cases past their deadline as overdue (the console's 已超时 queue and its badge)
   * and writes 超期提醒 on each case's timeline, once; returns how many were marked. At most
   * SLA_BATCH a run: the next run takes the rest.
   */
  async sla(now = nowIso()): Promise<number> {
    let marked = 0;
    for (const id of await this.repo.overdueCandidates(now, SLA_BATCH)) {
      if (!(await this.repo.markOverdue(id, now))) continue;
      marked += 1;
      await this.cases.event(id, { action: 'sla', actor: SYSTEM, comment: '已超过承诺办结时限，请尽快办理' });
    }
    return marked;
  }

  private async document(caseId: number): Promise<void> {
    const row = await this.repo.find(caseId);
    if (!row || row.status !== 'completed' || row.document_id) return;
    await this.cases.issueDocument(row, (await this.cases.workflowOf(row)).definition, { rethrow: true });
  }
}
