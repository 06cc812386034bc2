/**
 * Builds the Fastify application. Tests call buildApp() and use app.inject(); server.ts adds the
 * process concerns (listen, signals). Nothing here is a module-level singleton.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Redis } from 'ioredis';
import type { Config } from './infra/config.js';
import type { AppContext } from './infra/context.js';
import { openDatabase, migrateToLatest, type Database } from './infra/db.js';
import { GmCrypto } from './infra/gm-crypto.js';
import { MemoryStore, RedisStore, type KeyValueStore } from './infra/kv.js';
import { DbSessionStore, RedisSessionStore } from './infra/sessions.js';
import { createPasswordHasher } from './infra/passwords.js';
import { AppError } from './infra/errors.js';
import { toChinese } from './infra/validation-messages.js';
import { ipLimitsApply } from './infra/ip-limits.js';
import { AuditService } from './features/audit/audit.service.js';
import { PartnerClient } from './partners/partner-client.js';
import { PartnerEndpoints } from './partners/endpoints.js';
import { CallLog } from './partners/call-log.js';
import { SitesService } from './features/sites/sites.service.js';
import { features } from './features/index.js';
import { seed } from './db/seed/index.js';

export interface BuildOptions {
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** Run migrations and the idempotent seed before serving (default true). */
  prepare?: boolean;
  /** Called once with the generated admin password, when one had to be generated. */
  onAdminPasswordGenerated?: (password: string) => void;
}

