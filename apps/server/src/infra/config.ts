/**
 * Typed configuration, read once from the environment at start (ARCHITECTURE rule 5). Every key
 * is documented in .env.example. The defaults run the whole product on one machine; the
 * production profile refuses the defaults that are only safe on a developer's laptop.
 */
import { randomBytes } from 'node:crypto';
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
  trustProxy: boolean;
  publicBaseUrl: string | null;
  h5Dir: string | null;
  adminDir: string | null;
  dataDir: string;
  session: { idleMinutes: number; absoluteDays: number };
  /** argon2 cost; lowered only by tests. */
  argon2: { memoryCost: number; timeCost: number };
  version: string;
}

export class ConfigError extends Error {}

const DEFAULT_PARTNER_KEY = 'dz-sandbox';
const DEFAULT_PARTNER_SECRET = 'sandbox-secret-not-for-production';

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
    host: env.HOST ?? '0.0.0.0',
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
    trustProxy: env.TRUST_PROXY === 'true',
    publicBaseUrl: env.PUBLIC_BASE_URL || null,
    h5Dir: env.H5_DIR ?? resolve('apps/h5/dist'),
    adminDir: env.ADMIN_DIR ?? resolve('apps/admin/dist'),
    dataDir,
    session: {
      idleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 30),
      absoluteDays: Number(env.SESSION_ABSOLUTE_DAYS ?? 7),
    },
    argon2: { memoryCost: 19456, timeCost: 2 },
    version: env.APP_VERSION ?? '0.1.0',
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
    if (problems.length) throw new ConfigError(`PROFILE=production 拒绝启动：\n - ${problems.join('\n - ')}`);
  }
  if (cfg.dataKey.length !== 16 || cfg.indexKey.length !== 16) throw new ConfigError('DATA_KEY / INDEX_KEY 缺失');
  return cfg;
}
