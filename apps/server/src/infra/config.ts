/**
 * Typed configuration, read once from the environment at start (ARCHITECTURE rule 5). Every key
 * is documented in .env.example. The defaults run the whole product on one machine; the
 * production profile refuses the defaults that are only safe on a developer's laptop.
 */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type Profile = 'embedded' | 'production';

export interface Config {
  profile: Profile;
  host: string;
  port: number;
  databaseUrl: string;
  redisUrl: string | null;
  /** Key prefix in Redis, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  smsGateway: 'outbox' | 'http';
  smsHttpUrl: string | null;
  partnersBaseUrl: string;
  partnerAppKey: string;
  partnerSecret: string;
  adminInitialPassword: string | null;
  /** SM4 key (16 bytes) for personal data at rest. */
  dataKey: Buffer;
  /** HMAC-SM3 key for blind indexes and MACs. */
  indexKey: Buffer;
  logLevel: string;
  /**
   * Which proxies in front of us are believed about the client's address (X-Forwarded-For) and
   * scheme (X-Forwarded-Proto): false (none), a hop count, or the proxies' addresses / CIDRs.
   * Handed to Fastify's `trustProxy` as is.
   */
  trustProxy: false | number | string[];
  publicBaseUrl: string | null;
  /** Origins (scheme://host[:port]) besides our own whose pages may send state-changing requests. */
  allowedOrigins: string[];
  h5Dir: string | null;
  adminDir: string | null;
  dataDir: string;
  session: { idleMinutes: number; absoluteDays: number };
  /** argon2 cost; lowered only by tests. */
  argon2: { memoryCost: number; timeCost: number };
  version: string;
  /**
   * Worker processes serving the port (node:cluster): one per core by default, 1 = a single
   * process without cluster. Read by server.ts; the app itself only learns whether it shares the
   * machine with other workers (BuildOptions.workers).
   */
  workers: number;
  /** Days raw visits are kept (访问统计 reads the daily rollups, which are kept); then the jobs runner purges them. */
  visitsRetentionDays: number;
  /**
   * Signed documents (issue 10): the SM2 private key (PKCS#8 PEM) that signs every PDF this platform
   * issues. Required in production; the embedded profile generates one into DATA_DIR on first use.
   */
  docSignKey: string | null;
  /** A CJK font file for the PDFs (.ttf / .otf / .ttc), and the member's PostScript name of a .ttc; null = look in the usual system places. */
  pdfFont: string | null;
  pdfFontFamily: string | null;
}

export class ConfigError extends Error {}

const DEFAULT_PARTNER_KEY = 'dz-sandbox';
const DEFAULT_PARTNER_SECRET = 'sandbox-secret-not-for-production';

/**
 * TRUST_PROXY: `false` (default), `true` (= 1 hop), a hop count, or comma-separated proxy addresses
 * / CIDRs. Never "trust everything": Fastify's `trustProxy: true` takes the left-most
 * X-Forwarded-For entry, which the client writes itself, so rotating it would dodge every per-IP
 * limit. With a hop count of n the client is the address the n-th proxy from us saw.
 */
export function parseTrustProxy(raw: string | undefined): false | number | string[] {
  const v = (raw ?? '').trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') return 1;
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n > 10) throw new ConfigError('TRUST_PROXY 的代理层数不应超过10');
    return n;
  }
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    const [addr, bits, extra] = entry.split('/');
    const family = isIP(addr ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const badBits = bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > maxBits);
    if (!family || badBits || extra !== undefined) throw new ConfigError(`TRUST_PROXY 中的“${entry}”不是 IP 地址或 CIDR（可填 false、true、代理层数或以逗号分隔的代理地址）`);
  }
  return list;
}

function parseOrigins(raw: string | undefined): string[] {
  const out: string[] = [];
  for (const entry of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new ConfigError(`ALLOWED_ORIGINS 中的“${entry}”不是网址（格式：https://host[:port]）`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`ALLOWED_ORIGINS 中的“${entry}”须以 http:// 或 https:// 开头`);
    out.push(url.origin);
  }
  return out;
}

