import { expect, test } from '@playwright/test';
import { TOTP } from 'otpauth';
import { ADMIN_PASSWORD } from './fixtures.js';

test('console first login: password change, TOTP enrolment, then the staff list', async ({ page }) => {
  await page.goto('/admin/');
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();

  // step 1: the initial password must be changed
  const newPassword = 'Console@2026x';
  await page.getByLabel('原密码').fill(ADMIN_PASSWORD);
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('确认新密码').fill(newPassword);
  await page.getByRole('button', { name: /下一步|确认修改/ }).click();

  // step 2: enrol an authenticator from the shown secret
  await expect(page.getByTestId('otp-secret')).toHaveText(/[A-Z2-7]{4}/);
  const secret = (await page.getByTestId('otp-secret').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expect(page.getByRole('img', { name: /二维码/ })).toBeVisible();
  const code = new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate();
  await page.getByLabel('动态验证码').fill(code);
  await page.getByRole('button', { name: '完成绑定' }).click();

  // the console, with the staff list
  await page.getByRole('menuitem', { name: /工作人员/ }).click();
  await expect(page).toHaveURL(/\/admin\/staff/);
  await expect(page.getByTestId('staff-table').getByRole('cell', { name: /^admin\b/ })).toBeVisible();

  // and from now on a login needs the code
  await page.request.post('/api/admin/auth/logout');
  const res = await page.request.post('/api/admin/auth/login', { data: { username: 'admin', password: newPassword } });
  expect(res.status()).toBe(401);
  expect((await res.json()).code).toBe('OTP_REQUIRED');
});
