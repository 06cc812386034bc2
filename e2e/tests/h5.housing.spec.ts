import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { sandboxUrl } from './fixtures.js';

/**
 * 不动产 and 公积金 (issue 14) against the sandbox 不动产登记中心 and 公积金中心: the demo citizen (张三)
 * opens 房屋查询 from the 不动产 zone and sees every field and the spouse's house; issues a 无房证明
 * (个人及家庭住房情况查询单) and verifies it through 扫一扫's album path with the QR the page drew;
 * checks the sandbox's demo certificate pictures (valid → 有效, revoked → 已注销); the loan calculator
 * prints the reference figures of packages/contracts/src/loan.test.ts; axe on the pages, standard
 * and 长辈版; 公积金提取 (租房) refused above its limit and filed within it; the empty, no-account and
 * registry-down states (the sandbox's control routes pin them and are reset after).
 */


async function loginAsDemo(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('账号').fill('13900000001');
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);
}

/** A picture for an <input type=file>, from a data: URL the page drew. */
function pngFromDataUrl(dataUrl: string | null): Buffer {
  expect(dataUrl ?? '').toMatch(/^data:image\/png;base64,/);
  return Buffer.from((dataUrl ?? '').split(',')[1] ?? '', 'base64');
}

test('房屋查询 from the 不动产 zone shows every field, 抵押 in words, and the spouse’s house', async ({ page }) => {
  await loginAsDemo(page);
  await page.goto('/zones/real-estate');
  await page.getByTestId('app-tile-house-query').click();
  await expect(page).toHaveURL(/\/apps\/house-query/);

  const person = page.getByTestId('house-person');
  await expect(person).toContainText('本人');
  await expect(page.getByTestId('house-total')).toContainText('3');
  for (const label of ['所在区域', '街道', '门牌号', '栋号', '单元', '楼层', '房号', '规划用途', '套内面积', '公摊面积', '建筑面积', '房屋类型', '权利人', '不动产权证号', '不动产单元号']) {
    await expect(person.locator('dt', { hasText: label }).first()).toBeVisible();
  }
  await expect(person).toContainText('已抵押');
  await expect(person).toContainText('车库');
  // the ID number is masked everywhere
  await expect(page.locator('main, body').first()).not.toContainText('511702199001011231');

  await page.getByRole('radio', { name: /配偶/ }).click();
  await expect(person).toContainText('配偶');
  await expect(person.locator('[data-testid^="house-"]')).toHaveCount(1);
  await page.getByRole('radio', { name: /未成年子女/ }).click();
  await expect(person).toContainText('名下暂无登记的房屋');
});

test('a 无房证明 is issued, listed in 我的证明 and verified through 扫一扫’s album path', async ({ page }) => {
  await loginAsDemo(page);
  await page.goto('/apps/no-house-certificate');
  await expect(page.getByText('30天')).toBeVisible();
  await page.getByRole('radio', { name: '公积金提取' }).click();
  const issued = page.waitForResponse((r) => r.url().endsWith('/api/real-estate/no-house-certificates') && r.request().method() === 'POST');
  await page.getByTestId('nh-submit').click();
  const res = await issued;
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { docNo: string; qrText: string; issuedAt: string };

  // the demo citizen owns houses: the 查询单 says so, with every person of the household
  await expect(page.getByTestId('nh-verdict')).toHaveText('有房 3 套');
  await expect(page.getByTestId('nh-people')).toContainText('本人');
  await expect(page.getByTestId('nh-people')).toContainText('配偶');
  await expect(page.getByTestId('nh-people')).toContainText('未成年子女');
  await expect(page.getByTestId('nh-doc-no')).toHaveText(body.docNo);
  await expect(page.getByTestId('nh-pdf')).toHaveAttribute('href', /\/api\/documents\/[0-9a-f-]{36}\/pdf/);
  const qr = page.getByRole('img', { name: /无房证明核验二维码/ });
  await expect(qr).toBeVisible();
  const picture = pngFromDataUrl(await qr.getAttribute('src'));

  // 我的证明 lists it
  await page.getByRole('button', { name: '我的证明' }).click();
  await expect(page).toHaveURL(/\/me\/documents/);
  const doc = page.getByTestId('document').filter({ hasText: body.docNo });
  await expect(doc).toContainText('无房证明');
  await expect(doc).toContainText('有效');

  // 扫一扫 → 相册: the QR the page drew → 核验结果 有效, with the time it was issued
  await page.goto('/scan');
  await page.getByTestId('scan-album-input').setInputFiles({ name: 'no-house.png', mimeType: 'image/png', buffer: picture });
  await expect(page).toHaveURL(/\/verify\/result/);
  await expect(page.getByTestId('verify-valid')).toHaveText('有效');
  await expect(page.getByTestId('verify-result').locator('..')).toContainText('签发时间');
  const issuedLocal = new Date(Date.parse(body.issuedAt) + 8 * 3600_000);
  await expect(page.locator('body')).toContainText(`${issuedLocal.getUTCFullYear()}年${issuedLocal.getUTCMonth() + 1}月${issuedLocal.getUTCDate()}日`);
});

