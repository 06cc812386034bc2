import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { beijingDay } from './fixtures.js';

/**
 * 图书馆（文化馆）预约 (issue 15) on the H5 against the sandbox 场馆预约系统: the demo citizen books
 * 达州市图书馆 for the first open slot from tomorrow on (the name and ID come from the login,
 * masked), sees the booking (预约号, status in words), finds it in 我的预约 and cancels it after
 * a confirmation; an anonymous visitor browses and is asked to log in at 立即预约; axe in 标准版
 * and 长辈版 on the list, a venue and a booking, each booking cancelled again (inline in 长辈版).
 */

const VENUE = 'DZLIB';

async function loginAsDemo(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('账号').fill('13900000001');
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);
}

/** The venue page once its days are read; returns the first open day from tomorrow on (libraries close on Mondays). */
async function openVenue(page: Page): Promise<string> {
  await page.goto('/apps/library-booking');
  await page.getByTestId(`venue-${VENUE}`).click();
  await expect(page).toHaveURL(new RegExp(`/culture/venues/${VENUE}$`));
  await expect(page.locator('.van-skeleton')).toHaveCount(0);
  for (let i = 1; i < 7; i++) {
    const day = page.getByTestId(`venue-day-${beijingDay(i)}`);
    if ((await day.count()) && (await day.isEnabled())) return beijingDay(i);
  }
  throw new Error('no open day from tomorrow on');
}

test('图书馆 booking: the first open slot from tomorrow → the booking → 我的预约 → cancelled after a confirmation', async ({ page }) => {
  await loginAsDemo(page);
  const day = await openVenue(page);

  // a 闭馆日 in the window (Monday) is disabled and says why in words
  const closed = page.locator('[data-testid^="venue-day-"]:disabled').first();
  if (await closed.count()) await expect(closed).toContainText('闭馆');

  // the booker is the login: name and ID number fetched, masked
  await expect(page.getByTestId('venue-booker-name')).not.toBeEmpty();
  await expect(page.getByTestId('venue-booker-id')).toContainText('*');
  await expect(page.locator('body')).not.toContainText('511702199001011231');
  await expect(page.getByText('预约须知')).toBeVisible();

  await page.getByTestId(`venue-day-${day}`).click();
  await expect(page.getByTestId(`venue-day-${day}`)).toHaveAttribute('aria-pressed', 'true');
  const slot = page.locator('[data-testid^="venue-slot-"]:not([disabled])').first();
  await expect(slot).toContainText(/余 \d+/);
  const time = ((await slot.locator('.slot__time').textContent()) ?? '').trim();
  await slot.click();
  await expect(slot).toHaveAttribute('aria-checked', 'true');

  const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/culture/reservations' && r.request().method() === 'POST');
  await page.getByTestId('venue-book').click();
  const res = await created;
  expect(res.status()).toBe(201);
  const { id, code } = (await res.json()) as { id: number; code: string };
  await expect(page).toHaveURL(new RegExp(`/culture/reservations/${id}$`));
  await expect(page.getByTestId('venue-res-code')).toHaveText(code);
  await expect(page.getByTestId('venue-res-title')).toContainText('达州市图书馆');
  await expect(page.getByTestId('venue-res-when')).toContainText(day);
  await expect(page.getByTestId('venue-res-when')).toContainText(time.split('–')[0] ?? '');
  await expect(page.getByTestId('venue-res-status')).not.toBeEmpty();

  // the same day again is refused: one booking per person per venue per day
  await openVenue(page);
  await page.getByTestId(`venue-day-${day}`).click();
  await page.locator('[data-testid^="venue-slot-"]:not([disabled])').last().click();
  await page.getByTestId('venue-book').click();
  await expect(page.getByTestId('venue-message')).toContainText('当天已预约过该场馆');

  // 我的预约 lists it and opens it
  await page.goto('/me/appointments');
  const entry = page.locator('[data-testid^="my-reservation-"]').filter({ hasText: code });
  await expect(entry).toBeVisible();
  await expect(entry).toContainText('达州市图书馆');
  await entry.click();
  await expect(page).toHaveURL(new RegExp(`/culture/reservations/${id}$`));

  // cancelling asks first; 取消 keeps it
  await page.getByTestId('venue-res-cancel').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('取消后名额释放');
  await dialog.getByRole('button', { name: '取消', exact: true }).click();
  await expect(page.getByTestId('venue-res-cancel')).toBeVisible();

  const cancelled = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/culture/reservations/${id}/cancel`);
  await page.getByTestId('venue-res-cancel').click();
  await page.getByRole('dialog').getByRole('button', { name: '确定取消' }).click();
  expect((await cancelled).ok()).toBe(true);
  await expect(page.getByTestId('venue-res-message')).toContainText('已取消预约');
  await expect(page.getByTestId('venue-res-cancel')).toHaveCount(0);
  await expect(page.getByTestId('venue-res-status')).toContainText('取消');
});

test('an anonymous visitor browses the venues and is asked to log in at 立即预约', async ({ page }) => {
  await openVenue(page);
  await expect(page.getByText('登录后自动获取您的姓名和身份证号')).toBeVisible();
  await page.getByTestId('venue-book').click();
  await expect(page).toHaveURL(/\/login\?redirect=/);
});

for (const elder of [false, true]) {
  test(`the 场馆预约 pages have no axe-core violations (WCAG 2.1 AA)${elder ? ' in 长辈版' : ''}`, async ({ page }) => {
    test.setTimeout(90_000);
    await loginAsDemo(page);
    if (elder) {
      await page.goto('/');
      await page.getByTestId('elder-toggle').click();
      await expect(page.locator('html')).toHaveClass(/elder/);
    }
    const analyze = async (what: string) => {
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(r.violations.map((v) => `${elder ? 'elder ' : ''}${what}: ${v.id} ${v.nodes.length} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    };
    await page.goto('/apps/library-booking');
    await expect(page.locator('.van-skeleton')).toHaveCount(0);
    await expect(page.getByTestId(`venue-${VENUE}`)).toBeVisible();
    await analyze('venues');
    const day = await openVenue(page);
    await page.getByTestId(`venue-day-${day}`).click();
    const slot = page.locator('[data-testid^="venue-slot-"]:not([disabled])').first();
    await slot.click();
    if (elder) {
      for (const el of [slot, page.getByTestId(`venue-day-${day}`), page.getByTestId('venue-book')]) {
        expect((await el.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(60);
      }
    }
    await analyze('venue');

    // the booking page, then its cancellation: a dialog in 标准版, asked inline in 长辈版 (no pop-ups)
    await page.getByTestId('venue-book').click();
    await expect(page).toHaveURL(/\/culture\/reservations\/\d+$/);
    await expect(page.getByTestId('venue-res-code')).not.toBeEmpty();
    await analyze('reservation');
    await page.getByTestId('venue-res-cancel').click();
    const ask = page.getByRole(elder ? 'alertdialog' : 'dialog');
    await expect(ask).toContainText('取消后名额释放');
    if (elder) await analyze('reservation asking');
    await ask.getByRole('button', { name: '确定取消' }).click();
    await expect(page.getByTestId('venue-res-message')).toContainText('已取消预约');
    await expect(page.getByTestId('venue-res-cancel')).toHaveCount(0);
  });
}
