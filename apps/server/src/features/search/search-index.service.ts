/**
 * Keeps this instance's SearchIndex current.
 *
 * - Built on the first search from the apps, items and news tables (the only build a search waits for).
 * - Console writes to content bump the shared ContentVersion (infra/content-version.ts), read from
 *   the shared store at most every 300 ms. When it moved, the instance reads the change feed
 *   (content-changes.ts) from its last applied position and patches the index with just those
 *   documents: reloaded and upserted, or removed when gone or no longer public. One document costs
 *   milliseconds, so the search that notices the version waits for the patch (read-your-writes for
 *   the operator; searchable on every instance within about a second).
 * - A full rebuild happens only when a patch cannot do: first start, a feed purged past this
 *   instance's position, too many changes at once, an `invalidate()` (a change made outside the
 *   feed), or an index whose dead entries have piled up. It runs in the background, loading page by
 *   page and building in slices of a few ms, while the old index keeps answering; then it is swapped
 *   in whole. (Not a worker thread: the index must end up on this thread, and copying 10,000
 *   documents and their posting lists across costs a stall of its own; slices keep each pause short.)
 * - Safety net every `maxAgeMs` (on a search): scheduled news whose time came are upserted, and if
 *   the tables' fingerprint still moved unexplained (a hand edit) the index is rebuilt in the background.
 * - A failure keeps the previous index answering and is logged; the next search tries again.
 */
import { THEMES, type AppCard, type ItemCard, type NewsCard } from '@dz/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ContentVersion } from '../../infra/content-version.js';
import { nowIso } from '../../infra/time.js';
import { parseList, toAppCard, toItemCard, toNewsCard, type AppRow, type ItemRow, type NewsRow } from '../pages/cards.js';
import { ContentChangesRepository, recordContentChange, type ContentChange } from './content-changes.js';
import { SearchIndex, warmPinyin, type SearchDoc } from './search-index.js';
import { SearchSourceRepository } from './search.repository.js';

export type SearchCard = AppCard | ItemCard | NewsCard;

const BODY_CHARS = 2000;
/** Rows per page of the full load. */
const PAGE = 500;
/** Feed ids re-read behind the position, for writes whose id committed late (content-changes.ts). */
const FEED_OVERLAP = 100;
/** More changes than this at once: a full rebuild is cheaper than patching them one by one. */
const MAX_PATCH = 1000;

const themeNames = (codes: string[]) => codes.map((c) => THEMES[c as keyof typeof THEMES] ?? '').join(' ');
const plainText = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

export function appDoc(a: AppRow): SearchDoc<SearchCard> {
  return {
    kind: 'app',
    id: Number(a.id),
    code: a.code,
    siteCode: a.site_code,
    name: a.name,
    keywords: a.keywords,
    body: `${a.description} ${a.group_title ?? ''} ${themeNames(parseList(a.themes))}`,
    popularity: Number(a.popularity),
    card: toAppCard(a),
  };
}

export function itemDoc(i: ItemRow): SearchDoc<SearchCard> {
  return {
    kind: 'item',
    id: Number(i.id),
    code: i.code,
    siteCode: i.site_code,
    name: i.name,
    keywords: i.keywords,
    body: `${i.department_name ?? ''} ${i.subject} ${themeNames([i.theme])}`,
    popularity: Number(i.popularity),
    card: toItemCard(i),
  };
}

export function newsDoc(n: NewsRow): SearchDoc<SearchCard> {
  return {
    kind: 'news',
    id: Number(n.id),
    code: null,
    siteCode: n.site_code,
    name: n.title,
    keywords: '',
    body: `${n.summary} ${plainText(n.content)}`.slice(0, BODY_CHARS),
    popularity: Number(n.popularity),
    card: toNewsCard(n),
  };
}

/** Every searchable document, loaded page by page with the event loop given back between pages. */
export async function loadSearchDocs(db: Kysely<DB>, now = nowIso()): Promise<SearchDoc<SearchCard>[]> {
  const src = new SearchSourceRepository(db);
  const docs: SearchDoc<SearchCard>[] = [];
  const all = async <R extends { id: number }>(page: (after: number) => Promise<R[]>, toDoc: (r: R) => SearchDoc<SearchCard>) => {
    for (let after = 0; ; ) {
      const rows = await page(after);
      for (const r of rows) docs.push(toDoc(r));
      if (rows.length < PAGE) return;
      after = Number(rows[rows.length - 1]!.id);
      await yieldToLoop();
    }
  };
  await all((after) => src.appsPage(after, PAGE), appDoc);
  await all((after) => src.itemsPage(after, PAGE), itemDoc);
  await all((after) => src.newsPage(now, after, PAGE), newsDoc);
  return docs;
}