/** WORKERS: a count from 1 to 256, or empty / `auto` for one per core (os.availableParallelism()). */
export function parseWorkers(raw: string | undefined): number {
  const v = (raw ?? '').trim();
  if (v === '' || v === 'auto') return availableParallelism();
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 256) throw new ConfigError(`WORKERS 须为 1 到 256 之间的整数（工作进程数，1 表示单进程），或 auto（每个 CPU 核一个）；当前为“${v}”`);
  return n;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The embedded profile hands out login codes (/api/dev/sms-outbox) and signs with the sandbox's
 * default secret, so it listens on loopback unless told otherwise; a deliberate HOST=0.0.0.0 is
 * allowed (a demo on the office network) but said out loud at start.
 */
export function exposureWarning(cfg: Pick<Config, 'profile' | 'host' | 'smsGateway'>): string | null {
  if (cfg.profile !== 'embedded' || LOOPBACK_HOSTS.has(cfg.host)) return null;
  return `警告：嵌入式配置（PROFILE=embedded）正在监听 ${cfg.host}，本机以外的设备也能访问。该配置使用沙箱默认密钥${cfg.smsGateway === 'outbox' ? '，短信验证码写入发件箱（仅本机可读）' : ''}，只用于演示和开发；对外提供服务请使用 PROFILE=production。`;
}

/** SM2's curve OID 1.2.156.10197.1.301 in DER, as it appears in an SM2 key's PKCS#8 / SPKI encoding. */
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

/**
 * DOC_SIGN_KEY: a PKCS#8 PEM of an SM2 private key (literal `\n` escapes allowed, as .env files hold one
 * line). A key on another curve would sign with ECDSA and fail the 国密 requirement, so it is refused.
 */
export function parseDocSignKey(raw: string | undefined): string | null {
  const v = (raw ?? '').replace(/\\n/g, '\n').trim();
  if (!v) return null;
  let der: Buffer;
  try {
    der = createPrivateKey(v).export({ type: 'pkcs8', format: 'der' });
  } catch {
    throw new ConfigError('DOC_SIGN_KEY 不是有效的 PEM 私钥（应为 SM2 私钥的 PKCS#8 PEM）');
  }
  if (!der.includes(SM2_CURVE_OID)) throw new ConfigError('DOC_SIGN_KEY 不是 SM2 私钥（文书签名须使用国密 SM2）');
  return v;
}

function readKey(name: string, hex: string | undefined): Buffer | null {
  if (!hex) return null;
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new ConfigError(`${name} 必须是32位十六进制（16字节）`);
  return Buffer.from(hex, 'hex');
}

/**
 * In the embedded profile, keys that are not given are generated on first start and kept beside
 * the database (data/secrets.json, mode 600), so no secret ever lives in the repository.
 */
