import { expect, test } from '@playwright/test';
import { consoleLogin } from './fixtures.js';

/**
 * 公积金利率 (issue 14): the console lists a site's rates; 开江县 has none of its own (it inherits the
 * city's), an operator adds one through the dialog — refused while 期限上限 is not above 期限下限 —
 * and sees it in the list, and the public rates of 开江县 are then its own.
 */
test('adds a 公积金 rate for 开江县 and sees it in the list and in the public rates', async ({ page }) => {
  await consoleLogin(page.request);
  // A run against a kept database starts from 开江县 inheriting again.
  const own = (await (await page.request.get('/api/admin/housing-fund/rates?site=511723')).json()) as { items: { id: number }[] };
  for (const r of own.items) expect((await page.request.delete(`/api/admin/housing-fund/rates/${r.id}`)).status()).toBe(204);

  await page.goto('/admin/housing-fund-rates');
  await expect(page.getByRole('heading', { level: 1, name: '公积金利率' })).toBeVisible();
  // 达州市: the seeded rates.
  const table = page.getByTestId('rate-table');
  await expect(table).toContainText('2.60%');
  await expect(table).toContainText('公积金贷款利率');

  await page.getByRole('combobox', { name: '切换当前站点' }).click();
  await page.getByRole('option', { name: '开江县', exact: true }).click();
  await expect(table).toContainText('开江县尚未单独设置利率，对外沿用上级站点的利率');

  await page.getByTestId('rate-create').click();
  const dialog = page.getByRole('dialog', { name: '新增公积金利率' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('期限说明').fill('5年以下（含5年）');
  await dialog.getByRole('spinbutton', { name: '期限下限（年，不含）' }).fill('5');
  await dialog.getByRole('spinbutton', { name: '年利率（%）' }).fill('2.15');
  const day = dialog.getByPlaceholder('选择执行日期');
  await day.fill('2026-01-01');
  await day.press('Enter');
  await dialog.getByTestId('rate-save').click();
  await expect(dialog).toContainText('期限上限应大于期限下限');

  await dialog.getByRole('spinbutton', { name: '期限下限（年，不含）' }).fill('0');
  await dialog.getByTestId('rate-save').click();
  await expect(dialog).toBeHidden();
  const row = table.getByRole('row').filter({ hasText: '5年以下（含5年）' });
  await expect(row).toContainText('2.15%');
  await expect(row).toContainText('公积金贷款利率');
  await expect(row).toContainText('2026-01-01');

  const pub = (await (await page.request.get('/api/housing-fund/rates?site=511723')).json()) as { siteCode: string; items: { rateBp: number }[] };
  expect(pub.siteCode).toBe('511723');
  expect(pub.items.map((r) => r.rateBp)).toEqual([215]);
});
