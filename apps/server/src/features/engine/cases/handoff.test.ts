import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListResponse } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { login, newIp, sessionCookie } from '../../auth/test-kit.js';
import { setupAdmin, type StaffSession } from '../../admin-auth/test-support.js';
import { DEMO, eventually } from '../../utilities/test-support.js';
import { startBureaus, type Bureaus } from '../../../partners/connectors/test-support.js';
import { CITY, GOOD_DATA, PERMIT, insertForm, publishWorkflow } from './cases.test-support.js';
import { handoffSteps } from '../../../db/seed/engine/palm-forms.js';

let b: Bureaus;
let t: TestApp;
let admin: StaffSession;
let demo: string;
beforeAll(async () => {
  // The bureaus decide only when a test tells them to.
  b = await startBureaus({ decideAfterMs: null });
  t = await createTestApp({}, { PARTNERS_BASE_URL: b.url });
  const res = await login(t.app, DEMO.phone, DEMO.password, newIp());
  demo = sessionCookie(res)!;
  admin = await setupAdmin(t);
  // The seeded hand-off shape: staff-visible 受理 and 办结, the bureau system acting on both.
  await publishWorkflow(t, admin, 'test-pension', { ...PERMIT, steps: handoffSteps(), partner: 'social' });
  await insertForm(t.app, { code: 'test-pension-form', title: '养老保险待遇申领', workflowCode: 'test-pension' });
});
afterAll(async () => {
  await t.close();
  await b.close();
});

const app = () => t.app;
const post = (url: string, payload: object) => app().inject({ method: 'POST', url, payload, headers: { cookie: demo } });
const detail = async (id: number) => (await app().inject({ url: `/api/cases/${id}`, headers: { cookie: demo } })).json() as CaseDetail;
const file = async (formCode: string, data: object = GOOD_DATA) => {
  const res = await post('/api/cases', { formCode, site: CITY, data });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; caseNo: string; status: string; result?: unknown };
};
const hasDocuments = () => !!(app() as unknown as { documents?: unknown }).documents;

describe('hand-off to a bureau system', () => {
  it('waits while the partner is down (notice), is accepted when it heals, and completes on its decision', async () => {
    b.down('social');
    const c = await file('test-pension-form');
    expect(c.status).toBe('submitted');
    await expect(app().caseHandoff.submit(c.id)).rejects.toMatchObject({ statusCode: 503 });
    let d = await detail(c.id);
    expect(d.status).toBe('submitted');
    expect(d.notice).toBe('已提交，等待部门接收');
    expect((await app().cases.events(c.id)).map((e) => e.action)).toContain('handoff-failed');

    b.heal('social', app());
    await app().caseHandoff.poll();
    const row = await eventually(async () => {
      const r = await app().cases.get(c.id);
      return r?.handoff === 'sent' ? r : null;
    });
    expect(row.status).toBe('accepted');
    expect(row.partner_ref).toMatch(/^RS/);
    d = await detail(c.id);
    expect(d.notice).toBeNull();
    expect(d.deadline).not.toBeNull();
    // Submitting again is harmless: idempotent by case number, and the case is no longer pending.
    expect(await app().caseHandoff.submit(c.id)).toBe('skipped');

    expect(await app().caseHandoff.decide(c.id)).toBe('pending');
    await b.decide('social', row.partner_ref!, 'approved');
    await app().caseHandoff.poll();
    d = await eventually(async () => {
      const x = await detail(c.id);
      return x.status === 'completed' ? x : null;
    });
    expect(d.result).toMatchObject({ 审批编号: row.partner_ref });
    // The bureau's 受理 and decision; the workflow's own 办结 step is the end, shown once.
    expect(d.steps.map((s) => [s.name, s.status])).toEqual([
      ['提交申请', 'done'],
      ['受理', 'done'],
      ['办结', 'done'],
    ]);
    if (hasDocuments()) expect(d.document?.title).toBe('准予许可决定书');
    const events = await app().cases.events(c.id);
    expect(events.filter((e) => e.actor_type === 'partner').map((e) => e.action)).toEqual(['accept', 'complete']);
  });

  it('turns a denial into 不予许可 with the bureau’s comment', async () => {
    const c = await file('test-pension-form');
    await app().caseHandoff.submit(c.id).catch(() => undefined);
    const row = await eventually(async () => {
      const r = await app().cases.get(c.id);
      return r?.handoff === 'sent' ? r : null;
    });
    await b.decide('social', row.partner_ref!, 'denied', '缴费年限不足15年');
    expect(await app().caseHandoff.decide(c.id)).toBe('denied');
    const d = await detail(c.id);
    expect(d.status).toBe('rejected');
    expect(d.steps.at(-1)).toMatchObject({ name: '未通过', status: 'failed', comment: '缴费年限不足15年' });
    expect(d.steps.filter((s) => s.name === '未通过')).toHaveLength(1);
  });
});