export interface SearchIndexOptions {
  /** How often (on a search) the safety net runs: scheduled news, then the tables' fingerprint. */
  maxAgeMs: number;
}

/** What the index has done, for tests and diagnostics (a patch must not be a rebuild). */
export interface SearchIndexStats {
  /** Full builds finished (the first one included). */
  builds: number;
  /** Feed reads that patched the index. */
  patches: number;
  /** Documents upserted or removed by patches. */
  patchedDocs: number;
  /** Last feed position applied. */
  feedPosition: number;
  size: number;
}

export class SearchIndexService {
  private index: SearchIndex<SearchCard> | null = null;
  /** The content version the index has caught up with (null: look at the feed on the next search). */
  private syncedVersion: string | null = null;
  /** Feed position applied, and the ids in the overlap window behind it that were applied. */
  private feedPos = 0;
  private seen = new Set<number>();
  /** Generations: `invalidate()` moves `wanted`; a full build finished at generation `built`. */
  private wanted = 0;
  private built = -1;
  private building: Promise<void> | null = null;
  private syncing: Promise<void> | null = null;
  private checkedAt = 0;
  private signature: string | null = null;
  /** Scheduled news that became due up to this time are in the index. */
  private dueUpTo = '';
  private counts = { builds: 0, patches: 0, patchedDocs: 0 };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly version: ContentVersion,
    private readonly log: FastifyBaseLogger,
    private readonly opts: SearchIndexOptions = { maxAgeMs: 60_000 },
  ) {
    warmPinyin(); // the service is made while the app is built, before it listens
  }

  /**
   * For a change made outside the feed (a hand-made insert, a test fixture): rebuilds here before
   * the next search answers, and on every other instance in the background as soon as it sees the
   * feed entry. Console writes do not call this: their repositories record the change.
   */
  async invalidate(): Promise<void> {
    this.wanted += 1;
    await recordContentChange(this.db, 'all', 0);
    await this.version.bump();
  }

  /** The index to search now: built first when there is none, patched first when the version moved. */
  async current(): Promise<SearchIndex<SearchCard>> {
    while (!this.index || this.built < this.wanted) {
      try {
        await (this.building ?? this.build());
      } catch (err) {
        if (!this.index) throw err;
        this.log.error({ err }, '搜索索引重建失败，暂用现有索引');
        return this.index;
      }
    }
    try {
      const v = await this.version.current();
      if (v !== this.syncedVersion) await (this.syncing ??= this.sync(v).finally(() => (this.syncing = null)));
    } catch (err) {
      this.log.error({ err }, '搜索索引增量更新失败，暂用现有索引');
    }
    if (Date.now() - this.checkedAt > this.opts.maxAgeMs && !this.building) {
      this.checkedAt = Date.now(); // one safety-net check at a time
      this.safetyNet().catch((err: unknown) => this.log.error({ err }, '搜索索引后台检查失败，继续使用现有索引'));
    }
    return this.index;
  }

  /** Documents in the current index (0 before the first search). */
  get size(): number {
    return this.index?.size ?? 0;
  }

  get stats(): SearchIndexStats {
    return { ...this.counts, feedPosition: this.feedPos, size: this.size };
  }

  /** Applies the feed after this instance's position; starts a background rebuild when it cannot. */
  private async sync(version: string): Promise<void> {
    const feed = new ContentChangesRepository(this.db);
    const from = Math.max(0, this.feedPos - FEED_OVERLAP);
    // The version is read before the feed: a write committed later bumps it again, so it is not lost.
    const limit = MAX_PATCH + FEED_OVERLAP;
    const [oldest, rows] = await Promise.all([feed.oldest(), feed.since(from, limit)]);
    const fresh = rows.filter((c) => !this.seen.has(c.id));
    const purgedPast = oldest !== null && oldest > this.feedPos + 1 && this.feedPos > 0;
    if (purgedPast || rows.length === limit || fresh.some((c) => c.kind === 'all')) {
      this.rebuildInBackground(purgedPast ? '变更记录已清理' : rows.length === limit ? '变更过多' : '手动失效');
      // Not again on every search meanwhile. A build that had started earlier tags its index with
      // the older version it read first, so the next search after the swap looks at the feed again.
      this.syncedVersion = version;
      return;
    }
    if (fresh.length) {
      await this.apply(fresh);
      // The fingerprint moved with these writes: take the new one, or the safety net would rebuild for them.
      new SearchSourceRepository(this.db)
        .signature(nowIso())
        .then((sig) => (this.signature = sig))
        .catch((err: unknown) => this.log.warn({ err }, '搜索索引数据指纹读取失败'));
    }
    for (const c of fresh) {
      this.seen.add(c.id);
      if (c.id > this.feedPos) this.feedPos = c.id;
    }
    for (const id of this.seen) if (id <= this.feedPos - FEED_OVERLAP) this.seen.delete(id);
    this.syncedVersion = version;
    if (this.index?.needsCompaction) this.rebuildInBackground('增量更新累积');
  }

  /** Reloads the changed documents and upserts or removes them. */
  private async apply(changes: ContentChange[]): Promise<void> {
    const index = this.index!;
    const ids = (kind: ContentChange['kind']) => [...new Set(changes.filter((c) => c.kind === kind).map((c) => c.refId))];
    const src = new SearchSourceRepository(this.db);
    const [appIds, itemIds, newsIds, deptIds] = [ids('app'), ids('item'), ids('news'), ids('department')];
    const none = Promise.resolve([]);
    const [apps, items, news, deptItems] = await Promise.all([
      appIds.length ? src.appsByIds(appIds) : none,
      itemIds.length ? src.itemsByIds(itemIds) : none,
      newsIds.length ? src.newsByIds(nowIso(), newsIds) : none,
      deptIds.length ? src.itemsOfDepartments(deptIds) : none,
    ]);
    const docs = [...apps.map(appDoc), ...items.map(itemDoc), ...deptItems.map(itemDoc), ...news.map(newsDoc)];
    const found = new Set(docs.map((d) => `${d.kind}:${d.id}`));
    let n = 0;
    for (const [kind, list] of [['app', appIds], ['item', itemIds], ['news', newsIds]] as const) {
      for (const id of list) if (!found.has(`${kind}:${id}`) && index.remove(kind, id)) n++;
    }
    for (const d of docs) index.upsert(d);
    n += docs.length;
    this.counts.patches += 1;
    this.counts.patchedDocs += n;
  }

  /** Scheduled news whose time came, then the fingerprint: a hand edit outside the feed rebuilds. */
  private async safetyNet(): Promise<void> {
    const src = new SearchSourceRepository(this.db);
    const now = nowIso();
    const due = this.dueUpTo ? await src.newsDue(this.dueUpTo, now) : [];
    for (const n of due) this.index?.upsert(newsDoc(n));
    this.dueUpTo = now;
    const signature = await src.signature(now);
    if (this.signature !== null && signature !== this.signature && !due.length && !this.syncing) this.rebuildInBackground('数据指纹变化');
    this.signature = signature;
  }

  private rebuildInBackground(why: string): void {
    if (this.building) return;
    this.log.info({ why }, '搜索索引后台全量重建');
    this.build().catch((err: unknown) => this.log.error({ err }, '搜索索引后台重建失败，继续使用现有索引'));
  }

  private build(): Promise<void> {
    const generation = this.wanted;
    this.building = (async () => {
      // Version, then feed position, then the tables: a writer appends its feed row before it
      // bumps the version, so a version read here has all of its rows at or below `head`, and
      // whatever is written during the load moves the version again and is patched in by a sync.
      const version = await this.version.current();
      const feed = new ContentChangesRepository(this.db);
      const head = await feed.head();
      const behind = await feed.since(Math.max(0, head - FEED_OVERLAP), FEED_OVERLAP);
      const now = nowIso();
      const src = new SearchSourceRepository(this.db);
      const signature = await src.signature(now);
      const index = await SearchIndex.buildSliced(await loadSearchDocs(this.db, now));
      // Patches applied to the old index during the load may be missing here: look at the feed again.
      const patchedMeanwhile = this.feedPos > head;
      this.index = index;
      this.built = Math.max(this.built, generation);
      this.feedPos = head;
      this.seen = new Set(behind.map((c) => c.id));
      this.syncedVersion = patchedMeanwhile ? null : version;
      this.signature = signature;
      this.dueUpTo = now;
      this.checkedAt = Date.now();
      this.counts.builds += 1;
    })().finally(() => {
      this.building = null;
    });
    return this.building;
  }
}
