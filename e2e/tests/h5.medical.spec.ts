import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { makeIdNumber, sandboxUrl } from './fixtures.js';

/**
 * 医疗就诊 (issue 12) against the sandbox HIS, 医保 system and payment gateway: the demo citizen
 * adds a family member, books a 市级 hospital's 心血管内科 for tomorrow morning, pays on the
 * cashier, sees it in 我的挂号, cancels and sees the refund; opens a lab report with an abnormal
 * value; runs 医保账户余额. The sandbox keeps the first 心血管内科 doctor of every 市级 hospital
 * open every morning (apps/partners his/schedule.ts), so "tomorrow morning" exists on any day.
 */

const HOSPITAL = 'H11'; // 达州市中心医院（演示）, 市级
const DEPARTMENT = `${HOSPITAL}-CAR`; // 心血管内科
const DOCTOR = `${DEPARTMENT}-1`;

/** Tomorrow as the hospital's calendar has it (Beijing), whatever the machine's time zone. */
function tomorrow(): string {
  return new Date(Date.now() + 8 * 3600_000 + 86400_000).toISOString().slice(0, 10);
}

async function loginAsDemo(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('账号').fill('13900000001');
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me/);
}

/**
 * 确认挂号 for tomorrow morning, once it can be submitted. Each server process keeps a department's
 * 号源 for 3 s, so the one serving this page may still hold a previous test's 约满 when another has
 * already seen the place back: reload until it has.
 */