test('证书核验 reads the sandbox’s demo certificate pictures: valid → 有效, revoked → 已注销, unknown → 未查到', async ({ page, request }) => {
  const list = (await (await request.get(`${sandboxUrl()}/demo/real-estate/certificates.json`)).json()) as { certId: string; status: string }[];
  const picture = async (status: string) => {
    const c = list.find((x) => x.status === status);
    expect(c, `a ${status} demo certificate`).toBeTruthy();
    const png = await request.get(`${sandboxUrl()}/demo/real-estate/certificates/${c?.certId ?? ''}.png`);
    expect(png.ok()).toBe(true);
    return { name: `${c?.certId ?? 'cert'}.png`, mimeType: 'image/png', buffer: await png.body() };
  };

  // public: no login
  await page.goto('/zones/real-estate');
  await page.getByTestId('app-tile-property-cert-verify').click();
  await expect(page).toHaveURL(/\/apps\/property-cert-verify/);
  await page.getByTestId('pc-album-input').setInputFiles(await picture('valid'));
  await expect(page.getByTestId('pc-verdict')).toHaveText('有效');
  await expect(page.getByTestId('pc-result').locator('..')).toContainText('不动产权证号');
  await expect(page.getByTestId('pc-result').locator('..')).toContainText('坐落');
  await expect(page.getByTestId('cert-holder')).toContainText('*');

  await page.getByTestId('pc-album-input').setInputFiles(await picture('revoked'));
  await expect(page.getByTestId('pc-verdict')).toHaveText('已注销');

  await page.getByTestId('pc-album-input').setInputFiles(await picture('not-found'));
  await expect(page.getByTestId('pc-verdict')).toHaveText('未查到');
});

