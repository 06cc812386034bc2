/**
 * 好差评 (国办发〔2019〕51号, DOMAIN.md): the citizen rates a case once it is 办结, once per case;
 * a 差评 (非常不满意 / 不满意) opens a 整改 task for the case's department and site, due in 15
 * working days; the department's answer (回访) reaches the citizen as a personal message and as
 * the rating's reply, and only then may the citizen rate a second time (round 2).
 *
 * Console permission: reading ratings, 整改 tasks and figures needs 办件受理 or 办件审核
 * (case:handle / case:review); answering a 整改 needs case:handle — the department that handled
 * the case answers for it. All console reads and the answer are audited.
 */
import { LabelsRepository } from '../labels.repository.js';
import type { FastifyInstance } from 'fastify';
import {
  BAD_RATING_MAX,
  RATING_ASPECTS,
  RATING_LEVELS,
  RATING_STATS_GROUPS,
  RECTIFICATION_DAYS,
  type AdminRatingQuery,
  type RatingCreate,
  type RatingStatsGroupBy,
  type RatingStatsQuery,
  type RatingStatsResponse,
  type RatingView,
  type RectificationQuery,
  type RectificationRow,
} from '@dz/contracts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../../infra/errors.js';
import { nowIso } from '../../../infra/time.js';
import { hasPermission, StaffAuditor, type Actor } from '../../admin-auth/staff-guard.js';
import { addWorkingDays } from '../cases/working-days.js';
import { RatingsRepository, type RatingFilter } from './ratings.repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** 好差评 of a case, for the case views (citizen and console). */
    ratings: RatingsService;
  }
}

const levelName = (n: number) => RATING_LEVELS[n as keyof typeof RATING_LEVELS] ?? String(n);
const aspectsOf = (text: string): string[] => {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);

/** A Beijing day 'YYYY-MM-DD' → the ISO instant its day starts. */
const beijingStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
const nextDayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();

/** The key of forms no catalogue app offers (an item's 在线办事) in the per-zone figures. */
const NO_ZONE = 'items';

type LevelRow = { k: string | number | null; total: unknown; l1: unknown; l2: unknown; l3: unknown; l4: unknown; l5: unknown };

/** Per-form counts summed per zone (the zone of the app that offers the form). */
function sumByZone(rows: LevelRow[], zones: Map<string, { code: string }>): LevelRow[] {
  const out = new Map<string, { k: string; total: number; l1: number; l2: number; l3: number; l4: number; l5: number }>();
  for (const r of rows) {
    const k = zones.get(String(r.k ?? ''))?.code ?? NO_ZONE;
    const acc = out.get(k) ?? { k, total: 0, l1: 0, l2: 0, l3: 0, l4: 0, l5: 0 };
    acc.total += Number(r.total ?? 0);
    acc.l1 += Number(r.l1 ?? 0);
    acc.l2 += Number(r.l2 ?? 0);
    acc.l3 += Number(r.l3 ?? 0);
    acc.l4 += Number(r.l4 ?? 0);
    acc.l5 += Number(r.l5 ?? 0);
    out.set(k, acc);
  }
  return [...out.values()];
}

export class RatingsService {
  private readonly repo: RatingsRepository;
  private readonly labels: LabelsRepository;
  private readonly auditor: StaffAuditor;

  constructor(private readonly app: FastifyInstance) {
    this.repo = new RatingsRepository(app.ctx.db);
    this.labels = new LabelsRepository(app.ctx.db);
    this.auditor = new StaffAuditor(app.ctx.audit);
  }

  async forCase(caseId: number): Promise<RatingView[]> {
    const rows = await this.repo.forCase(caseId);
    return rows.map((r) => ({ level: r.level, levelName: levelName(r.level), comment: r.comment, aspects: aspectsOf(r.aspects), round: r.round, createdAt: r.created_at, reply: r.answer ?? null }));
  }

