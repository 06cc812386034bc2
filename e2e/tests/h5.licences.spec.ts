import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { latestSmsCode } from './fixtures.js';

/**
 * 电子证照 and 亮证 (issue 14) against the sandbox 电子证照共享 system: the demo citizen finds the
 * licences on 首页, opens 居民身份证, sets the 亮证 PIN with an SMS code, shows the licence (QR and
 * a countdown from 05:00), an anonymous checker verifies the code, and the holder's 核验记录 lists
 * that check; a wrong PIN says how many tries remain. Then axe on every page of the wallet.
 */

const PHONE = '13900000001';
const PIN = '582913';

async function loginAsDemo(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('账号').fill(PHONE);
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);
}

/** mm:ss → seconds */
function seconds(text: string | null): number {
  const m = /^(\d\d):(\d\d)$/.exec((text ?? '').trim());
  if (!m) throw new Error(`not a countdown: ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Filled by the first test for the axe pass. */
let licencePath = '';

test.describe.configure({ mode: 'serial' });

test('the demo citizen sets the 亮证 PIN, shows 居民身份证 with a countdown, a checker verifies it and the holder sees the check', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  await loginAsDemo(page);

  // 首页: the strip lists the licences read from the 证照共享 system by identity.
  await page.goto('/');
  const strip = page.getByTestId('licence-strip');
  await expect(strip).toBeVisible();
  for (const name of ['居民身份证', '社会保障卡', '机动车驾驶证']) await expect(strip).toContainText(name);
  await expect(strip).toContainText('有效');
  await strip.getByRole('link', { name: /居民身份证/ }).click();
  await expect(page).toHaveURL(/\/licences\/[A-Za-z0-9_-]{16}$/);
  licencePath = new URL(page.url()).pathname;
  const face = page.getByTestId('licence-face');
  await expect(face).toContainText('居民身份证');
  // Masked: the ID number never appears in full.
  await expect(face).not.toContainText('511702199001011231');
  await expect(face).toContainText(/5117\*+/);

  // 亮证 without a PIN goes to 设置亮证密码 first, and comes back after.
  await page.getByTestId('licence-show').click();
  await expect(page).toHaveURL(/\/licences\/pin\?redirect=/);
  await page.getByLabel('手机号').fill(PHONE);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
  const code = await latestSmsCode(page.request, PHONE);
  await page.getByLabel('短信验证码').fill(code);
  // A weak PIN is refused by the server under the field (before the SMS code is used).
  await page.getByLabel('亮证密码', { exact: true }).fill('123456');
  await page.getByLabel('确认密码').fill('123456');
  await page.getByRole('button', { name: '确认设置' }).click();
  await expect(page.locator('.van-field__error-message').filter({ hasText: /连续|相同|容易|简单/ })).toBeVisible();
  await page.getByLabel('亮证密码', { exact: true }).fill(PIN);
  await page.getByLabel('确认密码').fill(PIN);
  await page.getByRole('button', { name: '确认设置' }).click();
  await expect(page).toHaveURL(new RegExp(`${licencePath}/show$`));

  // 亮证 with the PIN: the watermarked face, the QR and a countdown from 05:00 going down.
  // Typed into the 亮证 page's own field: the PIN page (whose field has the same label) may still
  // be leaving when the address has already changed.
  const ask = page.getByRole('region', { name: '请输入亮证密码' });
  await expect(ask).toBeVisible();
  await expect(page.getByLabel('确认密码')).toHaveCount(0);
  await ask.getByLabel('亮证密码', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '确认亮证' }).click();
  const qr = page.getByTestId('show-qr');
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute('alt', '亮证二维码');
  const qrText = (await qr.getAttribute('data-qr')) ?? '';
  expect(qrText.startsWith('DZLIC:')).toBe(true);
  const countdown = page.getByTestId('show-countdown');
  const first = seconds(await countdown.textContent());
  expect(first).toBeGreaterThanOrEqual(285);
  expect(first).toBeLessThanOrEqual(300);
  await expect.poll(async () => seconds(await countdown.textContent()), { timeout: 5_000 }).toBeLessThan(first);
  await expect(page.getByTestId('licence-watermark')).toHaveCount(1);
  await expect(page.getByText(/仅供核验使用/)).toHaveCount(1);
  await expect(page.getByText(/屏幕亮度/)).toBeVisible();

  // A checker without a login: the API and the 核验结果 page both say valid, with the holder masked.
  const checker = await browser.newContext({ baseURL });
  try {
    const res = await checker.request.post('/api/verify', { data: { qrText } });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { valid: boolean; holder: string | null; kind: string | null };
    expect(body.valid).toBe(true);
    expect(body.holder).toMatch(/^张\*/);
    const checkerPage = await checker.newPage();
    await checkerPage.goto(`/verify/result?code=${encodeURIComponent(qrText)}`);
    await expect(checkerPage.getByTestId('verify-valid')).toHaveText('亮证有效');
    await expect(checkerPage.getByTestId('verify-holder')).toContainText('张*');
    await expect(checkerPage.getByTestId('verify-expires')).toBeVisible();
    // One byte changed: refused.
    const tampered = qrText.slice(0, -1) + (qrText.endsWith('A') ? 'B' : 'A');
    const bad = (await (await checker.request.post('/api/verify', { data: { qrText: tampered } })).json()) as { valid: boolean };
    expect(bad.valid).toBe(false);
  } finally {
    await checker.close();
  }

  // 刷新 gives a new code without asking the PIN again.
  await page.getByRole('button', { name: '刷新二维码' }).click();
  await expect.poll(async () => qr.getAttribute('data-qr')).not.toBe(qrText);

  // 核验记录: the check by the anonymous checker, newest first, and the holder's own shows.
  await page.goto(`${licencePath}/events`);
  await expect(page.getByTestId('licence-check-event').first()).toContainText('核验通过');
  await expect(page.getByTestId('licence-check-event').first()).toContainText('匿名核验');
  await expect(page.getByTestId('licence-show-event').first()).toContainText('本人亮证');

  // A wrong PIN says how many tries remain.
  await page.goto(`${licencePath}/show`);
  await page.getByLabel('亮证密码', { exact: true }).fill('000000');
  await page.getByRole('button', { name: '确认亮证' }).click();
  await expect(page.getByText(/还可尝试4次/)).toBeVisible();
  await expect(page.getByTestId('show-qr')).toHaveCount(0);
  // …and the right one still works (the count starts again).
  await page.getByLabel('亮证密码', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '确认亮证' }).click();
  await expect(page.getByTestId('show-qr')).toBeVisible();
});

test('the 电子证照 pages have no axe-core violations (WCAG 2.1 AA), in standard and elder mode', async ({ page }) => {
  test.setTimeout(180_000);
  expect(licencePath, 'needs the licence opened by the first test').toBeTruthy();
  await loginAsDemo(page);
  const analyse = async (label: string) => {
    await page.waitForLoadState('networkidle');
    await expect(page.locator('.van-skeleton')).toHaveCount(0);
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(r.violations.map((v) => `${label}: ${v.id} ${v.nodes.length} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  };
  const check = async (prefix: string) => {
    // The form with the 免提交 banner (consent is given only by a later test).
    for (const path of ['/', '/licences', licencePath, '/licences/pin', `${licencePath}/events`, '/forms/passenger-driver-reissue', `${licencePath}/show`]) {
      await page.goto(path);
      if (path === '/') await expect(page.getByTestId('licence-strip')).toBeVisible();
      if (path.startsWith('/forms/')) await expect(page.getByTestId('licence-consent')).toBeVisible();
      await analyse(`${prefix}${path}`);
    }
    // The shown code: the QR, the countdown and the watermarked face.
    await page.getByLabel('亮证密码', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: '确认亮证' }).click();
    await expect(page.getByTestId('show-qr')).toBeVisible();
    await analyse(`${prefix}${licencePath}/show (shown)`);
  };
  await check('');
  await page.goto('/');
  await page.getByTestId('elder-toggle').click();
  await expect(page.locator('html')).toHaveClass(/elder/);
  await check('elder ');
});

