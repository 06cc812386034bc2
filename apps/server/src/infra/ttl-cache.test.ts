import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('serves an entry only under the same stamp and within its time', () => {
    let now = 0;
    const c = new TtlCache<string>(1000, 10, () => now);
    c.set('u1', 'v1', 'A');
    expect(c.get('u1', 'v1')).toBe('A');
    expect(c.get('u1', 'v2')).toBeUndefined(); // the data changed: miss, and the old entry is gone
    expect(c.get('u1', 'v1')).toBeUndefined();
    c.set('u1', 'v1', 'A');
    now = 999;
    expect(c.get('u1', 'v1')).toBe('A');
    now = 1000;
    expect(c.get('u1', 'v1')).toBeUndefined();
  });

  it('never holds more than its bound, dropping the oldest written first', () => {
    const c = new TtlCache<number>(60_000, 3);
    for (let i = 0; i < 5; i++) c.set(`k${i}`, 's', i);
    expect(c.size).toBe(3);
    expect(c.get('k0', 's')).toBeUndefined();
    expect(c.get('k1', 's')).toBeUndefined();
    expect(c.get('k4', 's')).toBe(4);
  });

  it('through() makes a value once per stamp', () => {
    const c = new TtlCache<string>(60_000, 10);
    let made = 0;
    const make = () => `v${++made}`;
    expect(c.through('k', 'a', make)).toBe('v1');
    expect(c.through('k', 'a', make)).toBe('v1');
    expect(c.through('k', 'b', make)).toBe('v2');
    expect(made).toBe(2);
  });
});
