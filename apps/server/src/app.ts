/**
 * Builds the Fastify application. Tests call buildApp() and use app.inject(); server.ts adds the
 * process concerns (listen, signals). Nothing here is a module-level singleton.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Redis } from 'ioredis';
import type { Config } from './infra/config.js';
import type { AppContext } from './infra/context.js';
import { openDatabase, migrateToLatest, type Database } from './infra/db.js';
import { GmCrypto } from './infra/gm-crypto.js';
import { DbStore, LocalStore, MemoryStore, RedisStore, type KeyValueStore } from './infra/kv.js';
import { originGuard } from './infra/origin-guard.js';
import { textGuard } from './infra/text-guard.js';
import { edgeHeaders } from './infra/edge-headers.js';
import { DbSessionStore, RedisSessionStore } from './infra/sessions.js';
import { createPasswordHasher } from './infra/passwords.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandler } from './infra/error-handler.js';
import { registerOpenApi } from './infra/openapi.js';
import { ipLimitsApply } from './infra/ip-limits.js';
import { publishedReads } from './infra/published.js';
import { AuditService } from './features/audit/audit.service.js';
import { PartnerClient } from './partners/partner-client.js';
import { PartnerEndpoints } from './partners/endpoints.js';
import { CallLog } from './partners/call-log.js';
import { SitesService } from './features/sites/sites.service.js';
import { features } from './features/index.js';
import { registerFrontEnds } from './features/platform/h5-shell.js';
import { looksLikePersonalData } from '@dz/contracts';
import { seed } from './db/seed/index.js';
import { pino } from 'pino';

export interface BuildOptions {
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** Run migrations and the idempotent seed before serving (default true). */
  prepare?: boolean;
  /** Called once with the generated admin password, when one had to be generated. */
  onAdminPasswordGenerated?: (password: string) => void;
  /**
   * How many worker processes serve this database from this machine (default 1). Above 1 and
   * without Redis, the key-value store keeps nearly every key in the database (LocalStore
   * `shared`), so counters, locks and versions hold across workers.
   */
  workers?: number;
}

/**
 * Masks personal numbers in a URL before it is logged: unbroken 11-digit phones and 18-char ID
 * numbers keep their ends (so support can still match a report), and any query value that still
 * looks like personal data once decoded (a spaced phone, a bank card, a credit code — the search
 * box is where citizens type them) is replaced whole, by the same rule search history uses.
 */
