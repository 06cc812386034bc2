/**
 * A small key-value store with expiry for counters, throttles, lockouts and one-time state.
 * Redis when REDIS_URL is set (so every instance sees the same counters). Without Redis (the
 * embedded profile; production refuses to start without it), keys that guard against abuse live
 * in the database so a restart does not reset them, and everything else in process memory — or,
 * with several worker processes (WORKERS > 1), nearly every key in the database (LocalStore).
 */
import type { Kysely } from 'kysely';
import { Redis } from 'ioredis';
import type { DB } from '../db/schema.js';
import { isDuplicateKey } from './duplicate-key.js';

export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets only if absent; true when it was set. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Increments and returns the new value; the expiry is set when the key is created. */
  incr(key: string, ttlMs: number): Promise<number>;
  /** Milliseconds until the key expires, or 0 when absent. */
  ttl(key: string): Promise<number>;
  del(key: string): Promise<void>;
  close(): Promise<void>;
}

export class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, { v: string; exp: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sweep(), 60_000);
    this.timer.unref();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, e] of this.map) if (e.exp <= now) this.map.delete(k);
  }

  private live(key: string): { v: string; exp: number } | undefined {
    const e = this.map.get(key);
    if (e && e.exp <= Date.now()) {
      this.map.delete(key);
      return undefined;
    }
    return e;
  }

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.live(key)?.v ?? null);
  }
  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.map.set(key, { v: value, exp: Date.now() + ttlMs });
    return Promise.resolve();
  }
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return Promise.resolve(false);
    this.map.set(key, { v: value, exp: Date.now() + ttlMs });
    return Promise.resolve(true);
  }
  incr(key: string, ttlMs: number): Promise<number> {
    const e = this.live(key);
    const n = (e ? Number(e.v) : 0) + 1;
    this.map.set(key, { v: String(n), exp: e ? e.exp : Date.now() + ttlMs });
    return Promise.resolve(n);
  }
  ttl(key: string): Promise<number> {
    const e = this.live(key);
    return Promise.resolve(e ? e.exp - Date.now() : 0);
  }
  del(key: string): Promise<void> {
    this.map.delete(key);
    return Promise.resolve();
  }
  close(): Promise<void> {
    clearInterval(this.timer);
    return Promise.resolve();
  }
}

export class RedisStore implements KeyValueStore {
  constructor(
    readonly redis: Redis,
    private readonly prefix = 'dz:',
  ) {}
  get(key: string) {
    return this.redis.get(this.prefix + key);
  }
  async set(key: string, value: string, ttlMs: number) {
    await this.redis.set(this.prefix + key, value, 'PX', ttlMs);
  }
  async setIfAbsent(key: string, value: string, ttlMs: number) {
    return (await this.redis.set(this.prefix + key, value, 'PX', ttlMs, 'NX')) === 'OK';
  }
  async incr(key: string, ttlMs: number) {
    const k = this.prefix + key;
    const [[, n]] = (await this.redis.multi().incr(k).pexpire(k, ttlMs, 'NX').exec()) as [[null, number], [null, number]];
    return n;
  }
  async ttl(key: string) {
    return Math.max(0, await this.redis.pttl(this.prefix + key));
  }
  async del(key: string) {
    await this.redis.del(this.prefix + key);
  }
  async close() {
    await this.redis.quit();
  }
}



/**
 * The store in the database (table kv_entries, migration 0005). Written with plain insert /
 * update / delete only — no upsert, which SQLite and MySQL spell differently (ARCHITECTURE rule
 * 4): "absent" is decided by the primary key refusing a second insert, and increments are a
 * compare-and-set on the old value, retried when another request got there first.
 */
export class DbStore implements KeyValueStore {
  private readonly db: Kysely<DB>;
  private lastSweep = 0;

  constructor(db: Kysely<DB>) {
    this.db = db;
  }

  private async row(key: string): Promise<{ v: string; expires_at: number } | null> {
    const r = await this.db.selectFrom('kv_entries').select(['v', 'expires_at']).where('k', '=', key).executeTakeFirst();
    if (!r) return null;
    // MySQL returns BIGINT as a string.
    const exp = Number(r.expires_at);
    return exp > Date.now() ? { v: r.v, expires_at: exp } : null;
  }

  private async dropExpired(key: string): Promise<void> {
    await this.db.deleteFrom('kv_entries').where('k', '=', key).where('expires_at', '<=', Date.now()).execute();
  }

