/**
 * True for a UNIQUE or PRIMARY KEY violation on SQLite and MySQL/MariaDB alike. Upserts here are
 * "update, else insert, and if a concurrent insert won, update again" (ARCHITECTURE rule 4: no
 * ON CONFLICT), so this is how the losing insert is recognised.
 */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062;
}
