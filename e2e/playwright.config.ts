import { defineConfig, devices, type PlaywrightTestConfig } from '@playwright/test';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Browsers come from Debian (`apt-get install chromium`), never downloaded.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

const root = resolve(import.meta.dirname, '..');
const basePort = Number(process.env.E2E_PORT ?? 18080);
const baseSandboxPort = Number(process.env.E2E_PARTNERS_PORT ?? 18090);
// A fresh database for every run: the suite never depends on what an earlier run left. Set in the
// environment so that the worker processes, which load this file too, reuse the runner's folder.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'dz-e2e-'));
const dataRoot = process.env.E2E_DATA_DIR;
export const E2E_ADMIN_PASSWORD = 'E2e@Admin2026';

/**
 * The suite runs on three stacks at once, each its own sandbox, server and database, and each
 * project's files run on its own stack one file at a time, in name order. A browser test spends
 * most of its time waiting (one worker used ~40 % of one core: 4 min 25 s of CPU in a 10 min 17 s
 * run), so three stacks on the 2-core machine take about a third of the time, and no two files
 * ever share a database at the same moment. The console's specs keep a stack of their own: they
 * change what the phone shows (pages, zones, the default site) and log in as the one super admin.
 * The H5 files are split into two groups of about equal time (measured: 203 s and 180 s).
 */
const stacks = [0, 1, 2].map((i) => {
  const port = basePort + i;
  const sandboxPort = baseSandboxPort + i;
  const dataDir = join(dataRoot, `stack-${i}`);
  mkdirSync(dataDir, { recursive: true });
  return { url: `http://127.0.0.1:${port}`, sandbox: `http://127.0.0.1:${sandboxPort}`, port, sandboxPort, dataDir };
});

const H5_SECOND = /h5\.(culture|education|empty-states|first-screen|portal|tourism|transit|transit-plan|utilities)\.spec\.ts$/;
const phone = { ...devices['iPhone 13'], defaultBrowserType: 'chromium' as const, launchOptions: chromium };
const desktop = { viewport: { width: 1366, height: 900 }, launchOptions: chromium };
type Project = NonNullable<PlaywrightTestConfig['projects']>[number];
const onStack = (i: number, project: Project): Project => ({
  ...project,
  workers: 1,
  use: { ...project.use, baseURL: stacks[i]!.url },
  metadata: { sandbox: stacks[i]!.sandbox },
});

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: stacks.length,
  retries: 0,
  reporter: 'list',
  outputDir: './test-results',
  use: {
    launchOptions: chromium,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    onStack(0, { name: 'h5', testMatch: /h5\..*\.spec\.ts$/, testIgnore: H5_SECOND, use: phone }),
    onStack(1, { name: 'h5-b', testMatch: H5_SECOND, use: phone }),
    onStack(2, { name: 'admin', testMatch: /admin\..*\.spec\.ts$/, use: desktop }),
  ],
  webServer: stacks.flatMap((s): NonNullable<PlaywrightTestConfig['webServer']> => [
    {
      command: `node apps/partners/dist/main.js`,
      cwd: root,
      url: `${s.sandbox}/health`,
      env: { PARTNERS_PORT: String(s.sandboxPort) },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node apps/server/dist/server.js`,
      cwd: root,
      url: `${s.url}/api/health`,
      env: {
        PORT: String(s.port),
        HOST: '127.0.0.1',
        DATA_DIR: s.dataDir,
        ADMIN_INITIAL_PASSWORD: E2E_ADMIN_PASSWORD,
        PARTNERS_BASE_URL: s.sandbox,
        LOG_LEVEL: 'warn',
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ]),
});