  /** Inserts when absent (or expired); false when a live entry is there. */
  private async insert(key: string, value: string, expiresAt: number): Promise<boolean> {
    await this.dropExpired(key);
    try {
      await this.db.insertInto('kv_entries').values({ k: key, v: value, expires_at: expiresAt }).execute();
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async get(key: string) {
    return (await this.row(key))?.v ?? null;
  }

  async set(key: string, value: string, ttlMs: number) {
    const exp = Date.now() + ttlMs;
    for (let i = 0; i < 5; i++) {
      const r = await this.db.updateTable('kv_entries').set({ v: value, expires_at: exp }).where('k', '=', key).executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0 || (await this.insert(key, value, exp))) break;
    }
    await this.sweep();
  }

  async setIfAbsent(key: string, value: string, ttlMs: number) {
    const ok = await this.insert(key, value, Date.now() + ttlMs);
    if (ok) await this.sweep();
    return ok;
  }

  async incr(key: string, ttlMs: number) {
    for (let i = 0; i < 20; i++) {
      const cur = await this.row(key);
      if (!cur) {
        if (await this.insert(key, '1', Date.now() + ttlMs)) {
          await this.sweep();
          return 1;
        }
        continue;
      }
      const next = String(Number(cur.v) + 1);
      const r = await this.db.updateTable('kv_entries').set({ v: next }).where('k', '=', key).where('v', '=', cur.v).executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) return Number(next);
    }
    throw new Error(`kv incr: too much contention on ${key}`);
  }

  async ttl(key: string) {
    const r = await this.row(key);
    return r ? r.expires_at - Date.now() : 0;
  }

  async del(key: string) {
    await this.db.deleteFrom('kv_entries').where('k', '=', key).execute();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Expired rows are removed at most every 10 minutes, by whichever write comes along. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < 10 * 60_000) return;
    this.lastSweep = now;
    await this.db.deleteFrom('kv_entries').where('expires_at', '<=', now).execute();
  }
}

/**
 * Keys that must survive a restart when there is no Redis: the SMS quotas and resend throttle
 * (sms:), password-login failures of unknown accounts and per network (login:), real-name tries
 * (realname:), the console's one-time-password tries (admin:otp-verify:) and the 中考成绩 wrong-try
 * counters and locks (exam:), so a restart does not reset a guessing run. Everything else —
 * caches' version stamps, short locks, per-query counters on hot paths — stays in memory, where a
 * restart losing it costs nothing. This split holds for ONE process (WORKERS=1).
 */
export const DURABLE_KEY_PREFIXES = ['sms:', 'login:', 'realname:', 'admin:otp-verify:', 'exam:'] as const;

/**
 * With several worker processes on one machine and no Redis, a key kept in one worker's memory is
 * invisible to the others, so almost every key has to live in the database: the content version
 * (content:version — else a publish would show on one worker only), OAuth state (oauth:state: —
 * the callback may land on another worker than the redirect), payment locks (paylock:), the
 * partner endpoints' version, bill-query and reconciliation guards, payment nonces, and the
 * abuse counters above. Only these stay in each worker's memory, on purpose:
 * - `applications:progress-checked:` and `pay-sync:` are throttles of status look-ups at partner
 *   systems, taken on citizens' list reads. A per-worker copy lets each worker make at most one
 *   extra look-up per interval (harmless: the look-up is idempotent), while sharing them would put
 *   a database write — and on SQLite the single write lock — on every such read.
 */
export const PROCESS_LOCAL_KEY_PREFIXES = ['applications:progress-checked:', 'pay-sync:'] as const;

/**
 * Sends each key to the durable (database) or the in-memory store by its prefix: `single` for one
 * process (only DURABLE_KEY_PREFIXES go to the database), `shared` for several worker processes
 * on one database (everything but PROCESS_LOCAL_KEY_PREFIXES goes to the database).
 */
export class LocalStore implements KeyValueStore {
  private readonly durableKey: (key: string) => boolean;

  constructor(
    private readonly durable: KeyValueStore,
    private readonly memory: KeyValueStore,
    mode: 'single' | 'shared' = 'single',
  ) {
    const starts = (prefixes: readonly string[]) => (key: string) => prefixes.some((p) => key.startsWith(p));
    const local = starts(PROCESS_LOCAL_KEY_PREFIXES);
    this.durableKey = mode === 'shared' ? (key) => !local(key) : starts(DURABLE_KEY_PREFIXES);
  }
  private pick(key: string): KeyValueStore {
    return this.durableKey(key) ? this.durable : this.memory;
  }
  get(key: string) {
    return this.pick(key).get(key);
  }
  set(key: string, value: string, ttlMs: number) {
    return this.pick(key).set(key, value, ttlMs);
  }
  setIfAbsent(key: string, value: string, ttlMs: number) {
    return this.pick(key).setIfAbsent(key, value, ttlMs);
  }
  incr(key: string, ttlMs: number) {
    return this.pick(key).incr(key, ttlMs);
  }
  ttl(key: string) {
    return this.pick(key).ttl(key);
  }
  del(key: string) {
    return this.pick(key).del(key);
  }
  async close() {
    await this.durable.close();
    await this.memory.close();
  }
}

export function createStore(redisUrl: string | null, prefix?: string): KeyValueStore {
  if (!redisUrl) return new MemoryStore();
  return new RedisStore(new Redis(redisUrl, { maxRetriesPerRequest: 2, enableAutoPipelining: true }), prefix);
}
