/**
 * Zero-code channel pages (移动端管理 / 页面配置). Each publish is a new immutable version, so an
 * operator can see who changed what and go back (restore = publish a copy); exactly one version
 * per site and channel is current. A site without its own page shows its nearest ancestor's
 * (API.md "falling back to its parent"), and in the console a county's page starts as a copy of
 * the city's: the first publish creates the county's version 1.
 *
 * The citizen's page is resolved here and served as precomputed bytes (infra/published.ts): a
 * publish bumps the content version, so it is visible to the next request on this instance and
 * within about a second on every other (API.md "no restart"). `published()` also says when the
 * page changes by itself (a banner's time window, a scheduled article), so the bytes expire then.
 */
import {
  PAGE_CHANNELS,
  checkPageBlocks,
  pickInherited,
  cleanPageBlocks,
  summariseBlocks,
  type AdminPageView,
  type AppCard,
  type PageBlock,
  type PageChannel,
  type PageVersionView,
  type PageView,
  type ResolvedPageBlock,
} from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import type { SitesService } from '../sites/sites.service.js';
import { AppError, badRequest, conflict, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import { nearestByCode, toAppCard, toItemCard, toNewsCard, type AppRow } from './cards.js';
import { isDuplicateKey } from '../../infra/duplicate-key.js';
import { PagesRepository, type PageRow } from './pages.repository.js';
import { PortalReadRepository } from './portal-read.repository.js';

const VERSION_LIST_LIMIT = 100;

function parseBlocks(row: PageRow): PageBlock[] {
  const v: unknown = JSON.parse(row.blocks);
  return Array.isArray(v) ? (v as PageBlock[]) : [];
}

/** The row of the nearest site in `ancestry` (nearest first): contracts' one inheritance rule. */
function nearest(rows: PageRow[], ancestry: string[]): PageRow | undefined {
  return pickInherited(rows, ancestry, (r) => r.site_code) ?? undefined;
}

export class PagesService {
  private readonly auditor: StaffAuditor;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
    audit: AuditService,
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  private async ancestryOf(site: string): Promise<string[]> {
    const ancestry = await this.sites.ancestry(site);
    if (!ancestry.length) throw notFound('站点不存在，请重新选择站点');
    return ancestry;
  }

  private async siteName(code: string): Promise<string> {
    return (await this.sites.list()).find((s) => s.code === code)?.name ?? code;
  }

  // ---- citizen side ------------------------------------------------------------------------------

  /** The page the H5 renders for `site`, its blocks resolved against the catalog at `now`. */
  async view(channel: PageChannel, site: string, now = new Date()): Promise<PageView> {
    return (await this.published(channel, site, now)).view;
  }

  /**
   * The page and the first moment after `now` at which it would resolve differently without any
   * publish (epoch ms, null when never): a banner image's startAt or endAt, or — for a page with a
   * news list — the publication time of a scheduled article.
   */
  async published(channel: PageChannel, site: string, now = new Date()): Promise<{ view: PageView; changesAt: number | null }> {
    const ancestry = await this.ancestryOf(site);
    const row = nearest(await new PagesRepository(this.db).currentIn(ancestry, channel), ancestry);
    if (!row) return { view: { channel, site, version: 0, inheritedFrom: null, publishedAt: null, blocks: [] }, changesAt: null };
    const blocks = parseBlocks(row);
    const resolved = await Promise.all(blocks.map((b) => this.resolve(b, ancestry, now)));
    const t = now.getTime();
    const times: number[] = [];
    for (const b of blocks) {
      if (b.type === 'banner') for (const it of b.items) for (const at of [it.startAt, it.endAt]) if (at) times.push(Date.parse(at));
    }
    if (blocks.some((b) => b.type === 'newsList')) {
      const next = await new PortalReadRepository(this.db).nextNewsAt(ancestry, now.toISOString());
      if (next) times.push(Date.parse(next));
    }
    const future = times.filter((x) => Number.isFinite(x) && x > t);
    return {
      view: {
        channel,
        site,
        version: Number(row.version),
        inheritedFrom: row.site_code === site ? null : row.site_code,
        publishedAt: row.published_at,
        blocks: resolved.filter((b): b is ResolvedPageBlock => b !== null),
      },
      changesAt: future.length ? Math.min(...future) : null,
    };
  }

  /** Adds the data a block shows; null drops the block (a banner with no image in its time window). */
  private async resolve(b: PageBlock, ancestry: string[], now: Date): Promise<ResolvedPageBlock | null> {
    const read = new PortalReadRepository(this.db);
    switch (b.type) {
      case 'banner': {
        const t = now.getTime();
        const items = b.items.filter((it) => (!it.startAt || Date.parse(it.startAt) <= t) && (!it.endAt || t < Date.parse(it.endAt)));
        return items.length ? { ...b, items } : null;
      }
      case 'appGrid':
        return { ...b, apps: await this.appsFor(b, ancestry, read) };
      case 'zoneGrid': {
        const rows = nearestByCode(await read.zones(ancestry, b.zoneCodes), ancestry);
        const byCode = new Map(rows.map((r) => [r.code, r]));
        const zones = b.zoneCodes.flatMap((code) => {
          const z = byCode.get(code);
          return z ? [{ code: z.code, name: z.name, icon: z.icon, color: z.color }] : [];
        });
        return { ...b, zones };
      }
      case 'itemList': {
        const rows = nearestByCode(await read.items(ancestry, { audience: b.audience, theme: b.theme }), ancestry);
        return { ...b, items: rows.slice(0, b.limit).map(toItemCard) };
      }
      case 'newsList':
        return { ...b, news: (await read.news(ancestry, now.toISOString(), b.limit)).map(toNewsCard) };
      default:
        return b;
    }
  }

  private async appsFor(b: Extract<PageBlock, { type: 'appGrid' }>, ancestry: string[], read: PortalReadRepository): Promise<AppCard[]> {
    let rows: AppRow[];
    if (b.source === 'manual') {
      const ids = b.appIds ?? [];
      const found = new Map((await read.appsByIds(ancestry, ids)).map((r) => [Number(r.id), r]));
      // The operator's order is the display order.
      rows = ids.flatMap((id) => {
        const r = found.get(id);
        return r ? [r] : [];
      });
    } else if (b.source === 'palm') {
      rows = nearestByCode(await read.palmApps(ancestry), ancestry);
    } else {
      rows = b.theme ? nearestByCode(await read.appsOfTheme(ancestry, b.theme), ancestry) : [];
    }
    return rows.slice(0, b.limit).map(toAppCard);
  }

  // ---- console -------------------------------------------------------------------------------------

  private async scope(actor: Actor, site: string | undefined, action: string, channel: PageChannel): Promise<{ site: string; ancestry: string[] }> {
    const code = site ?? actor.staff.siteCode;
    const ancestry = await this.ancestryOf(code);
    await this.auditor.requireSite(actor, code, { action, objectType: 'page', objectId: `${code}/${channel}`, summary: `越权${action === 'page.read' || action === 'page.versions' ? '查看' : '发布'}${await this.siteName(code)}的${PAGE_CHANNELS[channel]}页面` });
    return { site: code, ancestry };
  }

  /** The editor's starting point: the site's own current version, else a copy of the nearest ancestor's. */
  async adminView(actor: Actor, channel: PageChannel, site?: string): Promise<AdminPageView> {
    const s = await this.scope(actor, site, 'page.read', channel);
    const row = nearest(await new PagesRepository(this.db).currentIn(s.ancestry, channel), s.ancestry);
    if (!row) return { channel, site: s.site, version: null, inheritedFrom: null, publishedAt: null, blocks: [] };
    const own = row.site_code === s.site;
    return { channel, site: s.site, version: own ? Number(row.version) : null, inheritedFrom: own ? null : row.site_code, publishedAt: own ? row.published_at : null, blocks: parseBlocks(row) };
  }

  async publish(actor: Actor, channel: PageChannel, site: string | undefined, raw: unknown[], note?: string): Promise<AdminPageView> {
    const s = await this.scope(actor, site, 'page.publish', channel);
    const blocks = cleanPageBlocks(raw);
    const problem = checkPageBlocks(blocks);
    if (problem) throw badRequest(problem, { blocks: problem });
    const version = await this.insertVersion(actor, s.site, channel, blocks as PageBlock[], note?.trim() || null);
    await this.auditor.record(actor, {
      action: 'page.publish',
      siteCode: s.site,
      objectType: 'page',
      objectId: `${s.site}/${channel}`,
      summary: `发布${await this.siteName(s.site)}「${PAGE_CHANNELS[channel]}」第${version}版：${summariseBlocks(blocks as PageBlock[])}${note?.trim() ? `；说明：${note.trim()}` : ''}`,
    });
    return this.adminView(actor, channel, s.site);
  }

  async versions(actor: Actor, channel: PageChannel, site?: string): Promise<PageVersionView[]> {
    const s = await this.scope(actor, site, 'page.versions', channel);
    const rows = await new PagesRepository(this.db).versions(s.site, channel, VERSION_LIST_LIMIT);
    return rows.map((r) => ({ version: Number(r.version), note: r.note, publishedAt: r.published_at, publishedBy: r.published_by_name, isCurrent: Number(r.is_current) === 1 }));
  }

  /** Restoring publishes a copy of the old version as the newest, so history is never rewritten. */
  async restore(actor: Actor, channel: PageChannel, version: number, site?: string): Promise<AdminPageView> {
    const s = await this.scope(actor, site, 'page.restore', channel);
    const old = await new PagesRepository(this.db).findVersion(s.site, channel, version);
    if (!old) throw notFound(`本站点的${PAGE_CHANNELS[channel]}页面没有第${version}版`);
    const blocks = parseBlocks(old);
    const problem = checkPageBlocks(blocks);
    if (problem) throw conflict('PAGE_VERSION_OUTDATED', `第${version}版的内容已不符合当前的区块格式（${problem}），请在编辑器中修改后发布`);
    const note = `恢复自第${version}版`;
    const created = await this.insertVersion(actor, s.site, channel, blocks, note);
    await this.auditor.record(actor, {
      action: 'page.restore',
      siteCode: s.site,
      objectType: 'page',
      objectId: `${s.site}/${channel}`,
      summary: `将${await this.siteName(s.site)}「${PAGE_CHANNELS[channel]}」恢复为第${version}版的内容（新版本第${created}版）：${summariseBlocks(blocks)}`,
    });
    return this.adminView(actor, channel, s.site);
  }

  /**
   * version = max + 1 and the previous current flag cleared, in one transaction. Two operators
   * publishing at the same instant collide on the (site, channel, version) unique key; the loser
   * retries with the next number.
   */
  private async insertVersion(actor: Actor, site: string, channel: PageChannel, blocks: PageBlock[], note: string | null): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          const repo = new PagesRepository(trx);
          const version = (await repo.maxVersion(site, channel)) + 1;
          await repo.clearCurrent(site, channel);
          await repo.insert({ site_code: site, channel, version, blocks: JSON.stringify(blocks), note, published_by: actor.staff.id, published_at: nowIso(), is_current: 1 });
          return version;
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (attempt >= 2) throw new AppError(409, 'PAGE_PUBLISH_CONFLICT', '页面刚被其他人发布，请刷新后再试');
      }
    }
  }
}
