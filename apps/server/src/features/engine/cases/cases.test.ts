import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaseDetail, CaseListResponse } from '@dz/contracts';
import { registerPerson } from '../../auth/test-kit.js';
import { setupAdmin, type StaffSession, call } from '../../admin-auth/test-support.js';
import { harness, type Harness } from '../../utilities/test-support.js';
import { CITY, GOOD_DATA, PERMIT, insertForm, publishWorkflow, staffContext } from './cases.test-support.js';
import { addWorkingDays } from './working-days.js';
import { staffSteps } from '../../../db/seed/engine/palm-forms.js';

let h: Harness;
let admin: StaffSession;
let demoId: number;
beforeAll(async () => {
  h = await harness();
  admin = await setupAdmin(h.t);
  await publishWorkflow(h.t, admin, 'test-permit', PERMIT);
  await insertForm(h.t.app, { code: 'test-permit-form', title: '测试许可事项', workflowCode: 'test-permit' });
  const me = await h.t.app.inject({ url: '/api/me', headers: { cookie: h.demo } });
  demoId = (me.json() as { id?: number; user?: { id: number } }).user?.id ?? (me.json() as { id: number }).id;
});
afterAll(async () => h.close());
afterEach(() => {
  vi.useRealTimers();
});

const app = () => h.t.app;
const post = (url: string, payload: object, cookie = h.demo) => app().inject({ method: 'POST', url, payload, headers: { cookie } });
const get = (url: string, cookie = h.demo) => app().inject({ method: 'GET', url, headers: { cookie } });
const file = async (formCode = 'test-permit-form', data: object = GOOD_DATA) => {
  const res = await post('/api/cases', { formCode, site: CITY, data });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; caseNo: string; status: string };
};
const detail = async (id: number, cookie = h.demo) => {
  const res = await get(`/api/cases/${id}`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as CaseDetail;
};

describe('filing a case', () => {
  it('files a promise case: 201 submitted, a case number, data encrypted, applicant indexed and masked', async () => {
    const c = await file();
    expect(c.status).toBe('submitted');
    expect(c.caseNo).toMatch(/^SQ\d{16}$/);
    const row = await app().ctx.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.data_enc).not.toContain('511702199001011231');
    expect(row.applicant_masked).toBe('张*');
    expect(row.applicant_id_bidx).toBe(app().ctx.gm.blindIndex('id', '511702199001011231'));
    expect(row.form_version).toBe(1);
    const d = await detail(c.id);
    expect(d.data).toMatchObject({ name: '张*', reason: '申请办理测试事项' });
    expect(String(d.data.idNumber)).not.toContain('19900101');
    expect(String(d.data.phone)).toMatch(/^139\*{4}0001$/);
    expect(d.canWithdraw).toBe(true);
    expect(d.steps.map((s) => [s.name, s.status])).toEqual([
      ['提交申请', 'done'],
      ['受理', 'current'],
      ['审查', 'pending'],
      ['决定', 'pending'],
      ['办结', 'pending'],
    ]);
  });

  it('rejects bad data with 400 naming each field by its Chinese label', async () => {
    const res = await post('/api/cases', { formCode: 'test-permit-form', site: CITY, data: { name: '', idNumber: '123', phone: '12', reason: 'ab' } });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; message: string; fields: Record<string, string> };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fields.name).toContain('申请人姓名');
    expect(body.fields.idNumber).toContain('公民身份号码');
    expect(body.fields.phone).toContain('联系电话');
    expect(body.fields.reason).toContain('申请事由');
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('404s an unknown form, and asks an unverified citizen to verify first (403 saying where)', async () => {
    expect((await post('/api/cases', { formCode: 'no-such-form', site: CITY, data: {} })).statusCode).toBe(404);
    const p = await registerPerson(app());
    const res = await post('/api/cases', { formCode: 'test-permit-form', site: CITY, data: GOOD_DATA }, p.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'REALNAME_REQUIRED' });
    expect(res.json().message).toContain('实名认证');
  });

  it('keeps a draft without checking required fields, then submits it', async () => {
    const res = await post('/api/cases', { formCode: 'test-permit-form', site: CITY, data: { name: '张三' }, draft: true });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json() as { id: number; status: string };
    expect(draft.status).toBe('draft');
    const bad = await post('/api/cases', { formCode: 'test-permit-form', site: CITY, data: { name: '张三', idNumber: 'x' }, draft: true });
    expect(bad.statusCode).toBe(400); // formats are still checked
    const sub = await post('/api/cases', { formCode: 'test-permit-form', site: CITY, data: GOOD_DATA, draftId: draft.id });
    expect(sub.statusCode, sub.body).toBe(201);
    expect(sub.json()).toMatchObject({ id: draft.id, status: 'submitted' });
    const again = await post('/api/cases', { formCode: 'test-permit-form', site: CITY, data: GOOD_DATA, draftId: draft.id });
    expect(again.statusCode).toBe(409);
  });

  it('withdraws before 受理 only, and shows a case to its owner only', async () => {
    const c = await file();
    const other = await registerPerson(app());
    expect((await get(`/api/cases/${c.id}`, other.cookie)).statusCode).toBe(404);
    expect((await post(`/api/cases/${c.id}/withdraw`, {}, other.cookie)).statusCode).toBe(404);
    const w = await post(`/api/cases/${c.id}/withdraw`, {});
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ status: 'withdrawn', canWithdraw: false });
    // Withdrawn while waiting for 受理: that stage never began.
    expect((w.json() as CaseDetail).steps.map((s) => [s.name, s.status])).toEqual([
      ['提交申请', 'done'],
      ['已撤回', 'failed'],
    ]);
    expect((await post(`/api/cases/${c.id}/withdraw`, {})).statusCode).toBe(409);
  });
});

