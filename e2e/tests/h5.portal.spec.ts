import { expect, test } from '@playwright/test';

interface Booking {
  halls: { id: number; days: { day: string; slots: { id: number; available: number }[] }[] }[];
}

test('a citizen picks 通川区, opens a zone and an app not yet connected, finds 公积金 by pinyin initials, books an item and sees it in 我的预约', async ({ page }) => {
  // log in first: booking is for real-name citizens
  await page.goto('/login');
  await page.getByLabel('账号').fill('13900000001');
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);

  // choose a site from the list
  await page.goto('/sites');
  await page.locator('.sites__group').last().getByText('通川区', { exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('通川区').first()).toBeVisible();

  // open a zone, then an app in it
  await page.getByTestId('zone-water-power').click();
  await expect(page.getByTestId('zone-page-water-power')).toBeVisible();
  await expect(page.getByRole('heading', { name: '我要查' })).toBeVisible();
  await page.getByTestId('app-tile-water-capacity-change').click();
  await expect(page.getByTestId('app-page-water-capacity-change')).toBeVisible();
  await expect(page.getByText('即将上线').first()).toBeVisible();

  // search by pinyin initials
  await page.goto('/search');
  await page.getByTestId('search-input').fill('gjj');
  await expect(page.getByTestId('search-group-apps')).toContainText('公积金');

  // book a bookable item of 通川区's catalogue (inherited from the city) through its guide
  const list = await (await page.request.get('/api/items?site=511702&pageSize=50')).json();
  const item = (list.items as { id: number; bookable: boolean }[]).find((i) => i.bookable)!;
  const booking = (await (await page.request.get(`/api/items/${item.id}/booking?days=14`)).json()) as Booking;
  let choice: { hall: number; day: string; slot: number } | null = null;
  for (const h of booking.halls)
    for (const d of h.days)
      for (const s of d.slots) if (!choice && s.available > 0) choice = { hall: h.id, day: d.day, slot: s.id };
  expect(choice, 'the demo seed opens slots for the next 14 days').not.toBeNull();

  await page.goto(`/items/${item.id}`);
  await page.getByTestId('item-book').click();
  await page.getByTestId(`hall-${choice!.hall}`).click();
  await page.getByTestId(`day-${choice!.day}`).click();
  await page.getByTestId(`slot-${choice!.slot}`).click();
  await page.getByTestId('booking-confirm').click();
  const code = (await page.getByTestId('appointment-code').innerText()).trim();
  expect(code).toMatch(/^DZ/);

  await page.goto('/me/appointments');
  await expect(page.getByText(code)).toBeVisible();
});
