/**
 * A small per-process memo: entries live `ttlMs` at most and there are never more than `max` of
 * them (the oldest written goes first), so memory stays bounded whatever the traffic. Each entry
 * carries a `stamp` — a fingerprint of the data it was derived from — and is served only while the
 * caller's current stamp is the same, so a change that reached the shared database is seen at once
 * on every instance without any cross-instance invalidation message.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { stamp: string; value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, stamp: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.stamp !== stamp || e.until <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, stamp: string, value: V): void {
    // Re-inserting moves the key to the end of the Map's order, which is what eviction reads.
    this.entries.delete(key);
    this.entries.set(key, { stamp, value, until: this.now() + this.ttlMs });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The cached value for (key, stamp), or `make()`'s result, stored for next time. */
  through(key: string, stamp: string, make: () => V): V {
    const hit = this.get(key, stamp);
    if (hit !== undefined) return hit;
    const value = make();
    this.set(key, stamp, value);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
