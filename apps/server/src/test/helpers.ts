/**
 * Builds a fresh app on a fresh database for one test file: SQLite in a temp file, or a MySQL /
 * MariaDB database with a unique name that is dropped afterwards (DZ_TEST_DB=mysql).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Migrator, type Kysely } from 'kysely';
import { buildApp } from '../app.js';
import { migrations } from '../db/migrations/index.js';
import { loadConfig, type Config } from '../infra/config.js';
import { dropMysqlDatabase } from '../infra/db.js';

export const testDb = (process.env.DZ_TEST_DB ?? 'sqlite') as 'sqlite' | 'mysql';
const mysqlBase = process.env.DZ_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  adminPassword: string;
  close(): Promise<void>;
}

/** A fresh database for one test: a SQLite file in `dir`, or a uniquely named MySQL database (drop it with dropMysqlDatabase). */
export function testDatabaseUrl(dir: string): string {
  const dbName = `dz_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  return testDb === 'mysql' ? `${mysqlBase}/${dbName}` : `sqlite:${join(dir, 'test.sqlite')}`;
}

export async function createTestApp(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'dz-test-'));
  const databaseUrl = testDatabaseUrl(dir);
  const adminPassword = 'Admin@Init2026';
  const config = loadConfig(
    { DATA_DIR: dir, DATABASE_URL: databaseUrl, ADMIN_INITIAL_PASSWORD: adminPassword, PARTNERS_BASE_URL: env.PARTNERS_BASE_URL ?? 'http://127.0.0.1:1', ...env },
    {
      dataKey: randomBytes(16),
      indexKey: randomBytes(16),
      argon2: { memoryCost: 1024, timeCost: 1 },
      h5Dir: null,
      adminDir: null,
      ...overrides,
    },
  );
  const app = await buildApp({ config });
  await app.ready();
  return {
    app,
    config,
    adminPassword,
    async close() {
      await app.close();
      if (testDb === 'mysql') await dropMysqlDatabase(databaseUrl);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects Set-Cookie values into a Cookie header, like a browser would. */
/**
 * Two instances of the product over one database and one Redis (a fresh key prefix): what a write
 * through `a` must do to `b`'s in-memory state is what the *.cluster tests check. `env` as for
 * createTestApp (e.g. PARTNERS_BASE_URL of a sandbox both instances call).
 */
export async function createTwinApps(env: NodeJS.ProcessEnv = {}): Promise<{ a: TestApp; b: FastifyInstance; close: () => Promise<void> }> {
  const a = await createTestApp({ redisUrl: process.env.DZ_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', redisPrefix: `dz-test-${randomBytes(4).toString('hex')}:` }, env);
  const b = await buildApp({ config: a.config, prepare: false });
  await b.ready();
  return {
    a,
    b,
    close: async () => {
      await b.close();
      await a.close();
    },
  };
}

export function cookieJar() {
  const jar = new Map<string, string>();
  return {
    take(res: LightMyRequestResponse) {
      for (const c of res.cookies as { name: string; value: string }[]) {
        if (c.value === '') jar.delete(c.name);
        else jar.set(c.name, c.value);
      }
      return res;
    },
    header() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    get(name: string) {
      return jar.get(name);
    },
  };
}

/** Every production setting a real deployment gives except REDIS_URL, for tests of the production profile's checks. */
export const PROD_ENV = {
  PROFILE: 'production',
  SMS_GATEWAY: 'http',
  SMS_HTTP_URL: 'https://sms.example.gov.cn/send',
  DATA_KEY: '00112233445566778899aabbccddeeff',
  INDEX_KEY: 'ffeeddccbbaa99887766554433221100',
  PARTNER_APP_KEY: 'dz-prod',
  PARTNER_SECRET: 'a-real-secret',
  PARTNERS_BASE_URL: 'https://gateway.sczwfw.gov.cn',
  DATABASE_URL: 'mysql://dz:pw@db.internal:3306/dz',
  // A throw-away SM2 key made per test run: production requires one and no key lives in the repo.
  DOC_SIGN_KEY: generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
};

/**
 * A migration test's handles: the database typed loosely (the old tables and column names are not
 * in the current DB type) and a migrator over every migration, to step down and up again.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- see above */
export function migrationHandles(app: () => TestApp): { legacyDb: () => Kysely<any>; migrator: () => Migrator } {
  return {
    legacyDb: () => app().app.ctx.db as unknown as Kysely<any>,
    migrator: () => new Migrator({ db: app().app.ctx.db, provider: { getMigrations: () => Promise.resolve(migrations) } }),
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
