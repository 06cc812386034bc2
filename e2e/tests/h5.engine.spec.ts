import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * Issue 10 on the phone: 企业开办 (一件事) filed by the demo company, its four parts handed to the
 * sandbox bureaus, which decide by themselves (SANDBOX_BUREAU_DECIDE_MS, 2 s) and are asked by the
 * server's `cases.poll` job (every 30 s) — so the parts turn 已办结 within about half a minute.
 * Then axe-core on the form page and the case page.
 */
test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000 });

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const png = (name: string) => ({ name, mimeType: 'image/png', buffer: PNG });

/** A one-page PDF (公司章程 takes PDF only), with a correct cross-reference table. */
function onePagePdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function loginAsCompany(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByRole('radio', { name: '法人登录' }).click();
  await page.getByLabel('账号').fill('13900000004');
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);
}

/** A picker field (date, select, region): open it and take the wheel's first choice. */
async function pickFirst(page: Page, label: string): Promise<void> {
  const button = page.getByRole('button', { name: new RegExp(`^${label}：`) });
  await button.click();
  await page.locator('.van-popup').filter({ has: page.locator('.van-picker') }).filter({ visible: true }).locator('.van-picker__confirm').click();
  await expect(button).not.toHaveAccessibleName(new RegExp(`^${label}：请选择`));
}

const field = (page: Page, key: string) => page.locator(`[data-field="${key}"]`).first();
const PARTS = { license: '营业执照', seal: '公章刻制', tax: '税务登记', social: '社保登记' } as const;

let caseUrl = '';

test('企业开办: the demo company files it, sees four parts, and each is completed by its bureau', async ({ page }) => {
  test.setTimeout(150_000);
  await loginAsCompany(page);
  await page.goto('/forms/company-setup');
  await expect(page.getByRole('form', { name: '企业开办' })).toBeVisible();
  // the applying company comes from the 法人 login
  await expect(field(page, 'companyCreditCode').locator('input')).toHaveValue('91511702MA6A0D1766');

  await field(page, 'newCompanyName').locator('input').fill('达州市通川区示例科技有限公司');
  await pickFirst(page, '企业类型');
  await pickFirst(page, '住所所在区县');
  await field(page, 'address').locator('input').fill('达州市通川区西外镇金龙大道168号');
  await field(page, 'capital').locator('input').fill('100');
  await field(page, 'scope').locator('textarea').fill('软件开发；信息技术咨询服务');
  await field(page, 'legalName').locator('input').fill('赵敏');
  await field(page, 'legalIdNumber').locator('input').fill('511703198008182465');
  const holder = page.locator('[data-group="shareholders"] .fr-group__row').first();
  await holder.locator('[data-field="name"] input').fill('赵敏');
  await holder.locator('[data-field="idNumber"] input').fill('511703198008182465');
  await holder.locator('[data-field="amount"] input').fill('100');
  await pickFirst(page, '出资方式');
  await field(page, 'sealCount').locator('input').fill('3');
  await field(page, 'invoice').getByText('是', { exact: true }).click();
  await field(page, 'employees').locator('input').fill('5');
  await page.getByTestId('upload-input-articles').setInputFiles({ name: '公司章程.pdf', mimeType: 'application/pdf', buffer: onePagePdf() });
  await page.getByTestId('upload-input-shareholderIds').setInputFiles(png('id.png'));
  await page.getByTestId('upload-input-addressProof').setInputFiles(png('lease.png'));
  for (const key of ['articles', 'shareholderIds', 'addressProof']) await expect(field(page, key).locator('.fu__item')).toHaveCount(1);
  await expect(page.locator('.fu__mask')).toHaveCount(0); // no upload running or failed

  await page.getByTestId('form-next').click();
  await page.getByTestId('form-submit').click();
  // a 一件事 opens its page, with its four parts
  await expect(page).toHaveURL(/\/cases\/\d+$/);
  caseUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId('case-no')).toHaveText(/^\S+\d+$/);
  for (const [code, title] of Object.entries(PARTS)) await expect(page.getByTestId(`case-part-${code}`)).toContainText(title);
  await expect(page.getByText(/一件事办理进度（\d\/4 已办结）/)).toBeVisible();

  // the bureaus decide after 2 s; the server asks them every 30 s: the page shows it on reload
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('一件事办理进度（4/4 已办结）')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000, intervals: [3_000] });
  for (const code of Object.keys(PARTS)) await expect(page.getByTestId(`case-part-${code}`)).toContainText('已办结');
  await expect(page.getByTestId('case-status')).toHaveText('已办结');
});

test('the form page and the case page have no axe-core violations (WCAG 2.1 AA), in standard and elder mode', async ({ page }) => {
  test.setTimeout(120_000);
  // The previous test files the 企业开办 case; without it this one fails rather than passing silently.
  expect(caseUrl, 'needs the 企业开办 case filed by the previous test').toBeTruthy();
  await loginAsCompany(page);
  const check = async (prefix: string) => {
    for (const path of ['/forms/company-setup', caseUrl]) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await expect(page.locator('.van-skeleton')).toHaveCount(0);
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(r.violations.map((v) => `${prefix}${path}: ${v.id} ${v.nodes.length} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    }
  };
  await check('');
  // 长辈版: larger type, pickers inline instead of pop-ups
  await page.goto('/');
  await page.getByTestId('elder-toggle').click();
  await expect(page.locator('html')).toHaveClass(/elder/);
  await check('elder ');
});
