/**
 * 公积金提取 (issue 14) on the engine against the real sandbox 住房公积金管理中心: the centre checks
 * the amount before the case is filed (workflow precheck) — above the withdrawable balance or the
 * 租房 yearly limit is the form's 400 under 提取金额, nothing filed; within it the case is filed,
 * handed to the centre, decided through the sandbox control and shown 办结 with the centre's result
 * in 我的办件, and the centre's 业务进度 lists it. The centre down: 503, nothing filed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HousingFundAccountRow } from '@dz/partner-protocol';
import { maskIdNumber, type CaseDetail, type FormField } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { login, newIp, sessionCookie } from '../../auth/test-kit.js';
import { eventually } from '../../utilities/test-support.js';
import { startBureaus, type Bureaus } from '../../../partners/connectors/test-support.js';
import { DEMO_CITIZEN } from '../../../db/seed/index.js';

const SITE = '511702';
const FORM = 'housing-fund-withdraw';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 7)]);

/** The demo citizen's account as a test pins it: 3,000.00 元 withdrawable of 5,000.00 (fen). */
const account = (withdrawable: number): HousingFundAccountRow => ({
  accountNo: '511700001234',
  name: DEMO_CITIZEN.name,
  status: 'normal',
  employer: '达州市演示科技有限公司',
  base: 800_000,
  monthlyDeposit: 192_000,
  balance: Math.max(withdrawable, 500_000),
  withdrawable,
  employerRate: 12,
  personalRate: 12,
  openedOn: '2015-03-01',
  lastDepositPeriod: '2026-11',
});

let sandbox: Bureaus;
let t: TestApp;
let demo: string;

async function control(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${sandbox.url}/_control/housing-fund/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const env = (await res.json()) as { code: string };
  if (env.code !== '0000') throw new Error(`control ${path}: ${JSON.stringify(env)}`);
}
const pin = (withdrawable: number | null) => control('account', { idNumber: DEMO_CITIZEN.idNumber, account: withdrawable === null ? null : account(withdrawable) });