/** Masks 11-digit phones and 18-char ID numbers that appear in a URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(/\d{6}\d{8}[\dXx]{4}/g, (m) => `${m.slice(0, 6)}********${m.slice(-4)}`).replace(/1[3-9]\d{9}/g, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`);
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
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // ---- infrastructure -------------------------------------------------------------------
  const database: Database = await openDatabase(config.databaseUrl);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }) : null;
  const kv: KeyValueStore = redis ? new RedisStore(redis, config.redisPrefix) : new MemoryStore();
  const times = { idleMs: config.session.idleMinutes * 60_000, absoluteMs: config.session.absoluteDays * 86_400_000 };
  const gm = new GmCrypto(config.dataKey, config.indexKey);
  const sites = new SitesService(database.db);
  const partnerEndpoints = new PartnerEndpoints(database.db, gm, kv, sites, config);
  const callLog = new CallLog(database.db, app.log);
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
  app.decorate('ctx', ctx);
  app.decorateRequest('userId', null);
  app.addHook('onClose', async () => {
    await callLog.close();
    await database.destroy();
    if (redis) await redis.quit();
    else await kv.close();
  });

  if (opts.prepare !== false) {
    await migrateToLatest(database.db);
    await seed(ctx, { onAdminPasswordGenerated: opts.onAdminPasswordGenerated });
  }

  // ---- cross-cutting HTTP concerns ------------------------------------------------------------
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown; code?: string }, req, reply) => {
    if (err instanceof AppError) {
      if (err.extra.retryAfterSeconds) reply.header('retry-after', err.extra.retryAfterSeconds);
      return reply.status(err.statusCode).send({ code: err.code, message: err.message, requestId: req.id, ...err.extra });
    }
    if (err.validation) {
      const { message, fields } = toChinese(err.validation as never);
      return reply.status(400).send({ code: 'VALIDATION_FAILED', message, fields, requestId: req.id });
    }
    const status = err.statusCode ?? 500;
    if (status === 429) {
      return reply.status(429).send({ code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试', requestId: req.id });
    }
    if (status >= 400 && status < 500) {
      const message = status === 413 ? '提交的内容太大，请压缩后重试' : status === 415 ? '不支持的内容类型' : '请求不正确，请检查后重试';
      return reply.status(status).send({ code: err.code ?? 'BAD_REQUEST', message, requestId: req.id });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL_ERROR', message: '系统繁忙，请稍后重试；如多次出现，请把编号告诉客服', requestId: req.id });
  });

  await app.register(helmet, {
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
  });
  await app.register(cookie);
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(rateLimit, {
    global: true,
    max: 600,
    timeWindow: '1 minute',
    ...(redis ? { redis, nameSpace: `${config.redisPrefix}rl:` } : {}),
    keyGenerator: (req) => req.ip,
    // Static files of the two front ends are not limited (one page load fetches dozens), and the
    // loopback exemption of the embedded profile applies as for the per-route limits.
    allowList: (req) => !req.url.startsWith('/api/') || !ipLimitsApply(config, req.ip),
    errorResponseBuilder: (_req, c) => ({ statusCode: 429, code: 'RATE_LIMITED', message: `操作太频繁，请${Math.ceil(c.ttl / 1000)}秒后再试` }),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '天府通办 · 达州分站 API', version: config.version, description: '市民端 H5、管理后台与合作方接口。错误统一返回 { code, message }。' },
      tags: [
        { name: 'platform', description: '平台：健康检查、版本、开发工具' },
        { name: 'auth', description: '统一身份认证：注册、登录、短信验证码、找回密码、三方登录' },
        { name: 'me', description: '我的：个人信息、实名认证、修改密码、账号注销' },
        { name: 'sites', description: '站点' },
        { name: 'admin-auth', description: '管理后台登录与双因素认证' },
        { name: 'admin-org', description: '组织授权：站点、部门、角色、工作人员' },
        { name: 'admin-audit', description: '审计日志' },
        { name: 'pages', description: '频道页面（零代码配置的首页、办事、便民）' },
        { name: 'catalog', description: '服务专区、主题与应用' },
        { name: 'items', description: '政务服务事项与办事指南' },
        { name: 'news', description: '资讯' },
        { name: 'messages', description: '消息中心' },
        { name: 'search', description: '搜索、热门搜索与搜索历史' },
        { name: 'visits', description: '访问记录（统计分析的数据来源）' },
        { name: 'appointments', description: '办事预约' },
        { name: 'admin-pages', description: '移动端管理：页面配置与版本' },
        { name: 'admin-catalog', description: '内容管理：专区、应用、事项、资讯、消息、热门搜索' },
        { name: 'admin-appointments', description: '办事预约管理：大厅、窗口、号源、预约记录' },
        { name: 'admin-stats', description: '统计分析：访问量' },
        { name: 'utilities', description: '水电服务 / 燃气服务：户号匹配、账单查询、缴费' },
        { name: 'payments', description: '统一支付：订单、支付通知、缴费记录' },
        { name: 'files', description: '文件服务：图片上传（按内容校验，加密保存）' },
        { name: 'applications', description: '在线报装 / 燃气报装与我的办件' },
        { name: 'admin-partners', description: '接口管理：对接系统配置、健康检查、熔断状态、调用日志' },
        { name: 'admin-payments', description: '支付订单、退款与对账' },
      ],
      components: { securitySchemes: { citizen: { type: 'apiKey', in: 'cookie', name: 'dz_sid' }, staff: { type: 'apiKey', in: 'cookie', name: 'dz_admin_sid' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // ---- features ----------------------------------------------------------------------------
  for (const feature of features) await app.register(feature);

  // ---- the two front ends ------------------------------------------------------------------
  await registerFrontEnds(app, config);
  return app;
}

async function registerFrontEnds(app: FastifyInstance, config: Config): Promise<void> {
  const h5 = config.h5Dir && existsSync(config.h5Dir) ? config.h5Dir : null;
  const admin = config.adminDir && existsSync(config.adminDir) ? config.adminDir : null;
  if (admin) await app.register(fastifyStatic, { root: admin, prefix: '/admin/', decorateReply: false, wildcard: false });
  if (h5) await app.register(fastifyStatic, { root: h5, prefix: '/', wildcard: false });

  // Single-page apps: unknown non-API paths get the app's index.html (history-mode routing).
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || req.method !== 'GET') {
      return reply.status(404).send({ code: 'NOT_FOUND', message: '接口不存在，请检查地址', requestId: req.id });
    }
    if (path.startsWith('/admin') && admin) return reply.type('text/html').sendFile('index.html', admin);
    if (h5) return reply.type('text/html').sendFile('index.html', h5);
    return reply.status(404).type('text/html').send('<meta charset="utf-8"><p>前端尚未构建：请运行 <code>npm start</code>（会先构建 H5 与管理后台）。</p>');
  });
}
