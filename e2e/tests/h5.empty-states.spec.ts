import { expect, test, type Locator, type Page } from '@playwright/test';
import { latestSmsCode, makeIdNumber, randomPhone } from './fixtures.js';

/** The button's centre is within 2 px of its empty state's centre (issue 8: buttons sat at the left). */
async function expectCentred(button: Locator): Promise<void> {
  await expect(button).toBeVisible();
  const b = (await button.boundingBox())!;
  const frame = (await button.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " van-empty ")][1]').boundingBox())!;
  expect(Math.abs(b.x + b.width / 2 - (frame.x + frame.width / 2))).toBeLessThanOrEqual(2);
}

async function registerCitizen(page: Page): Promise<void> {
  const phone = randomPhone();
  expect((await page.request.post('/api/auth/sms-codes', { data: { phone, purpose: 'register' } })).status()).toBeLessThan(300);
  const smsCode = await latestSmsCode(page.request, phone);
  const res = await page.request.post('/api/auth/register', {
    data: { kind: 'person', phone, smsCode, password: 'Citizen@2026', name: '李空空', idNumber: makeIdNumber('19750304') },
  });
  expect(res.status()).toBe(201);
  // the register answer logs in; if it ever stops doing so, log in explicitly
  if ((await page.request.get('/api/me')).status() !== 200) {
    expect((await page.request.post('/api/auth/login', { data: { account: phone, password: 'Citizen@2026' } })).status()).toBe(200);
  }
}

for (const elder of [false, true]) {
  test(`empty-state buttons are centred: 404, 互动, 我的办件, 我的订阅 (${elder ? '长辈版' : '标准版'})`, async ({ page }) => {
    if (elder) await page.addInitScript(() => localStorage.setItem('dz.elderMode', 'true'));
    await registerCitizen(page);

    await page.goto('/no-such-page');
    await expect(page.locator('html')).toHaveClass(elder ? /elder/ : /^(?!.*\belder\b)/);
    await expectCentred(page.getByRole('link', { name: '返回首页' }).or(page.getByRole('button', { name: '返回首页' })));

    // 我的回复 of a citizen who has asked nothing yet
    await page.goto('/interact/replies');
    await expectCentred(page.getByTestId('replies-empty-action').filter({ visible: true }));

    await page.goto('/me/cases');
    const cases = page.getByRole('link', { name: '去办事' }).or(page.getByRole('button', { name: '去办事' }));
    await expectCentred(cases);

    await page.goto('/me/subscriptions');
    const subs = page.getByRole('link', { name: '去便民服务看看' }).or(page.getByRole('button', { name: '去便民服务看看' }));
    await expectCentred(subs);
    if (elder) expect((await subs.boundingBox())!.height).toBeGreaterThanOrEqual(60);
  });
}
