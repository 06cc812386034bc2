/**
 * The only place that knows which database we run on (ARCHITECTURE: "dialect chosen here only").
 * SQLite (default, embedded) or MySQL/MariaDB (production cluster).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, MysqlDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Migration, type MigrationProvider, type SqliteDialectConfig } from 'kysely';
import { createPool } from 'mysql2';
import { createConnection as createPromiseConnection } from 'mysql2/promise';
import type { DB } from '../db/schema.js';
import { migrations } from '../db/migrations/index.js';

export type DialectName = 'sqlite' | 'mysql';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  destroy(): Promise<void>;
}

export function dialectOf(url: string): DialectName {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  throw new Error(`DATABASE_URL 不支持：${url.split(':')[0]}（支持 sqlite: 与 mysql://）`);
}

/** Creates the MySQL database named in the URL if it does not exist yet. */
async function ensureMysqlDatabase(url: URL): Promise<void> {
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error('MySQL 数据库名只能包含字母、数字和下划线');
  const conn = await createPromiseConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

/**
 * SQLite transactions start with BEGIN IMMEDIATE, taking the write lock at once. A plain (deferred)
 * BEGIN that reads and then writes fails at the write with SQLITE_BUSY — without waiting out
 * busy_timeout — when another process committed in between (WAL cannot upgrade a stale read
 * snapshot). With several worker processes on one file that happens under ordinary load;
 * IMMEDIATE makes the second writer queue on busy_timeout like a single statement does.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.settings);
  }
}

export async function openDatabase(databaseUrl: string, opts: { poolSize?: number } = {}): Promise<Database> {
  const dialect = dialectOf(databaseUrl);
  if (dialect === 'sqlite') {
    const file = databaseUrl.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    // DZ_SQLITE_BINDING points at a better-sqlite3 addon built for another Node ABI: `npm test`
    // runs the suites on Node 24 with a copy built into .cache/, leaving node_modules' Node 20
    // build for the quick start. Unset everywhere else.
    const binding = process.env.DZ_SQLITE_BINDING;
    const sqlite = new SQLite(file, binding ? { nativeBinding: binding } : {});
    // WAL lets readers proceed while one writer commits; busy_timeout queues writers instead of
    // failing them with SQLITE_BUSY under concurrent requests — and across worker processes
    // (WORKERS > 1), where the wait blocks that worker's event loop: writes must stay short.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
    return { db, dialect, destroy: () => db.destroy() };
  }
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  await ensureMysqlDatabase(url);
  const pool = createPool({
    uri: url.toString(),
    connectionLimit: opts.poolSize ?? 20,
    charset: 'utf8mb4',
    timezone: 'Z',
    // ids and counts come back as JS numbers, like SQLite's
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: true,
  });
  const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool }) });
  return { db, dialect, destroy: () => db.destroy() };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly list: Record<string, Migration>) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(this.list);
  }
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(migrations) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Drops a MySQL database; used by tests that made their own. */
export async function dropMysqlDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.replace(/^\//, '');
  const conn = await createPromiseConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}
