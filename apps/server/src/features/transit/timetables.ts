/**
 * One timetable per feed in this process's memory, for the sites that use it.
 *
 * - A site uses its own active feed, else its nearest ancestor's (a county without a feed rides
 *   达州市's buses): the site tree from `ctx.sites`, the active feeds from one small query.
 * - Which feed is active is looked up again only when the shared content version moved (a console
 *   import bumps it: /api/admin/transit… is a CONTENT_WRITE) or a minute has passed — so every
 *   instance notices a new feed within the version's check interval, and none asks the database
 *   per request. A moved version with the same active feed keeps the built timetable.
 * - A feed is loaded and built once however many requests ask at the same time (one promise).
 * - While a site's new feed builds, its previous timetable keeps answering; it is dropped once the
 *   new one is in place. A failed build is logged, answered by the previous timetable (or an error
 *   when there is none) and retried on a later request.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../infra/context.js';
import type { ContentVersion } from '../../infra/content-version.js';
import { loadFeedData } from './planner/load.js';
import { buildTimetable } from './planner/timetable.js';
import type { TransitTimetable } from './planner/types.js';

/** The active feeds are read again at least this often, in case a version bump was lost. */
const RESOLVE_MAX_AGE_MS = 60_000;
/** After a failed build, requests use the old timetable (or fail) for this long before a retry. */
const RETRY_AFTER_MS = 10_000;

export class TimetableCache {
  /** built timetables by feed id */
  private readonly built = new Map<number, TransitTimetable>();
  private readonly building = new Map<number, Promise<TransitTimetable>>();
  private readonly failedAt = new Map<number, number>();
  /** the timetable last served per site: answers while the site's new feed builds */
  private readonly served = new Map<string, TransitTimetable>();
  /** site code → active feed id, as of `resolvedVersion` */
  private activeFeeds: Map<string, number> | null = null;
  private resolvedVersion: string | null = null;
  private resolvedAt = 0;
  private resolving: Promise<void> | null = null;
  private counts = { builds: 0, failures: 0 };

  constructor(
    private readonly ctx: Pick<AppContext, 'db' | 'sites'>,
    private readonly version: Pick<ContentVersion, 'current'>,
    private readonly log: Pick<FastifyBaseLogger, 'info' | 'error'>,
  ) {}

  /** The timetable for a site (its own feed or its nearest ancestor's), or null when none has one. */
  async forSite(siteCode: string): Promise<TransitTimetable | null> {
    const feedId = await this.feedFor(siteCode);
    if (feedId === null) return null;
    const ready = this.built.get(feedId);
    if (ready) {
      this.served.set(siteCode, ready);
      return ready;
    }
    const previous = this.served.get(siteCode);
    const failed = this.failedAt.get(feedId);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) {
      if (previous) return previous;
      throw new Error(`公交时刻表 ${feedId} 加载失败，请稍后再试`);
    }
    const build = this.build(feedId);
    if (previous) {
      // the old timetable answers; the new one takes over when built
      build.catch(() => undefined);
      return previous;
    }
    const tt = await build;
    this.served.set(siteCode, tt);
    return tt;
  }

  /** What the cache holds, for the tests and the logs. */
  stats(): { feeds: number[]; builds: number; failures: number } {
    return { feeds: [...this.built.keys()], ...this.counts };
  }

  private build(feedId: number): Promise<TransitTimetable> {
    let p = this.building.get(feedId);
    if (p) return p;
    p = (async () => {
      const started = Date.now();
      try {
        const data = await loadFeedData(this.ctx.db, feedId);
        const loadedAt = Date.now();
        const tt = buildTimetable(data);
        this.built.set(feedId, tt);
        this.failedAt.delete(feedId);
        this.counts.builds += 1;
        this.log.info({ feedId, stops: data.stops.length, trips: data.trips.length, loadMs: loadedAt - started, buildMs: Date.now() - loadedAt }, '公交时刻表已加载');
        this.evict();
        return tt;
      } catch (err) {
        this.failedAt.set(feedId, Date.now());
        this.counts.failures += 1;
        this.log.error({ err, feedId }, '公交时刻表加载失败');
        throw err;
      } finally {
        this.building.delete(feedId);
      }
    })();
    this.building.set(feedId, p);
    return p;
  }

  /** Drops timetables of feeds no longer active (a site switched and its new one is built). */
  private evict(): void {
    if (!this.activeFeeds) return;
    const active = new Set(this.activeFeeds.values());
    for (const id of this.built.keys()) if (!active.has(id)) this.built.delete(id);
    for (const [site, tt] of this.served) {
      if (!active.has(tt.feedId)) {
        const now = this.activeFeeds.get(site);
        const replacement = now !== undefined ? this.built.get(now) : undefined;
        if (replacement) this.served.set(site, replacement);
        // keep the old one as long as the site's new feed has not been built
      }
    }
  }

  private async feedFor(siteCode: string): Promise<number | null> {
    const version = await this.version.current();
    if (!this.activeFeeds || version !== this.resolvedVersion || Date.now() - this.resolvedAt > RESOLVE_MAX_AGE_MS) {
      await (this.resolving ??= this.resolve(version).finally(() => (this.resolving = null)));
    }
    const feeds = this.activeFeeds!;
    for (const code of await this.ctx.sites.ancestry(siteCode)) {
      const id = feeds.get(code);
      if (id !== undefined) return id;
    }
    return null;
  }

  private async resolve(version: string): Promise<void> {
    const rows = await this.ctx.db.selectFrom('transit_feeds').select(['id', 'site_code']).where('status', '=', 'active').orderBy('id').execute();
    const map = new Map<string, number>();
    // one active feed per site by design; should two ever be, the newer one wins
    for (const r of rows) map.set(r.site_code, r.id);
    this.activeFeeds = map;
    this.resolvedVersion = version;
    this.resolvedAt = Date.now();
  }
}
