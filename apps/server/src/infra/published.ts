/**
 * Published reads are bytes, not queries (issue 9).
 *
 * What a citizen reads that only an operator changes — channel pages, zones, themes, the site
 * tree, hot terms, item guides, news — is rendered once per (route, parameters, content version)
 * into the final JSON bytes, compressed once with gzip and brotli, and kept in memory. A request
 * for it then costs a map look-up and a socket write: no database, no session, no serialisation,
 * no compression. Every app opening hits the home page, so this is the path that has to hold
 * 500–5,000 concurrent users on two cores.
 *
 * - Versions: entries are tagged with the ContentVersion they were built from; a console write
 *   to content (the paths in CONTENT_WRITES) bumps it before its answer leaves, so the operator's
 *   next read and every instance within ~300 ms see the change.
 * - Time: an answer that changes by itself (a banner's start / end, a scheduled article, hot-term
 *   counts) says when, and its entry expires then; any entry is rebuilt after MAX_AGE_MS at the
 *   latest, the safety net for a database edited by hand.
 * - HTTP: a strong ETag per content-coding (the hash of the bytes; RFC 9110 §8.8.3), 304 on a
 *   matching If-None-Match, `Cache-Control: public, max-age=30` (never longer than the next time
 *   boundary) so a CDN may keep it, `Vary: Accept-Encoding`. The encoding is chosen here from
 *   Accept-Encoding; @fastify/compress is off on these routes so nothing is compressed twice.
 * - Personal data never enters these bytes: the routes take no session (no preHandler reads the
 *   cookie), and edge-headers leaves them cacheable because no user is attached to the request.
 * - Limits: the routes are counted by an in-memory per-IP window (the same 600 a minute as the
 *   global limit) instead of the global limiter, which goes to Redis when configured — a network
 *   round trip per request on the hottest path for no benefit (a citizen spread over instances
 *   still meets a limit on each).
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ContentVersion } from './content-version.js';
import { tooMany } from './errors.js';
import { ipLimitsApply } from './ip-limits.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The version of published content, shared by the published bytes and the search index. */
    contentVersion: ContentVersion;
    /** Precomputed bytes of the public reads. */
    published: PublishedCache;
  }
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Console writes that change published content: a 2xx answer to any other method than GET bumps the version. */
export const CONTENT_WRITES = /^\/api\/admin\/(pages|zones|apps|items|news|search\/pinned|halls|windows|departments|forms|workflows|transit|tourism|education|housing-fund)(\/|\?|$)/;
/** Booking slots are not published content (the booking page is read live). */
const NOT_CONTENT = /\/slots(\/|\?|$)/;

/** What a route renders: the response body and, when it changes by itself, the epoch ms of that. */
export interface Rendered {
  body: unknown;
  changesAt?: number | null;
}

type Encoding = 'identity' | 'gzip' | 'br';
const ENCODINGS: Encoding[] = ['identity', 'gzip', 'br'];

interface Entry {
  version: string;
  hash: string;
  bodies: Record<Encoding, Buffer>;
  headers: Record<Encoding, Record<string, string>>;
  notModified: Record<Encoding, Record<string, string>>;
  /** Rebuilt after this (epoch ms). */
  expiresAt: number;
  changesAt: number | null;
  size: number;
}

export interface PublishedOptions {
  /** Cache-Control max-age in seconds. */
  maxAgeSeconds: number;
  /** An entry is rebuilt after this long even if no version moved (safety net). */
  maxAgeMs: number;
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_PUBLISHED_OPTIONS: PublishedOptions = { maxAgeSeconds: 30, maxAgeMs: 60_000, maxEntries: 4000, maxBytes: 64 * 1024 * 1024 };

/** The best encoding the client accepts: br, then gzip, else identity (q=0 means "not this one"). */
export function pickEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  let br = false;
  let gz = false;
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === 'x-gzip') gz = true;
    else if (name === '*') br = gz = true;
  }
  return br ? 'br' : gz ? 'gzip' : 'identity';
}

