import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Browsers come from Debian (`apt-get install chromium`), never downloaded.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

const root = resolve(import.meta.dirname, '..');
const port = Number(process.env.E2E_PORT ?? 18080);
const sandboxPort = Number(process.env.E2E_PARTNERS_PORT ?? 18090);
// A fresh database for every run: the suite never depends on what an earlier run left.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'dz-e2e-'));
export const E2E_ADMIN_PASSWORD = 'E2e@Admin2026';

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  outputDir: './test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromium,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'h5', testMatch: /h5\..*\.spec\.ts/, use: { ...devices['iPhone 13'], defaultBrowserType: 'chromium', launchOptions: chromium } },
    { name: 'admin', testMatch: /admin\..*\.spec\.ts/, use: { viewport: { width: 1366, height: 900 }, launchOptions: chromium } },
  ],
  webServer: [
    {
      command: `node apps/partners/dist/main.js`,
      cwd: root,
      url: `http://127.0.0.1:${sandboxPort}/health`,
      env: { PARTNERS_PORT: String(sandboxPort) },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node apps/server/dist/server.js`,
      cwd: root,
      url: `http://127.0.0.1:${port}/api/health`,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_INITIAL_PASSWORD: E2E_ADMIN_PASSWORD,
        PARTNERS_BASE_URL: `http://127.0.0.1:${sandboxPort}`,
        LOG_LEVEL: 'warn',
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
