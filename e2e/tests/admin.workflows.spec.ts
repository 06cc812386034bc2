import { expect, test, type Browser, type Page } from '@playwright/test';
import { devices } from '@playwright/test';
import QRCode from 'qrcode';
import AxeBuilder from '@axe-core/playwright';
import { consoleLogin } from './fixtures.js';

/**
 * Issue 10, the applications engine clicked through: the demo citizen on a phone files 居住证办理,
 * the console (this page, desktop) handles it through 受理, 一次性告知补正, 审查, 决定 and 办结; the
 * citizen answers the 补正, downloads the signed PDF, checks it through 扫一扫's 相册 and rates it;
 * then a field added in 表单设计 shows on the phone at once. Named to run after admin.setup
 * (the console's first login); the tests share one case, so they run in order.
 */
test.describe.configure({ mode: 'serial' });
// Fail at the step that does not happen, not at the end of the whole walk.
test.use({ actionTimeout: 15_000 });

/** An Element Plus input by its test id (the id lands on the native input or on its wrapper). */
const inputOf = (page: Page, id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();

// Real images: the server accepts uploads by their content.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const png = (name: string) => ({ name, mimeType: 'image/png', buffer: PNG });

async function phoneOf(browser: Browser, page: Page): Promise<Page> {
  const { defaultBrowserType: _ignored, ...iphone } = devices['iPhone 13'];
  const ctx = await browser.newContext({ ...iphone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: new URL(page.url()).origin });
  return ctx.newPage();
}

async function citizenLogin(h5: Page): Promise<void> {
  await h5.goto('/login');
  await h5.getByLabel('账号').fill('13900000001');
  await h5.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await h5.getByRole('button', { name: '登录', exact: true }).click();
  await expect(h5).toHaveURL(/\/me/);
}

/** A picker field (date, select, region): open it and take the wheel's first choice. */
async function pickFirst(h5: Page, label: string): Promise<void> {
  const button = h5.getByRole('button', { name: new RegExp(`^${label}：`) });
  await button.click();
  const sheet = h5.locator('.van-popup').filter({ has: h5.locator('.van-picker') }).filter({ visible: true });
  await sheet.locator('.van-picker__confirm').click();
  await expect(button).not.toHaveAccessibleName(new RegExp(`^${label}：请选择`));
}

/** A date picker: the same day a year back (the wheel opens at today). */
async function pickLastYear(h5: Page, label: string): Promise<string> {
  const button = h5.getByRole('button', { name: new RegExp(`^${label}：`) });
  await button.click();
  const sheet = h5.locator('.van-popup').filter({ has: h5.locator('.van-picker') }).filter({ visible: true });
  const year = Number((await sheet.locator('.van-picker-column').first().locator('.van-picker-column__item--selected').innerText()).replace(/\D/g, '')) - 1;
  await sheet.locator('.van-picker-column').first().getByText(`${year}年`, { exact: true }).click();
  await expect(sheet.locator('.van-picker-column').first().locator('.van-picker-column__item--selected')).toHaveText(`${year}年`);
  await sheet.locator('.van-picker__confirm').click();
  await expect(button).toHaveAccessibleName(new RegExp(`^${label}：${year}-\\d{2}-\\d{2}$`));
  return String(year);
}

/** 办件中心 → the case (found by its number) → the step's action, confirmed in its dialog. */
async function act(page: Page, action: string, fill?: (dialog: ReturnType<Page['getByTestId']>) => Promise<void>): Promise<void> {
  await page.getByTestId(`case-action-${action}`).click();
  const dialog = page.getByTestId('case-action-dialog');
  await expect(dialog).toBeVisible();
  if (fill) await fill(dialog);
  await dialog.getByTestId('case-action-confirm').click();
  await expect(dialog).toBeHidden();
}

/** WCAG 2.1 AA on the page as it is now (axe-core, as the other specs run it). */
async function noAxeViolations(p: Page, what: string): Promise<void> {
  const r = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(r.violations.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
}

let caseNo = '';
let caseUrl = '';

test('居住证办理: filed with a photo, 受理, 补正 answered, 审查, 决定, 办结, the signed PDF verified through 扫一扫 and rated 非常满意', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await consoleLogin(page.request);
  await page.goto('/admin/');
  const h5 = await phoneOf(browser, page);
  await citizenLogin(h5);

  // --- the citizen files the form
  await h5.goto('/forms/residence-permit');
  await expect(h5.getByRole('form', { name: '居住证办理' })).toBeVisible();
  await expect(h5.getByLabel('申请人姓名')).not.toHaveValue(''); // prefilled from the real-name login
  await h5.locator('[data-field="gender"]').getByText('男', { exact: true }).click();
  await h5.getByLabel('户籍所在地').fill('四川省南充市顺庆区');
  await pickFirst(h5, '居住地（区县）');
  await h5.getByLabel('居住详细地址').fill('达州市通川区朝阳东路88号3栋2单元501');
  // lived there since a year ago (须已在本地居住满半年)
  await pickLastYear(h5, '居住起始日期');
  await pickFirst(h5, '住所类型');
  await h5.locator('[data-field="basis"]').getByText('合法稳定住所', { exact: true }).click();
  await h5.getByTestId('upload-input-photo').setInputFiles(png('photo.png'));
  await expect(h5.locator('[data-field="photo"] img.fu__thumb')).toHaveCount(1);
  await h5.getByTestId('upload-input-idCardPhoto').setInputFiles([png('id-front.png'), png('id-back.png')]);
  await expect(h5.locator('[data-field="idCardPhoto"] img.fu__thumb')).toHaveCount(2);
  await h5.getByTestId('upload-input-residenceProof').setInputFiles(png('lease.png'));
  await expect(h5.locator('[data-field="residenceProof"] .fu__item')).toHaveCount(1);
  await expect(h5.locator('[data-field] [role="status"]').filter({ hasText: '上传中' })).toHaveCount(0);
  await h5.getByTestId('form-next').click();
  await h5.getByTestId('form-submit').click();
  // a promise case opens its own page
  await expect(h5).toHaveURL(/\/cases\/\d+$/);
  await expect(h5.getByTestId('case-no')).toHaveText(/^SQ\d+$/);
  caseNo = (await h5.getByTestId('case-no').innerText()).trim();
  caseUrl = new URL(h5.url()).pathname;
  const caseId = Number(caseUrl.split('/').pop());
  await expect(h5.getByTestId('case-status')).toHaveText('待受理');

  // --- the console: 办件中心 → the case → 受理, then 一次性告知补正
  await page.getByRole('menuitem', { name: /办件中心/ }).click();
  await inputOf(page, 'cases-search').fill(caseNo);
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByTestId('cases-table').getByText(caseNo).click();
  await expect(page).toHaveURL(new RegExp(`/admin/cases/${caseId}$`));
  await expect(page.getByTestId('case-status')).toHaveText('待受理');
  await act(page, 'accept');
  await expect(page.getByTestId('case-status')).toHaveText('办理中');
  const item = '近期一寸免冠照片不清晰，请重新上传';
  await act(page, 'request-supplement', async (dialog) => {
    const tags = dialog.getByRole('textbox').first();
    await tags.fill(item);
    await tags.press('Enter');
    await expect(dialog.getByText(item)).toBeVisible();
  });
  await expect(page.getByTestId('case-status')).toHaveText('待补正');

  // --- the citizen sees 待补正 with the item, re-uploads the photo and changes the address
  await h5.reload();
  await expect(h5.getByTestId('case-status')).toHaveText('待补正');
  await expect(h5.getByTestId('case-supplement')).toContainText(item);
  await noAxeViolations(h5, '补正');
  await h5.getByRole('button', { name: '删除近期一寸免冠彩色照片第1份' }).click();
  await h5.getByTestId('upload-input-photo').setInputFiles(png('photo-new.png'));
  await expect(h5.locator('[data-field="photo"] img.fu__thumb')).toHaveCount(1);
  await expect(h5.locator('[data-field="photo"] [role="status"]')).toHaveCount(0);
  await h5.getByLabel('居住详细地址').fill('达州市通川区朝阳东路99号1栋1单元101');
  await h5.getByTestId('case-supplement-submit').click();
  await expect(h5.getByText('补正材料已提交')).toBeVisible();
  await expect(h5.getByTestId('case-status')).toHaveText('办理中');

  // --- the console moves it on: 审查通过 (审查), 审查通过 (决定), 办结
  await page.reload();
  await expect(page.getByTestId('case-status')).toHaveText('办理中');
  await expect(page.getByTestId('case-detail')).toContainText('朝阳东路99号');
  await act(page, 'approve');
  await expect(page.getByTestId('case-action-deny')).toBeVisible(); // now at 决定
  await act(page, 'approve');
  await expect(page.getByTestId('case-action-complete')).toBeVisible(); // now at 办结
  await act(page, 'complete');
  await expect(page.getByTestId('case-status')).toHaveText('已办结');

  // --- the citizen downloads the signed PDF
  await h5.reload();
  await expect(h5.getByTestId('case-status')).toHaveText('已办结');
  const doc = h5.getByTestId('case-document');
  await expect(doc).toBeVisible({ timeout: 30_000 });
  const href = await doc.getByTestId('case-doc-download').getAttribute('href');
  expect(href).toMatch(/^\/api\/documents\/[^/]+\/pdf$/);
  const pdf = await h5.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // --- and checks it through 扫一扫 → 相册 with a picture of the document's QR code
  const docs = (await (await h5.request.get('/api/documents')).json()) as { items: { caseId: number | null; qrText: string; url: string }[] };
  const mine = docs.items.find((d) => d.caseId === caseId);
  expect(mine?.url).toBe(href);
  const qrPng = await QRCode.toBuffer(mine!.qrText, { type: 'png', margin: 4, width: 360 });
  await h5.goto('/scan');
  await expect(h5.getByTestId('scan-album')).toBeVisible();
  await h5.locator('input[type="file"]:not([capture])').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: qrPng });
  await expect(h5).toHaveURL(/\/verify\/result/);
  await expect(h5.getByTestId('verify-valid')).toHaveText('有效');

  // --- and rates it 非常满意
  await h5.goto(caseUrl);
  await expect(h5.getByTestId('rate-submit')).toBeVisible();
  await noAxeViolations(h5, '好差评');
  await h5.getByTestId('rate-level-5').click();
  await h5.getByTestId('rate-submit').click();
  await expect(h5.getByTestId('rating-past')).toContainText('非常满意');
  await h5.context().close();
});

test('表单设计: a field added to 居住证办理 and published shows on the phone at once', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await consoleLogin(page.request);
  await page.goto('/admin/');
  await page.getByRole('menuitem', { name: /表单设计/ }).click();
  await page.getByTestId('forms-table').getByText('居住证办理', { exact: true }).click();
  await expect(page.getByTestId('form-designer')).toBeVisible();
  await page.getByTestId('add-field-text').click();
  const label = '紧急联系人';
  await inputOf(page, 'field-label').fill(label);
  await page.getByTestId('publish-form').click();
  await inputOf(page, 'form-publish-note').fill('e2e：增加紧急联系人');
  await page.getByTestId('form-publish-confirm').click();
  await expect(inputOf(page, 'form-publish-note')).toBeHidden();

  const h5 = await phoneOf(browser, page);
  await citizenLogin(h5);
  await h5.goto('/forms/residence-permit');
  await expect(h5.getByLabel(label)).toBeVisible();
  await h5.context().close();
});