test('the loan calculator prints the reference figures of loan.test.ts', async ({ page }) => {
  await page.goto('/apps/hf-loan-calculator');
  // the rates come prefilled from the console, with their 执行日期
  await expect(page.getByTestId('calc-rate-note-commercial')).toContainText(/执行日期|手动/);
  await page.getByTestId('calc-amount-commercial').locator('input').fill('100');
  await page.getByTestId('calc-rate-commercial').locator('input').fill('4.9');
  await page.getByTestId('calc-years').locator('input').fill('30');
  await page.getByTestId('calc-submit').click();
  await expect(page.getByTestId('calc-first')).toHaveText('5,307.27');
  await expect(page.getByTestId('calc-interest')).toHaveText('910,616.19');
  await expect(page.getByTestId('calc-total')).toHaveText('1,910,616.19');
  await expect(page.getByTestId('calc-schedule').locator('tbody tr')).toHaveCount(12);
  await page.getByTestId('calc-show-all').click();
  await expect(page.getByTestId('calc-schedule').locator('tbody tr')).toHaveCount(360);

  await page.getByRole('radio', { name: '等额本金' }).click();
  await page.getByTestId('calc-submit').click();
  await expect(page.getByTestId('calc-first')).toHaveText('6,861.11');
  await expect(page.getByTestId('calc-decrease')).toHaveText('11.34');
  await expect(page.getByTestId('calc-interest')).toHaveText('737,041.67');

  await page.getByRole('radio', { name: '公积金贷款' }).click();
  await page.getByRole('radio', { name: '等额本息' }).click();
  await page.getByTestId('calc-amount-fund').locator('input').fill('50');
  await page.getByTestId('calc-rate-fund').locator('input').fill('3.1');
  await page.getByTestId('calc-years').locator('input').fill('20');
  await page.getByTestId('calc-submit').click();
  await expect(page.getByTestId('calc-first')).toHaveText('2,798.08');

  // 组合贷款 = the sum of its parts: 100 万 商贷 at 4.9 % + 50 万 公积金 at 3.1 %, 20 年
  await page.getByRole('radio', { name: '组合贷款' }).click();
  await page.getByTestId('calc-amount-commercial').locator('input').fill('100');
  await page.getByTestId('calc-rate-commercial').locator('input').fill('4.9');
  await page.getByTestId('calc-submit').click();
  // 6,544.44 (1,000,000 元, 20 年, 4.90 %) + 2,798.08
  await expect(page.getByTestId('calc-first')).toHaveText('9,342.52');
});

test('公积金账户信息 shows the demo citizen’s balance and links to 提取', async ({ page }) => {
  await loginAsDemo(page);
  await page.goto('/apps/hf-account');
  await expect(page.getByTestId('hf-balance')).toHaveText('¥56789.12');
  await expect(page.getByTestId('hf-withdrawable')).toHaveText('¥56789.12');
  await page.getByTestId('hf-withdraw').click();
  await expect(page).toHaveURL(/\/forms\/housing-fund-withdraw/);
});

const AXE_PATHS = ['/apps/house-query', '/apps/no-house-certificate', '/apps/property-cert-verify', '/me/documents', '/apps/hf-account', '/apps/hf-loan-calculator', '/apps/hf-rates', '/apps/hf-partner-estates', '/apps/hf-service-points', '/scan'];

