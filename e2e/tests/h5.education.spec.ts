import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * 文体教育 (issue 15) on the H5: 中考成绩查询 against the sandbox 教育局 with the server's captcha —
 * read back through the embedded profile's loopback-only GET /api/dev/captchas/:id, as the SMS outbox
 * is — and its 文字题 alternative; a wrong 报名号 and a wrong 准考证号 show the one same message;
 * 资助政策查询 searched by initials → a policy's body and attachments; axe in 标准版 and 长辈版.
 */

/** Copied from apps/partners/src/partners/education/candidates.ts (DEMO_CANDIDATE and its school). */
const DEMO_CANDIDATE = { name: '李雨萱', idNumber: '511702201103150021', regNo: '2617020158', ticketNo: '260120315' } as const;
const DEMO_SCHOOL = '达州市通川区第八中学（演示）';

interface Captcha {
  captchaId: string;
  text: string;
  answer: string;
}

/** Runs `action` and returns the captcha the page fetched because of it, with its text and answer. */
async function captchaAfter(page: Page, action: () => Promise<unknown>): Promise<Captcha> {
  const fetched = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/education/captcha' && r.request().method() === 'GET' && r.ok());
  await action();
  const { captchaId } = (await (await fetched).json()) as { captchaId: string };
  const dev = await page.request.get(`/api/dev/captchas/${encodeURIComponent(captchaId)}`);
  expect(dev.status()).toBe(200);
  const { text, answer } = (await dev.json()) as { text: string; answer: string };
  return { captchaId, text, answer };
}

async function fillCandidate(page: Page, c: { idNumber: string; regNo: string; ticketNo: string }): Promise<void> {
  await page.getByTestId('exam-id-number').locator('input').fill(c.idNumber);
  await page.getByTestId('exam-reg-no').locator('input').fill(c.regNo);
  await page.getByTestId('exam-ticket-no').locator('input').fill(c.ticketNo);
}

/** 查询, returning the status of the answer and the next captcha (the page always fetches one after a submit). */
async function submit(page: Page): Promise<{ status: number; next: Captcha }> {
  let status = 0;
  const next = await captchaAfter(page, async () => {
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/education/exam-scores');
    await page.getByTestId('exam-submit').click();
    status = (await answered).status();
  });
  return { status, next };
}

test('中考成绩: the demo candidate with the image captcha gets the score card; wrong 报名号 / 准考证号 the one message; the 文字题 works too', async ({ page }) => {
  const first = await captchaAfter(page, () => page.goto('/apps/zhongkao-score'));
  await expect(page.getByTestId('captcha-image')).toBeVisible();
  await expect(page.getByText('查询记录会被记录，用于安全审计')).toBeVisible();

  // typed checks: a bad check digit and short numbers are named under their fields
  await page.getByTestId('exam-id-number').locator('input').fill('511702201103150022');
  await page.getByTestId('exam-reg-no').locator('input').fill('12345');
  await page.getByTestId('exam-ticket-no').locator('input').fill('1');
  await expect(page.getByText('报名号为10位数字')).toBeVisible();
  await expect(page.getByText('准考证号为9位数字')).toBeVisible();

  // a wrong 报名号
  await fillCandidate(page, { ...DEMO_CANDIDATE, regNo: '2617020159' });
  await page.getByTestId('captcha-input').locator('input').fill(first.text);
  const wrongReg = await submit(page);
  expect(wrongReg.status).toBe(404);
  const message = page.getByTestId('exam-message');
  await expect(message).toBeVisible();
  const regText = (await message.textContent())?.trim() ?? '';
  expect(regText).not.toBe('');
  // the captcha was spent: the field is empty and a new image is shown
  await expect(page.getByTestId('captcha-input').locator('input')).toHaveValue('');

  // a wrong 准考证号: the same words
  await fillCandidate(page, { ...DEMO_CANDIDATE, ticketNo: '260120316' });
  await page.getByTestId('captcha-input').locator('input').fill(wrongReg.next.text);
  const wrongTicket = await submit(page);
  expect(wrongTicket.status).toBe(404);
  await expect(message).toHaveText(regText);

  // a wrong captcha: said as such, and a fresh one comes
  await fillCandidate(page, DEMO_CANDIDATE);
  await page.getByTestId('captcha-input').locator('input').fill('zzzz');
  const badCaptcha = await submit(page);
  expect(badCaptcha.status).toBe(400);
  await expect(page.getByText('验证码不正确或已过期，请重新输入')).toBeVisible();

  // the right triple with the image's text → the score card
  await page.getByTestId('captcha-input').locator('input').fill(badCaptcha.next.text);
  const right = await submit(page);
  expect(right.status).toBe(200);
  const card = page.getByTestId('score-card');
  await expect(card).toBeVisible();
  await expect(card).toContainText(DEMO_SCHOOL);
  await expect(card).toContainText('语文');
  await expect(card).toContainText('总分');
  await expect(page.getByTestId('score-name')).not.toHaveText(DEMO_CANDIDATE.name);
  await expect(page.getByTestId('score-name')).toContainText('李');
  await expect(page.locator('body')).not.toContainText(DEMO_CANDIDATE.idNumber);

  // 查询其他考生 → the 文字题 instead of the image, answered in the same field
  await page.getByTestId('score-again').click();
  await expect(page.getByTestId('captcha-image')).toBeVisible();
  await page.getByRole('button', { name: '看不清？改用文字题' }).click();
  await expect(page.getByTestId('captcha-question')).toBeVisible();
  await expect(page.getByTestId('captcha-question')).not.toHaveText('');
  await fillCandidate(page, DEMO_CANDIDATE);
  await page.getByTestId('captcha-input').locator('input').fill(right.next.answer);
  const byQuestion = await submit(page);
  expect(byQuestion.status).toBe(200);
  await expect(page.getByTestId('score-card')).toContainText(DEMO_SCHOOL);
});