  /** POST /api/cases/:id/rating — owner only (404 otherwise), after 办结, once (a second round only after a 整改 answer). */
  async rate(userId: number, caseId: number, body: RatingCreate): Promise<RatingView> {
    const c = await this.repo.caseOf(caseId);
    if (!c || c.user_id !== userId || c.status === 'draft') throw notFound('办件不存在');
    if (c.status !== 'completed') throw conflict('CASE_NOT_COMPLETED', '办件办结后才能评价');
    const aspects = [...new Set(body.aspects ?? [])];
    const unknown = aspects.filter((a) => !(a in RATING_ASPECTS));
    if (unknown.length) throw badRequest('评价指标不正确，请重新选择', { aspects: `可选的评价指标为：${Object.values(RATING_ASPECTS).join('、')}` });

    const existing = await this.repo.forCase(caseId);
    let round = 1;
    if (existing.length) {
      const last = existing[existing.length - 1]!;
      // 回访后再评: allowed once, after the department answered the 差评 of round 1.
      if (existing.length === 1 && last.round === 1 && last.rect_status === 'answered') round = 2;
      else throw conflict('ALREADY_RATED', last.rect_status === 'open' ? '您已评价过该办件，部门正在整改，答复后可再次评价' : '您已评价过该办件');
    }
    const now = nowIso();
    const bad = body.level <= BAD_RATING_MAX;
    const id = await this.repo.insert(
      {
        caseId,
        userId,
        round,
        level: body.level,
        aspects: JSON.stringify(aspects),
        comment: body.comment?.trim() || null,
        siteCode: c.site_code,
        formCode: c.form_code,
        departmentId: c.department_id,
        now,
      },
      bad ? addWorkingDays(now, RECTIFICATION_DAYS) : null,
    );
    if (id == null) throw conflict('ALREADY_RATED', '您已评价过该办件');
    await this.app.ctx.audit.record({
      actorType: 'user',
      actorId: userId,
      actorName: null,
      siteCode: c.site_code,
      action: 'case.rate',
      objectType: 'case',
      objectId: caseId,
      summary: `评价办件 ${c.case_no}：${levelName(body.level)}${bad ? '（差评，已转整改）' : ''}`,
      ip: null,
      result: 'ok',
      requestId: null,
    });
    const views = await this.forCase(caseId);
    return views.find((v) => v.round === round) ?? views[views.length - 1]!;
  }

