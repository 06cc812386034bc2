import { expect, test } from '@playwright/test';
import { consoleLogin } from './fixtures.js';

/**
 * The console keeps Beijing time on a staff computer set to another zone: the server's days and the
 * halls' clocks are Beijing's (UTC+8 all year). Before the fix, New York showed 审计日志 times 13 hours
 * early and 访问统计's default range ended on New York's day.
 */
test.use({ timezoneId: 'America/New_York' });

const BEIJING_MS = 8 * 3_600_000;
const beijingTime = (iso: string) => new Date(Date.parse(iso) + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');
const beijingToday = () => new Date(Date.now() + BEIJING_MS).toISOString().slice(0, 10);

test('a console in New York time shows 审计日志 in Beijing time and 访问统计 up to Beijing’s today', async ({ page }) => {
  await consoleLogin(page.request);
  const res = await page.request.get('/api/admin/audit', { params: { action: 'staff.login', pageSize: 1 } });
  expect(res.ok()).toBe(true);
  const [login] = ((await res.json()) as { items: { at: string }[] }).items;
  expect(login).toBeTruthy();

  await page.goto('/admin/');
  await page.getByRole('menuitem', { name: /审计日志/ }).click();
  await page.getByPlaceholder('开头，如 staff. 或 staff.create').fill('staff.login');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('audit-table')).toContainText(beijingTime(login!.at));

  await page.getByRole('menuitem', { name: /访问统计/ }).click();
  await expect(page.getByPlaceholder('结束日期')).toHaveValue(beijingToday());
});