async function upload(): Promise<string> {
  const boundary = '----dzhf';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await t.app.inject({ method: 'POST', url: '/api/files', payload, headers: { cookie: demo, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** What the H5 sends: the prefill, the reason's papers, a bank card. */
async function withdrawal(reason: 'rent' | 'purchase', amount: number, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const form = (await t.app.inject({ url: `/api/forms/${FORM}?site=${SITE}`, headers: { cookie: demo } })).json() as { prefill: Record<string, string>; fields: FormField[] };
  const papers = reason === 'rent' ? { rentContract: [await upload()] } : { purchaseContract: [await upload()], purchaseInvoice: [await upload()] };
  return { ...form.prefill, reason, amount, bankName: '中国建设银行', bankCard: '6217003810012345678', bankCardPhoto: [await upload()], ...papers, ...extra };
}
const file = (data: Record<string, unknown>, more: Record<string, unknown> = {}) => t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: FORM, site: SITE, data, ...more } });
const filed = async () => Number((await t.app.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('form_code', '=', FORM).where('status', '!=', 'draft').executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  sandbox = await startBureaus({ decideAfterMs: null });
  t = await createTestApp({}, { PARTNERS_BASE_URL: sandbox.url });
  demo = sessionCookie(await login(t.app, DEMO_CITIZEN.phone, DEMO_CITIZEN.password, newIp()))!;
});
afterAll(async () => {
  await t?.close();
  await sandbox?.close();
});
beforeEach(async () => {
  await control('reset', {});
});

describe('公积金提取: the centre checks before the case is filed', () => {
  it('the seeded workflow asks the centre to check `withdraw`', async () => {
    const wf = await t.app.ctx.db.selectFrom('workflows').select('definition').where('code', '=', FORM).orderBy('version', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(wf.definition)).toMatchObject({ kind: 'promise', partner: 'housing-fund', precheck: { operation: 'withdraw' } });
  });

  it('above the withdrawable balance: 400 under 提取金额 with the centre’s words, nothing filed', async () => {
    await pin(300_000);
    const before = await filed();
    const res = await file(await withdrawal('purchase', 3000.01));
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as { code: string; message: string; fields: Record<string, string> };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(body.fields)).toEqual(['amount']);
    expect(body.fields.amount).toMatch(/提取金额超过账户可提取余额/);
    expect(body.fields.amount).toContain('3,000.00');
    expect(body.message).toBe(body.fields.amount);
    expect(await filed()).toBe(before);
    // To the fen: exactly the withdrawable is fine.
    expect((await file(await withdrawal('purchase', 3000))).statusCode).toBe(201);
  });

  it('a third decimal is the form’s own 400 under 提取金额 (to the fen), before the centre is asked', async () => {
    await pin(300_000);
    const res = await file(await withdrawal('purchase', 100.005));
    expect(res.statusCode, res.body).toBe(400);
    expect((res.json() as { fields: Record<string, string> }).fields.amount).toContain('最多两位小数');
    expect((await file(await withdrawal('purchase', 100.1))).statusCode).toBe(201);
  });

  it('租房 above 14,400 元 a year: 400 naming the limit, though the balance would allow it', async () => {
    await pin(5_000_000);
    const res = await file(await withdrawal('rent', 14_400.01));
    expect(res.statusCode, res.body).toBe(400);
    expect((res.json() as { fields: Record<string, string> }).fields.amount).toContain('14,400');
  });

  it('no account at the centre: 400 under 提取金额 saying so', async () => {
    await pin(null);
    const res = await file(await withdrawal('purchase', 100));
    expect(res.statusCode, res.body).toBe(400);
    expect((res.json() as { fields: Record<string, string> }).fields.amount).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('a draft is checked when it is submitted, and stays a draft when refused', async () => {
    await pin(300_000);
    const data = await withdrawal('rent', 5000);
    const saved = await file(data, { draft: true });
    expect(saved.statusCode, saved.body).toBe(201);
    const draftId = (saved.json() as { id: number }).id;
    const refused = await file(data, { draftId });
    expect(refused.statusCode, refused.body).toBe(400);
    expect((await t.app.cases.get(draftId))?.status).toBe('draft');
    const ok = await file({ ...data, amount: 2500.5 }, { draftId });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await t.app.cases.get(draftId))?.status).toBe('submitted');
  });

  it('the applicant is the login, whatever the browser sends as the ID number', async () => {
    await pin(300_000);
    // Nobody else's account is checked (nor its balance told): another ID number is the login's.
    const res = await file(await withdrawal('rent', 1200, { applicantIdNumber: '11010519491231002X', applicantName: '李四' }));
    expect(res.statusCode, res.body).toBe(201);
    const d = (await t.app.inject({ url: `/api/cases/${(res.json() as { id: number }).id}`, headers: { cookie: demo } })).json() as CaseDetail;
    expect(d.data.applicantIdNumber).toBe(maskIdNumber(DEMO_CITIZEN.idNumber));
  });

  it('within the limits: filed, handed to the centre, decided, 办结 with its result, listed in 业务进度', async () => {
    await pin(5_000_000);
    const res = await file(await withdrawal('rent', 3600));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: number; caseNo: string; status: string };
    expect(c.status).toBe('submitted');

    await t.app.caseHandoff.submit(c.id).catch(() => undefined);
    const row = await eventually(async () => {
      const r = await t.app.cases.get(c.id);
      return r?.handoff === 'sent' ? r : null;
    });
    expect(row.partner_ref).toMatch(/^GJJ/);
    expect(await t.app.caseHandoff.decide(c.id)).toBe('pending');
    await sandbox.decide('housing-fund', row.partner_ref!, 'approved');
    expect(await t.app.caseHandoff.decide(c.id)).toBe('approved');

    const d = (await t.app.inject({ url: `/api/cases/${c.id}`, headers: { cookie: demo } })).json() as CaseDetail;
    expect(d.status).toBe('completed');
    expect(d.result).toMatchObject({ 审批编号: row.partner_ref, 提取金额: '3600.00元' });
    expect(d.steps.map((s) => [s.name, s.status])).toEqual([
      ['提交申请', 'done'],
      ['受理', 'done'],
      ['办结', 'done'],
    ]);

    // The centre's 业务进度 (a 查询 of the 公积金 zone) lists the withdrawal the portal handed over.
    const progress = (await t.app.inject({ url: `/api/forms/hf-progress?site=${SITE}`, headers: { cookie: demo } })).json() as { prefill: Record<string, string> };
    const q = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: 'hf-progress', site: SITE, data: progress.prefill } });
    expect(q.statusCode, q.body).toBe(201);
    const rows = (q.json() as { result: { rows: Record<string, unknown>[] } }).result.rows;
    expect(JSON.stringify(rows)).toContain(row.partner_ref!);
  });

  it('the centre down: 503 with a Chinese message within 3 s, nothing filed', async () => {
    await pin(5_000_000);
    const data = await withdrawal('rent', 1000);
    const before = await filed();
    sandbox.down('housing-fund');
    try {
      const started = Date.now();
      const res = await file(data);
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toMatchObject({ code: 'PARTNER_UNAVAILABLE', message: expect.stringMatching(/申请未提交/) });
      expect(Date.now() - started).toBeLessThan(3500);
      expect(await filed()).toBe(before);
    } finally {
      sandbox.heal('housing-fund', t.app);
    }
  });
});
