/**
 * The one version of what operators publish (pages, zones, apps, items, news, hot-term pins,
 * halls, departments). Everything an instance derives from that content — the precomputed bytes
 * of the public reads (infra/published.ts) and the search index (features/search) — is tagged with
 * the version it was built from and rebuilt when the version moves. One counter, one rule, so a
 * publish can never be visible in search but stale on the home page, or the other way round.
 *
 * - A console write calls `bump()`: the shared counter `content:version` is incremented in the
 *   key-value store (Redis in a cluster, so every instance sees it; the database's kv table when
 *   several workers share one machine without Redis; process memory for a single process) and
 *   this instance knows the new value at once (read-your-writes for the operator).
 * - Other instances read the counter at most every `checkEveryMs` (300 ms), however many
 *   requests arrive: one store read shared by all of them, never a query per request. A publish
 *   is therefore visible everywhere within about a third of a second plus one store round trip.
 * - A store that fails keeps the last known version (and is logged): content may then be stale
 *   on other instances until the safety nets of the caches (their maximum age) catch up.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { KeyValueStore } from './kv.js';

export const CONTENT_VERSION_KEY = 'content:version';
/** The counter only has to outlive the instances that read it; a year is plenty. */
const VERSION_TTL_MS = 366 * 86_400_000;

export class ContentVersion {
  /** The shared counter as last read or written. */
  private remote = '0';
  /** Local bumps whose shared increment failed: still a new version here. */
  private local = 0;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | null = null;
  /** Moves on every bump, so a read that started before it cannot put an older value back. */
  private bumps = 0;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly log: FastifyBaseLogger,
    readonly checkEveryMs = 300,
  ) {}

  /** The version as last known, without any look-up (for tagging what is being built). */
  get known(): string {
    return this.local ? `${this.remote}.${this.local}` : this.remote;
  }

  /** The current version; reads the shared counter first when the last read is older than checkEveryMs. */
  async current(): Promise<string> {
    if (Date.now() - this.checkedAt >= this.checkEveryMs) await (this.checking ??= this.check());
    return this.known;
  }

  /** Marks all published content changed, here at once and on every instance within checkEveryMs. Never throws. */
  async bump(): Promise<void> {
    this.bumps += 1;
    try {
      this.remote = String(await this.kv.incr(CONTENT_VERSION_KEY, VERSION_TTL_MS));
      this.checkedAt = Date.now();
    } catch (err) {
      this.local += 1;
      this.log.warn({ err }, '内容版本号更新失败：本实例已刷新，其他实例将在缓存到期（最长 60 秒）后刷新');
    }
  }

  private async check(): Promise<void> {
    const bumps = this.bumps;
    try {
      const v = (await this.kv.get(CONTENT_VERSION_KEY)) ?? '0';
      // A bump during the read already set a newer value; this read may predate it.
      if (bumps === this.bumps) this.remote = v;
    } catch (err) {
      this.log.warn({ err }, '读取内容版本号失败，暂用已知版本');
    } finally {
      this.checkedAt = Date.now();
      this.checking = null;
    }
  }
}