async function openRegisterPage(page: Page, day: string): Promise<void> {
  await expect(async () => {
    await page.goto(`/medical/register?hospitalId=${HOSPITAL}&departmentId=${DEPARTMENT}&date=${day}&slotId=${DOCTOR}-${day.replace(/-/g, '')}-am`);
    await expect(page.getByTestId('register-submit')).toBeEnabled({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Filled by the booking test for the axe pass, which also looks at a registration and a report. */
let registrationPath = '';
let reportPath = '';

test('the demo citizen adds a family member, books 心血管内科 for tomorrow morning, pays, finds it in 我的挂号, cancels and is refunded', async ({ page }) => {
  test.setTimeout(120_000);
  await loginAsDemo(page);

  // 就诊人管理: the ID number is checked as it is typed (GB 11643 check digit)
  await page.goto('/medical/patients');
  await expect(page.getByTestId('patient-0')).toContainText('本人');
  await page.getByTestId('patient-add').click();
  await expect(page).toHaveURL(/\/medical\/patients\/new/);
  await page.getByLabel('姓名').fill('张小明');
  const idNumber = makeIdNumber('20150601');
  const wrong = idNumber.slice(0, 17) + (idNumber.endsWith('0') ? '1' : '0');
  await page.getByLabel('身份证号').fill(wrong);
  await expect(page.getByText('身份证号校验位不正确，请核对是否输错')).toBeVisible();
  await page.getByLabel('身份证号').fill(idNumber);
  await expect(page.getByText('身份证号校验位不正确，请核对是否输错')).toHaveCount(0);
  await page.getByLabel('手机号').fill('13900000011');
  await page.getByRole('radio', { name: '子女' }).click();
  await page.getByTestId('patient-save').click();
  await expect(page).toHaveURL(/\/medical\/patients$/);
  await expect(page.locator('[data-testid^="patient-"]').filter({ hasText: '子女' })).toHaveCount(1);

  // 预约挂号 from the 医疗就诊 zone: 市级 → the hospital → 心血管内科 → tomorrow → 上午
  await page.goto('/zones/medical');
  await page.getByTestId('app-tile-hospital-booking').click();
  await expect(page).toHaveURL(/\/apps\/hospital-booking/);
  await page.getByRole('radio', { name: '市级' }).click();
  await page.getByTestId(`hospital-${HOSPITAL}`).click();
  await page.getByTestId(`department-${DEPARTMENT}`).click();
  const day = tomorrow();
  await page.getByTestId(`date-${day}`).click();
  await expect(page.getByTestId(`date-${day}`)).toHaveAttribute('aria-pressed', 'true');
  const slot = page.getByTestId(`slot-${DOCTOR}-${day.replace(/-/g, '')}-am`);
  await expect(slot).toContainText('上午');
  await expect(slot).toContainText(/剩余 \d+/);
  await slot.click();

  // 确认挂号 for the family member → the 号源 is locked → the sandbox cashier
  await expect(page).toHaveURL(/\/medical\/register\?/);
  await expect(page.getByTestId('register-time')).toContainText('上午');
  const fee = (await page.getByTestId('register-fee').innerText()).trim();
  expect(fee).toMatch(/^¥\d+\.\d{2}$/);
  await page.getByRole('radio', { name: /子女/ }).click();
  await page.getByTestId('register-submit').click();
  await expect(page).toHaveURL(/\/cashier\//);
  await expect(page.getByText(fee.replace('¥', '')).first()).toBeVisible();
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page).toHaveURL(/\/payments\/result\?orderId=DZ/);
  await expect(page.getByText('支付成功')).toBeVisible({ timeout: 20_000 });

  // the result page leads to the registration; the hospital confirms it (就诊序号)
  await page.getByTestId('result-registration').click();
  await expect(page).toHaveURL(/\/me\/registrations(\/\d+)?$/);
  await page.goto('/me/registrations?tab=booked');
  const card = page.locator('[data-testid^="registration-"]').filter({ hasText: '心血管内科' }).first();
  await expect(async () => {
    await page.reload();
    await expect(card).toContainText('已预约', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await card.getByRole('link').click();
  await expect(page).toHaveURL(/\/me\/registrations\/\d+$/);
  registrationPath = new URL(page.url()).pathname;
  await expect(page.getByTestId('registration-status')).toHaveText('已预约');
  await expect(page.getByTestId('registration-visit-no')).not.toBeEmpty();

  // 取消挂号: the dialog says the fee is refunded; then 已取消 and the refund
  await page.getByTestId('registration-cancel').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('原路退回');
  await dialog.getByRole('button', { name: '确定取消' }).click();
  await expect(page.getByTestId('registration-status')).toHaveText('已取消');
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('registration-refund')).toContainText('已退款', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  // 缴费记录 shows the 挂号费 refunded, 我的预约 the cancelled registration
  await page.goto('/me/payments');
  const order = page.locator('[data-testid^="payment-"]').filter({ hasText: '挂号费' }).first();
  await expect(order).toContainText('已退款');
  await expect(order).toContainText(fee);
  await page.goto('/me/appointments');
  await expect(page.locator('[data-testid^="my-reservation-"]').filter({ hasText: '预约挂号' }).first()).toContainText('已取消');
});

test('the demo citizen opens a lab report with an abnormal value, marked ↑ or ↓ in words', async ({ page }) => {
  await loginAsDemo(page);
  await page.goto('/zones/medical');
  await page.getByTestId('app-tile-lab-report-query').click();
  await expect(page).toHaveURL(/\/apps\/lab-report-query/);
  const abnormal = page.locator('[data-testid^="report-"]').filter({ hasText: '项异常' }).first();
  await expect(abnormal).toBeVisible();
  await abnormal.getByRole('link').click();
  await expect(page).toHaveURL(/\/medical\/reports\/[^/?]+\?patientId=\d+/);
  reportPath = new URL(page.url()).pathname + new URL(page.url()).search;
  const flagged = page.locator('tr[data-flag="high"], tr[data-flag="low"]').first();
  await expect(flagged).toBeVisible();
  await expect(flagged).toContainText(/↑ 偏高|↓ 偏低/);
  // 保存PDF is a download of the server's PDF
  const pdf = page.getByTestId('report-pdf');
  const res = await page.request.get((await pdf.getAttribute('href'))!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/pdf');
});

test('the demo citizen runs 医保账户余额 from the 医疗就诊 zone', async ({ page }) => {
  await loginAsDemo(page);
  await page.goto('/zones/medical');
  await page.getByTestId('app-tile-medical-account-balance').click();
  await expect(page).toHaveURL(/\/forms\/medical-account-balance/);
  await page.getByTestId('form-next').click();
  await expect(page.getByText('查询完成')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/余额/).first()).toBeVisible();
});

test('the 医疗就诊 pages have no axe-core violations (WCAG 2.1 AA), in standard and elder mode', async ({ page }) => {
  test.setTimeout(240_000);
  expect(registrationPath, 'needs the registration booked by the first test').toBeTruthy();
  expect(reportPath, 'needs the report opened by the second test').toBeTruthy();
  await loginAsDemo(page);
  const day = tomorrow();
  const paths = [
    '/apps/hospital-booking',
    `/medical/hospitals/${HOSPITAL}`,
    `/medical/hospitals/${HOSPITAL}/departments/${DEPARTMENT}?date=${day}`,
    `/medical/register?hospitalId=${HOSPITAL}&departmentId=${DEPARTMENT}&date=${day}&slotId=${DOCTOR}-${day.replace(/-/g, '')}-am`,
    '/medical/patients',
    '/medical/patients/new',
    '/apps/registration-payment',
    '/me/registrations?tab=history',
    registrationPath,
    '/apps/lab-report-query',
    reportPath,
    '/me/appointments',
    '/me/payments',
  ];
  const check = async (prefix: string) => {
    for (const path of paths) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await expect(page.locator('.van-skeleton')).toHaveCount(0);
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(r.violations.map((v) => `${prefix}${path}: ${v.id} ${v.nodes.length} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    }
  };
  await check('');
  await page.goto('/');
  await page.getByTestId('elder-toggle').click();
  await expect(page.locator('html')).toHaveClass(/elder/);
  await check('elder ');
});

test('the last place taken meanwhile: 确认挂号 says 约满 and offers to choose again', async ({ page }) => {
  const control = `${sandboxUrl()}/_control/his`;
  await loginAsDemo(page);
  const day = tomorrow();
  const slotId = `${DOCTOR}-${day.replace(/-/g, '')}-am`;
  await openRegisterPage(page, day);
  // someone else takes the last place at the hospital while the citizen reads the summary
  expect((await page.request.post(`${control}/slots/${slotId}`, { data: { remaining: 0 } })).ok()).toBe(true);
  try {
    await page.getByTestId('register-submit').click();
    await expect(page.getByTestId('register-error')).toContainText('约满');
    await page.getByRole('button', { name: '重新选择号源' }).click();
    await expect(page).toHaveURL(new RegExp(`/medical/hospitals/${HOSPITAL}/departments/${DEPARTMENT}\\?date=${day}$`));
    await expect(page.getByTestId(`date-${day}`)).toHaveAttribute('aria-pressed', 'true');
  } finally {
    await page.request.post(`${control}/reset`, { data: {} });
    // The server keeps a department's 号源 for a few seconds; the next test must not find this place 约满.
    await expect
      .poll(
        async () => {
          const r = (await (await page.request.get(`/api/medical/schedules?hospitalId=${HOSPITAL}&departmentId=${DEPARTMENT}&date=${day}`)).json()) as { doctors: { slots: { slotId: string; remaining: number }[] }[] };
          return r.doctors.flatMap((d) => d.slots).find((x) => x.slotId === slotId)?.remaining ?? 0;
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
  }
});

test('the hospital system down: 确认挂号 says so within 3 s and leaves no registration or order pending', async ({ page }) => {
  // Last in this file: the failed calls may open the HIS breaker for a while, which no later spec needs.
  const sandbox = `${sandboxUrl()}/_control/faults`;
  await loginAsDemo(page);
  const day = tomorrow();
  const pending = async () => {
    const unpaid = (await (await page.request.get('/api/medical/registrations?status=unpaid')).json()) as { items: unknown[] };
    const orders = (await (await page.request.get('/api/payments?page=1&pageSize=50')).json()) as { items: { biz: string; status: string }[] };
    return unpaid.items.length + orders.items.filter((o) => o.biz === 'medical' && o.status === 'pending').length;
  };
  const before = await pending();
  await openRegisterPage(page, day);
  await page.request.post(sandbox, { data: { partner: 'his', errorRate: 1 } });
  try {
    const started = Date.now();
    await page.getByTestId('register-submit').click();
    await expect(page.getByTestId('register-error')).toContainText('医院系统暂时无法连接', { timeout: 3_000 });
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(page.getByTestId('register-error')).toContainText('未扣费');
  } finally {
    await page.request.delete(`${sandbox}?partner=his`);
  }
  expect(await pending()).toBe(before);
});