describe('the state machine', () => {
  it('runs a full lifecycle: accept → approve → complete, with the timeline, messages and SMS', async () => {
    const c = await file();
    const clerk = await staffContext(app(), { id: 9001, name: '王五' });
    await app().cases.act(c.id, 'accept', clerk, { comment: '材料齐全，予以受理' });
    let d = await detail(c.id);
    expect(d.status).toBe('accepted');
    expect(d.deadline).toBe(addWorkingDays(d.steps[1]!.at!, 5));
    expect(d.canWithdraw).toBe(false);
    expect((await post(`/api/cases/${c.id}/withdraw`, {})).statusCode).toBe(409);
    // 受理 is step 1's action: the case now sits at 审查, where 办结 is not offered.
    await expect(app().cases.act(c.id, 'complete', clerk)).rejects.toMatchObject({ statusCode: 409, code: 'ACTION_NOT_ALLOWED' });
    await app().cases.act(c.id, 'approve', clerk, { comment: '审查通过' });
    // 决定 needs case:review.
    const handlerOnly = await staffContext(app(), { id: 9002, name: '赵六', permissions: ['case:handle'] });
    await expect(app().cases.act(c.id, 'complete', handlerOnly)).rejects.toMatchObject({ statusCode: 403 });
    const chief = await staffContext(app(), { id: 9003, name: '钱七' });
    await app().cases.act(c.id, 'complete', chief, { comment: '准予许可' });
    d = await detail(c.id);
    expect(d.status).toBe('completed');
    expect(d.steps.map((s) => [s.name, s.status])).toEqual([
      ['提交申请', 'done'],
      ['受理', 'done'],
      ['审查', 'done'],
      ['决定', 'done'],
      ['办结', 'done'],
    ]);
    expect(d.steps[1]).toMatchObject({ name: '受理', comment: '材料齐全，予以受理' });
    expect(d.steps[2]).toMatchObject({ name: '审查', comment: '审查通过' });
    // 办结 at 决定: the decision's comment is shown once, on 办结.
    expect(d.steps[3]).toMatchObject({ name: '决定', comment: null });
    expect(d.steps[4]).toMatchObject({ name: '办结', comment: '准予许可' });
    expect(d.steps[3]!.at).toBe(d.steps[4]!.at);
    expect(d.canRate).toBe(true);
    expect(d.document?.url).toMatch(/^\/api\/documents\/.+\/pdf$/);
    // The document's QR text, as the case page shows it, is what 扫码核验 accepts.
    expect(d.document?.qrText).toMatch(/^DZDOC:/);
    const verified = await app().inject({ method: 'POST', url: '/api/verify', payload: { qrText: d.document!.qrText } });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ valid: true });
    const events = await app().cases.events(c.id);
    expect(events.map((e) => e.action)).toEqual(['submit', 'accept', 'approve', 'complete']);
    expect(events[1]).toMatchObject({ actor_type: 'staff', actor_name: '王五', from_status: 'submitted', to_status: 'accepted', step_name: '受理' });
    // Notifications at 受理 and 办结: a personal message linking to the case, and SMS without personal data.
    const msgs = await app().ctx.db.selectFrom('messages').select(['title', 'link', 'body']).where('user_id', '=', demoId).where('link', '=', `/cases/${c.id}`).execute();
    expect(msgs.map((m) => m.title).sort()).toEqual(['办件已办结', '办件已受理']);
    const sms = await app().ctx.db.selectFrom('sms_outbox').select('text').where('text', 'like', `%${c.caseNo}%`).execute();
    expect(sms).toHaveLength(2);
    for (const s of sms) expect(s.text).not.toMatch(/张三|511702/);
  });

  it('refuses staff outside the case site, and a reject without a reason', async () => {
    const c = await file();
    const county = await staffContext(app(), { id: 9004, site: '511722' });
    await expect(app().cases.act(c.id, 'accept', county)).rejects.toMatchObject({ statusCode: 403 });
    const clerk = await staffContext(app(), { id: 9005 });
    await expect(app().cases.act(c.id, 'reject', clerk, {})).rejects.toMatchObject({ statusCode: 400 });
    await app().cases.act(c.id, 'reject', clerk, { comment: '不属于本部门受理范围' });
    const d = await detail(c.id);
    expect(d.status).toBe('rejected');
    // Refused at 受理: the stages after it are left out, the reason is shown once, on 未通过.
    expect(d.steps.map((s) => [s.name, s.status, s.comment])).toEqual([
      ['提交申请', 'done', null],
      ['受理', 'failed', null],
      ['未通过', 'failed', '不属于本部门受理范围'],
    ]);
    expect(d.steps[2]!.at).not.toBeNull();
  });

  it('a workflow whose last step is 办结 shows 办结 once, from filing to the end', async () => {
    await publishWorkflow(h.t, admin, 'test-staff', { kind: 'promise', timeLimitDays: 10, steps: staffSteps(10), partner: null, document: null });
    await insertForm(app(), { code: 'test-staff-form', title: '测试四环节事项', workflowCode: 'test-staff' });
    const c = await file('test-staff-form');
    const names = (d: CaseDetail) => d.steps.map((s) => [s.name, s.status]);
    expect(names(await detail(c.id))).toEqual([
      ['提交申请', 'done'],
      ['受理', 'current'],
      ['审查', 'pending'],
      ['决定', 'pending'],
      ['办结', 'pending'],
    ]);
    const clerk = await staffContext(app(), { id: 9010 });
    await app().cases.act(c.id, 'accept', clerk, { comment: '予以受理' });
    await app().cases.act(c.id, 'approve', clerk, { comment: '材料审查通过' });
    await app().cases.act(c.id, 'approve', clerk, { comment: '同意' });
    // At the 办结 step the case is still 办理中: 办结 is the next (and only) end.
    let d = await detail(c.id);
    expect(names(d)).toEqual([
      ['提交申请', 'done'],
      ['受理', 'done'],
      ['审查', 'done'],
      ['决定', 'done'],
      ['办结', 'pending'],
    ]);
    await app().cases.act(c.id, 'complete', clerk, { comment: '准予许可，证照已寄出' });
    d = await detail(c.id);
    expect(names(d)).toEqual([
      ['提交申请', 'done'],
      ['受理', 'done'],
      ['审查', 'done'],
      ['决定', 'done'],
      ['办结', 'done'],
    ]);
    expect(d.steps.map((s) => s.comment)).toEqual([null, '予以受理', '材料审查通过', '同意', '准予许可，证照已寄出']);
    expect(d.steps.every((s) => s.at !== null)).toBe(true);
  });

  it('20 staff acting on one case at once: exactly one wins, 19 get 409 naming who acted', async () => {
    const c = await file();
    const actors = await Promise.all(Array.from({ length: 20 }, (_, i) => staffContext(app(), { id: 9100 + i, name: `办事员${i + 1}` })));
    const results = await Promise.allSettled(actors.map((a) => app().cases.act(c.id, 'accept', a, { version: 0 })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(lost).toHaveLength(19);
    const winner = (ok[0] as PromiseFulfilledResult<{ last_actor: string | null }>).value.last_actor!;
    for (const r of lost) {
      expect(r.reason).toMatchObject({ statusCode: 409, code: 'CASE_CONFLICT' });
      expect((r.reason as Error).message).toContain(`已由 ${winner} 于`);
      expect((r.reason as Error).message).toContain('受理');
    }
    const events = await app().cases.events(c.id);
    expect(events.filter((e) => e.action === 'accept')).toHaveLength(1);
    const row = await app().cases.get(c.id);
    expect(row?.version).toBe(1);
  });
});

