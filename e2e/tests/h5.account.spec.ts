import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { latestSmsCode, makeIdNumber, randomPhone } from './fixtures.js';

test('a citizen registers with an SMS code, sees masked data in 我的, logs out and logs in again', async ({ page, request }) => {
  const phone = randomPhone();
  const idNumber = makeIdNumber('19880512');
  const password = 'Citizen@2026';

  await page.goto('/register');
  await page.getByLabel('手机号').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  const code = await latestSmsCode(request, phone);
  await page.getByLabel('短信验证码').fill(code);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('确认密码').fill(password);
  await page.getByLabel('姓名').fill('王小明');
  await page.getByLabel('身份证号').fill(idNumber);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: '注册', exact: true }).click();

  await expect(page).toHaveURL(/\/me/);
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  await expect(page.getByText(masked).first()).toBeVisible();
  await expect(page.getByText(phone)).toHaveCount(0); // never shown in full

  await page.goto('/me/profile');
  await expect(page.getByText(`${idNumber.slice(0, 6)}**********${idNumber.slice(-2)}`)).toBeVisible();
  await expect(page.getByText('王*')).toBeVisible();
  await expect(page.getByText(idNumber)).toHaveCount(0);

  await page.goto('/settings');
  await page.getByText('退出登录').click();
  await page.getByRole('button', { name: '确定' }).click();
  const me = await page.request.get('/api/me');
  expect(me.status()).toBe(401);

  await page.goto('/login');
  await page.getByLabel('账号').fill(phone);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);
  await expect(page.getByText(masked).first()).toBeVisible();
});

test('the demo citizen logs in with the password and sees 已实名', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('账号').fill('13900000001');
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);
  await expect(page.getByText('139****0001').first()).toBeVisible();
  await expect(page.getByText('已实名').first()).toBeVisible();
});

test('the main pages have no axe-core violations (WCAG 2.1 AA), in standard and elder mode', async ({ page }) => {
  // axe-core analyses every page twice (standard and 长辈版): on a loaded 2-core machine that passes a minute.
  test.setTimeout(180_000);
  const paths = ['/', '/login', '/register', '/affairs', '/services', '/zones/water-power', '/search'];
  for (const path of paths) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(r.violations.map((v) => `${path}: ${v.id} ${v.nodes.length}`)).toEqual([]);
  }
  // 长辈版: switched on from the home page, then the same pages again
  await page.goto('/');
  await page.getByTestId('elder-toggle').click();
  await expect(page.locator('html')).toHaveClass(/elder/);
  // DOMAIN.md: body text ≥ 18 px and line height ≥ 1.3 in elder mode
  const body = await page.evaluate(() => {
    const cs = getComputedStyle(document.body);
    return { size: parseFloat(cs.fontSize), line: parseFloat(cs.lineHeight) / parseFloat(cs.fontSize) };
  });
  expect(body.size).toBeGreaterThanOrEqual(18);
  expect(body.line).toBeGreaterThanOrEqual(1.3);
  for (const path of paths) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(r.violations.map((v) => `elder ${path}: ${v.id} ${v.nodes.length}`)).toEqual([]);
  }
});

test.describe('on a phone set to New York time', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('消息 shows its times in Beijing time, as the server and the halls keep them', async ({ page }) => {
    const login = await page.request.post('/api/auth/login', { data: { account: '13900000001', password: 'Demo@2026' } });
    expect(login.status()).toBe(200);
    const list = (await (await page.request.get('/api/messages?site=511700&page=1&pageSize=20')).json()) as { items: { createdAt: string }[] };
    expect(list.items.length).toBeGreaterThan(0);
    // the newest message's instant as Beijing wall-clock time (UTC+8, no daylight saving)
    const b = new Date(Date.parse(list.items[0]!.createdAt) + 8 * 3600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const expected = `${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}`;
    await page.goto('/messages');
    await expect(page.locator('.msg__at').first()).toHaveText(expected);
  });
});
