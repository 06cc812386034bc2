/**
 * Server-side sessions (API.md): the cookie holds a random token, the server keeps the session, so
 * logout, password change and account deletion kill it at once. Idle timeout (30 min) and
 * absolute lifetime (7 days) follow 等保 2.0 §8.1.4.1 (登录失败处理与连接超时自动退出).
 * Stored in Redis when REDIS_URL is set (shared by all instances), else in the database.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { DB } from '../db/schema.js';

export type Realm = 'user' | 'staff';

export interface Session {
  id: string;
  realm: Realm;
  subjectId: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface SessionMeta {
  ip?: string | null;
  userAgent?: string | null;
}

export interface SessionStore {
  create(realm: Realm, subjectId: number, meta: SessionMeta): Promise<{ token: string; session: Session }>;
  /** Returns the live session and slides its idle timer, or null. */
  touch(realm: Realm, token: string): Promise<Session | null>;
  destroy(realm: Realm, token: string): Promise<void>;
  destroyAllFor(realm: Realm, subjectId: number, exceptToken?: string): Promise<void>;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionTimes {
  idleMs: number;
  absoluteMs: number;
  /**
   * How often a live session's idle timer is actually written (default: a minute, or a tenth of
   * the idle timeout when that is shorter). Between two writes `touch` only reads, so a citizen
   * clicking through 我的 costs no store write per request. The price: the idle clock restarts
   * from the last write, so a session idle for `idleMs` always ends, and one may end up to
   * `slideMs` early (29 of the 30 等保 minutes at worst) — never late.
   */
  slideMs?: number;
  /** The clock, injectable so tests can let half an hour pass without waiting for it. */
  now?: () => number;
}

const slideOf = (t: SessionTimes) => t.slideMs ?? Math.min(60_000, Math.floor(t.idleMs / 10));

const iso = (ms: number) => new Date(ms).toISOString();

export class DbSessionStore implements SessionStore {
  private lastSweep = 0;
  private readonly slideMs: number;
  private readonly now: () => number;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly times: SessionTimes,
  ) {
    this.slideMs = slideOf(times);
    this.now = times.now ?? Date.now;
  }

  async create(realm: Realm, subjectId: number, meta: SessionMeta) {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: Session = { id: hashToken(token), realm, subjectId, createdAt: now, lastSeenAt: now, expiresAt: now + this.times.absoluteMs };
    await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        realm,
        subject_id: subjectId,
        created_at: iso(now),
        last_seen_at: iso(now),
        expires_at: iso(session.expiresAt),
        ip: meta.ip ?? null,
        user_agent: meta.userAgent?.slice(0, 255) ?? null,
      })
      .execute();
    await this.sweep(now);
    return { token, session };
  }

  async touch(realm: Realm, token: string) {
    const id = hashToken(token);
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).where('realm', '=', realm).executeTakeFirst();
    if (!row) return null;
    const now = this.now();
    const last = Date.parse(row.last_seen_at);
    if (now - last > this.times.idleMs || now > Date.parse(row.expires_at)) {
      await this.db.deleteFrom('sessions').where('id', '=', id).execute();
      return null;
    }
    // The sliding timestamp is written at most once per slide window (SessionTimes.slideMs).
    if (now - last >= this.slideMs) await this.db.updateTable('sessions').set({ last_seen_at: iso(now) }).where('id', '=', id).execute();
    return { id, realm, subjectId: row.subject_id, createdAt: Date.parse(row.created_at), lastSeenAt: now, expiresAt: Date.parse(row.expires_at) };
  }

  async destroy(realm: Realm, token: string) {
    await this.db.deleteFrom('sessions').where('id', '=', hashToken(token)).where('realm', '=', realm).execute();
  }

  async destroyAllFor(realm: Realm, subjectId: number, exceptToken?: string) {
    let q = this.db.deleteFrom('sessions').where('realm', '=', realm).where('subject_id', '=', subjectId);
    if (exceptToken) q = q.where('id', '!=', hashToken(exceptToken));
    await q.execute();
  }

  private async sweep(now: number) {
    if (now - this.lastSweep < 10 * 60_000) return;
    this.lastSweep = now;
    await this.db.deleteFrom('sessions').where('expires_at', '<', iso(now)).execute();
  }
}

export class RedisSessionStore implements SessionStore {
  private readonly slideMs: number;
  private readonly now: () => number;
  constructor(
    private readonly redis: Redis,
    private readonly times: SessionTimes,
    private readonly prefix = 'dz:sess:',
  ) {
    this.slideMs = slideOf(times);
    this.now = times.now ?? Date.now;
  }

  private key(realm: Realm, id: string) {
    return `${this.prefix}${realm}:${id}`;
  }
  private subjectKey(realm: Realm, subjectId: number) {
    return `${this.prefix}${realm}:subject:${subjectId}`;
  }

  async create(realm: Realm, subjectId: number, meta: SessionMeta) {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: Session = { id: hashToken(token), realm, subjectId, createdAt: now, lastSeenAt: now, expiresAt: now + this.times.absoluteMs };
    await this.redis
      .multi()
      .set(this.key(realm, session.id), JSON.stringify({ ...session, ip: meta.ip ?? null }), 'PX', this.times.idleMs)
      .sadd(this.subjectKey(realm, subjectId), session.id)
      .pexpire(this.subjectKey(realm, subjectId), this.times.absoluteMs)
      .exec();
    return { token, session };
  }

  async touch(realm: Realm, token: string) {
    const id = hashToken(token);
    const raw = await this.redis.get(this.key(realm, id));
    if (!raw) return null;
    const s = JSON.parse(raw) as Session & { ip?: string | null };
    const now = this.now();
    // The key's TTL is the idle timer; the check here also holds when the clock is injected.
    if (now > s.expiresAt || now - s.lastSeenAt > this.times.idleMs) {
      await this.redis.del(this.key(realm, id));
      return null;
    }
    if (now - s.lastSeenAt >= this.slideMs) {
      // XX: only while the key still exists, so a logout that lands between the GET and this
      // write is not undone by it (a plain SET would bring the session back).
      await this.redis.set(this.key(realm, id), JSON.stringify({ ...s, lastSeenAt: now }), 'PX', Math.min(this.times.idleMs, s.expiresAt - now), 'XX');
    }
    const { ip: _ip, ...session } = s;
    return { ...session, lastSeenAt: now };
  }

  async destroy(realm: Realm, token: string) {
    await this.redis.del(this.key(realm, hashToken(token)));
  }

  async destroyAllFor(realm: Realm, subjectId: number, exceptToken?: string) {
    const ids = await this.redis.smembers(this.subjectKey(realm, subjectId));
    const keep = exceptToken ? hashToken(exceptToken) : null;
    const doomed = ids.filter((id) => id !== keep);
    if (doomed.length) await this.redis.del(...doomed.map((id) => this.key(realm, id)));
    if (doomed.length) await this.redis.srem(this.subjectKey(realm, subjectId), ...doomed);
  }
}
