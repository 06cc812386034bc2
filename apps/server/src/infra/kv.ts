/**
 * A small key-value store with expiry for counters, throttles, lockouts and one-time state.
 * Redis when REDIS_URL is set (so every instance sees the same counters), else process memory.
 */
import { Redis } from 'ioredis';

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

export function createStore(redisUrl: string | null, prefix?: string): KeyValueStore {
  if (!redisUrl) return new MemoryStore();
  return new RedisStore(new Redis(redisUrl, { maxRetriesPerRequest: 2, enableAutoPipelining: true }), prefix);
}
