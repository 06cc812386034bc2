#!/usr/bin/env node
// Fetches Node 24 and builds better-sqlite3 for it (scripts/lib.mjs: ensureNode24,
// ensureSqliteBindingFor), nothing else. `npm test` runs it in the background while lint, typecheck
// and the Node 20 tests use the cores, then finds both in .cache/node24 when the Node 24 tests start.
// Exit code 0 when both are ready, 3 when Node 24 cannot be prepared (the message says why).
import { ensureNode24, ensureSqliteBindingFor, Node24Error } from './lib.mjs';

try {
  ensureSqliteBindingFor(ensureNode24());
} catch (err) {
  if (!(err instanceof Node24Error)) throw err;
  console.error(`\n✗ ${err.message}`);
  process.exit(3);
}
