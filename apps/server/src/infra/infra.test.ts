import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { GmCrypto } from './gm-crypto.js';
import { MemoryStore, RedisStore, type KeyValueStore } from './kv.js';
import { loadConfig, ConfigError } from './config.js';
import { redactUrl } from '../app.js';
import { PROD_ENV } from '../test/helpers.js';

const REDIS_URL = process.env.DZ_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('GmCrypto (SM4-CBC + HMAC-SM3)', () => {
  const gm = new GmCrypto(randomBytes(16), randomBytes(16));
  it('round-trips and never repeats a ciphertext', () => {
    const a = gm.encrypt('13900000001');
    const b = gm.encrypt('13900000001');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('13900000001');
    expect(gm.decrypt(a)).toBe('13900000001');
    expect(gm.decrypt(gm.encrypt('张三'))).toBe('张三');
  });
  it('detects tampering', () => {
    const c = gm.encrypt('511702199001011231');
    const raw = Buffer.from(c.slice(3), 'base64url');
    raw[20] = raw[20]! ^ 1;
    expect(() => gm.decrypt(`v1.${raw.toString('base64url')}`)).toThrow();
  });
  it('blind indexes are deterministic, keyed and separated by kind', () => {
    expect(gm.blindIndex('phone', '13900000001')).toBe(gm.blindIndex('phone', '13900000001'));
    expect(gm.blindIndex('phone', '13900000001')).not.toBe(gm.blindIndex('id', '13900000001'));
    const other = new GmCrypto(randomBytes(16), randomBytes(16));
    expect(other.blindIndex('phone', '13900000001')).not.toBe(gm.blindIndex('phone', '13900000001'));
  });
});

describe('config', () => {
  it('production refuses the outbox, default secrets, the sandbox and SQLite', () => {
    expect(() => loadConfig({ PROFILE: 'production' })).toThrow(ConfigError);
    try {
      loadConfig({ PROFILE: 'production' });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('SMS_GATEWAY');
      expect(msg).toContain('DATA_KEY');
      expect(msg).toContain('PARTNER');
      expect(msg).toContain('SQLite');
    }
  });
  it('production starts with real settings', () => {
    const cfg = loadConfig({ ...PROD_ENV, REDIS_URL: 'redis://cache.internal:6379' });
    expect(cfg.profile).toBe('production');
  });
  it('logs never carry a phone or ID number from the URL', () => {
    expect(redactUrl('/api/dev/sms-outbox?phone=13900000001')).toBe('/api/dev/sms-outbox?phone=139****0001');
    expect(redactUrl('/x?id=511702199001011231')).not.toContain('199001011231');
    // what the search box receives: a spaced phone, a bank card, a credit code
    expect(redactUrl('/api/search?q=138%200013%208000&site=511700')).toBe('/api/search?q=[脱敏]&site=511700');
    expect(redactUrl('/api/search?q=6222020200112233445')).not.toContain('6222020200112233445');
    expect(redactUrl('/api/search?q=91511700MA62A1B2C3')).toBe('/api/search?q=[脱敏]');
    expect(redactUrl('/api/search?q=%E5%85%AC%E7%A7%AF%E9%87%91&site=511700')).toBe('/api/search?q=%E5%85%AC%E7%A7%AF%E9%87%91&site=511700');
  });
});

async function redisUp(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

const stores: [string, () => Promise<KeyValueStore>][] = [
  ['memory', async () => new MemoryStore()],
  ['redis', async () => new RedisStore(new Redis(REDIS_URL), `dz-test-${randomBytes(4).toString('hex')}:`)],
];

describe.each(stores)('KeyValueStore (%s)', (name, make) => {
  let kv: KeyValueStore;
  beforeAll(async () => {
    if (name === 'redis' && !(await redisUp())) throw new Error(`Redis 不可用：${REDIS_URL}`);
    kv = await make();
  });
  afterAll(async () => kv.close());

  it('counts within a window and expires', async () => {
    expect(await kv.incr('c', 200)).toBe(1);
    expect(await kv.incr('c', 200)).toBe(2);
    expect(await kv.ttl('c')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 260));
    expect(await kv.get('c')).toBeNull();
  });
  it('setIfAbsent sets once', async () => {
    expect(await kv.setIfAbsent('k', '1', 1000)).toBe(true);
    expect(await kv.setIfAbsent('k', '2', 1000)).toBe(false);
    expect(await kv.get('k')).toBe('1');
    await kv.del('k');
    expect(await kv.get('k')).toBeNull();
  });
});
