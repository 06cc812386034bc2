import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { consoleLogin } from './fixtures.js';

/**
 * 旅游 / 文体教育 in the console (issue 15): an operator uploads a picture in 文件中心, makes a spot in
 * 景点管理 with that picture as its 实景图 (picked from the file centre) and sees it listed, and writes
 * a 资助政策 with a bold word through the rich-text editor. The three pages pass axe (WCAG 2.1 AA).
 */

// A real 2×2 PNG (the server accepts uploads by their content, not by their name).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

async function noAxeViolations(p: Page, what: string): Promise<void> {
  const r = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(r.violations.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
}

test('文件中心 → 景点管理 → 资助政策: upload a picture, use it in a spot, write a policy with a bold word', async ({ page }) => {
  // Three pages with axe, two uploads and two dialogs; the login may wait for a fresh TOTP step.
  test.setTimeout(180_000);
  await consoleLogin(page.request);
  const tag = Date.now().toString(36).slice(-5);
  const fileName = `实景图-${tag}.png`;
  const spotName = `测试景点${tag}`;
  const policyTitle = `测试资助政策${tag}`;

  // 文件中心: upload; a thumbnail of the picture appears in the grid.
  await page.goto('/admin/file-centre');
  await expect(page.getByRole('heading', { level: 1, name: '文件中心' })).toBeVisible();
  await page.locator('[data-testid="file-upload"] input[type="file"]').setInputFiles({ name: fileName, mimeType: 'image/png', buffer: PNG });
  const grid = page.getByTestId('file-grid');
  await expect(grid.getByRole('img', { name: fileName })).toBeVisible();
  await noAxeViolations(page, '文件中心');
  // A text file named .png is refused by its content.
  await page.locator('[data-testid="file-upload"] input[type="file"]').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
  await expect(page.getByText('仅支持 JPG、PNG、WebP 格式的图片或 PDF 文件').first()).toBeVisible();

  // 景点管理: a new spot with the picture from the file centre.
  await page.goto('/admin/tourism-spots');
  await expect(page.getByRole('heading', { level: 1, name: '景点管理' })).toBeVisible();
  await expect(page.getByTestId('spot-table')).toBeVisible();
  await noAxeViolations(page, '景点管理');
  await page.getByTestId('spot-create').click();
  const dialog = page.getByRole('dialog', { name: '新增景点' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: '景点名称' }).fill(spotName);
  // The select's placeholder lies over its input (Element Plus); the click is meant for the select.
  await dialog.getByRole('combobox', { name: '所在区县' }).click({ force: true });
  await page.getByRole('option', { name: '通川区', exact: true }).click();
  await dialog.getByRole('textbox', { name: '景点介绍' }).fill('端到端测试的景点介绍。');
  await dialog.getByRole('textbox', { name: '地址', exact: true }).fill('达州市通川区测试路1号');
  await dialog.getByTestId('spot-pick-photos').click();
  const picker = page.getByRole('dialog', { name: '选择实景图' });
  await picker.getByRole('button', { name: `选择“${fileName}”` }).click();
  await picker.getByTestId('file-picker-confirm').click();
  await expect(picker).toBeHidden();
  await expect(dialog.getByRole('list', { name: '已选实景图' }).getByRole('img', { name: fileName })).toBeVisible();
  await noAxeViolations(page, '新增景点');
  await dialog.getByTestId('spot-save').click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('spot-table').getByRole('row').filter({ hasText: spotName });
  await expect(row).toContainText('通川区');
  await expect(row).toContainText('已发布');
  await expect(row.getByRole('img', { name: `${spotName}封面` })).toBeVisible();

  // 资助政策: a policy whose body has a bold word.
  await page.goto('/admin/aid-policies');
  await expect(page.getByRole('heading', { level: 1, name: '资助政策' })).toBeVisible();
  await expect(page.getByTestId('policy-table')).toBeVisible();
  await noAxeViolations(page, '资助政策');
  await page.getByTestId('policy-create').click();
  const pd = page.getByRole('dialog', { name: '新增资助政策' });
  await expect(pd).toBeVisible();
  await pd.getByRole('textbox', { name: '政策名称' }).fill(policyTitle);
  const body = pd.getByTestId('rich-text');
  await body.click();
  await page.keyboard.type('家庭经济困难学生可申请');
  await pd.getByRole('button', { name: '加粗' }).click();
  await page.keyboard.type('生活补助');
  const from = pd.getByPlaceholder('选择生效日期');
  await from.fill('2026-01-01');
  await from.press('Enter');
  await noAxeViolations(page, '新增资助政策');
  await pd.getByTestId('policy-save').click();
  await expect(pd).toBeHidden();
  const prow = page.getByTestId('policy-table').getByRole('row').filter({ hasText: policyTitle });
  await expect(prow).toContainText('义务教育');
  await expect(prow).toContainText('2026-01-01');

  const saved = (await (await page.request.get('/api/admin/education/aid-policies?site=511700')).json()) as { items: { title: string; body: string }[] };
  expect(saved.items.find((p) => p.title === policyTitle)?.body).toContain('<strong>生活补助</strong>');
});