/** True when If-None-Match names these bytes (any encoding of them; weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(ifNoneMatch: string, hash: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  for (const raw of ifNoneMatch.split(',')) {
    const tag = raw.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    if (tag === hash || tag.startsWith(`${hash}-`)) return true;
  }
  return false;
}

export class PublishedCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private bytes = 0;
  private version: string | null = null;
  private readonly acceptCache = new Map<string, Encoding>();

  constructor(
    private readonly contentVersion: ContentVersion,
    private readonly opts: PublishedOptions = DEFAULT_PUBLISHED_OPTIONS,
  ) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** Drops every entry of this instance (the version mechanism makes this unnecessary in normal operation). */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Drops this instance's entries whose key starts with `prefix` (for answers that change with traffic, not content). */
  drop(prefix: string): void {
    for (const [k, e] of this.entries) {
      if (!k.startsWith(prefix)) continue;
      this.entries.delete(k);
      this.bytes -= e.size;
    }
  }

  /**
   * Answers the request from the entry for `key`, rendering it first when it is missing, of
   * another version or expired. Concurrent requests for the same missing entry share one render.
   */
  async serve(req: FastifyRequest, reply: FastifyReply, key: string, render: (now: number) => Promise<Rendered>): Promise<FastifyReply> {
    const version = await this.contentVersion.current();
    if (version !== this.version) {
      // Everything built from the old version is stale: free it now rather than entry by entry.
      this.clear();
      this.version = version;
    }
    const now = Date.now();
    let entry = this.entries.get(key);
    if (entry && entry.version === version && now < entry.expiresAt) {
      // Least recently used goes first: move this one to the end.
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      entry = await this.build(key, version, render, reply);
    }
    const encoding = this.encodingOf(req.headers['accept-encoding']);
    // Never promise a CDN longer than the answer stays true.
    const shortened =
      entry.changesAt !== null && entry.changesAt - now < this.opts.maxAgeSeconds * 1000 ? `public, max-age=${Math.max(0, Math.floor((entry.changesAt - now) / 1000))}` : null;
    const inm = req.headers['if-none-match'];
    if (inm !== undefined && etagMatches(inm, entry.hash)) {
      reply.code(304).headers(entry.notModified[encoding]);
      if (shortened) reply.header('cache-control', shortened);
      return reply.send();
    }
    reply.headers(entry.headers[encoding]);
    if (shortened) reply.header('cache-control', shortened);
    return reply.send(entry.bodies[encoding]);
  }

  private encodingOf(header: string | undefined): Encoding {
    if (!header) return 'identity';
    let e = this.acceptCache.get(header);
    if (e === undefined) {
      e = pickEncoding(header);
      // Browsers send a handful of distinct values; a client inventing new ones only resets this memo.
      if (this.acceptCache.size >= 256) this.acceptCache.clear();
      this.acceptCache.set(header, e);
    }
    return e;
  }

  private build(key: string, version: string, render: (now: number) => Promise<Rendered>, reply: FastifyReply): Promise<Entry> {
    const flight = `${version}\u0000${key}`;
    let p = this.pending.get(flight);
    if (!p) {
      p = this.render(version, render, reply)
        .then((entry) => {
          // Stored only if no newer version arrived meanwhile; the waiting requests get it either way.
          if (this.version === version) this.store(key, entry);
          return entry;
        })
        .finally(() => this.pending.delete(flight));
      this.pending.set(flight, p);
    }
    return p;
  }

  private async render(version: string, render: (now: number) => Promise<Rendered>, reply: FastifyReply): Promise<Entry> {
    const now = Date.now();
    const { body, changesAt = null } = await render(now);
    // The route's own response schema serialises, so the bytes are exactly what the route answered before.
    const raw = Buffer.from(reply.serializeInput(body as Record<string, unknown>, '200') as string);
    const [gz, br] = await Promise.all([
      gzipAsync(raw, { level: 6 }),
      brotliAsync(raw, { params: { [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    ]);
    const hash = createHash('sha256').update(raw).digest('hex').slice(0, 32);
    const bodies: Record<Encoding, Buffer> = { identity: raw, gzip: gz, br };
    const headers = {} as Record<Encoding, Record<string, string>>;
    const notModified = {} as Record<Encoding, Record<string, string>>;
    for (const e of ENCODINGS) {
      const common = { etag: e === 'identity' ? `"${hash}"` : `"${hash}-${e}"`, 'cache-control': `public, max-age=${this.opts.maxAgeSeconds}`, vary: 'Accept-Encoding' };
      notModified[e] = common;
      headers[e] = { ...common, 'content-type': 'application/json; charset=utf-8', ...(e === 'identity' ? {} : { 'content-encoding': e }) };
    }
    const boundary = changesAt !== null && changesAt > now ? changesAt : null;
    return {
      version,
      hash,
      bodies,
      headers,
      notModified,
      expiresAt: Math.min(now + this.opts.maxAgeMs, boundary ?? Number.POSITIVE_INFINITY),
      changesAt: boundary,
      size: raw.length + gz.length + br.length + 512,
    };
  }

  private store(key: string, entry: Entry): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.size;
    }
    if (entry.size > this.opts.maxBytes / 4) return; // one huge answer must not flush everything else
    this.entries.set(key, entry);
    this.bytes += entry.size;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.opts.maxEntries && this.bytes <= this.opts.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.size;
    }
  }
}