for (const elder of [false, true]) {
  test(`the 不动产 and 公积金 pages have no axe-core violations (WCAG 2.1 AA)${elder ? ' in 长辈版' : ''}`, async ({ page }) => {
    test.setTimeout(240_000);
    await loginAsDemo(page);
    if (elder) {
      await page.goto('/');
      await page.getByTestId('elder-toggle').click();
      await expect(page.locator('html')).toHaveClass(/elder/);
    }
    for (const path of AXE_PATHS) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await expect(page.locator('.van-skeleton')).toHaveCount(0);
      if (path === '/apps/hf-loan-calculator') {
        await page.getByTestId('calc-submit').click();
        await expect(page.getByTestId('calc-result')).toBeVisible();
      }
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(r.violations.map((v) => `${elder ? 'elder ' : ''}${path}: ${v.id} ${v.nodes.length} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    }
  });
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

test('公积金提取 (租房): above the yearly limit the centre refuses before filing; within it the case is filed, approved by the centre and shows in 我的办件', async ({ page }) => {
  test.setTimeout(180_000);
  await loginAsDemo(page);
  await page.goto('/apps/hf-account');
  await page.getByTestId('hf-withdraw').click();
  await expect(page).toHaveURL(/\/forms\/housing-fund-withdraw/);
  await expect(page.getByRole('form', { name: '住房公积金提取' })).toBeVisible();
  const field = (key: string) => page.locator(`[data-field="${key}"]`).first();

  // 提取原因: 租赁自住住房, chosen on the picker's wheel
  await page.getByRole('button', { name: /^提取原因：/ }).click();
  const picker = page.locator('.van-popup').filter({ has: page.locator('.van-picker') }).filter({ visible: true });
  await picker.locator('.van-picker-column__item', { hasText: '租赁自住住房' }).click();
  await page.waitForTimeout(500); // the wheel settles
  await picker.locator('.van-picker__confirm').click();
  await expect(page.getByRole('button', { name: /^提取原因：租赁自住住房/ })).toBeVisible();
  await page.getByRole('button', { name: /^收款银行：/ }).click();
  await picker.locator('.van-picker__confirm').click();
  await field('bankCard').locator('input').fill('6222021234567890123');
  await page.getByTestId('upload-input-rentContract').setInputFiles({ name: 'lease.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('upload-input-bankCardPhoto').setInputFiles({ name: 'card.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.locator('.fu__mask')).toHaveCount(0);

  // 20,000 元 is above 租房's 14,400 a year: refused by the centre, nothing filed
  await field('amount').locator('input').fill('20000');
  await page.getByTestId('form-next').click();
  await page.getByTestId('form-submit').click();
  await expect(page.getByText(/14,?400/).first()).toBeVisible();
  await expect(page).toHaveURL(/\/forms\/housing-fund-withdraw/);

  await field('amount').locator('input').fill('3600');
  await page.getByTestId('form-next').click();
  await page.getByTestId('form-submit').click();
  await expect(page).toHaveURL(/\/cases\/\d+$/);
  const caseNo = (await page.getByTestId('case-no').textContent())?.trim() ?? '';
  expect(caseNo).not.toBe('');

  // the centre approves after 2 s; the server asks it every 30 s: the case page shows 已办结 on reload
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('case-status')).toHaveText('已办结', { timeout: 2_000 });
  }).toPass({ timeout: 90_000, intervals: [3_000] });

  await page.goto('/me/cases');
  await expect(page.getByText('住房公积金提取').first()).toBeVisible();
  await expect(page.locator('body')).toContainText(caseNo);
});

test('房屋查询 says 名下暂无登记的房屋 when the registry knows nobody, and offers 无房证明', async ({ page }) => {
  const control = `${sandboxUrl()}/_control/real-estate`;
  await loginAsDemo(page);
  await page.request.post(`${control}/household`, { data: { idNumber: '511702199001011231', people: [] } });
  try {
    await page.goto('/apps/house-query');
    await expect(page.getByText('名下暂无登记的房屋')).toBeVisible();
    await expect(page.getByRole('button', { name: '开具无房证明' })).toBeVisible();
  } finally {
    await page.request.post(`${control}/reset`);
  }
});

test('公积金账户信息 without an account at the centre says 未查询到您的公积金账户', async ({ page }) => {
  const control = `${sandboxUrl()}/_control/housing-fund`;
  await loginAsDemo(page);
  await page.request.post(`${control}/account`, { data: { idNumber: '511702199001011231', account: null } });
  try {
    await page.goto('/apps/hf-account');
    await expect(page.getByText('未查询到您的公积金账户')).toBeVisible();
    await expect(page.getByTestId('hf-balance')).toHaveCount(0);
  } finally {
    await page.request.post(`${control}/reset`);
  }
});

test('the registry down: 房屋查询 says so within 3 s, with 重试', async ({ page }) => {
  // Last in this file: the failed calls may open the registry's breaker for a while.
  const faults = `${sandboxUrl()}/_control/faults`;
  await loginAsDemo(page);
  await page.request.post(faults, { data: { partner: 'real-estate', errorRate: 1 } });
  try {
    const started = Date.now();
    await page.goto('/apps/house-query');
    const alert = page.getByRole('alert').filter({ has: page.getByRole('button', { name: '重试' }) });
    await expect(alert).toBeVisible({ timeout: 3_000 });
    expect(Date.now() - started).toBeLessThan(3_500);
    await expect(alert).toContainText('不动产登记系统暂时无法连接');
  } finally {
    await page.request.delete(`${faults}?partner=real-estate`);
  }
});
