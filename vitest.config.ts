import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript source under the "source" condition, so tests run
// against src without a build step.
const resolve = { conditions: ['source', 'module', 'node', 'default'] };

export default defineConfig({
  test: {
    projects: [
      { resolve, ssr: { resolve: { conditions: ['source'] } }, test: { name: 'contracts', root: 'packages/contracts', include: ['src/**/*.test.ts'] } },
      { resolve, ssr: { resolve: { conditions: ['source'] } }, test: { name: 'partner-protocol', root: 'packages/partner-protocol', include: ['src/**/*.test.ts'] } },
      { resolve, ssr: { resolve: { conditions: ['source'] } }, test: { name: 'partners', root: 'apps/partners', include: ['src/**/*.test.ts'], passWithNoTests: true } },
      {
        resolve,
        ssr: { resolve: { conditions: ['source'] } },
        test: { name: 'server', root: 'apps/server', include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
      },
    ],
  },
});
