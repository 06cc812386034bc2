/**
 * Which timetable answers a site's request: its own feed, else the nearest ancestor's (a county
 * without a feed rides the city's buses) — TimetableCache (timetables.ts) walks the tree. Here the
 * site is checked first (an unknown code is a 400, not an empty city), and the feed's own site is
 * found once per feed: the real-time snapshot and the landmarks belong to it.
 */
import { CITY_SITE, TransitErrorCodes } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, badRequest } from '../../infra/errors.js';
import type { TransitTimetable } from './planner/types.js';

/** What the routes need of TimetableCache (timetables.ts). */
export interface TimetableSource {
  forSite(siteCode: string): Promise<TransitTimetable | null>;
}

export interface SiteTimetable {
  tt: TransitTimetable;
  /** the site asked for */
  site: string;
  /** the site that owns the feed (the site itself, or an ancestor) */
  feedSite: string;
}

export const noFeed = () => new AppError(404, TransitErrorCodes.NO_FEED, '本地区暂未接入公交时刻数据，请切换到达州市查看');
export const stopNotFound = () => new AppError(404, TransitErrorCodes.STOP_NOT_FOUND, '未找到该公交站点，可能已停用或线路已调整');
export const routeNotFound = () => new AppError(404, TransitErrorCodes.ROUTE_NOT_FOUND, '未找到该公交线路，可能已停运或线路已调整');

export class SiteTimetables {
  /** feed id → its site: a feed never moves to another site, so this is never stale. */
  private readonly feedSites = new Map<number, string>();

  constructor(
    private readonly ctx: Pick<AppContext, 'db' | 'sites'>,
    private readonly source: TimetableSource,
  ) {}

  /** 400 for a code that is no site of ours. */
  async checkSite(site: string | undefined): Promise<string> {
    const code = site ?? CITY_SITE;
    if ((await this.ctx.sites.ancestry(code)).length === 0) throw badRequest('站点不存在', { site: '站点不存在' });
    return code;
  }

  /** The site's timetable, or 404 TRANSIT_NO_FEED. */
  async require(site: string | undefined): Promise<SiteTimetable> {
    const code = await this.checkSite(site);
    const tt = await this.source.forSite(code);
    if (!tt) throw noFeed();
    return { tt, site: code, feedSite: await this.feedSite(tt.feedId, code) };
  }

  private async feedSite(feedId: number, fallback: string): Promise<string> {
    const known = this.feedSites.get(feedId);
    if (known) return known;
    const row = await this.ctx.db.selectFrom('transit_feeds').select('site_code').where('id', '=', feedId).executeTakeFirst();
    if (!row) return fallback;
    if (this.feedSites.size > 1000) this.feedSites.clear();
    this.feedSites.set(feedId, row.site_code);
    return row.site_code;
  }
}
