import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { beijingDay, makeIdNumber } from './fixtures.js';

/**
 * 旅游 (issue 15) on the H5 against the sandbox 文旅预约平台: the demo citizen finds 巴山大峡谷 by
 * name and by initials (bsdxg), opens its page (实景图, 介绍), books tomorrow's first band with places
 * for two (本人 + a typed companion with an invented, checksum-valid ID number), sees the QR, finds
 * the booking in 我的预约, has the checker page say 有效 for the QR, cancels after the confirmation
 * and the checker then says 无效; axe on the list, spot, booking, result, 常用游客 and checker pages
 * in 标准版 and 长辈版.
 */

const SPOT_NAME = '巴山大峡谷';

async function loginAsDemo(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('账号').fill('13900000001');
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);
}

async function spotId(page: Page): Promise<number> {
  const res = await page.request.get(`/api/tourism/spots?q=${encodeURIComponent(SPOT_NAME)}`);
  expect(res.status()).toBe(200);
  const { items } = (await res.json()) as { items: { id: number; name: string; bookable: boolean }[] };
  const spot = items.find((s) => s.name === SPOT_NAME);
  expect(spot?.bookable).toBe(true);
  return spot!.id;
}

test('景点预约 for two: search (name and bsdxg) → spot → tomorrow’s first band → QR → 我的预约 → 有效 → cancelled → 无效', async ({ page }) => {
  test.setTimeout(90_000);
  await loginAsDemo(page);
  const id = await spotId(page);

  // 景点介绍: Chinese and initials both find it, as the citizen types
  await page.goto('/apps/scenic-intro');
  const q = page.getByTestId('spot-q');
  await q.fill(SPOT_NAME);
  await expect(page.getByTestId(`spot-${id}`)).toContainText(SPOT_NAME);
  await q.fill('bsdxg');
  await expect(page.getByTestId('spot-list').locator('li')).toHaveCount(1);
  await expect(page.getByTestId(`spot-${id}`)).toContainText(SPOT_NAME);
  await expect(page.getByTestId(`spot-${id}`)).toContainText(/[2-5]?A级/);
  await page.getByTestId(`spot-${id}`).getByRole('link').click();

  // the spot: 实景图 with alt text, the introduction, the facts
  await expect(page).toHaveURL(new RegExp(`/tourism/spots/${id}$`));
  await expect(page.getByTestId('spot-name')).toHaveText(SPOT_NAME);
  const photos = page.getByTestId('spot-gallery').locator('img');
  expect(await photos.count()).toBeGreaterThan(0);
  await expect(photos.first()).toHaveAttribute('alt', new RegExp(`${SPOT_NAME}实景图`));
  await expect(page.getByTestId('spot-intro').locator('p').first()).not.toBeEmpty();
  await expect(page.locator('dt', { hasText: '开放时间' })).toBeVisible();
  await expect(page.locator('dt', { hasText: '门票' })).toBeVisible();
  await page.getByTestId('spot-book').click();

  // the booking: tomorrow, its first band with places, 本人 + a typed companion
  await expect(page).toHaveURL(new RegExp(`/tourism/spots/${id}/book$`));
  const tomorrow = beijingDay(1);
  await page.getByTestId(`day-${tomorrow}`).click();
  await expect(page.getByTestId(`day-${tomorrow}`)).toHaveAttribute('aria-pressed', 'true');
  const band = page.locator('[data-testid^="band-"]:not([disabled])').first();
  await expect(band).toContainText(/余 \d+/);
  await band.click();
  await expect(band).toHaveAttribute('aria-pressed', 'true');

  await expect(page.getByTestId('visitor-self')).toContainText('本人');
  await expect(page.getByTestId('visitor-self')).toContainText('*');
  await page.getByTestId('visitor-add').click();
  const form = page.getByTestId('companion-form');
  await form.getByLabel('姓名').fill('李测试');
  // a wrong check digit is refused as typed
  const companionId = makeIdNumber('19950505', 321);
  const wrong = companionId.slice(0, 17) + (companionId.endsWith('1') ? '2' : '1');
  await form.getByLabel('身份证号').fill(wrong);
  await form.getByLabel('身份证号').blur();
  await expect(form).toContainText(/校验|有误|不正确/);
  await form.getByLabel('身份证号').fill(companionId);
  await form.getByRole('checkbox', { name: '保存为常用游客' }).click();
  await page.getByTestId('companion-submit').click();
  await expect(page.getByTestId('visitor-typed')).toContainText('李*');
  await expect(page.getByText('已选 2/')).toBeVisible();

  const created = page.waitForResponse((r) => r.url().endsWith('/api/tourism/reservations') && r.request().method() === 'POST');
  await page.getByTestId('book-submit').click();
  const res = await created;
  expect(res.status()).toBe(201);
  const booking = (await res.json()) as { id: number; code: string; qrText: string };
  expect(booking.qrText).toMatch(/^DZBK:/);

  // the result: 预约号, the QR (its text in data-qr), two visitors masked
  await expect(page).toHaveURL(new RegExp(`/tourism/reservations/${booking.id}$`));
  await expect(page.getByTestId('res-code')).toHaveText(booking.code);
  await expect(page.getByTestId('res-qr')).toHaveAttribute('data-qr', booking.qrText);
  await expect(page.getByTestId('res-qr')).toHaveAttribute('src', /^data:image\/png;base64,/);
  await expect(page.getByTestId('res-visitors').locator('li')).toHaveCount(2);
  await expect(page.locator('body')).not.toContainText(companionId);

  // 我的预约 lists it and links back
  await page.getByTestId('res-mine').click();
  await expect(page).toHaveURL(/\/me\/appointments/);
  const row = page.locator('[data-testid^="my-reservation-"]').filter({ hasText: booking.code });
  await expect(row).toContainText(SPOT_NAME);

  // the spot's checker: 有效
  await page.goto('/tourism/check');
  await page.getByTestId('check-text').fill(booking.qrText);
  await page.getByTestId('check-submit').click();
  await expect(page.getByTestId('check-valid')).toHaveText('预约有效');

  // cancel after the confirmation, then the checker says 无效
  await page.goto(`/tourism/reservations/${booking.id}`);
  await page.getByTestId('res-cancel').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('取消预约');
  await dialog.getByRole('button', { name: '确定取消' }).click();
  await expect(page.getByTestId('res-status')).toContainText('取消');
  await expect(page.getByTestId('res-cancel')).toHaveCount(0);
  await expect(page.getByTestId('res-qr')).toHaveCount(0);

  await page.goto('/tourism/check');
  await page.getByTestId('check-text').fill(booking.qrText);
  await page.getByTestId('check-submit').click();
  await expect(page.getByTestId('check-invalid')).toHaveText('预约无效');
});