/** A fixed one-minute window per client IP, in this process's memory. */
export class MemoryRateLimit {
  private counts = new Map<string, number>();
  private windowStart = Date.now();

  constructor(
    readonly max = 600,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds to wait when over the limit, else 0. */
  hit(ip: string, now = Date.now()): number {
    if (now - this.windowStart >= this.windowMs || this.counts.size > 100_000) {
      this.counts = new Map();
      this.windowStart = now;
    }
    const n = (this.counts.get(ip) ?? 0) + 1;
    this.counts.set(ip, n);
    return n > this.max ? Math.ceil((this.windowStart + this.windowMs - now) / 1000) : 0;
  }
}

/** Route options every published read uses: `app.get(path, { ...publishedRoute(app), schema }, handler)`. */
export function publishedRoute(app: { published: PublishedCache; publishedLimit: onRequestHookHandler }) {
  return {
    // Counted in memory (above); the global limiter would go to Redis per request.
    config: { rateLimit: false as const },
    // The bytes are compressed once, here; @fastify/compress would compress them again per request.
    compress: false as const,
    // 2xx of these routes are not logged (thousands a second); errors still are.
    logLevel: 'warn' as const,
    onRequest: app.publishedLimit,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The in-memory per-IP limit of the published reads (an onRequest hook). */
    publishedLimit: onRequestHookHandler;
  }
}

const plugin: FastifyPluginAsync<{ options?: Partial<PublishedOptions>; checkEveryMs?: number }> = async (app, opts) => {
  const version = new ContentVersion(app.ctx.kv, app.log, opts.checkEveryMs);
  app.decorate('contentVersion', version);
  app.decorate('published', new PublishedCache(version, { ...DEFAULT_PUBLISHED_OPTIONS, ...opts.options }));

  const limit = new MemoryRateLimit(600);
  const { config } = app.ctx;
  app.decorate('publishedLimit', async function (req: FastifyRequest) {
    if (!ipLimitsApply(config, req.ip)) return;
    const wait = limit.hit(req.ip);
    if (wait > 0) throw tooMany(`操作太频繁，请${wait}秒后再试`, wait);
  } as onRequestHookHandler);

  // A console write to content moves the version before its answer leaves, so the operator's
  // next read already sees it (on this instance at once, elsewhere within ~300 ms).
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 300 && CONTENT_WRITES.test(req.url) && !NOT_CONTENT.test(req.url)) await version.bump();
    return payload;
  });
};

export const publishedReads = fp(plugin, { name: 'published' });