describe('即办 and 查询', () => {
  it('即办: the bureau answers at once, the case is completed with its result (and document)', async () => {
    await publishWorkflow(t, admin, 'test-proof', { kind: 'instant', timeLimitDays: 0, steps: [], partner: 'social', operation: 'insurance-proof', document: 'social-insurance-proof' });
    await insertForm(t.app, {
      code: 'test-proof-form',
      title: '社会保险参保证明',
      workflowCode: 'test-proof',
      fields: [
        { key: 'name', label: '姓名', type: 'text', required: true },
        { key: 'idNumber', label: '公民身份号码', type: 'idNumber', required: true },
      ],
    });
    const c = await file('test-proof-form', { name: '张三', idNumber: GOOD_DATA.idNumber });
    expect(c.status).toBe('completed');
    const result = c.result as { title: string; rows: { label: string; value: string }[]; document: { url: string; qrText: string } | null };
    expect(result.title).toBe('社会保险参保证明');
    expect(result.rows.find((r) => r.label === '参保状态')?.value).toBe('正常参保');
    if (hasDocuments()) expect(result.document?.url).toMatch(/^\/api\/documents\//);
    const d = await detail(c.id);
    if (hasDocuments()) expect(d.document?.qrText).toBe(result.document?.qrText);
    expect(d.status).toBe('completed');
    expect(d.canRate).toBe(true);
    expect(d.steps.map((s) => [s.name, s.status])).toEqual([
      ['提交申请', 'done'],
      ['办结', 'done'],
    ]);
    expect(d.steps[1]!.at).not.toBeNull();
  });

  it('the seeded 社保参保证明打印 (即办, operation in its query block) answers with a signed document', async () => {
    const res = await post('/api/cases', {
      formCode: 'social-insurance-proof',
      site: '511702',
      data: { applicantName: '张三', applicantIdNumber: GOOD_DATA.idNumber, applicantPhone: GOOD_DATA.phone, insuranceTypes: ['pension'], purpose: 'house' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { status: string; result: { title: string; document: { url: string } | null } };
    expect(c.status).toBe('completed');
    expect(c.result.title).toBe('社会保险参保证明');
    if (hasDocuments()) expect(c.result.document?.url).toMatch(/^\/api\/documents\//);
  });

  it('查询: the rows come back in the 201, and the lookup is not listed in 我的办件', async () => {
    await publishWorkflow(t, admin, 'test-payments', {
      kind: 'query',
      timeLimitDays: 0,
      steps: [],
      partner: 'social',
      query: { operation: 'payment-records', layout: 'table', columns: [{ key: 'period', label: '缴费年月' }, { key: 'base', label: '缴费基数' }] },
    });
    await insertForm(t.app, { code: 'test-payments-form', title: '社保缴费记录查询', workflowCode: 'test-payments', fields: [{ key: 'idNumber', label: '公民身份号码', type: 'idNumber', required: true }] });
    const c = await file('test-payments-form', { idNumber: GOOD_DATA.idNumber });
    expect(c.status).toBe('completed');
    const result = c.result as { layout: string; columns: unknown[]; rows: { period: string }[] };
    expect(result.layout).toBe('table');
    expect(result.rows).toHaveLength(12);
    const list = (await app().inject({ url: '/api/cases?pageSize=100', headers: { cookie: demo } })).json() as CaseListResponse;
    expect(list.items.some((i) => i.id === c.id)).toBe(false);
  });

  it('a bureau that is down fails 即办 with 503 and files nothing', async () => {
    b.down('social');
    const before = await app().ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await post('/api/cases', { formCode: 'test-proof-form', site: CITY, data: { name: '张三', idNumber: GOOD_DATA.idNumber } });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('PARTNER_UNAVAILABLE');
    const after = await app().ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    b.heal('social', app());
  });
});

describe('一件事 with bureau parts', () => {
  it('hands each part to its bureau; the parent completes when both bureaus approve', async () => {
    await publishWorkflow(t, admin, 'test-newborn-bureaus', {
      kind: 'bundle',
      timeLimitDays: 10,
      steps: [{ key: 'handle', name: '部门办理', permission: 'case:handle', actions: ['accept', 'complete', 'deny'] }],
      parts: [
        { code: 'birth', name: '出生医学证明', department: '市卫健委', partner: 'health' },
        { code: 'hukou', name: '户口登记', department: '市公安局', partner: 'police' },
      ],
    });
    await insertForm(t.app, { code: 'test-newborn-bureaus-form', title: '出生一件事', workflowCode: 'test-newborn-bureaus' });
    const c = await file('test-newborn-bureaus-form');
    let d = await detail(c.id);
    expect(d.status).toBe('accepted');
    for (const p of d.parts) await app().caseHandoff.submit(p.id).catch(() => undefined);
    const parts = await eventually(async () => {
      const rows = await Promise.all(d.parts.map((p) => app().cases.get(p.id)));
      return rows.every((r) => r?.handoff === 'sent') ? rows : null;
    });
    await b.decide('health', parts[0]!.partner_ref!, 'approved');
    await app().caseHandoff.decide(parts[0]!.id);
    expect((await detail(c.id)).status).toBe('accepted');
    await b.decide('police', parts[1]!.partner_ref!, 'approved');
    await app().caseHandoff.decide(parts[1]!.id);
    d = await detail(c.id);
    expect(d.status).toBe('completed');
    expect(d.parts.map((p) => p.status)).toEqual(['completed', 'completed']);
  });
});
