/**
 * Keeps this instance's SearchIndex current.
 *
 * - Built lazily on the first search, from the apps, items and news tables.
 * - It is tagged with the ContentVersion it was built from (infra/content-version.ts) — the one
 *   version of published content, which every console write to content bumps and which the
 *   published bytes of the public reads use too. The version is read from the shared store at
 *   most every 300 ms, so an edit is searchable everywhere within about a second — through Redis
 *   in a cluster, trivially in memory on one machine.
 * - As a safety net (a write that forgot to invalidate, a lost Redis update, news whose publication
 *   time arrives) the tables' fingerprint is compared every 60 s, and when it moved the index is
 *   rebuilt in the background while the old one answers.
 * - If a rebuild fails, the previous index keeps answering and the next search tries again.
 */
import { THEMES, type AppCard, type ItemCard, type NewsCard } from '@dz/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ContentVersion } from '../../infra/content-version.js';
import { nowIso } from '../../infra/time.js';
import { parseList, toAppCard, toItemCard, toNewsCard } from '../pages/cards.js';
import { SearchIndex, type SearchDoc } from './search-index.js';
import { SearchSourceRepository } from './search.repository.js';

export type SearchCard = AppCard | ItemCard | NewsCard;

const BODY_CHARS = 2000;

const themeNames = (codes: string[]) => codes.map((c) => THEMES[c as keyof typeof THEMES] ?? '').join(' ');
const plainText = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');

export async function loadSearchDocs(db: Kysely<DB>): Promise<SearchDoc<SearchCard>[]> {
  const src = new SearchSourceRepository(db);
  const [apps, items, news] = await Promise.all([src.apps(), src.items(), src.news(nowIso())]);
  const docs: SearchDoc<SearchCard>[] = [];
  for (const a of apps) {
    const themes = parseList(a.themes);
    docs.push({
      kind: 'app',
      id: Number(a.id),
      code: a.code,
      siteCode: a.site_code,
      name: a.name,
      keywords: a.keywords,
      body: `${a.description} ${a.group_title ?? ''} ${themeNames(themes)}`,
      popularity: Number(a.popularity),
      card: toAppCard(a),
    });
  }
  for (const i of items) {
    docs.push({
      kind: 'item',
      id: Number(i.id),
      code: i.code,
      siteCode: i.site_code,
      name: i.name,
      keywords: i.keywords,
      body: `${i.department_name ?? ''} ${i.subject} ${themeNames([i.theme])}`,
      popularity: Number(i.popularity),
      card: toItemCard(i),
    });
  }
  for (const n of news) {
    docs.push({
      kind: 'news',
      id: Number(n.id),
      code: null,
      siteCode: n.site_code,
      name: n.title,
      keywords: '',
      body: `${n.summary} ${plainText(n.content)}`.slice(0, BODY_CHARS),
      popularity: Number(n.popularity),
      card: toNewsCard(n),
    });
  }
  return docs;
}

export interface SearchIndexOptions {
  /** Age after which the index is rebuilt in the background if the tables' fingerprint moved. */
  maxAgeMs: number;
}

export class SearchIndexService {
  private index: SearchIndex<SearchCard> | null = null;
  /** The content version as known when the current index started loading. */
  private builtVersion: string | null = null;
  /** Generations: `wanted` moves on every invalidation; the index is current when `built` caught up. */
  private wanted = 0;
  private built = -1;
  private building: Promise<void> | null = null;
  /** When the index was last known to match the tables, and their fingerprint then. */
  private freshAt = 0;
  private signature: string | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly version: ContentVersion,
    private readonly log: FastifyBaseLogger,
    private readonly opts: SearchIndexOptions = { maxAgeMs: 60_000 },
  ) {}

  /**
   * Marks the index stale here and (through the content version) on every other instance. Cheap:
   * a flag and one counter increment; the rebuild happens on the next search. Never throws.
   * Console writes do not call this: they bump the content version (infra/published.ts).
   */
  async invalidate(): Promise<void> {
    this.wanted += 1;
    await this.version.bump();
  }

  /** The index to search now, rebuilt first when it is known to be stale. */
  async current(): Promise<SearchIndex<SearchCard>> {
    const now = Date.now();
    if (this.index && this.built >= this.wanted) {
      // ContentVersion reads the shared store at most every 300 ms, whatever the request rate.
      const v = await this.version.current();
      if (v !== this.builtVersion) this.wanted = this.built + 1;
    }
    if (this.index && this.built >= this.wanted) {
      if (now - this.freshAt > this.opts.maxAgeMs && !this.building) {
        this.freshAt = now; // one safety-net check at a time
        this.refreshIfChanged().catch((err: unknown) => this.log.error({ err }, '搜索索引后台重建失败，继续使用现有索引'));
      }
      return this.index;
    }
    while (!this.index || this.built < this.wanted) {
      try {
        await (this.building ?? this.build());
      } catch (err) {
        if (!this.index) throw err;
        this.log.error({ err }, '搜索索引重建失败，暂用现有索引');
        return this.index;
      }
    }
    return this.index;
  }

  /** Documents in the current index (0 before the first search). */
  get size(): number {
    return this.index?.size ?? 0;
  }

  /** The safety net: rebuild in the background only if the tables' fingerprint moved. */
  private async refreshIfChanged(): Promise<void> {
    const signature = await new SearchSourceRepository(this.db).signature(nowIso());
    if (signature === this.signature) return;
    await (this.building ?? this.build());
  }

  private build(): Promise<void> {
    const generation = this.wanted;
    this.building = (async () => {
      // Read the counter and the fingerprint before the tables: an edit committed during the
      // load moves them again, and the next check rebuilds.
      const version = await this.version.current();
      const signature = await new SearchSourceRepository(this.db).signature(nowIso());
      const index = await SearchIndex.buildAsync(await loadSearchDocs(this.db));
      this.index = index;
      this.built = Math.max(this.built, generation);
      this.builtVersion = version;
      this.signature = signature;
      this.freshAt = Date.now();
    })().finally(() => {
      this.building = null;
    });
    return this.building;
  }
}
