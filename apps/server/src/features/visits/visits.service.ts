/**
 * Visit counting (数据需求分析: 主题集成专区、便民服务应用、“掌上办”专区的访问情况) and the console
 * statistics built on it.
 *
 * Recording must cost the citizen's request nothing: visits are buffered in memory and written in
 * multi-row inserts every 2 s or every 200 rows, and once more when the app closes. What a crash
 * loses is at most two seconds of counts, which statistics tolerate. A logged-in citizen's visit
 * also moves the thing to the top of 我的足迹 — that write happens in the request, because the
 * citizen may open 我的足迹 a moment later and expects to see it.
 */
import { PAGE_CHANNELS, VISIT_TYPES, type VisitRequest, type VisitStats, type VisitStatsQuery } from '@dz/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import { toCsv } from '../audit/audit.csv.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import type { SitesService } from '../sites/sites.service.js';
import { badRequest, notFound } from '../../infra/errors.js';
import { BatchBuffer } from '../../infra/batch-buffer.js';
import { beijingDay } from '../../infra/time.js';
import type { FootprintsService } from '../subscriptions/subscriptions.service.js';
import type { FootprintType } from '../subscriptions/subscriptions.repository.js';
import { VisitNamesRepository, VisitsRepository, type NewVisit, type VisitType } from './visits.repository.js';
import type { VisitRollups } from './rollups.service.js';
import type { StatsFilter } from './stats.reader.js';
import type { StatsRunner } from './stats.runner.js';

const FLUSH_EVERY_MS = 2000;
const FLUSH_AT = 200;
/** If the database is unreachable for long, the oldest buffered visits are dropped beyond this. */
const BUFFER_MAX = 50_000;
const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

/** Days are counted in 北京时间 (UTC+8, no daylight saving), as staff read them. */
export { beijingDay };

/** Which visits leave a footprint, and as what: a 掌上办 app is an app. */
const FOOTPRINT_OF: Partial<Record<VisitType, FootprintType>> = { item: 'item', app: 'app', palm: 'app', news: 'news', zone: 'zone' };

/**
 * The overview figures. 日均访客 is the mean of the daily UV over every day of the range (days
 * without visits count as 0), kept to two decimals: the console used to round it to a whole
 * number, so 3 visitors in 30 days showed 日均访客 0 beside zones that had visitors.
 */
function summaryOf(f: { from: string; to: string }, daily: { uv: number }[], totals: { pv: number; uv: number }): VisitStats['summary'] {
  const days = Math.round((Date.parse(`${f.to}T00:00:00Z`) - Date.parse(`${f.from}T00:00:00Z`)) / DAY_MS) + 1;
  const uvDays = daily.reduce((sum, d) => sum + d.uv, 0);
  return { days, pv: totals.pv, uv: totals.uv, uvPerDay: Math.round((uvDays / days) * 100) / 100 };
}

export class VisitBuffer extends BatchBuffer<NewVisit> {
  constructor(db: Kysely<DB>, log: FastifyBaseLogger, opts: { flushEveryMs?: number; flushAt?: number } = {}) {
    super((rows) => new VisitsRepository(db).insertMany(rows), log, { label: '访问记录', flushEveryMs: FLUSH_EVERY_MS, flushAt: FLUSH_AT, max: BUFFER_MAX, ...opts });
  }
}

export class VisitsService {
  private readonly auditor: StaffAuditor;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
    readonly buffer: VisitBuffer,
    readonly rollups: VisitRollups,
    private readonly footprints: FootprintsService,
    audit: AuditService,
    readonly reader: StatsRunner,
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  async record(v: VisitRequest, visitor: string, userId: number | null): Promise<void> {
    const ancestry = await this.sites.ancestry(v.site);
    if (!ancestry.length) throw badRequest('站点不存在，请重新选择站点', { site: '站点不存在' });
    const now = Date.now();
    this.buffer.add({ site_code: v.site, type: v.type, ref: v.ref, user_id: userId, visitor, day: beijingDay(now), at: new Date(now).toISOString() });
    const fpType = FOOTPRINT_OF[v.type];
    if (userId && fpType) {
      const title = await this.titleOf(v.type, v.ref, ancestry);
      if (title) await this.footprints.touch(`u:${userId}`, fpType, v.ref, title);
    }
  }

  private async titleOf(type: VisitType, ref: string, ancestry: string[]): Promise<string | null> {
    const names = new VisitNamesRepository(this.db);
    if (type === 'zone') return (await names.zones([ref], ancestry)).get(ref) ?? null;
    const id = Number(ref);
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    if (type === 'item') return (await names.items([id])).get(id) ?? null;
    if (type === 'news') return (await names.news([id])).get(id) ?? null;
    return (await names.apps([id])).get(id) ?? null;
  }

