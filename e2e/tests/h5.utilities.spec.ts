import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// A real 1×1 PNG: the server accepts images by their content, and the H5 shows a preview.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function loginAsDemo(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('账号').fill('13900000001');
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);
}

test('the demo citizen pays a water bill on the sandbox cashier and sees it paid', async ({ page }) => {
  await loginAsDemo(page);
  await page.goto('/zones/water-power');
  await page.getByTestId('app-tile-water-payment').click();
  await expect(page).toHaveURL(/\/apps\/water-payment/);

  // his cards are matched by identity; the first card has two unpaid months, both preselected
  await page.getByTestId('account-3100012345').click();
  const total = page.getByTestId('pay-total');
  await expect(total).toHaveText(/¥\d+\.\d{2}/);
  const amount = (await total.innerText()).trim();
  await page.getByRole('button', { name: '立即缴费' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确认支付' }).click();

  // the unified payment gateway's cashier (another origin), then back to the result page
  await expect(page).toHaveURL(/\/cashier\//);
  await expect(page.getByText(amount.replace('¥', '')).first()).toBeVisible();
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page).toHaveURL(/\/payments\/result\?orderId=DZ/);
  await expect(page.getByText('支付成功')).toBeVisible({ timeout: 20_000 });

  await page.goto('/me/payments');
  await expect(page.getByText('已支付').first()).toBeVisible();
  await expect(page.getByText(amount).first()).toBeVisible();

  // the bills are now paid at the water company
  await page.goto('/apps/water-bill-query');
  await page.getByLabel('卡号').fill('3100012345');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('amount-due')).toHaveText('¥0.00');
});

test('the demo citizen files a gas installation with a photo and finds it in 我的办件', async ({ page }) => {
  await loginAsDemo(page);
  await page.goto('/zones/gas');
  await page.getByTestId('app-tile-gas-install').click();
  await expect(page).toHaveURL(/\/apps\/gas-install/);
  await page.getByRole('button', { name: '立即申请' }).click();

  await page.getByLabel('联系人', { exact: true }).fill('张三');
  await page.getByLabel('联系人电话').fill('13900000001');
  await page.getByLabel('身份证号码').fill('511702199001011231');
  await page.getByRole('radio', { name: '民用' }).click();
  await page.getByLabel('详细地址').fill('达州市通川区朝阳东路88号3栋2单元501');
  await page.getByLabel('报装说明').fill('新房入住，需开通天然气');
  await page.getByTestId('upload-other').locator('input[type="file"]').setInputFiles({ name: 'house.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('upload-other').locator('img').first()).toBeVisible();
  // The preview shows at once; 提交申请 waits for the upload itself (under load it takes a while,
  // and the page then says 图片还在上传 instead of opening the confirmation).
  await expect(page.getByTestId('upload-other').getByRole('status')).toHaveCount(0);

  await page.getByRole('button', { name: '提交申请' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确认提交' }).click();
  const no = page.getByTestId('application-no');
  await expect(no).toHaveText(/^BZ\d{16}$/);
  const applicationNo = (await no.innerText()).trim();

  await page.goto('/me/cases');
  await expect(page.getByText('燃气报装申请').first()).toBeVisible();
  await page.getByText('燃气报装申请').first().click();
  // the detail: the company's steps, the form as filed (personal numbers masked) and the photo
  await expect(page).toHaveURL(/\/me\/cases\/\d+$/);
  await expect(page.getByText(applicationNo)).toBeVisible();
  await expect(page.getByRole('heading', { name: '办理进度' })).toBeVisible();
  await expect(page.getByText('已受理申请').first()).toBeVisible();
  await expect(page.getByText('511702**********31').first()).toBeVisible();
  await expect(page.getByText('民用')).toBeVisible();
  const photo = page.locator('img[src^="/api/files/"]').first();
  await photo.scrollIntoViewIfNeeded();
  await expect(photo).toBeVisible();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
});

test('the utility pages have no axe-core violations (WCAG 2.1 AA), in standard and elder mode', async ({ page }) => {
  // axe-core analyses every page twice (standard and 长辈版): on a loaded 2-core machine that passes a minute.
  test.setTimeout(180_000);
  await loginAsDemo(page);
  const paths = ['/apps/water-payment', '/apps/water-bill-query', '/apps/utility-install', '/apps/gas-payment', '/apps/gas-install', '/me/payments', '/me/cases'];
  const check = async (prefix: string) => {
    for (const path of paths) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(r.violations.map((v) => `${prefix}${path}: ${v.id} ${v.nodes.length}`)).toEqual([]);
    }
  };
  await check('');
  await page.goto('/');
  await page.getByTestId('elder-toggle').click();
  await expect(page.locator('html')).toHaveClass(/elder/);
  await check('elder ');
});