describe('the working-day clock', () => {
  it('stops while 待补正 and restarts with what is left: the deadline moves by the paused working days', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-09-30T02:00:00.000Z')); // Wednesday 10:00 Beijing
    const c = await file();
    const clerk = await staffContext(app(), { id: 9201 });
    let row = await app().cases.act(c.id, 'accept', clerk);
    // 5 working days from 09-30: 10-08, 10-09, 10-10 (调休 Saturday), 10-12, 10-13.
    expect(row.deadline_at).toBe('2026-10-13T15:59:59.999Z');
    vi.setSystemTime(new Date('2026-10-09T03:00:00.000Z'));
    row = await app().cases.act(c.id, 'request-supplement', clerk, { items: ['身份证复印件不清晰，请重新上传'], comment: '一次性告知' });
    expect(row.status).toBe('supplement');
    expect(row.used_days).toBe(2);
    expect(row.deadline_at).toBeNull();
    let d = await detail(c.id);
    expect(d.supplement).toEqual({ items: ['身份证复印件不清晰，请重新上传'], comment: '一次性告知' });
    expect(d.deadline).toBeNull();
    // The citizen answers on Wednesday 10-14: 3 days left → 10-15, 10-16, 10-19.
    vi.setSystemTime(new Date('2026-10-14T02:00:00.000Z'));
    expect((await post(`/api/cases/${c.id}/supplement`, { data: { reason: '' } })).statusCode).toBe(400);
    const res = await post(`/api/cases/${c.id}/supplement`, { data: { reason: '重新上传了清晰的材料' } });
    expect(res.statusCode, res.body).toBe(200);
    d = res.json() as CaseDetail;
    expect(d.status).toBe('accepted');
    expect(d.deadline).toBe('2026-10-19T15:59:59.999Z');
    expect(d.data.reason).toBe('重新上传了清晰的材料');
    expect(d.supplement).toBeNull();
    // The paused working days were 10-10, 10-12, 10-13 and 10-14: without the pause it was 10-13.
    expect(addWorkingDays('2026-10-13T15:59:59.999Z', 4)).toBe(d.deadline);
    expect((await post(`/api/cases/${c.id}/supplement`, { data: { reason: '再次补正的内容' } })).statusCode).toBe(409);
    const msgs = await app().ctx.db.selectFrom('messages').select('title').where('link', '=', `/cases/${c.id}`).execute();
    expect(msgs.map((m) => m.title)).toContain('办件需要补正材料');
  });

  it('a 补正 asked before 受理 (材料不齐) returns the case to 待受理 with the clock not started', async () => {
    await publishWorkflow(h.t, admin, 'test-intake', { ...PERMIT, steps: [{ ...PERMIT.steps[0]!, actions: ['accept', 'reject', 'request-supplement'] }, ...PERMIT.steps.slice(1)] });
    await insertForm(app(), { code: 'test-intake-form', title: '测试材料预审事项', workflowCode: 'test-intake' });
    const c = await file('test-intake-form');
    const clerk = await staffContext(app(), { id: 9251 });
    let row = await app().cases.act(c.id, 'request-supplement', clerk, { items: ['缺少户口簿'] });
    expect(row).toMatchObject({ status: 'supplement', used_days: 0, deadline_at: null, clock_started_at: null });
    expect((await detail(c.id)).supplement?.items).toEqual(['缺少户口簿']);
    const res = await post(`/api/cases/${c.id}/supplement`, { data: { reason: '已补充户口簿' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'submitted', deadline: null, canWithdraw: true });
    row = await app().cases.act(c.id, 'accept', clerk);
    expect(row.deadline_at).toBe(addWorkingDays(row.accepted_at!, 5));
  });

  it('marks accepted cases overdue once their deadline passes on the working-day calendar', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-09-30T02:00:00.000Z'));
    await publishWorkflow(h.t, admin, 'test-quick', { ...PERMIT, timeLimitDays: 1 });
    await insertForm(app(), { code: 'test-quick-form', title: '测试即时限事项', workflowCode: 'test-quick' });
    const c = await file('test-quick-form');
    const row = await app().cases.act(c.id, 'accept', await staffContext(app(), { id: 9301 }));
    expect(row.deadline_at).toBe('2026-10-08T15:59:59.999Z'); // the whole 国庆 week is not counted
    vi.useRealTimers();
    expect(await app().caseHandoff.sla('2026-10-07T12:00:00.000Z')).toBe(0);
    expect((await app().cases.get(c.id))?.overdue).toBe(0);
    expect(await app().caseHandoff.sla('2026-10-08T16:00:00.000Z')).toBeGreaterThanOrEqual(1);
    expect((await app().cases.get(c.id))?.overdue).toBe(1);
    // 超期提醒 on the timeline, once however often the sweep runs
    expect(await app().caseHandoff.sla('2026-10-09T16:00:00.000Z')).toBe(0);
    const reminders = (await app().cases.events(c.id)).filter((e) => e.action === 'sla');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.comment).toContain('承诺办结时限');
  });
});

