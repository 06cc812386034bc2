import { expect, test } from '@playwright/test';
import { beijingClock, beijingDay, consoleLogin } from './fixtures.js';

/**
 * The console keeps Beijing time on a staff computer set to another zone: the server's days and the
 * halls' clocks are Beijing's (UTC+8 all year). Before the fix, New York showed 审计日志 times 13 hours
 * early and 访问统计's default range ended on New York's day.
 */
test.use({ timezoneId: 'America/New_York' });

/** Beijing wall-clock "YYYY-MM-DD HH:mm", `hours` from now (what the picker takes). */
const beijingWall = (hours: number) => beijingClock(Date.now() + hours * 3_600_000).slice(0, 16);

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
  await expect(page.getByTestId('audit-table')).toContainText(beijingClock(login!.at));

  await page.getByRole('menuitem', { name: /访问统计/ }).click();
  await expect(page.getByPlaceholder('结束日期')).toHaveValue(beijingDay());
});

test('a banner’s window is picked in Beijing time on a New York computer: a start 2 hours ago (Beijing) shows the picture now', async ({ page }) => {
  await consoleLogin(page.request);
  await page.goto('/admin/');
  await page.getByRole('menuitem', { name: /页面配置/ }).click();
  await expect(page.getByTestId('page-designer')).toBeVisible();
  await page.getByTestId('block-item-1').click(); // 轮播图, second on the seeded city home page
  const title = await page.getByLabel('图片标题').first().inputValue();
  const preview = page.getByTestId('phone-preview');
  await expect(preview).toContainText(title);
  const start = page.getByLabel(/^第1张开始时间/);
  const pick = async (wall: string) => {
    await start.fill(wall);
    await start.press('Enter');
    await expect(start).toHaveValue(wall);
  };
  // 13 hours ahead: not shown yet
  await pick(beijingWall(13));
  await expect(preview).not.toContainText(title);
  // 2 hours ago in Beijing. Read as New York time, it would be 11 hours ahead and still hidden.
  await pick(beijingWall(-2));
  await expect(preview).toContainText(title);

  // nothing is published: the edits are given up
  await page.getByRole('button', { name: '放弃修改' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '放弃修改' }).click();
  await expect(page.getByRole('button', { name: '放弃修改' })).toHaveCount(0);
});
