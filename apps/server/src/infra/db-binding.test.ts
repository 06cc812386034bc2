/**
 * DZ_SQLITE_BINDING: `npm test` runs the suites on Node 24 with a better-sqlite3 addon built for
 * it in .cache/node24/, while node_modules keeps the Node 20 build. The variable must reach
 * better-sqlite3, or the Node 24 run would load the wrong addon.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './db.js';

const saved = process.env.DZ_SQLITE_BINDING;
afterEach(() => {
  if (saved === undefined) delete process.env.DZ_SQLITE_BINDING;
  else process.env.DZ_SQLITE_BINDING = saved;
});

/** The addon this Node can load: the one the test run was given, else node_modules' own build. */
function loadableBinding(): string {
  if (saved) return saved;
  const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
  return join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
}

describe('DZ_SQLITE_BINDING', () => {
  it('opens SQLite with the addon it names', async () => {
    process.env.DZ_SQLITE_BINDING = loadableBinding();
    const { db, destroy } = await openDatabase('sqlite::memory:');
    const { rows } = await sql<{ v: string }>`select sqlite_version() as v`.execute(db);
    expect(rows[0]!.v).toMatch(/^3\./);
    await destroy();
  });

  it('is used rather than the default build: a missing addon fails to open', async () => {
    process.env.DZ_SQLITE_BINDING = '/nonexistent/better_sqlite3.node';
    await expect(openDatabase('sqlite::memory:')).rejects.toThrow(/nonexistent/);
  });
});
