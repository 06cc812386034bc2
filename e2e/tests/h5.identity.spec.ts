import { expect, test } from '@playwright/test';
import { latestSmsCode, makeIdNumber, randomPhone } from './fixtures.js';

test('三方登录 through the 天府通办 identity provider (sandbox) creates a verified account', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('oauth-tfst').click();
  // the provider's own consent page, served by the partner sandbox
  await expect(page.getByText('天府通办统一身份认证（演示沙箱）')).toBeVisible();
  await expect(page.getByRole('heading', { name: '授权登录' })).toBeVisible();
  await page.getByLabel(/王五/).check();
  await page.getByRole('button', { name: '同意授权并登录' }).click();
  await expect(page).toHaveURL(/\/me/);
  await expect(page.getByText('王*').first()).toBeVisible();
  await expect(page.getByText('139****0003').first()).toBeVisible();
  await expect(page.getByText('已实名').first()).toBeVisible();
});

test('实名认证 of a new account is checked against the identity partner (sandbox)', async ({ page, request }) => {
  const phone = randomPhone();
  const idNumber = makeIdNumber('19791120');
  await request.post('/api/auth/sms-codes', { data: { phone, purpose: 'register' } });
  const code = await latestSmsCode(request, phone);
  const reg = await page.request.post('/api/auth/register', { data: { kind: 'person', phone, smsCode: code, password: 'Verify@2026', name: '周实名', idNumber } });
  expect(reg.status()).toBe(201);

  await page.goto('/me/real-name');
  await page.getByLabel('姓名').fill('周实名');
  await page.getByLabel('身份证号').fill(idNumber);
  await page.getByRole('button', { name: '提交认证' }).click();
  await expect(page.getByRole('heading', { name: '实名认证成功' })).toBeVisible();
  const me = await (await page.request.get('/api/me')).json();
  expect(me.realNameVerified).toBe(true);
});
