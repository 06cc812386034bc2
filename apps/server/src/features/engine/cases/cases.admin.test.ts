/**
 * 办件中心 over HTTP: site scope (a county sees only its own cases — 404 elsewhere — the city sees
 * every county), queues and badges, search by case number and by the applicant's ID number, full
 * personal data only with case:pii (and audited), staff actions through the one state machine
 * (20 at once → one wins), materials, and 办件统计 figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminCaseCounts, AdminCaseDetail, AdminCaseList, CaseStatsResponse } from '@dz/contracts';
import { idNumber } from '../../auth/test-kit.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../../admin-auth/test-support.js';
import { harness, type Harness } from '../../utilities/test-support.js';
import { GOOD_DATA, PERMIT, insertForm, publishWorkflow } from './cases.test-support.js';
import { addWorkingDays } from './working-days.js';

const TONGCHUAN = '511702';
const XUANHAN = '511722';
const CITY = '511700';

let h: Harness;
let admin: StaffSession;
let tc: StaffSession; // 通川区 办件受理人员 (case:handle + case:pii)
let tc2: StaffSession; // a second 通川区 handler
let xh: StaffSession; // 宣汉县 办件受理人员
let cityReviewer: StaffSession; // 达州市 审核人员 (case:review, no case:pii)
let operator: StaffSession; // 通川区 运营人员 (no case permission)

const app = () => h.t.app;
const OTHER_ID = idNumber('19850505', '321');

async function file(site: string, data: Record<string, unknown> = GOOD_DATA, formCode = 'cc-permit-form') {
  const res = await app().inject({ method: 'POST', url: '/api/cases', payload: { formCode, site, data }, headers: { cookie: h.demo } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; caseNo: string; status: string };
}
const list = async (s: StaffSession, qs = '') => {
  const res = await call(h.t, s.cookie, 'GET', `/api/admin/cases${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AdminCaseList;
};
const detail = (s: StaffSession, id: number, qs = '') => call(h.t, s.cookie, 'GET', `/api/admin/cases/${id}${qs}`);
const act = (s: StaffSession, id: number, body: object) => call(h.t, s.cookie, 'POST', `/api/admin/cases/${id}/actions`, body);
const audits = (action: string, objectId: number) => app().ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('object_id', '=', String(objectId)).execute();

let c1: { id: number; caseNo: string }; // 通川区
let c2: { id: number; caseNo: string }; // 宣汉县
let c3: { id: number; caseNo: string }; // 通川区, another applicant

beforeAll(async () => {
  h = await harness();
  admin = await setupAdmin(h.t);
  await publishWorkflow(h.t, admin, 'cc-permit', PERMIT);
  await insertForm(app(), { code: 'cc-permit-form', title: '控制台测试许可', workflowCode: 'cc-permit', site: CITY });
  await insertForm(app(), { code: 'cc-stats-form', title: '统计测试事项', workflowCode: 'cc-permit', site: CITY });
  tc = await createStaff(h.t, admin, { username: 'tc_handler', siteCode: TONGCHUAN, roles: ['case_handler'], displayName: '通川王五' });
  tc2 = await createStaff(h.t, admin, { username: 'tc_handler2', siteCode: TONGCHUAN, roles: ['case_handler'], displayName: '通川赵六' });
  xh = await createStaff(h.t, admin, { username: 'xh_handler', siteCode: XUANHAN, roles: ['case_handler'], displayName: '宣汉李四' });
  cityReviewer = await createStaff(h.t, admin, { username: 'city_reviewer', siteCode: CITY, roles: ['reviewer'], displayName: '市级审核' });
  operator = await createStaff(h.t, admin, { username: 'tc_operator', siteCode: TONGCHUAN, roles: ['operator'] });
  c1 = await file(TONGCHUAN);
  c2 = await file(XUANHAN);
  c3 = await file(TONGCHUAN, { ...GOOD_DATA, name: '王小明', idNumber: OTHER_ID, phone: '13912345678' });
}, 120_000);
afterAll(async () => h.close());

describe('site scope', () => {
  it('a county lists only its own cases; the city sees every county', async () => {
    const tcIds = (await list(tc)).items.map((r) => r.id);
    expect(tcIds).toEqual(expect.arrayContaining([c1.id, c3.id]));
    expect(tcIds).not.toContain(c2.id);
    const xhIds = (await list(xh)).items.map((r) => r.id);
    expect(xhIds).toContain(c2.id);
    expect(xhIds).not.toContain(c1.id);
    const cityIds = (await list(cityReviewer)).items.map((r) => r.id);
    expect(cityIds).toEqual(expect.arrayContaining([c1.id, c2.id, c3.id]));
    const row = (await list(cityReviewer)).items.find((r) => r.id === c2.id)!;
    expect(row).toMatchObject({ siteCode: XUANHAN, siteName: '宣汉县', status: 'submitted', statusName: '待受理', applicant: '张*', formCode: 'cc-permit-form' });
    // A county asking for another county's site: 403; staff without case permissions: 403.
    expect((await call(h.t, tc.cookie, 'GET', `/api/admin/cases?site=${XUANHAN}`)).statusCode).toBe(403);
    expect((await call(h.t, operator.cookie, 'GET', '/api/admin/cases')).statusCode).toBe(403);
    // The city narrowing to one county.
    const only = (await list(cityReviewer, `?site=${XUANHAN}`)).items.map((r) => r.id);
    expect(only).toContain(c2.id);
    expect(only).not.toContain(c1.id);
  });

  it("another county's case is 404 for the detail, the materials and the actions, and the attempt is audited", async () => {
    expect((await detail(tc, c2.id)).statusCode).toBe(404);
    expect((await call(h.t, tc.cookie, 'GET', `/api/admin/cases/${c2.id}/files/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    const res = await act(tc, c2.id, { action: 'accept' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/[\u4e00-\u9fff]/);
    const denied = (await audits('case.view', c2.id)).filter((a) => a.result === 'denied' && a.actor_name === 'tc_handler');
    expect(denied.length).toBe(1);
    // The case did not move.
    expect((await app().ctx.db.selectFrom('cases').select('status').where('id', '=', c2.id).executeTakeFirstOrThrow()).status).toBe('submitted');
    // Its own county and the city may open it.
    expect((await detail(xh, c2.id)).statusCode).toBe(200);
    expect((await detail(cityReviewer, c2.id)).statusCode).toBe(200);
  });
});

describe('personal data', () => {
  it('is masked by default, whole only with case:pii, and every view is audited', async () => {
    const masked = await detail(tc, c1.id);
    expect(masked.statusCode, masked.body).toBe(200);
    const d = masked.json() as AdminCaseDetail;
    expect(d.full).toBe(false);
    expect(d.data).toMatchObject({ name: '张*', reason: GOOD_DATA.reason });
    expect(String(d.data.idNumber)).not.toContain('19900101');
    expect(String(d.data.phone)).toBe('139****0001');
    expect(d.form).toMatchObject({ code: 'cc-permit-form', siteCode: CITY, version: 1 });
    expect(d.workflow).toMatchObject({ code: 'cc-permit', version: 1, currentStep: 'receive' });
    expect(d.allowedActions).toEqual(['claim', 'accept', 'reject', 'transfer']);
    expect(d.timeline.map((e) => e.action)).toContain('submit');

    const full = await detail(tc, c1.id, '?full=1');
    expect(full.statusCode, full.body).toBe(200);
    expect((full.json() as AdminCaseDetail).data).toMatchObject({ name: '张三', idNumber: GOOD_DATA.idNumber, phone: GOOD_DATA.phone });
    expect((full.json() as AdminCaseDetail).full).toBe(true);

    // 审核人员 hold no case:pii.
    const refused = await detail(cityReviewer, c1.id, '?full=1');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('完整个人信息');

    expect((await audits('case.view', c1.id)).filter((a) => a.result === 'ok' && a.actor_name === 'tc_handler').length).toBeGreaterThanOrEqual(1);
    const fullViews = await audits('case.view-full', c1.id);
    expect(fullViews.filter((a) => a.result === 'ok' && a.actor_name === 'tc_handler').length).toBe(1);
    expect(fullViews.filter((a) => a.result === 'denied' && a.actor_name === 'city_reviewer').length).toBe(1);
  });
});

describe('search and queues', () => {
  it('finds a case by its number (whole or prefix) and by the applicant ID number or phone, within scope only', async () => {
    expect((await list(tc, `?q=${c1.caseNo}`)).items.map((r) => r.id)).toEqual([c1.id]);
    const prefix = (await list(tc, `?q=${c1.caseNo.slice(0, 10)}`)).items.map((r) => r.id);
    expect(prefix).toContain(c1.id);
    expect((await list(tc, `?q=${OTHER_ID}`)).items.map((r) => r.id)).toEqual([c3.id]);
    expect((await list(tc, `?q=${OTHER_ID.toLowerCase()}`)).items.map((r) => r.id)).toEqual([c3.id]);
    expect((await list(tc, '?q=13912345678')).items.map((r) => r.id)).toEqual([c3.id]);
    expect((await list(tc, `?q=${encodeURIComponent('王小明')}`)).items.map((r) => r.id)).toEqual([c3.id]);
    // Another county's case number finds nothing.
    expect((await list(tc, `?q=${c2.caseNo}`)).total).toBe(0);
  });

  it('sorts cases into queues, with badge counts, due-soon on the working-day calendar and overdue', async () => {
    const a = await file(TONGCHUAN);
    const b = await file(TONGCHUAN);
    const c = await file(TONGCHUAN);
    for (const x of [a, b, c]) expect((await act(tc, x.id, { action: 'accept', comment: '材料齐全' })).statusCode).toBe(200);
    const db = app().ctx.db;
    const now = Date.now();
    await db.updateTable('cases').set({ deadline_at: addWorkingDays(new Date(now).toISOString(), 1) }).where('id', '=', b.id).execute();
    await db.updateTable('cases').set({ deadline_at: new Date(now - 3600_000).toISOString() }).where('id', '=', c.id).execute();
    await db.updateTable('cases').set({ deadline_at: addWorkingDays(new Date(now).toISOString(), 10) }).where('id', '=', a.id).execute();

    const ids = async (queue: string) => (await list(tc, `?queue=${queue}&pageSize=100`)).items.map((r) => r.id);
    expect(await ids('processing')).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(await ids('pending')).toEqual(expect.arrayContaining([c1.id, c3.id]));
    expect(await ids('pending')).not.toContain(a.id);
    expect(await ids('due-soon')).toEqual([b.id]);
    expect(await ids('overdue')).toEqual([c.id]);
    expect(await ids('done')).toEqual([]);
    const overdueRow = (await list(tc, '?queue=overdue')).items[0]!;
    expect(overdueRow.overdue).toBe(true);

    const counts = (await call(h.t, tc.cookie, 'GET', '/api/admin/cases/counts')).json() as AdminCaseCounts;
    expect(counts).toMatchObject({ 'due-soon': 1, overdue: 1, done: 0 });
    expect(counts.processing).toBeGreaterThanOrEqual(3);
    expect(counts.pending).toBe((await ids('pending')).length);
    const xhCounts = (await call(h.t, xh.cookie, 'GET', '/api/admin/cases/counts')).json() as AdminCaseCounts;
    expect(xhCounts.processing).toBe(0);
    expect(xhCounts.pending).toBe(1);
  });
});

describe('actions', () => {
  it('names who acted when the version the staff member saw is stale', async () => {
    const c = await file(TONGCHUAN);
    const seen = ((await detail(tc, c.id)).json() as AdminCaseDetail).version;
    expect((await act(tc2, c.id, { action: 'claim', version: seen })).statusCode).toBe(200);
    const stale = await act(tc, c.id, { action: 'claim', version: seen });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CASE_CONFLICT' });
    expect(stale.json().message).toContain('通川赵六');
  });

  it('claims, assigns within the subtree only, and lists "mine"', async () => {
    const c = await file(TONGCHUAN);
    const claimed = await act(tc, c.id, { action: 'claim' });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect((claimed.json() as AdminCaseDetail).assignee).toBe('通川王五');
    expect((await list(tc, '?mine=true&pageSize=100')).items.map((r) => r.id)).toContain(c.id);
    expect((await list(tc2, '?mine=true&pageSize=100')).items.map((r) => r.id)).not.toContain(c.id);
    // 指派 to a 宣汉县 staff member: refused; to a colleague: done.
    const far = await act(tc, c.id, { action: 'claim', staffId: xh.id });
    expect(far.statusCode).toBe(400);
    const near = await act(tc, c.id, { action: 'claim', staffId: tc2.id });
    expect(near.statusCode, near.body).toBe(200);
    expect((near.json() as AdminCaseDetail).assignee).toBe('通川赵六');
    expect((await audits('case.action', c.id)).filter((a) => a.result === 'ok').length).toBe(2);
  });

  it('answers 409 for an action the state does not allow, and 20 staff acting at once: one wins, 19 × 409 naming who acted', async () => {
    const c = await file(TONGCHUAN);
    const d = (await detail(tc, c.id)).json() as AdminCaseDetail;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => act(i % 2 ? tc2 : tc, c.id, { action: 'accept', version: d.version, comment: `并发受理 ${i}` })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((s) => s === 200).length).toBe(1);
    expect(codes.filter((s) => s === 409).length).toBe(19);
    const winner = results.find((r) => r.statusCode === 200)!.json() as AdminCaseDetail;
    expect(winner.status).toBe('accepted');
    // A loser that read the case before the winner's UPDATE is told who acted (CASE_CONFLICT); one that read it
    // after finds the case at the next step (ACTION_NOT_ALLOWED) — either way a Chinese 409.
    for (const r of results.filter((x) => x.statusCode === 409)) {
      const body = r.json() as { code: string; message: string };
      expect(['CASE_CONFLICT', 'ACTION_NOT_ALLOWED', 'CASE_STATE']).toContain(body.code);
      if (body.code === 'CASE_CONFLICT') expect(body.message).toMatch(/通川(王五|赵六)/);
      expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const events = await app().ctx.db.selectFrom('case_events').select('action').where('case_id', '=', c.id).where('action', '=', 'accept').execute();
    expect(events.length).toBe(1);
    // Accepting again: the state does not allow it.
    expect((await act(tc, c.id, { action: 'accept' })).statusCode).toBe(409);
    // 办结 is not an action of the 审查 step.
    expect(winner.allowedActions).not.toContain('complete');
  });
});

describe('materials', () => {
  it("streams a material linked to the case to staff who may see it, and nothing else", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('case-material'.repeat(20))]);
    const boundary = '----cc' + Math.random().toString(16).slice(2);
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const up = await app().inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: h.demo } });
    expect(up.statusCode, up.body).toBe(201);
    const fileId = (up.json() as { id: string }).id;
    const c = await file(TONGCHUAN, { ...GOOD_DATA, photos: [fileId] });
    const d = (await detail(tc, c.id)).json() as AdminCaseDetail;
    expect(d.materials).toEqual([{ fileId, fieldKey: 'photos', label: '证明材料', name: '证明材料', url: `/api/admin/cases/${c.id}/files/${fileId}` }]);
    const got = await call(h.t, tc.cookie, 'GET', d.materials[0]!.url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(png)).toBe(true);
    // The same file through another case: not linked there.
    expect((await call(h.t, tc.cookie, 'GET', `/api/admin/cases/${c1.id}/files/${fileId}`)).statusCode).toBe(404);
    expect((await call(h.t, xh.cookie, 'GET', d.materials[0]!.url)).statusCode).toBe(404);
  });
});

describe('statistics', () => {
  it('counts filed, completed, on time, overdue and the average handling time per form, with a CSV', async () => {
    const db = app().ctx.db;
    const x = await file(XUANHAN, GOOD_DATA, 'cc-stats-form');
    const y = await file(XUANHAN, GOOD_DATA, 'cc-stats-form');
    const z = await file(XUANHAN, GOOD_DATA, 'cc-stats-form');
    const base = Date.now() - 5 * 86_400_000;
    const iso = (h: number) => new Date(base + h * 3600_000).toISOString();
    // x: accepted, completed 10 h later, before its deadline (on time).
    await db.updateTable('cases').set({ status: 'completed', accepted_at: iso(0), completed_at: iso(10), deadline_at: iso(48) }).where('id', '=', x.id).execute();
    // y: completed 30 h after 受理, 6 h past its deadline (late).
    await db.updateTable('cases').set({ status: 'completed', accepted_at: iso(0), completed_at: iso(30), deadline_at: iso(24) }).where('id', '=', y.id).execute();
    // z: still in progress past its deadline (overdue).
    await db.updateTable('cases').set({ status: 'accepted', accepted_at: iso(0), deadline_at: iso(24) }).where('id', '=', z.id).execute();

    const res = await call(h.t, xh.cookie, 'GET', '/api/admin/cases/stats?groupBy=form');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as CaseStatsResponse;
    const row = s.rows.find((r) => r.key === 'cc-stats-form')!;
    expect(row).toEqual({ key: 'cc-stats-form', name: '统计测试事项', total: 3, completed: 2, onTime: 1, onTimeRate: 0.5, avgHandlingHours: 20, overdue: 2 });
    expect(s.totals.total).toBe(s.rows.reduce((a, r) => a + r.total, 0));

    const bySite = (await call(h.t, cityReviewer.cookie, 'GET', '/api/admin/cases/stats?groupBy=site')).json() as CaseStatsResponse;
    expect(bySite.rows.find((r) => r.key === XUANHAN)).toMatchObject({ name: '宣汉县', completed: 2 });
    // 通川区 does not see 宣汉县's figures.
    const tcStats = (await call(h.t, tc.cookie, 'GET', '/api/admin/cases/stats?groupBy=form')).json() as CaseStatsResponse;
    expect(tcStats.rows.find((r) => r.key === 'cc-stats-form')).toBeUndefined();

    const csv = await call(h.t, xh.cookie, 'GET', '/api/admin/cases/stats.csv?groupBy=form');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF事项（表单）,编码,办件总数,办结数,按时办结数,按时办结率,平均办理时长（小时）,超期数\r\n')).toBe(true);
    expect(csv.body).toContain('统计测试事项,cc-stats-form,3,2,1,50.0%,20,2\r\n');
    expect(csv.body).toContain('合计,');

    const tooLong = await call(h.t, xh.cookie, 'GET', '/api/admin/cases/stats?from=2025-01-01&to=2026-06-30');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().message).toContain('366');
  });
});

describe('一件事', () => {
  it('lists the parent and its parts, each part with its department, and the parent shows its parts', async () => {
    await publishWorkflow(h.t, admin, 'cc-newborn', {
      kind: 'bundle',
      timeLimitDays: 10,
      steps: [
        { key: 'receive', name: '部门受理', permission: 'case:handle', actions: ['accept', 'reject'] },
        { key: 'handle', name: '部门办理', permission: 'case:handle', actions: ['complete', 'deny'] },
      ],
      parts: [
        { code: 'birth', name: '出生医学证明', department: '市卫健委', partner: null },
        { code: 'hukou', name: '户口登记', department: '市公安局', partner: null },
      ],
    });
    await insertForm(app(), { code: 'cc-newborn-form', title: '出生一件事', workflowCode: 'cc-newborn', site: CITY });
    const parent = await file(TONGCHUAN, GOOD_DATA, 'cc-newborn-form');
    const rows = (await list(tc, '?formCode=cc-newborn-form')).items;
    expect(rows.length).toBe(3);
    const parts = rows.filter((r) => r.parentId === parent.id);
    expect(parts.map((p) => [p.title, p.departmentName, p.status]).sort()).toEqual([
      ['出生医学证明', '市卫健委', 'submitted'],
      ['户口登记', '市公安局', 'submitted'],
    ]);
    expect(rows.find((r) => r.id === parent.id)).toMatchObject({ parentId: null, kind: 'bundle' });
    const d = (await detail(tc, parent.id)).json() as AdminCaseDetail;
    expect(d.parts.map((p) => p.departmentName).sort()).toEqual(['市公安局', '市卫健委']);
    const part = (await detail(tc, parts[0]!.id)).json() as AdminCaseDetail;
    expect(part.parent).toMatchObject({ id: parent.id, caseNo: parent.caseNo });
    expect(part.allowedActions).toEqual(['claim', 'accept', 'reject']);
  });
});

describe('installations (在线报装)', () => {
  it('are the company’s to decide: not in the queue, its badges or its detail, and no staff action moves them', async () => {
    const counts = async () => (await call(h.t, tc.cookie, 'GET', '/api/admin/cases/counts')).json() as AdminCaseCounts;
    const before = await counts();
    const now = new Date().toISOString();
    const r = await app()
      .ctx.db.insertInto('cases')
      .values({ case_no: `BZT${Date.now()}`, user_id: 1, site_code: TONGCHUAN, kind: 'installation', title: '用水报装申请', status: 'submitted', form_code: 'install-water', form_site: CITY, form_version: 0, workflow_code: 'installation', workflow_site: CITY, workflow_version: 0, data_enc: app().ctx.gm.encrypt('{}'), created_at: now, submitted_at: now, updated_at: now })
      .executeTakeFirstOrThrow();
    const id = Number(r.insertId);
    expect((await list(tc)).items.map((x) => x.id)).not.toContain(id);
    expect(await counts()).toEqual(before);
    expect((await detail(tc, id)).statusCode).toBe(404);
    expect((await act(tc, id, { action: 'accept', version: 0 })).statusCode).toBe(404);
    expect((await app().ctx.db.selectFrom('cases').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('submitted');
  });
});