test('资助政策: search by initials → a policy with its body and attachments', async ({ page }) => {
  await page.goto('/apps/aid-policy-query');
  await expect(page.locator('.van-skeleton')).toHaveCount(0);
  await expect(page.locator('[data-testid^="aid-policy-"]').first()).toBeVisible();

  // a 学段 chip filters the list, said in words on every row
  const filtered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/education/aid-policies' && new URL(r.url()).searchParams.get('category') === 'high-school');
  await page.getByRole('radio', { name: '普通高中' }).click();
  expect((await filtered).status()).toBe(200);
  await expect(page).toHaveURL(/category=high-school/);
  await expect(page.locator('.van-skeleton')).toHaveCount(0);
  await expect(page.locator('[data-testid^="aid-policy-"]').first()).toBeVisible();
  for (const t of await page.locator('[data-testid^="aid-policy-"]').allTextContents()) expect(t).toContain('学段：普通高中');
  await page.getByRole('radio', { name: '全部' }).click();
  await expect(page).not.toHaveURL(/category=/);

  const searched = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/education/aid-policies' && new URL(r.url()).searchParams.get('q') === 'gjzxj');
  await page.getByTestId('aid-search').fill('gjzxj');
  await page.getByTestId('aid-search').press('Enter');
  expect((await searched).status()).toBe(200);
  const hits = page.locator('[data-testid^="aid-policy-"]');
  await expect(hits.first()).toBeVisible();
  await expect(hits.first()).toContainText('国家助学金');
  for (const t of await hits.allTextContents()) expect(t).toMatch(/助学金/);

  await hits.first().click();
  await expect(page).toHaveURL(/\/education\/aid-policies\/\d+/);
  await expect(page.getByTestId('aid-title')).toContainText('国家助学金');
  await expect(page.getByTestId('aid-body')).not.toBeEmpty();
  await expect(page.getByTestId('aid-body').locator('script')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '附件' })).toBeVisible();
  const links = page.getByTestId('aid-attachments').locator('a');
  if ((await links.count()) > 0) {
    await expect(links.first()).toHaveAttribute('href', /^\/api\/public-files\//);
    await expect(links.first()).toContainText(/PDF|图片|文件/);
  } else {
    await expect(page.getByText('本政策暂无附件')).toBeVisible();
  }

  // an empty search says so
  await page.goto('/apps/aid-policy-query?q=zzzzqqqq');
  await expect(page.getByText('未找到相关资助政策')).toBeVisible();
});

for (const elder of [false, true]) {
  test(`the 文体教育 query pages have no axe-core violations (WCAG 2.1 AA)${elder ? ' in 长辈版' : ''}`, async ({ page }) => {
    test.setTimeout(90_000);
    if (elder) {
      await page.goto('/');
      await page.getByTestId('elder-toggle').click();
      await expect(page.locator('html')).toHaveClass(/elder/);
    }
    const analyze = async (what: string) => {
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(r.violations.map((v) => `${elder ? 'elder ' : ''}${what}: ${v.id} ${v.nodes.length} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    };

    const captcha = await captchaAfter(page, () => page.goto('/apps/zhongkao-score'));
    await expect(page.getByTestId('captcha-image')).toBeVisible();
    await analyze('zhongkao form');
    await page.getByTestId('captcha-switch').click();
    await expect(page.getByTestId('captcha-question')).toBeVisible();
    await fillCandidate(page, DEMO_CANDIDATE);
    await page.getByTestId('captcha-input').locator('input').fill(captcha.answer);
    await page.getByTestId('exam-submit').click();
    await expect(page.getByTestId('score-card')).toBeVisible();
    if (elder) {
      const box = await page.getByTestId('score-again').boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(60);
    }
    await analyze('zhongkao result');

    await page.goto('/apps/aid-policy-query');
    await expect(page.locator('.van-skeleton')).toHaveCount(0);
    await expect(page.locator('[data-testid^="aid-policy-"]').first()).toBeVisible();
    await analyze('aid policies');
    await page.locator('[data-testid^="aid-policy-"]').first().click();
    await expect(page.getByTestId('aid-body')).toBeVisible();
    await analyze('aid policy');
  });
}