  async mine(userId: number) {
    const rows = await this.repo.mine(userId);
    return {
      items: rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        caseNo: r.case_no,
        title: r.title,
        level: r.level,
        levelName: levelName(r.level),
        comment: r.comment,
        round: r.round,
        createdAt: r.created_at,
        reply: r.answer ?? null,
        href: `/cases/${r.case_id}`,
      })),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Console

  private async scope(actor: Actor, site: string | undefined, action: string): Promise<string[]> {
    const staff = actor.staff;
    if (!hasPermission(staff, 'case:handle') && !hasPermission(staff, 'case:review')) await this.auditor.deny(actor, { action, siteCode: staff.siteCode, summary: '缺少办件权限' }, forbidden());
    if (!site) return staff.siteCodes;
    await this.auditor.requireSite(actor, site, { action });
    return (await this.app.sites.subtree(site)).filter((c) => staff.siteCodes.includes(c));
  }

  private async siteNames(): Promise<Map<string, string>> {
    return new Map((await this.app.sites.list()).map((s) => [s.code, s.name]));
  }

  private range(from: string | undefined, to: string | undefined): { from?: string; to?: string } {
    if (from && to && from > to) throw badRequest('开始日期不能晚于结束日期', { from: '开始日期不能晚于结束日期' });
    return { ...(from ? { from: beijingStart(from) } : {}), ...(to ? { to: nextDayStart(to) } : {}) };
  }

  async list(actor: Actor, q: AdminRatingQuery) {
    const siteCodes = await this.scope(actor, q.site, 'rating.list');
    const filter: RatingFilter = { siteCodes, level: q.level, formCode: q.formCode, ...this.range(q.from, q.to) };
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await this.repo.list(filter, ((q.page ?? 1) - 1) * pageSize, pageSize);
    const names = await this.siteNames();
    await this.auditor.record(actor, { action: 'rating.list', siteCode: q.site ?? actor.staff.siteCode, summary: '查看好差评' });
    return {
      total,
      items: items.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        caseNo: r.case_no,
        title: r.title,
        level: r.level,
        levelName: levelName(r.level),
        comment: r.comment,
        aspects: aspectsOf(r.aspects),
        round: r.round,
        siteCode: r.site_code,
        siteName: names.get(r.site_code) ?? r.site_code,
        departmentName: r.department_name ?? null,
        formCode: r.form_code,
        applicant: r.applicant_masked,
        createdAt: r.created_at,
        reply: r.answer ?? null,
      })),
    };
  }

  async rectifications(actor: Actor, q: RectificationQuery): Promise<{ items: RectificationRow[]; total: number }> {
    const siteCodes = await this.scope(actor, q.site, 'rectification.list');
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await this.repo.rectifications({ siteCodes, status: q.status }, ((q.page ?? 1) - 1) * pageSize, pageSize);
    const names = await this.siteNames();
    const now = nowIso();
    await this.auditor.record(actor, { action: 'rectification.list', siteCode: q.site ?? actor.staff.siteCode, summary: '查看整改任务' });
    return { total, items: items.map((r) => this.rectView(r, names, now)) };
  }

  private rectView(
    r: { id: number; case_id: number; case_no: string; title: string; rating_id: number; level: number; comment: string | null; site_code: string; department_name: string | null; status: 'open' | 'answered'; deadline_at: string; answer: string | null; answered_by: string | null; answered_at: string | null; created_at: string },
    names: Map<string, string>,
    now: string,
  ): RectificationRow {
    return {
      id: r.id,
      caseId: r.case_id,
      caseNo: r.case_no,
      title: r.title,
      ratingId: r.rating_id,
      level: r.level,
      comment: r.comment,
      siteCode: r.site_code,
      siteName: names.get(r.site_code) ?? r.site_code,
      departmentName: r.department_name ?? null,
      status: r.status,
      deadline: r.deadline_at,
      overdue: r.status === 'open' ? r.deadline_at < now : r.answered_at != null && r.answered_at > r.deadline_at,
      answer: r.answer,
      answeredBy: r.answered_by,
      answeredAt: r.answered_at,
      createdAt: r.created_at,
    };
  }

  /** 整改答复: once; the citizen gets a personal message linking to the case, and the rating shows the reply. */
  async answer(actor: Actor, id: number, answer: string): Promise<RectificationRow> {
    const r = await this.repo.rectificationById(id);
    if (!r || !actor.staff.siteCodes.includes(r.site_code)) {
      if (r) await this.auditor.record(actor, { action: 'rectification.answer', siteCode: r.site_code, objectType: 'rectification', objectId: id, summary: `越权访问站点 ${r.site_code} 的整改任务` }, 'denied');
      throw notFound('整改任务不存在或不在您的管辖范围内');
    }
    if (!hasPermission(actor.staff, 'case:handle'))
      await this.auditor.deny(actor, { action: 'rectification.answer', siteCode: r.site_code, objectType: 'rectification', objectId: id, summary: '缺少权限 case:handle' }, forbidden());
    if (r.status !== 'open') throw conflict('RECTIFICATION_ANSWERED', '该整改任务已答复');
    const text = answer.trim();
    if (text.length < 2) throw badRequest('请填写整改答复', { answer: '请填写整改答复' });
    const ok = await this.repo.answer(id, text, actor.staff.displayName || actor.staff.username, nowIso(), {
      userId: r.user_id,
      title: '您的评价已收到整改答复',
      body: `您对办件 ${r.case_no}（${r.title}）的评价，承办部门已答复：${text}\n您可以在办件详情中查看，并再次评价。`,
      link: `/cases/${r.case_id}`,
    });
    if (!ok) throw conflict('RECTIFICATION_ANSWERED', '该整改任务已答复');
    await this.auditor.record(actor, { action: 'rectification.answer', siteCode: r.site_code, objectType: 'rectification', objectId: id, summary: `答复办件 ${r.case_no} 的差评整改` });
    const row = (await this.repo.rectifications({ siteCodes: [r.site_code], id }, 0, 1)).items[0];
    if (!row) throw new AppError(500, 'INTERNAL', '整改任务读取失败');
    return this.rectView(row, await this.siteNames(), nowIso());
  }

  async stats(actor: Actor, q: RatingStatsQuery): Promise<RatingStatsResponse> {
    const siteCodes = await this.scope(actor, q.site, 'rating.stats');
    const groupBy: RatingStatsGroupBy = (q.groupBy as RatingStatsGroupBy | undefined) ?? 'department';
    // Per zone: the per-form counts summed by the zone that offers each form (在线办事 for the rest).
    const byForm = groupBy === 'zone' ? await this.repo.stats('form', { siteCodes, ...this.range(q.from, q.to) }) : null;
    const zones = byForm ? await this.labels.formZones(byForm.map((r) => String(r.k ?? '')).filter(Boolean)) : null;
    const rows = byForm && zones ? sumByZone(byForm, zones) : await this.repo.stats(groupBy as Exclude<RatingStatsGroupBy, 'zone'>, { siteCodes, ...this.range(q.from, q.to) });
    const names: Map<string | number, string> =
      groupBy === 'zone'
        ? new Map<string, string>([...[...(zones?.values() ?? [])].map((z): [string, string] => [z.code, z.name]), [NO_ZONE, '在线办事（事项）']])
        : groupBy === 'site'
        ? await this.siteNames()
        : groupBy === 'form'
          ? await this.labels.formTitles(rows.map((r) => String(r.k ?? '')).filter(Boolean))
          : await this.labels.departmentNames(rows.map((r) => Number(r.k)).filter((n) => Number.isInteger(n) && n > 0));
    const figures = (l: number[]) => {
      const total = l.reduce((a, b) => a + b, 0);
      const bad = l[0]! + l[1]!;
      return { total, levels: { 1: l[0]!, 2: l[1]!, 3: l[2]!, 4: l[3]!, 5: l[4]! }, bad, badRate: ratio(bad, total), satisfaction: ratio(l[3]! + l[4]!, total) };
    };
    const sum = [0, 0, 0, 0, 0];
    const out = rows.map((r) => {
      const l = [r.l1, r.l2, r.l3, r.l4, r.l5].map((x) => Number(x ?? 0));
      l.forEach((v, i) => (sum[i]! += v));
      const key = r.k == null ? '' : String(r.k);
      const name = key === '' ? (groupBy === 'department' ? '未指定部门' : '未知') : (names.get(groupBy === 'department' ? Number(key) : key) ?? key);
      return { key, name, ...figures(l) };
    });
    out.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
    await this.auditor.record(actor, { action: 'rating.stats', siteCode: q.site ?? actor.staff.siteCode, summary: `查看好差评统计（${RATING_STATS_GROUPS[groupBy]}）` });
    return { groupBy, rows: out, totals: figures(sum) };
  }
}