describe('一件事 (bundle)', () => {
  const BUNDLE = {
    kind: 'bundle' as const,
    timeLimitDays: 10,
    steps: [
      { key: 'receive', name: '部门受理', permission: 'case:handle', actions: ['accept', 'reject'] as ('accept' | 'reject')[] },
      { key: 'handle', name: '部门办理', permission: 'case:handle', actions: ['complete', 'deny', 'request-supplement'] as ('complete' | 'deny' | 'request-supplement')[] },
    ],
    parts: [
      { code: 'birth', name: '出生医学证明', department: '市卫健委', partner: null },
      { code: 'hukou', name: '户口登记', department: '市公安局', partner: null },
      { code: 'medicare', name: '城乡居民医保参保登记', department: '市医保局', partner: null },
    ],
  };

  it('is one case for the citizen with parts, completed only when every part is', async () => {
    await publishWorkflow(h.t, admin, 'test-newborn', BUNDLE);
    await insertForm(app(), { code: 'test-newborn-form', title: '新生儿出生一件事', workflowCode: 'test-newborn' });
    const c = await file('test-newborn-form');
    let d = await detail(c.id);
    expect(d.status).toBe('accepted');
    expect(d.steps.map((s) => [s.name, s.status])).toEqual([
      ['提交申请', 'done'],
      ['受理', 'done'],
      ['部门联办', 'current'],
      ['办结', 'pending'],
    ]);
    expect(d.parts.map((p) => [p.code, p.department, p.status])).toEqual([
      ['birth', '市卫健委', 'submitted'],
      ['hukou', '市公安局', 'submitted'],
      ['medicare', '市医保局', 'submitted'],
    ]);
    const list = (await get('/api/cases?pageSize=100')).json() as CaseListResponse;
    expect(list.items.filter((i) => i.caseNo.startsWith(c.caseNo))).toHaveLength(1);
    const clerk = await staffContext(app(), { id: 9401 });
    for (const p of d.parts) await app().cases.act(p.id, 'accept', clerk);
    for (const p of d.parts.slice(0, 2)) await app().cases.act(p.id, 'complete', clerk, { comment: '已办结' });
    d = await detail(c.id);
    expect(d.status).toBe('accepted');
    expect(d.steps[2]).toMatchObject({ name: '部门联办', status: 'current', comment: '已办结 2/3 项' });
    // A part's 补正 is answered on the 一件事 itself.
    await app().cases.act(d.parts[2]!.id, 'request-supplement', clerk, { items: ['请补充父母户口簿首页'] });
    d = await detail(c.id);
    expect(d.supplement?.items).toEqual(['请补充父母户口簿首页']);
    const answer = await post(`/api/cases/${c.id}/supplement`, { data: { reason: '已补充户口簿首页' } });
    expect(answer.statusCode, answer.body).toBe(200);
    expect((answer.json() as CaseDetail).parts[2]?.status).toBe('accepted');
    await app().cases.act(d.parts[2]!.id, 'complete', clerk);
    d = await detail(c.id);
    expect(d.status).toBe('completed');
    expect(d.parts.every((p) => p.status === 'completed')).toBe(true);
    expect(d.steps.map((s) => [s.name, s.status])).toEqual([
      ['提交申请', 'done'],
      ['受理', 'done'],
      ['部门联办', 'done'],
      ['办结', 'done'],
    ]);
  });

  it('is refused when one part is denied', async () => {
    const c = await file('test-newborn-form');
    const d = await detail(c.id);
    const clerk = await staffContext(app(), { id: 9402 });
    for (const p of d.parts) await app().cases.act(p.id, 'accept', clerk);
    await app().cases.act(d.parts[0]!.id, 'complete', clerk);
    await app().cases.act(d.parts[1]!.id, 'deny', clerk, { comment: '户籍信息不符' });
    const after = await detail(c.id);
    expect(after.status).toBe('rejected');
    expect(after.steps.map((s) => [s.name, s.status])).toEqual([
      ['提交申请', 'done'],
      ['受理', 'done'],
      ['部门联办', 'failed'],
      ['未通过', 'failed'],
    ]);
    expect(after.steps.at(-1)?.comment).toContain('户籍信息不符');
  });
});

