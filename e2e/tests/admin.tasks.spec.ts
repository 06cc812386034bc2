import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { consoleLogin } from './fixtures.js';

/**
 * Issue 9: console work that would hold a request open runs as a job (named to run after
 * admin.setup, which does the first login).
 *
 * The audit log's CSV export is a job. The button starts it and is disabled while it runs,
 * the page shows its progress, the work goes on if the page is left, and on return a download link
 * waits — for one download only.
 */
test('审计日志: 导出 runs as a job with progress, survives leaving the page, and downloads once', async ({ page }) => {
  await consoleLogin(page.request);
  await page.goto('/admin/');
  await page.getByRole('menuitem', { name: /审计日志/ }).click();
  await expect(page.getByTestId('audit-table')).toContainText('staff.login');

  // the filters go with the export: actions starting with “audit.”
  await page.getByPlaceholder('开头，如 staff. 或 staff.create').fill('audit.');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('audit-table')).toContainText('audit.view');
  await expect(page.getByTestId('audit-table')).not.toContainText('staff.login');

  await page.getByTestId('audit-export').click();
  const progress = page.getByTestId('job-progress');
  await expect(progress).toBeVisible();

  // leave and come back: the job is picked up again
  await page.getByRole('menuitem', { name: /工作人员/ }).first().click();
  await page.getByRole('menuitem', { name: /审计日志/ }).click();
  const link = page.getByTestId('job-download');
  await expect(link).toBeVisible({ timeout: 30_000 });
  await expect(progress).toContainText('导出完成');
  await expect(page.getByTestId('audit-export')).toBeEnabled();

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^审计日志-\d{8}\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain('编号,时间（北京时间）');
  expect(text).toContain(',audit.view,');
  expect(text).not.toContain(',staff.login,');
  // once: the link is gone
  await expect(link).toHaveCount(0);
});

test('对账: 立即对账 runs as a job — the button is disabled while it runs, then the run is listed', async ({ page }) => {
  await consoleLogin(page.request);
  await page.goto('/admin/');
  await page.getByRole('combobox', { name: '切换当前站点' }).click();
  await page.getByRole('option', { name: '达州市', exact: true }).click();
  await page.getByRole('menuitem', { name: /对账/ }).click();
  const day = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
  const picker = page.getByLabel('对账日');
  await picker.fill(day);
  await picker.press('Enter');
  const run = page.getByTestId('recon-run');
  await run.click();
  // a run of that day may exist (the scheduled pass): confirm the rerun
  const confirm = page.getByRole('button', { name: '重新对账' });
  await expect(page.getByTestId('job-progress').or(confirm)).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(page.getByTestId('job-progress')).toBeVisible();
  await expect(page.getByTestId('job-progress')).toContainText(/对账/);
  await expect(page.getByTestId('job-progress')).toContainText('对账完成', { timeout: 30_000 });
  await expect(run).toBeEnabled();
  await expect(page.getByTestId('recon-table')).toContainText(day);
});