export function redactUrl(url: string): string {
  const masked = url.replace(/\d{6}\d{8}[\dXx]{4}/g, (m) => `${m.slice(0, 6)}********${m.slice(-4)}`).replace(/1[3-9]\d{9}/g, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`);
  const q = masked.indexOf('?');
  if (q < 0) return masked;
  const query = masked
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let value: string;
      try {
        value = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
      } catch {
        return `${pair.slice(0, eq)}=[脱敏]`; // undecodable: log nothing of it
      }
      return looksLikePersonalData(value.replace(/\*{4,}/g, '')) ? `${pair.slice(0, eq)}=[脱敏]` : pair;
    })
    .join('&');
  return `${masked.slice(0, q)}?${query}`;
}

export const loggerOptions = (level: string): FastifyServerOptions['logger'] => ({
  level,
  redact: {
    paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.idNumber', '*.phone', '*.smsCode'],
    censor: '[脱敏]',
  },
  serializers: {
    req: (req: { method: string; url: string; id: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), id: req.id, ip: req.ip }),
  },
});

/** The shared services of one process (the AppContext) and how to release them. */
async function createContext(config: Config, log: FastifyBaseLogger, workers: number): Promise<{ ctx: AppContext; close: () => Promise<void> }> {
  const database: Database = await openDatabase(config.databaseUrl);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }) : null;
  const kv: KeyValueStore = redis ? new RedisStore(redis, config.redisPrefix) : new LocalStore(new DbStore(database.db), new MemoryStore(), workers > 1 ? 'shared' : 'single');
  const times = { idleMs: config.session.idleMinutes * 60_000, absoluteMs: config.session.absoluteDays * 86_400_000 };
  const gm = new GmCrypto(config.dataKey, config.indexKey);
  const sites = new SitesService(database.db);
  const partnerEndpoints = new PartnerEndpoints(database.db, gm, kv, sites, config);
  const callLog = new CallLog(database.db, log);
  const ctx: AppContext = {
    config,
    db: database.db,
    dialect: database.dialect,
    kv,
    redis,
    sessions: redis ? new RedisSessionStore(redis, times, `${config.redisPrefix}sess:`) : new DbSessionStore(database.db, times),
    gm,
    passwords: createPasswordHasher(config.argon2),
    audit: new AuditService(database.db),
    partners: new PartnerClient(
      (partner, site) => partnerEndpoints.resolve(partner, site),
      (entry) => callLog.record(entry),
    ),
    partnerEndpoints,
    callLog,
    sites,
  };
  const close = async () => {
    await callLog.close();
    await database.destroy();
    if (redis) await redis.quit();
    else await kv.close();
  };
  return { ctx, close };
}

/** Migrations and the idempotent seed: once per start, before any request is served. */
async function prepare(ctx: AppContext, onAdminPasswordGenerated?: (password: string) => void): Promise<void> {
  await migrateToLatest(ctx.db);
  await seed(ctx, { onAdminPasswordGenerated });
}

/**
 * The cluster primary's share of a start: migrate and seed once, then release everything, so
 * the workers (buildApp with `prepare: false`) never race each other over the schema or the seed
 * and the generated admin password is printed once. No HTTP, no features, no timers.
 */
export async function prepareDatabase(opts: { config: Config; logLevel?: string; onAdminPasswordGenerated?: (password: string) => void }): Promise<void> {
  const { ctx, close } = await createContext(opts.config, pino({ level: opts.logLevel ?? opts.config.logLevel }), 1);
  try {
    await prepare(ctx, opts.onAdminPasswordGenerated);
  } finally {
    await close();
  }
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // verbose: Ajv hands the failing schema to the error handler, whose `title` names the field in Chinese.
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true, allErrors: false, verbose: true } },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // ---- infrastructure -------------------------------------------------------------------
  const { ctx, close } = await createContext(config, app.log, opts.workers ?? 1);
  app.decorate('ctx', ctx);
  app.decorateRequest('userId', null);
  app.addHook('onClose', close);

  if (opts.prepare !== false) await prepare(ctx, opts.onAdminPasswordGenerated);

  // ---- cross-cutting HTTP concerns ------------------------------------------------------------
  // Callback-style hooks on every request: no promise per request (thousands a second on the
  // published reads).
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    done(null, payload);
  });

  registerErrorHandler(app);

  // The same security headers on every answer, computed once (see securityHeaders).
  const security = await securityHeaders();
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(security);
    done();
  });
  await app.register(cookie);
  await app.register(originGuard);
  await app.register(textGuard);
  await app.register(edgeHeaders);
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(rateLimit, {
    global: true,
    max: 600,
    timeWindow: '1 minute',
    ...(ctx.redis ? { redis: ctx.redis, nameSpace: `${config.redisPrefix}rl:` } : {}),
    keyGenerator: (req) => req.ip,
    // Static files of the two front ends are not limited (one page load fetches dozens), and the
    // loopback exemption of the embedded profile applies as for the per-route limits. Without
    // Redis the counts are each worker's own (WORKERS × max in effect): a burst guard, not a quota —
    // the quotas (SMS codes, login failures) are kept in the shared store.
    allowList: (req) => !req.url.startsWith('/api/') || !ipLimitsApply(config, req.ip),
    errorResponseBuilder: (_req, c) => ({ statusCode: 429, code: 'RATE_LIMITED', message: `操作太频繁，请${Math.ceil(c.ttl / 1000)}秒后再试` }),
  });

  await registerOpenApi(app, config);
  // Before the features: their public reads are served from it and their console writes bump its version.
  await app.register(publishedReads);

  // ---- features ----------------------------------------------------------------------------
  for (const feature of features) await app.register(feature);

  // ---- the two front ends ------------------------------------------------------------------
  await registerFrontEnds(app, config);
  return app;
}

const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      // https: for banner and cover images that operators host on a CDN (the page contract allows them)
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      connectSrc: ["'self'"],
      frameSrc: ["'self'", 'http:', 'https:'],
      formAction: ["'self'", 'http:', 'https:'],
    },
  },
  // The in-app frame opens partner pages (cashier, external H5), so COEP must stay off.
  crossOriginEmbedderPolicy: false,
  // Sent by edgeHeaders, and only over https.
  hsts: false,
};

/** Headers of any answer that are not helmet's. */
const NOT_SECURITY = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

/**
 * Helmet's headers for our options. @fastify/helmet rebuilds its middleware — parsing the CSP
 * directives again — on every request (about 5 % of a published read's CPU), although without
 * nonces the headers never change. So helmet stays the source of truth, asked once: one request
 * to a throwaway instance with it registered, and its headers are kept.
 */
async function securityHeaders(): Promise<Record<string, string>> {
  const probe = Fastify();
  await probe.register(helmet, HELMET_OPTIONS);
  probe.get('/', async () => '');
  const res = await probe.inject({ url: '/' });
  await probe.close();
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (!NOT_SECURITY.has(name) && typeof value === 'string') out[name] = value;
  return out;
}
