/**
 * 搜索 (seed 首页 / 办事 / 便民 — 搜索列表页: 热门搜索、搜索历史; 搜索结果页: 事项、服务、资讯).
 *
 * Hot terms are counted in memory and written in batches (every 2 s, 100 distinct terms, and on
 * shutdown), so a search costs one index look-up and no write. Only searches that found something
 * are counted: hot terms are shown to every citizen, and a term nobody can find is no help — it
 * also keeps junk typed by a bot off the list (on top of the per-IP rate limit). A search is
 * counted under the Chinese words it found (hotTermFor: "gjj" counts as 公积金), since the list is
 * shown to every citizen.
 *
 * A term that looks like personal data (looksLikePersonalData: an ID, phone or bank card number, a
 * credit code) is searched but neither counted nor kept in the history (个人信息保护法 第六条:
 * nothing is collected beyond what the search itself needs).
 */
import { looksLikePersonalData, type AppCard, type HistoryEntry, type HotTerm, type ItemCard, type NewsCard, type PinnedTerm, type SearchResult } from '@dz/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import type { SitesService } from '../sites/sites.service.js';
import { AppError, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import { hasHan, hotTermFor, normalise } from './search-index.js';
import type { SearchIndexService } from './search-index.service.js';
import { SearchHistoryRepository, SearchTermsRepository } from './search.repository.js';

export const HOT_LIMIT = 10;
export const HISTORY_LIMIT = 20;
export const PINNED_LIMIT = 10;
const HOT_TERM_MAX = 32;
const HISTORY_TERM_MAX = 64;
const FLUSH_EVERY_MS = 2000;
const FLUSH_AT = 100;
/** Bound on distinct pending terms if the database is unreachable for long. */
const PENDING_MAX = 10_000;

/** One spelling per term: full-width folded, lower case, single spaces. */
export const hotTermOf = (q: string) => normalise(q).trim().replace(/\s+/g, ' ');
export const historyTermOf = (q: string) => q.normalize('NFKC').trim().replace(/\s+/g, ' ').slice(0, HISTORY_TERM_MAX);

/** Counts per (site, term), written to search_terms in batches. */
export class HotTermCounter {
  private pending = new Map<string, number>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log: FastifyBaseLogger,
    /** Called after a batch was written (the hot-term list this instance serves is rebuilt then). */
    private readonly onFlushed: () => void = () => {},
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  count(site: string, term: string): void {
    if (!term || term.length > HOT_TERM_MAX) return;
    const key = `${site}\u0000${term}`;
    if (!this.pending.has(key) && this.pending.size >= PENDING_MAX) return;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    if (this.pending.size >= FLUSH_AT) void this.flush();
  }

  /** Writes what is pending; flushes never overlap. A failed batch is kept for the next one. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.pending.size) return;
      const batch = this.pending;
      this.pending = new Map();
      const repo = new SearchTermsRepository(this.db);
      const now = nowIso();
      for (const [key, n] of batch) {
        const [site, term] = key.split('\u0000') as [string, string];
        try {
          await repo.add(site, term, n, now);
        } catch (err) {
          this.log.warn({ err }, '热门搜索词计数写入失败，稍后重试');
          if (this.pending.size < PENDING_MAX) this.pending.set(key, (this.pending.get(key) ?? 0) + n);
        }
      }
      this.onFlushed();
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

export class SearchService {
  private readonly auditor: StaffAuditor;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
    private readonly index: SearchIndexService,
    readonly hot: HotTermCounter,
    audit: AuditService,
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  private async ancestryOf(site: string): Promise<string[]> {
    const ancestry = await this.sites.ancestry(site);
    if (!ancestry.length) throw notFound('站点不存在，请重新选择站点');
    return ancestry;
  }

  /** Results from the site and its ancestors; the search is counted and kept in the owner's history. */
  async search(q: string, site: string, limit: number, owner: string | null, record = true): Promise<SearchResult> {
    const ancestry = await this.ancestryOf(site);
    const hits = (await this.index.current()).search(q, ancestry, limit);
    const result: SearchResult = {
      items: hits.item.map((h) => h.doc.card as ItemCard),
      apps: hits.app.map((h) => h.doc.card as AppCard),
      news: hits.news.map((h) => h.doc.card as NewsCard),
    };
    // Searches made while typing are not counted: half-typed words would fill the hot list and history.
    if (!record || looksLikePersonalData(q)) return result;
    const best = [hits.item[0], hits.app[0], hits.news[0]].reduce((a, b) => (b && (!a || b.score > a.score) ? b : a), undefined);
    if (best) this.hot.count(site, hotTermOf(hotTermFor(q, best.doc)));
    const term = historyTermOf(q);
    if (owner && term) {
      const repo = new SearchHistoryRepository(this.db);
      if (await repo.touch(owner, term, nowIso())) await repo.trim(owner, HISTORY_LIMIT);
    }
    return result;
  }

  /**
   * Pinned terms first, then the most searched, over the site and its ancestors. Counted terms
   * without a Chinese character are typed queries recorded before hotTermFor ("gjj"): never shown.
   */
  async hotTerms(site: string): Promise<HotTerm[]> {
    const rows = await new SearchTermsRepository(this.db).hot(await this.ancestryOf(site), HOT_LIMIT * 3);
    return rows
      .filter((r) => r.pinned === 1 || (r.total > 0 && hasHan(r.term)))
      .slice(0, HOT_LIMIT)
      .map((r) => ({ term: r.term, pinned: r.pinned === 1 }));
  }

  history(owner: string | null): Promise<HistoryEntry[]> {
    return owner ? new SearchHistoryRepository(this.db).list(owner, HISTORY_LIMIT) : Promise.resolve([]);
  }

  async forget(owner: string | null, term: string): Promise<void> {
    if (owner) await new SearchHistoryRepository(this.db).remove(owner, historyTermOf(term));
  }

  async forgetAll(owner: string | null): Promise<void> {
    if (owner) await new SearchHistoryRepository(this.db).clear(owner);
  }

  // ---- console: pinned hot terms -----------------------------------------------------------------

  private async scope(actor: Actor, site: string | undefined, action: string): Promise<string> {
    const code = site ?? actor.staff.siteCode;
    await this.ancestryOf(code);
    await this.auditor.requireSite(actor, code, { action, objectType: 'search_term' });
    return code;
  }

  async pinned(actor: Actor, site?: string): Promise<PinnedTerm[]> {
    const code = await this.scope(actor, site, 'search.pinned');
    const rows = await new SearchTermsRepository(this.db).pinned(code);
    return rows.map((r) => ({ term: r.term, count: Number(r.count), updatedAt: r.updated_at }));
  }

  async pin(actor: Actor, term: string, site?: string): Promise<PinnedTerm[]> {
    const code = await this.scope(actor, site, 'search.pin');
    const t = hotTermOf(term);
    if (!t) throw new AppError(400, 'VALIDATION_FAILED', '请输入要置顶的搜索词');
    if (looksLikePersonalData(t)) throw new AppError(400, 'VALIDATION_FAILED', '置顶词不能含身份证号、手机号、银行卡号等个人信息，请修改后再试');
    const repo = new SearchTermsRepository(this.db);
    const current = await repo.pinned(code);
    if (!current.some((r) => r.term === t) && current.length >= PINNED_LIMIT) {
      throw new AppError(409, 'PINNED_LIMIT', `每个站点最多置顶 ${PINNED_LIMIT} 个搜索词，请先取消一个`);
    }
    await repo.setPinned(code, t, true, nowIso());
    await this.auditor.record(actor, { action: 'search.pin', siteCode: code, objectType: 'search_term', objectId: t, summary: `置顶热门搜索词“${t}”` });
    return this.pinned(actor, code);
  }

  async unpin(actor: Actor, term: string, site?: string): Promise<void> {
    const code = await this.scope(actor, site, 'search.unpin');
    const t = hotTermOf(term);
    await new SearchTermsRepository(this.db).setPinned(code, t, false, nowIso());
    await this.auditor.record(actor, { action: 'search.unpin', siteCode: code, objectType: 'search_term', objectId: t, summary: `取消置顶热门搜索词“${t}”` });
  }
}
