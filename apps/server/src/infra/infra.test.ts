import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { GmCrypto } from './gm-crypto.js';
import { MemoryStore, RedisStore, type KeyValueStore } from './kv.js';
import { DbSessionStore, RedisSessionStore, type SessionStore } from './sessions.js';
import { loadConfig, ConfigError } from './config.js';
import { redactUrl } from '../app.js';
import { createTestApp, PROD_ENV, type TestApp } from '../test/helpers.js';

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

describe('sessions', () => {
  let t: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    t = await createTestApp();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await t.close();
    await redis.quit();
  });
  const kinds: [string, (idleMs: number) => SessionStore][] = [
    ['database', (idleMs) => new DbSessionStore(t.app.ctx.db, { idleMs, absoluteMs: 7 * 86_400_000 })],
    ['redis', (idleMs) => new RedisSessionStore(redis, { idleMs, absoluteMs: 7 * 86_400_000 }, `dz-test-${randomBytes(4).toString('hex')}:`)],
  ];
  it.each(kinds)('%s: create, touch, destroy, destroy-all-but-one', async (_n, make) => {
    const s = make(60_000);
    const a = await s.create('user', 7, { ip: '127.0.0.1' });
    const b = await s.create('user', 7, {});
    expect((await s.touch('user', a.token))?.subjectId).toBe(7);
    expect(await s.touch('staff', a.token)).toBeNull(); // realms never mix
    await s.destroyAllFor('user', 7, b.token);
    expect(await s.touch('user', a.token)).toBeNull();
    expect(await s.touch('user', b.token)).not.toBeNull();
    await s.destroy('user', b.token);
    expect(await s.touch('user', b.token)).toBeNull();
  });
  it.each(kinds)('%s: idle timeout ends the session', async (_n, make) => {
    const s = make(150);
    const a = await s.create('staff', 1, {});
    await new Promise((r) => setTimeout(r, 1200));
    expect(await s.touch('staff', a.token)).toBeNull();
  });
  it('the database never holds the cookie token itself', async () => {
    const s = kinds[0]![1](60_000);
    const { token } = await s.create('user', 9, {});
    const rows = await t.app.ctx.db.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});