  // ---- console statistics --------------------------------------------------------------------------

  private async filterOf(actor: Actor, q: VisitStatsQuery, action: string): Promise<StatsFilter> {
    const site = q.site ?? actor.staff.siteCode;
    if (!(await this.sites.list()).some((s) => s.code === site)) throw notFound('站点不存在，请重新选择站点');
    await this.auditor.requireSite(actor, site, { action, objectType: 'visits', summary: `越权查看站点 ${site} 的访问统计` });
    const to = q.to ?? beijingDay();
    const toMs = Date.parse(`${to}T00:00:00Z`);
    // By default the 30 days up to and including `to`.
    const from = q.from ?? (Number.isNaN(toMs) ? to : new Date(toMs - 29 * DAY_MS).toISOString().slice(0, 10));
    const fromMs = Date.parse(`${from}T00:00:00Z`);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw badRequest('日期不正确，请按 2026-01-31 的格式填写');
    if (fromMs > toMs) throw badRequest('起始日不能晚于截止日');
    if ((toMs - fromMs) / DAY_MS >= MAX_RANGE_DAYS) throw badRequest(`一次最多统计 ${MAX_RANGE_DAYS} 天，请缩小日期范围`);
    // `type` only when given: the filter is posted to the statistics worker as is.
    return { site, from, to, sites: await this.sites.subtree(site), ...(q.type ? { type: q.type } : {}) };
  }

  /** Names for (type, ref) pairs: apps, items, news by id, zones by code, channel pages by name. */
  private async namer(pairs: { type: VisitType; ref: string }[]): Promise<(type: VisitType, ref: string) => string> {
    const names = new VisitNamesRepository(this.db);
    const ids = (types: VisitType[]) => [...new Set(pairs.filter((p) => types.includes(p.type)).map((p) => Number(p.ref)).filter((n) => Number.isSafeInteger(n) && n > 0))];
    const [apps, items, news, zones] = await Promise.all([
      names.apps(ids(['app', 'palm'])),
      names.items(ids(['item'])),
      names.news(ids(['news'])),
      names.zones([...new Set(pairs.filter((p) => p.type === 'zone').map((p) => p.ref))]),
    ]);
    return (type, ref) => {
      const id = Number(ref);
      const name =
        type === 'zone'
          ? zones.get(ref)
          : type === 'page'
            ? PAGE_CHANNELS[ref as keyof typeof PAGE_CHANNELS]
            : type === 'item'
              ? items.get(id)
              : type === 'news'
                ? news.get(id)
                : apps.get(id);
      return name ?? `${VISIT_TYPES[type]} ${ref}`;
    };
  }

  /**
   * Every figure comes from the rollups (rollups.service.ts), never from raw visits, read and
   * merged in the statistics worker (stats.reader.ts, stats.runner.ts); here only names are added.
   */
  async stats(actor: Actor, q: VisitStatsQuery): Promise<VisitStats> {
    const f = await this.filterOf(actor, q, 'visits.stats');
    const { daily, totals, top, zones, bySite } = await this.reader.stats(f);
    const name = await this.namer([...top, ...zones.map((z) => ({ type: 'zone' as const, ref: z.ref }))]);
    const siteNames = new Map((await this.sites.list()).map((s) => [s.code, s.name]));
    return {
      from: f.from,
      to: f.to,
      site: f.site,
      daily,
      summary: summaryOf(f, daily, totals),
      top: top.map((r) => ({ ...r, name: name(r.type, r.ref) })),
      byZone: zones.map((z) => ({ code: z.ref, name: name('zone', z.ref), pv: z.pv, uv: z.uv })),
      bySite: bySite.map((r) => ({ ...r, name: siteNames.get(r.site) ?? r.site })),
    };
  }

  /** The flat table (day × site × object) for Excel, with a Chinese header and a BOM. */
  async csv(actor: Actor, q: VisitStatsQuery): Promise<{ csv: string; filename: string }> {
    const f = await this.filterOf(actor, q, 'visits.export');
    const rows = await this.reader.detail(f);
    const name = await this.namer(rows);
    const siteNames = new Map((await this.sites.list()).map((s) => [s.code, s.name]));
    const csv = toCsv(
      ['日期', '站点代码', '站点', '类型', '对象编号', '名称', '访问量(PV)', '访客数(UV)'],
      rows.map((r) => [r.day, r.site, siteNames.get(r.site) ?? r.site, VISIT_TYPES[r.type], r.ref, name(r.type, r.ref), r.pv, r.uv]),
    );
    await this.auditor.record(actor, { action: 'visits.export', siteCode: f.site, objectType: 'visits', summary: `导出访问统计 ${f.from} 至 ${f.to}，${rows.length} 行` });
    return { csv, filename: `访问统计-${f.site}-${f.from}-${f.to}.csv` };
  }
}
