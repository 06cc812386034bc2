import { expect, test } from '@playwright/test';
import { TOTP } from 'otpauth';
import { ADMIN_PASSWORD, rememberConsoleAccount } from './fixtures.js';

test('console first login: password change, TOTP enrolment, staff list, a 通川区 page seen only on 通川区, then 接口管理, 支付订单 and 对账', async ({ page, browser }) => {
  // The longest walk of the suite (setup, pages, 接口管理, 支付订单, 对账): give it more than the default minute.
  test.setTimeout(150_000);
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
  const step = Math.floor(Date.now() / 30_000);
  const code = new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: step * 30_000 });
  await page.getByLabel('动态验证码').fill(code);
  await page.getByRole('button', { name: '完成绑定' }).click();
  // later console specs log in as admin with these (fixtures.consoleLogin)
  rememberConsoleAccount({ username: 'admin', password: newPassword, secret, lastStep: step });

  // the console, with the staff list
  await page.getByRole('menuitem', { name: /工作人员/ }).click();
  await expect(page).toHaveURL(/\/admin\/staff/);
  // the console opens on 达州市; the super admin belongs to the province, listed from there
  await page.getByRole('combobox', { name: '切换当前站点' }).click();
  await page.getByRole('option', { name: '四川省', exact: true }).click();
  await expect(page.getByTestId('staff-table').getByRole('cell', { name: /^admin\b/ })).toBeVisible();

  // zero-code: publish a 通川区 home page with a notice; a phone on 通川区 sees it at once, 宣汉县 does not
  const notice = `通川区便民公告 ${Date.now()}`;
  await page.getByRole('menuitem', { name: /页面配置/ }).click();
  await expect(page.getByTestId('page-designer')).toBeVisible();
  await page.getByRole('combobox', { name: '切换当前站点' }).click();
  await page.getByRole('option', { name: '通川区', exact: true }).click();
  // a county page starts as a copy of the city's
  await expect(page.getByTestId('inherited-banner')).toBeVisible();
  await page.getByTestId('add-block').click();
  await page.getByTestId('add-block-notice').click();
  await page.getByLabel('通知内容').fill(notice);
  await expect(page.getByTestId('phone-preview')).toContainText(notice); // live preview while editing
  await page.getByTestId('publish-page').click();
  await page.getByTestId('publish-note').fill('e2e：通川区公告');
  await page.getByTestId('publish-confirm').click();
  await expect(page.getByTestId('inherited-banner')).toHaveCount(0);
  const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, baseURL: page.url().replace(/\/admin.*$/, '') });
  const h5 = await phone.newPage();
  await h5.goto('/sites');
  await h5.locator('.sites__group').last().getByText('通川区', { exact: true }).click();
  await expect(h5.getByText(notice)).toBeVisible();
  await h5.goto('/sites');
  await h5.locator('.sites__group').last().getByText('宣汉县', { exact: true }).click();
  await expect(h5.getByTestId('block-zoneGrid')).toBeVisible();
  await expect(h5.getByText(notice)).toHaveCount(0);
  await phone.close();

  // the phone's visits show up in 访问统计 (visits are written in batches every 2 s)
  await page.waitForTimeout(2500);
  await page.getByRole('menuitem', { name: /访问统计/ }).click();
  await expect(page.getByTestId('stats-daily-chart')).toBeVisible();

  // 接口与支付: a payment made today by the demo citizen (through the API and the sandbox cashier,
  // as the browser would), then 接口管理's health check, 支付订单 and 对账 in the console.
  const citizen = await page.request.post('/api/auth/login', { data: { account: '13900000001', password: 'Demo@2026' } });
  expect(citizen.status()).toBe(200);
  const bills = (await (await page.request.get('/api/water/bills?cardNo=3100012346')).json()) as { bills: { billId: string; status: string }[] };
  const unpaid = bills.bills.filter((b) => b.status === 'unpaid').map((b) => b.billId);
  const created = (await (await page.request.post('/api/water/payments', { data: { cardNo: '3100012346', billIds: unpaid } })).json()) as { orderId: string; payUrl: string };
  const cashier = await (await page.request.get(created.payUrl)).text();
  const action = /<form[^>]*action="([^"]+)"/.exec(cashier)![1]!;
  await page.request.post(new URL(action, created.payUrl).toString(), { form: {}, maxRedirects: 0 });
  await expect.poll(async () => ((await (await page.request.get(`/api/payments/${created.orderId}`)).json()) as { status: string }).status).toBe('paid');

  await page.getByRole('menuitem', { name: /接口管理/ }).click();
  const partners = page.getByTestId('partners-table');
  await expect(partners).toContainText('自来水公司营业系统');
  await partners.getByRole('row', { name: /自来水公司营业系统/ }).getByRole('button', { name: '健康检查' }).click();
  await expect(page.getByText(/连接正常/).first()).toBeVisible();

  // orders are listed for the chosen site and below: back to the city, where the citizen paid
  await page.getByRole('combobox', { name: '切换当前站点' }).click();
  await page.getByRole('option', { name: '达州市', exact: true }).click();
  await page.getByRole('menuitem', { name: /支付订单/ }).click();
  await expect(page.getByTestId('payments-table')).toContainText(created.orderId);

  await page.getByRole('menuitem', { name: /对账/ }).click();
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const day = page.getByLabel('对账日');
  await day.fill(today);
  await day.press('Enter');
  await page.getByTestId('recon-run').click();
  await expect(page.getByTestId('recon-table')).toContainText(today);
  await expect(page.getByTestId('recon-table')).toContainText('平账');

  // and from now on a login needs the code
  await page.request.post('/api/admin/auth/logout');
  const res = await page.request.post('/api/admin/auth/login', { data: { username: 'admin', password: newPassword } });
  expect(res.status()).toBe(401);
  expect((await res.json()).code).toBe('OTP_REQUIRED');
});