describe('materials', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-test-image-证明材料'.repeat(20))]);
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
  const send = (cookie: string, content: Buffer, name = 'proof.png') => {
    const boundary = '----dzcases' + Math.random().toString(16).slice(2);
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return app().inject({ method: 'POST', url: '/api/files', payload, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  };
  const upload = async (cookie: string, content = PNG) => {
    const res = await send(cookie, content);
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };

  it('takes a PDF material only where its field accepts PDF, judged by content', async () => {
    // A PDF by its bytes (whatever its name says); a cut-off one (no %%EOF) is refused.
    const pdf = await upload(h.demo, PDF);
    expect((await app().ctx.db.selectFrom('files').select('mime').where('id', '=', pdf).executeTakeFirstOrThrow()).mime).toBe('application/pdf');
    const cut = await send(h.demo, PDF.subarray(0, 30), 'cut.pdf');
    expect(cut.statusCode).toBe(400);
    expect(cut.json().message).toContain('PDF');
    // The test form's 证明材料 is an image field: a PDF there is refused, naming the field.
    const res = await post('/api/cases', { formCode: 'test-permit-form', site: CITY, data: { ...GOOD_DATA, photos: [pdf] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields.photos).toBe('证明材料只能上传图片（JPG、PNG、WebP）');
  });
  const count = async () => Number((await app().ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('links the citizen’s own uploads to the case, and refuses someone else’s before filing anything', async () => {
    const mine = await upload(h.demo);
    const c = await file('test-permit-form', { ...GOOD_DATA, photos: [mine] });
    const links = await app().ctx.db.selectFrom('file_links').select(['file_id']).where('owner_type', '=', 'case').where('owner_id', '=', String(c.id)).execute();
    expect(links.map((l) => l.file_id)).toEqual([mine]);
    const other = await registerPerson(app());
    const theirs = await upload(other.cookie);
    const before = await count();
    const res = await post('/api/cases', { formCode: 'test-permit-form', site: CITY, data: { ...GOOD_DATA, photos: [theirs] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields.photos).toContain('证明材料');
    expect(await count()).toBe(before);
  });
});

describe('我的办件 and workflows', () => {
  it('lists 在线报装 installations (kind installation) among the cases, opening their own page; the engine does not move them', async () => {
    const now = new Date().toISOString();
    const r = await app()
      .ctx.db.insertInto('cases')
      .values({
        case_no: 'BZ2026120600000001',
        user_id: demoId,
        site_code: CITY,
        kind: 'installation',
        title: '用水报装申请',
        status: 'accepted',
        form_code: 'install-water',
        form_site: CITY,
        form_version: 0,
        workflow_code: 'installation',
        workflow_site: CITY,
        workflow_version: 0,
        data_enc: app().ctx.gm.encrypt('{}'),
        result: JSON.stringify({ steps: [], lastError: null, attachments: [] }),
        partner_ref: 'W1',
        created_at: now,
        submitted_at: now,
        updated_at: now,
      })
      .executeTakeFirstOrThrow();
    const id = Number(r.insertId);
    const list = (await get('/api/cases?pageSize=5')).json() as CaseListResponse;
    expect(list.items[0]).toMatchObject({ id, caseNo: 'BZ2026120600000001', kind: 'installation', status: 'accepted', statusName: '办理中', href: `/me/cases/${id}` });
    // Opened through GET /api/applications/:id; the engine's detail, withdraw and state machine leave it alone.
    expect((await get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect((await post(`/api/cases/${id}/withdraw`, {})).statusCode).toBe(404);
    await expect(app().cases.act(id, 'complete', { type: 'system', id: null, name: '系统' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('lists engine cases newest first with hrefs, and pages', async () => {
    const c = await file();
    const res = await get('/api/cases?page=1&pageSize=2');
    expect(res.statusCode).toBe(200);
    const list = res.json() as CaseListResponse;
    expect(list.items).toHaveLength(2);
    expect(list.total).toBeGreaterThan(2);
    expect(list.items[0]).toMatchObject({ id: c.id, href: `/cases/${c.id}`, kind: 'promise', status: 'submitted', statusName: '待受理' });
  });

  it('publishes versions; a case keeps the version it started with; a county inherits the city’s', async () => {
    const c = await file();
    const v2 = await publishWorkflow(h.t, admin, 'test-permit', { ...PERMIT, timeLimitDays: 20 });
    expect(v2.version).toBeGreaterThanOrEqual(2);
    const row = await app().cases.act(c.id, 'accept', await staffContext(app(), { id: 9501 }));
    expect(row.workflow_version).toBe(1);
    expect(row.deadline_at).toBe(addWorkingDays(row.accepted_at!, 5));
    const inherited = await app().workflows.resolve('test-permit', '511702');
    expect(inherited).toMatchObject({ siteCode: CITY, version: v2.version });
    const versions = await call(h.t, admin.cookie, 'GET', `/api/admin/workflows/test-permit/versions?site=${CITY}`);
    expect(versions.statusCode).toBe(200);
    expect((versions.json() as { version: number }[]).map((v) => v.version)[0]).toBe(v2.version);
    const list = await call(h.t, admin.cookie, 'GET', '/api/admin/workflows?site=511702');
    expect((list.json() as { code: string; inherited: boolean }[]).find((w) => w.code === 'test-permit')).toMatchObject({ inherited: true });
    const bad = await call(h.t, admin.cookie, 'POST', '/api/admin/workflows', { site: CITY, code: 'test-bad', name: '坏流程', definition: { kind: 'promise', timeLimitDays: 5, steps: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('至少需要一个办理环节');
    const badPerm = await call(h.t, admin.cookie, 'POST', '/api/admin/workflows', { site: CITY, code: 'test-bad', name: '坏流程', definition: { kind: 'promise', timeLimitDays: 5, steps: [{ key: 'a', name: '甲', permission: 'case:fly', actions: ['accept'] }] } });
    expect(badPerm.statusCode).toBe(400);
    expect(badPerm.json().message).toContain('case:fly');
    // A 提交前核验 needs a 承诺件 handed to a bureau (elsewhere the engine would never run it).
    const steps = [{ key: 'a', name: '受理', permission: 'case:handle', actions: ['accept'] }];
    const staffOnly = await call(h.t, admin.cookie, 'POST', '/api/admin/workflows', { site: CITY, code: 'test-bad', name: '坏流程', definition: { kind: 'promise', timeLimitDays: 5, steps, precheck: { operation: 'withdraw' } } });
    expect(staffOnly.statusCode).toBe(400);
    expect(staffOnly.json().message).toContain('提交前核验只用于对接部门系统的承诺件');
    const withBureau = await call(h.t, admin.cookie, 'POST', '/api/admin/workflows', { site: CITY, code: 'test-precheck', name: '核验流程', definition: { kind: 'promise', timeLimitDays: 5, steps, partner: 'housing-fund', precheck: { operation: 'withdraw' } }, note: '测试' });
    expect(withBureau.statusCode, withBureau.body).toBeLessThan(300);
    expect((await app().workflows.resolve('test-precheck', CITY))?.definition.precheck).toEqual({ operation: 'withdraw' });
    expect((await call(h.t, null, 'GET', `/api/admin/workflows?site=${CITY}`)).statusCode).toBe(401);
  });
});
