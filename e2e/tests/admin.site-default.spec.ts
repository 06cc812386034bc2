import { expect, test, type Page } from '@playwright/test';
import { consoleLogin } from './fixtures.js';

/** The header's site switcher (its drop-down tree, teleported to <body>, carries the test id too). */
const switcherOf = (page: Page) => page.locator('.el-select[data-testid="site-switcher"]');

/**
 * The console's current site (issue 8): province-level staff start on 达州市, where the city's
 * content is, not on 四川省; each staff member's choice survives a new tab and a restarted
 * browser; a colleague on the same browser starts on their own site; a remembered site outside
 * one's scope is dropped.
 */
test('the console opens on 达州市, remembers 通川区 in a new tab and after a restart, per staff member', async ({ page, browser }) => {
  await consoleLogin(page.request);
  const admin = (await (await page.request.get('/api/admin/me')).json()) as { staff: { id: number; siteCode: string } };
  expect(admin.staff.siteCode).toBe('510000'); // the super admin is scoped at the province

  await page.goto('/admin/');
  const switcher = switcherOf(page);
  await expect(switcher).toContainText('达州市');
  await expect(switcher).not.toContainText('四川省');

  await page.getByRole('combobox', { name: '切换当前站点' }).click();
  await page.getByRole('option', { name: '通川区', exact: true }).click();
  await expect(switcher).toContainText('通川区');

  // a new tab of the same browser
  const tab = await page.context().newPage();
  await tab.goto('/admin/');
  await expect(switcherOf(tab)).toContainText('通川区');
  await tab.close();

  // a restarted browser: the same cookies and local storage in a new context
  const baseURL = page.url().replace(/\/admin.*$/, '');
  const restarted = await browser.newContext({ storageState: await page.context().storageState(), baseURL, viewport: { width: 1366, height: 900 } });
  const again = await restarted.newPage();
  await again.goto('/admin/');
  await expect(switcherOf(again)).toContainText('通川区');
  await restarted.close();

  // a colleague at 达州市 logs in on the same browser: their own site, not the admin's 通川区
  const roles = (await (await page.request.get('/api/admin/roles')).json()) as { id: number; code: string }[];
  const operator = roles.find((r) => r.code === 'operator');
  expect(operator).toBeDefined();
  const username = `dzop${Date.now() % 1_000_000}`;
  const created = await page.request.post('/api/admin/staff', {
    data: { username, displayName: '达州运营', siteCode: '511700', roleIds: [operator!.id], password: 'Init@Pass2026' },
  });
  expect(created.status()).toBe(201);
  const colleagueId = ((await created.json()) as { id: number }).id;
  await page.request.post('/api/admin/auth/logout');
  await consoleLogin(page.request, username, 'Init@Pass2026', 'Colleague@2026x');
  await page.goto('/admin/');
  await expect(switcher).toContainText('达州市');

  // a remembered site the colleague may not act on (the province) falls back to their own site
  await page.evaluate((id) => localStorage.setItem(`dz-admin:site:${id}`, '510000'), colleagueId);
  await page.reload();
  await expect(switcher).toContainText('达州市');
  expect(await page.evaluate((id) => localStorage.getItem(`dz-admin:site:${id}`), colleagueId)).toBeNull();
  // and the admin's own choice is still there for the admin's next login
  expect(await page.evaluate((id) => localStorage.getItem(`dz-admin:site:${id}`), admin.staff.id)).toBe('511702');
});

test('the password checklist shows 不能包含用户名 and ticks it only when the username is absent', async ({ page }) => {
  await consoleLogin(page.request);
  await page.goto('/admin/');
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '修改密码' }).click();
  const rule = page.locator('#chg-pw-rules [data-rule="username"]');
  await expect(rule).toContainText('不能包含用户名');
  await expect(rule).toContainText('未满足'); // nothing typed yet
  await page.getByLabel('新密码', { exact: true }).fill('Admin@2026xyz');
  await expect(rule).toContainText('未满足');
  await page.getByLabel('新密码', { exact: true }).fill('Other@2026xyz');
  await expect(rule).toContainText('已满足');
});
