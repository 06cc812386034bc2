/**
 * Server-side sessions in the database and in Redis. The sliding idle timer under load: `touch`
 * reads on every request but writes at most once per slide window, and the 等保 idle timeout
 * (30 min) still ends an idle session. The clock is injected, so half an hour passes without
 * waiting; writes are counted with spies on the stores' clients.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { DbSessionStore, RedisSessionStore, type SessionStore, type SessionTimes } from './sessions.js';
import { createTestApp, type TestApp } from '../test/helpers.js';

const REDIS_URL = process.env.DZ_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MIN = 60_000;

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
afterEach(() => vi.restoreAllMocks());

/** A clock that only moves when told. */
function clock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const prefix = () => `dz-test-${randomBytes(4).toString('hex')}:`;
const DEFAULTS: SessionTimes = { idleMs: 30 * MIN, absoluteMs: 7 * 1440 * MIN };

/** Each store, with its times, and a counter of the writes it sends to its backend. */
const kinds: [string, (times?: Partial<SessionTimes>) => { store: SessionStore; writes: () => number }][] = [
  [
    'database',
    (times) => {
      const db = t.app.ctx.db;
      const spy = vi.spyOn(db, 'updateTable');
      // Only the sessions table: the app's own background jobs share this database.
      return { store: new DbSessionStore(db, { ...DEFAULTS, ...times }), writes: () => spy.mock.calls.filter(([table]) => table === 'sessions').length };
    },
  ],
  [
    'redis',
    (times) => {
      const set = vi.spyOn(redis, 'set');
      const pexpire = vi.spyOn(redis, 'pexpire');
      return { store: new RedisSessionStore(redis, { ...DEFAULTS, ...times }, prefix()), writes: () => set.mock.calls.length + pexpire.mock.calls.length };
    },
  ],
];

describe('sessions', () => {
  it.each(kinds)('%s: create, touch, destroy, destroy-all-but-one', async (_n, make) => {
    const { store: s } = make();
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

  it.each(kinds)('%s: idle timeout ends the session (real clock, real Redis TTL)', async (_n, make) => {
    const { store: s } = make({ idleMs: 150 });
    const a = await s.create('staff', 1, {});
    await new Promise((r) => setTimeout(r, 1200));
    expect(await s.touch('staff', a.token)).toBeNull();
  });

  it('the database never holds the cookie token itself', async () => {
    const { store: s } = kinds[0]![1]();
    const { token } = await s.create('user', 9, {});
    const rows = await t.app.ctx.db.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe('session touch', () => {
  it.each(kinds)('%s: writes the idle timer at most once a minute, however many requests', async (_n, make) => {
    const c = clock();
    const { store, writes } = make({ now: c.now });
    const { token } = await store.create('user', 41, {});
    const before = writes();
    // 100 requests within the first minute: reads only.
    for (let i = 0; i < 100; i++) {
      expect((await store.touch('user', token))?.subjectId).toBe(41);
      c.advance(500);
    }
    expect(writes() - before).toBe(0);
    // 5 minutes of a request every second: one write per minute.
    for (let i = 0; i < 300; i++) {
      c.advance(1000);
      await store.touch('user', token);
    }
    expect(writes() - before).toBe(5);
  });

  it.each(kinds)('%s: a session idle for 30 minutes ends; one used within them lives on', async (_n, make) => {
    const c = clock();
    const { store } = make({ now: c.now });
    const idle = await store.create('user', 42, {});
    const busy = await store.create('user', 43, {});
    // busy is used every 10 minutes for an hour and a half: always alive.
    for (let i = 0; i < 9; i++) {
      c.advance(10 * MIN);
      expect(await store.touch('user', busy.token), `after ${(i + 1) * 10} min`).not.toBeNull();
    }
    expect(await store.touch('user', idle.token)).toBeNull();
    // Idle just under 30 minutes since the last write: still alive; then 30 min + 1 ms: gone.
    const s = await store.create('user', 44, {});
    c.advance(30 * MIN - 1);
    expect(await store.touch('user', s.token)).not.toBeNull();
    c.advance(30 * MIN + 1);
    expect(await store.touch('user', s.token)).toBeNull();
  });

  it.each(kinds)('%s: ends at the idle timeout at most one slide window early, never late', async (_n, make) => {
    const c = clock();
    const { store } = make({ now: c.now });
    const { token } = await store.create('user', 45, {});
    // Last request 59 s after the last write (no write then): the idle clock runs from the write.
    c.advance(59_000);
    expect(await store.touch('user', token)).not.toBeNull();
    c.advance(30 * MIN - 59_000 + 1);
    expect(await store.touch('user', token)).toBeNull();
  });

  it('redis: a logout between the read and the slide is not undone by the slide', async () => {
    const c = clock();
    const store = new RedisSessionStore(redis, { ...DEFAULTS, now: c.now }, prefix());
    const { token } = await store.create('user', 46, {});
    c.advance(2 * MIN);
    // The GET answers, then the session is destroyed before the sliding write goes out.
    const get = redis.get.bind(redis);
    vi.spyOn(redis, 'get').mockImplementationOnce(async (key) => {
      const v = await get(key);
      await store.destroy('user', token);
      return v;
    });
    await store.touch('user', token);
    expect(await store.touch('user', token)).toBeNull();
  });
});
