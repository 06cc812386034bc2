import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript source under the "source" condition, so tests run
// against src without a build step.
const resolve = { conditions: ['source', 'module', 'node', 'default'] };

export default defineConfig({
  test: {
    // The API tests spend most of their time waiting on the database and the partner sandbox, so
    // one test file per core overlaps those waits: on 2 cores Vitest's default (cores − 1 = one
    // file at a time) took 206 s for the SQLite run, two at a time 131 s.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      { resolve, ssr: { resolve: { conditions: ['source'] } }, test: { name: 'contracts', root: 'packages/contracts', include: ['src/**/*.test.ts'] } },
      { resolve, ssr: { resolve: { conditions: ['source'] } }, test: { name: 'partner-protocol', root: 'packages/partner-protocol', include: ['src/**/*.test.ts'] } },
      { resolve, ssr: { resolve: { conditions: ['source'] } }, test: { name: 'partners', root: 'apps/partners', include: ['src/**/*.test.ts'], passWithNoTests: true } },
      {
        resolve,
        ssr: { resolve: { conditions: ['source'] } },
        test: {
          name: 'server',
          root: 'apps/server',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Every API test file imports the whole server (buildApp). Isolated, each file evaluated
          // that module graph again: the SQLite run took 372 s in CI, about half of it importing.
          // Shared per worker it takes 245 s. Each file still builds its own app on its own
          // database, so what a test can change lives in that app, not in module state; the few
          // tests that fake the clock restore it.
          isolate: false,
        },
      },
    ],
  },
});