function embeddedSecrets(dataDir: string): { dataKey: string; indexKey: string } {
  const file = resolve(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { dataKey: string; indexKey: string };
  mkdirSync(dirname(file), { recursive: true });
  const s = { dataKey: randomBytes(16).toString('hex'), indexKey: randomBytes(32).toString('hex').slice(0, 32) };
  writeFileSync(file, JSON.stringify(s), { mode: 0o600 });
  return s;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const profile = (env.PROFILE ?? 'embedded') as Profile;
  if (profile !== 'embedded' && profile !== 'production') throw new ConfigError('PROFILE 只能是 embedded 或 production');
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const smsGateway = (env.SMS_GATEWAY ?? 'outbox') as Config['smsGateway'];
  if (smsGateway !== 'outbox' && smsGateway !== 'http') throw new ConfigError('SMS_GATEWAY 只能是 outbox 或 http');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT 不是有效端口');

  let dataKey = readKey('DATA_KEY', env.DATA_KEY);
  let indexKey = readKey('INDEX_KEY', env.INDEX_KEY);
  if ((!dataKey || !indexKey) && profile === 'embedded' && !overrides.dataKey) {
    const s = embeddedSecrets(dataDir);
    dataKey ??= Buffer.from(s.dataKey, 'hex');
    indexKey ??= Buffer.from(s.indexKey, 'hex');
  }

  const cfg: Config = {
    profile,
    // Embedded: loopback only (see exposureWarning). Production runs behind a load balancer.
    host: env.HOST || (profile === 'embedded' ? '127.0.0.1' : '0.0.0.0'),
    port,
    databaseUrl: env.DATABASE_URL ?? `sqlite:${resolve(dataDir, 'dz.sqlite')}`,
    redisUrl: env.REDIS_URL || null,
    redisPrefix: env.REDIS_PREFIX ?? 'dz:',
    smsGateway,
    smsHttpUrl: env.SMS_HTTP_URL || null,
    partnersBaseUrl: env.PARTNERS_BASE_URL ?? 'http://127.0.0.1:8090',
    partnerAppKey: env.PARTNER_APP_KEY ?? DEFAULT_PARTNER_KEY,
    partnerSecret: env.PARTNER_SECRET ?? DEFAULT_PARTNER_SECRET,
    adminInitialPassword: env.ADMIN_INITIAL_PASSWORD || null,
    dataKey: dataKey ?? Buffer.alloc(0),
    indexKey: indexKey ?? Buffer.alloc(0),
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    publicBaseUrl: env.PUBLIC_BASE_URL || null,
    allowedOrigins: parseOrigins(env.ALLOWED_ORIGINS),
    h5Dir: env.H5_DIR ?? resolve('apps/h5/dist'),
    adminDir: env.ADMIN_DIR ?? resolve('apps/admin/dist'),
    dataDir,
    session: {
      idleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 30),
      absoluteDays: Number(env.SESSION_ABSOLUTE_DAYS ?? 7),
    },
    argon2: { memoryCost: 19456, timeCost: 2 },
    version: env.APP_VERSION ?? '0.1.0',
    visitsRetentionDays: Number(env.VISITS_RETENTION_DAYS ?? 180),
    workers: parseWorkers(env.WORKERS),
    docSignKey: parseDocSignKey(env.DOC_SIGN_KEY),
    pdfFont: env.PDF_FONT || null,
    pdfFontFamily: env.PDF_FONT_FAMILY || null,
    ...overrides,
  };

  if (cfg.profile === 'production') {
    const problems: string[] = [];
    if (cfg.smsGateway === 'outbox') problems.push('SMS_GATEWAY=outbox（生产环境须接入真实短信网关）');
    if (cfg.smsGateway === 'http' && !cfg.smsHttpUrl) problems.push('SMS_HTTP_URL 未设置');
    if (!env.DATA_KEY || !env.INDEX_KEY) problems.push('DATA_KEY / INDEX_KEY 未设置');
    if (cfg.partnerSecret === DEFAULT_PARTNER_SECRET || cfg.partnerAppKey === DEFAULT_PARTNER_KEY) problems.push('PARTNER_APP_KEY / PARTNER_SECRET 仍为沙箱默认值');
    if (!env.PARTNERS_BASE_URL || /127\.0\.0\.1|localhost/.test(cfg.partnersBaseUrl)) problems.push('PARTNERS_BASE_URL 指向本机沙箱');
    if (cfg.databaseUrl.startsWith('sqlite:')) problems.push('DATABASE_URL 为 SQLite（生产环境使用 MySQL 集群）');
    // Sessions, login lockouts and SMS quotas must be shared by every instance behind the balancer.
    // Every instance must sign with the one key the verifiers trust; a per-machine key would make
    // another instance's documents look forged.
    if (!cfg.docSignKey) problems.push('DOC_SIGN_KEY 未设置（文书签名用的 SM2 私钥，PKCS#8 PEM）');
    if (!cfg.redisUrl) problems.push('REDIS_URL 未设置（多实例共享会话、登录失败计数与短信限额）');
    if (problems.length) throw new ConfigError(`PROFILE=production 拒绝启动：\n - ${problems.join('\n - ')}`);
  }
  if (!Number.isInteger(cfg.visitsRetentionDays) || cfg.visitsRetentionDays < 1) throw new ConfigError('VISITS_RETENTION_DAYS 须为正整数（天）');
  if (cfg.dataKey.length !== 16 || cfg.indexKey.length !== 16) throw new ConfigError('DATA_KEY / INDEX_KEY 缺失');
  return cfg;
}
