/**
 * 办件统计: per form, department or site, the cases filed in a period (Beijing days, at most
 * CASE_STATS_MAX_DAYS), how many were completed and on time, the average handling time and the
 * overdue ones; as JSON for the console and as a UTF-8 BOM CSV for Excel.
 */
import { LabelsRepository } from '../labels.repository.js';
import type { FastifyInstance } from 'fastify';
import { CASE_STATS_GROUPS, CASE_STATS_MAX_DAYS, type CaseStatsGroupBy, type CaseStatsQuery, type CaseStatsResponse, type CaseStatsRow } from '@dz/contracts';
import { badRequest } from '../../../infra/errors.js';
import { beijingDay, nowIso } from '../../../infra/time.js';
import { StaffAuditor, type Actor } from '../../admin-auth/staff-guard.js';
import { toCsv } from '../../audit/audit.csv.js';
import type { CasesAdminService } from './cases.admin.service.js';
import { CasesStatsRepository, type CaseStatsAggregate } from './cases.stats.repository.js';

const DAY_MS = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const beijingStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);
const round1 = (n: number) => Math.round(n * 10) / 10;

interface Sums {
  total: number;
  completed: number;
  onTime: number;
  overdue: number;
  handled: number;
  hours: number;
}

function figures(s: Sums): Omit<CaseStatsRow, 'key' | 'name'> {
  return { total: s.total, completed: s.completed, onTime: s.onTime, onTimeRate: ratio(s.onTime, s.completed), avgHandlingHours: s.handled > 0 ? round1(s.hours / s.handled) : null, overdue: s.overdue };
}

export class CasesStatsService {
  private readonly repo: CasesStatsRepository;
  private readonly labels: LabelsRepository;
  private readonly auditor: StaffAuditor;

  constructor(
    private readonly app: FastifyInstance,
    private readonly cases: CasesAdminService,
  ) {
    this.repo = new CasesStatsRepository(app.ctx.db, app.ctx.dialect);
    this.labels = new LabelsRepository(app.ctx.db);
    this.auditor = new StaffAuditor(app.ctx.audit);
  }

  /** The period as Beijing days (default the last 30), checked and bounded. */
  private period(q: CaseStatsQuery): { from: string; to: string } {
    const to = q.to ?? beijingDay();
    const from = q.from ?? new Date(dayMs(to) - 29 * DAY_MS).toISOString().slice(0, 10);
    if (Number.isNaN(dayMs(from)) || Number.isNaN(dayMs(to))) throw badRequest('日期格式应为“年-月-日”', { from: '日期格式应为“年-月-日”' });
    if (from > to) throw badRequest('开始日期不能晚于结束日期', { from: '开始日期不能晚于结束日期' });
    if ((dayMs(to) - dayMs(from)) / DAY_MS + 1 > CASE_STATS_MAX_DAYS) throw badRequest(`统计时段最长 ${CASE_STATS_MAX_DAYS} 天，请缩短时段`, { from: `统计时段最长 ${CASE_STATS_MAX_DAYS} 天` });
    return { from, to };
  }

  async stats(actor: Actor, q: CaseStatsQuery, action = 'case.stats'): Promise<CaseStatsResponse> {
    const siteCodes = await this.cases.scopeSites(actor, q.site, action);
    const groupBy = (q.groupBy as CaseStatsGroupBy | undefined) ?? 'form';
    const { from, to } = this.period(q);
    const rows = await this.repo.aggregate(groupBy, siteCodes, beijingStart(from), new Date(Date.parse(beijingStart(to)) + DAY_MS).toISOString(), nowIso());
    const names = await this.namesFor(groupBy, rows);
    const total: Sums = { total: 0, completed: 0, onTime: 0, overdue: 0, handled: 0, hours: 0 };
    const out: CaseStatsRow[] = rows.map((r) => {
      const s: Sums = { total: Number(r.total), completed: Number(r.completed ?? 0), onTime: Number(r.on_time ?? 0), overdue: Number(r.overdue ?? 0), handled: Number(r.handled ?? 0), hours: Number(r.handled_hours ?? 0) };
      for (const k of Object.keys(total) as (keyof Sums)[]) total[k] += s[k];
      const key = r.k == null ? '' : String(r.k);
      const name = key === '' ? (groupBy === 'department' ? '未指定部门' : '未知') : (names.get(key) ?? key);
      return { key, name, ...figures(s) };
    });
    out.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
    await this.auditor.record(actor, { action, siteCode: q.site ?? actor.staff.siteCode, summary: `办件统计（${CASE_STATS_GROUPS[groupBy]}，${from} 至 ${to}）` });
    return { from, to, groupBy, rows: out, totals: figures(total) };
  }

  private async namesFor(groupBy: CaseStatsGroupBy, rows: CaseStatsAggregate[]): Promise<Map<string, string>> {
    const keys = rows.map((r) => (r.k == null ? '' : String(r.k))).filter(Boolean);
    if (groupBy === 'site') return new Map((await this.app.sites.list()).map((s) => [s.code, s.name]));
    if (groupBy === 'form') return this.labels.formTitles(keys);
    const m = await this.labels.departmentNames(keys.map(Number).filter((n) => Number.isInteger(n)));
    return new Map([...m].map(([k, v]) => [String(k), v]));
  }

  async csv(actor: Actor, q: CaseStatsQuery): Promise<{ filename: string; body: string }> {
    const s = await this.stats(actor, q, 'case.stats.export');
    const pct = (n: number | null) => (n == null ? '' : `${(n * 100).toFixed(1)}%`);
    const cells = (r: Omit<CaseStatsRow, 'key' | 'name'>) => [r.total, r.completed, r.onTime, pct(r.onTimeRate), r.avgHandlingHours ?? '', r.overdue];
    const header = [CASE_STATS_GROUPS[s.groupBy as CaseStatsGroupBy].replace(/^按/, ''), '编码', '办件总数', '办结数', '按时办结数', '按时办结率', '平均办理时长（小时）', '超期数'];
    const body = toCsv(header, [...s.rows.map((r) => [r.name, r.key, ...cells(r)]), ['合计', '', ...cells(s.totals)]]);
    return { filename: `cases-stats-${s.groupBy}-${s.from}-${s.to}.csv`, body };
  }
}