test('免提交: a form that reads 驾驶证 asks once; after 同意使用 the field is filled and the question is gone', async ({ page }) => {
  await loginAsDemo(page);
  await page.goto('/forms/passenger-driver-reissue');
  const banner = page.getByTestId('licence-consent');
  await expect(banner).toContainText('可使用您的电子证照（机动车驾驶证）自动填写，免于提交');
  const field = page.getByLabel('机动车驾驶证号');
  await expect(field).toHaveValue('');
  await page.getByTestId('licence-consent-agree').click();
  await expect(field).not.toHaveValue('');
  await expect(banner).toHaveCount(0);
  // Asked once per form: a later visit fills at once, without the question.
  await page.reload();
  await expect(page.getByLabel('机动车驾驶证号')).not.toHaveValue('');
  await expect(page.getByTestId('licence-consent')).toHaveCount(0);
});

test('the 亮证 countdown warns at one minute, hides the QR at expiry and 刷新 brings a new one', async ({ page }) => {
  expect(licencePath, 'needs the licence and PIN of the first test').toBeTruthy();
  await loginAsDemo(page);
  // The page's clock is driven by the test; the code's lifetime comes from the server's answer.
  await page.clock.install();
  await page.goto(`${licencePath}/show`);
  await page.getByLabel('亮证密码', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '确认亮证' }).click();
  await expect(page.getByTestId('show-qr')).toBeVisible();
  await expect(page.getByTestId('show-announcement')).toContainText('5分钟内有效');
  await page.clock.runFor('04:01');
  await expect(page.getByTestId('show-announcement')).toHaveText('亮证二维码还有1分钟失效');
  await expect(page.getByTestId('show-countdown')).toHaveText(/^00:[0-5]\d$/);
  await page.clock.runFor('01:00');
  await expect(page.getByTestId('show-expired')).toHaveText('二维码已过期');
  await expect(page.getByTestId('show-qr')).toHaveCount(0);
  await expect(page.getByTestId('show-announcement')).toContainText('已过期');
  await page.getByRole('button', { name: '刷新二维码' }).click();
  await expect(page.getByTestId('show-qr')).toBeVisible();
  await expect(page.getByTestId('show-countdown')).toHaveText(/^0[45]:\d\d$/);
});

test('a visitor is asked to log in; a company login sees its 营业执照 and no personal licence', async ({ page }) => {
  await page.goto('/licences');
  await expect(page.getByText('登录后查看您的电子证照')).toBeVisible();

  await page.goto('/login');
  await page.getByRole('radio', { name: '法人登录' }).click();
  await page.getByLabel('账号').fill('13900000004');
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);

  await page.goto('/');
  const strip = page.getByTestId('licence-strip');
  await expect(strip).toContainText('营业执照');
  await expect(strip).not.toContainText('居民身份证');
  await page.goto('/licences');
  await expect(page.getByTestId('licence-row')).toHaveCount(1);
  await page.getByTestId('licence-row').click();
  const face = page.getByTestId('licence-face');
  await expect(face).toContainText('营业执照');
  // The credit code is masked on the face.
  await expect(face).not.toContainText('91511702MA6A0D1766');
  await expect(page.getByTestId('licence-show')).toBeVisible();
});