test('常用游客: added after the as-you-type checks, listed masked, deleted after the confirmation', async ({ page }) => {
  await loginAsDemo(page);
  await page.goto('/tourism/visitors');
  await page.getByTestId('saved-add').click();
  const form = page.getByTestId('saved-form');
  const idNumber = makeIdNumber('19880808', 456);
  await form.getByLabel('姓名').fill('王测试');
  await form.getByLabel('身份证号').fill(idNumber.slice(0, 10));
  await form.getByLabel('身份证号').blur();
  await expect(form).toContainText('身份证号应为18位');
  await form.getByLabel('身份证号').fill(idNumber);
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/me/visitors') && r.request().method() === 'POST');
  await page.getByTestId('saved-submit').click();
  expect((await saved).status()).toBe(201);
  const row = page.locator('[data-testid^="saved-visitor-"]').filter({ hasText: '王*' });
  await expect(row).toContainText('*');
  await expect(page.locator('body')).not.toContainText(idNumber);

  await row.getByRole('button', { name: '删除常用游客王*' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
  await expect(row).toHaveCount(0);
});

for (const elder of [false, true]) {
  test(`the 旅游 pages have no axe-core violations (WCAG 2.1 AA)${elder ? ' in 长辈版' : ''}`, async ({ page }) => {
    test.setTimeout(90_000);
    await loginAsDemo(page);
    const id = await spotId(page);
    // a booking of 本人 alone, two or three days ahead (a day apart per mode: one booking a day per visitor)
    const day = beijingDay(elder ? 3 : 2);
    const avail = (await (await page.request.get(`/api/tourism/spots/${id}/availability?date=${day}`)).json()) as { bands: { bandId: string; remaining: number }[] };
    const band = avail.bands.find((b) => b.remaining > 0);
    expect(band).toBeTruthy();
    const made = await page.request.post('/api/tourism/reservations', { data: { spotId: id, date: day, bandId: band!.bandId, visitors: [{ self: true }] } });
    expect(made.status()).toBe(201);
    const booking = (await made.json()) as { id: number; qrText: string };

    if (elder) {
      await page.goto('/');
      await page.getByTestId('elder-toggle').click();
      await expect(page.locator('html')).toHaveClass(/elder/);
    }
    const paths = ['/apps/scenic-intro', '/apps/scenic-booking', `/tourism/spots/${id}`, `/tourism/spots/${id}/book`, `/tourism/reservations/${booking.id}`, '/tourism/visitors', '/tourism/check'];
    for (const path of paths) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await expect(page.locator('.van-skeleton')).toHaveCount(0);
      if (path.endsWith('/book')) {
        await page.locator('[data-testid^="band-"]:not([disabled])').first().click();
        await page.getByTestId('visitor-add').click();
      }
      if (path === '/tourism/check') {
        await page.getByTestId('check-text').fill(booking.qrText);
        await page.getByTestId('check-submit').click();
        await expect(page.getByTestId('check-valid')).toBeVisible();
      }
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(r.violations.map((v) => `${elder ? 'elder ' : ''}${path}: ${v.id} ${v.nodes.length} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    }
    await page.request.post(`/api/tourism/reservations/${booking.id}/cancel`);
  });
}
