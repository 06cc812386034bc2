/**
 * 好差评 and 整改 over HTTP: a rating only by the owner, only after 办结, once; a 差评 opens a 整改
 * task due in 15 working days; the department's answer reaches the citizen (message + reply) and
 * opens round 2; the console's lists and figures stay inside the staff member's subtree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminCaseDetail, CaseDetail, RatingStatsResponse, RatingView, RectificationRow } from '@dz/contracts';
import { registerPerson } from '../../auth/test-kit.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../../admin-auth/test-support.js';
import { harness, type Harness } from '../../utilities/test-support.js';
import { GOOD_DATA, PERMIT, insertForm, publishWorkflow } from '../cases/cases.test-support.js';
import { addWorkingDays } from '../cases/working-days.js';

const CITY = '511700';
let h: Harness;
let admin: StaffSession;
let handler: StaffSession; // 达州市 办件受理人员
let reviewer: StaffSession; // 达州市 审核人员 (no case:handle)
let county: StaffSession; // 宣汉县 办件受理人员

const app = () => h.t.app;
const citizen = (method: 'GET' | 'POST', url: string, payload?: object, cookie = h.demo) => app().inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

async function fileAndComplete(complete = true): Promise<number> {
  const res = await citizen('POST', '/api/cases', { formCode: 'rt-form', site: CITY, data: GOOD_DATA });
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as { id: number }).id;
  if (!complete) return id;
  for (const action of ['accept', 'approve', 'complete']) {
    const r = await call(h.t, admin.cookie, 'POST', `/api/admin/cases/${id}/actions`, { action, comment: '同意' });
    expect(r.statusCode, r.body).toBe(200);
  }
  return id;
}
const rate = (id: number, body: object, cookie = h.demo) => citizen('POST', `/api/cases/${id}/rating`, body, cookie);

beforeAll(async () => {
  h = await harness();
  admin = await setupAdmin(h.t);
  await publishWorkflow(h.t, admin, 'rt-permit', PERMIT);
  await insertForm(app(), { code: 'rt-form', title: '评价测试事项', workflowCode: 'rt-permit', site: CITY });
  handler = await createStaff(h.t, admin, { username: 'rt_handler', siteCode: CITY, roles: ['case_handler'], displayName: '市级受理' });
  reviewer = await createStaff(h.t, admin, { username: 'rt_reviewer', siteCode: CITY, roles: ['reviewer'] });
  county = await createStaff(h.t, admin, { username: 'rt_county', siteCode: '511722', roles: ['case_handler'] });
}, 120_000);
afterAll(async () => h.close());

describe('rating a case', () => {
  it('only the owner (404 to others), only after 办结 (409), once (409 ALREADY_RATED)', async () => {
    const open = await fileAndComplete(false);
    const early = await rate(open, { level: 5 });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'CASE_NOT_COMPLETED' });

    const id = await fileAndComplete();
    const stranger = await registerPerson(app());
    expect((await rate(id, { level: 5 }, stranger.cookie)).statusCode).toBe(404);
    expect((await rate(999_999, { level: 5 })).statusCode).toBe(404);
    expect((await rate(id, { level: 5, aspects: ['no-such'] })).statusCode).toBe(400);
    expect((await rate(id, { level: 6 })).statusCode).toBe(400);

    const ok = await rate(id, { level: 5, comment: '办得快', aspects: ['speed', 'attitude'] });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toEqual(expect.objectContaining({ level: 5, levelName: '非常满意', comment: '办得快', aspects: ['speed', 'attitude'], round: 1, reply: null }));
    const again = await rate(id, { level: 4 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_RATED' });
    // A good rating opens no 整改.
    expect(await app().ctx.db.selectFrom('rectifications').select('id').where('case_id', '=', id).execute()).toEqual([]);
    // The case views show it.
    const d = (await citizen('GET', `/api/cases/${id}`)).json() as CaseDetail;
    expect(d.ratings.map((r) => r.level)).toEqual([5]);
    expect(d.canRate).toBe(false);
    const staffView = (await call(h.t, handler.cookie, 'GET', `/api/admin/cases/${id}`)).json() as AdminCaseDetail;
    expect(staffView.ratings.map((r) => r.level)).toEqual([5]);
  });

  it('two ratings racing for one case: one is stored', async () => {
    const id = await fileAndComplete();
    const res = await Promise.all(Array.from({ length: 6 }, () => rate(id, { level: 4 })));
    expect(res.filter((r) => r.statusCode === 201).length).toBe(1);
    expect(res.filter((r) => r.statusCode === 409).length).toBe(5);
    expect((await app().ctx.db.selectFrom('case_ratings').select('id').where('case_id', '=', id).execute()).length).toBe(1);
  });
});

describe('差评 and 整改', () => {
  it('a 差评 opens a 整改 due in 15 working days; the answer reaches the citizen and opens round 2', async () => {
    const id = await fileAndComplete();
    const bad = await rate(id, { level: 1, comment: '跑了三次才办成', aspects: ['convenience'] });
    expect(bad.statusCode, bad.body).toBe(201);
    const rating = await app().ctx.db.selectFrom('case_ratings').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    const rect = await app().ctx.db.selectFrom('rectifications').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    expect(rect).toMatchObject({ rating_id: rating.id, site_code: CITY, status: 'open', deadline_at: addWorkingDays(rating.created_at, 15) });
    // No second rating while the department has not answered.
    const wait = await rate(id, { level: 3 });
    expect(wait.statusCode).toBe(409);
    expect(wait.json().message).toContain('整改');

    // The console lists it (open first); another county does not see it.
    const listed = await call(h.t, handler.cookie, 'GET', '/api/admin/rectifications?status=open');
    expect(listed.statusCode, listed.body).toBe(200);
    const row = (listed.json() as { items: RectificationRow[] }).items.find((r) => r.caseId === id)!;
    expect(row).toMatchObject({ id: rect.id, level: 1, comment: '跑了三次才办成', status: 'open', overdue: false, siteName: '达州市', answer: null });
    expect(((await call(h.t, county.cookie, 'GET', '/api/admin/rectifications')).json() as { items: RectificationRow[] }).items.map((r) => r.id)).not.toContain(rect.id);

    // 审核人员 cannot answer (case:handle); another county gets 404; the handler answers once.
    expect((await call(h.t, reviewer.cookie, 'POST', `/api/admin/rectifications/${rect.id}/answer`, { answer: '已整改' })).statusCode).toBe(403);
    expect((await call(h.t, county.cookie, 'POST', `/api/admin/rectifications/${rect.id}/answer`, { answer: '已整改' })).statusCode).toBe(404);
    const answer = '已约谈窗口人员，推行一次告知，材料齐全当场受理。';
    const done = await call(h.t, handler.cookie, 'POST', `/api/admin/rectifications/${rect.id}/answer`, { answer });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'answered', answer, answeredBy: '市级受理' });
    expect((await call(h.t, handler.cookie, 'POST', `/api/admin/rectifications/${rect.id}/answer`, { answer: '再答一次' })).statusCode).toBe(409);
    const audited = await app().ctx.db.selectFrom('audit_log').select(['result']).where('action', '=', 'rectification.answer').where('object_id', '=', String(rect.id)).execute();
    expect(audited.map((a) => a.result).sort()).toEqual(['denied', 'denied', 'ok']);

    // The citizen: a personal message linking to the case, and the reply under the rating.
    const inbox = (await citizen('GET', '/api/messages')).json() as { items: { title: string; body: string; link: string | null }[] };
    const msg = inbox.items.find((m) => m.link === `/cases/${id}`);
    expect(msg?.body).toContain(answer);
    const views = (await citizen('GET', `/api/cases/${id}`)).json() as CaseDetail;
    expect(views.ratings[0]).toMatchObject({ level: 1, reply: answer });
    const mine = (await citizen('GET', '/api/ratings')).json() as { items: { caseId: number; reply: string | null; round: number }[] };
    expect(mine.items.find((r) => r.caseId === id)).toMatchObject({ reply: answer, round: 1 });

    // Round 2 after the 回访, and no third.
    const second = await rate(id, { level: 4, comment: '整改后满意' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ round: 2, level: 4, reply: null });
    expect(((await citizen('GET', `/api/cases/${id}`)).json() as CaseDetail).ratings.map((r: RatingView) => [r.round, r.level])).toEqual([
      [1, 1],
      [2, 4],
    ]);
    expect((await rate(id, { level: 5 })).statusCode).toBe(409);
  });
});

describe('console lists and figures', () => {
  it('lists ratings masked and filtered by level, and counts per level with 差评率 and satisfaction', async () => {
    const res = await call(h.t, reviewer.cookie, 'GET', '/api/admin/ratings?level=1');
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: { level: number; applicant: string; title: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => r.level === 1 && r.applicant === '张*' && r.title === '评价测试事项')).toBe(true);
    expect(((await call(h.t, county.cookie, 'GET', '/api/admin/ratings')).json() as { total: number }).total).toBe(0);

    const stats = await call(h.t, reviewer.cookie, 'GET', '/api/admin/ratings/stats?groupBy=form');
    expect(stats.statusCode, stats.body).toBe(200);
    const s = stats.json() as RatingStatsResponse;
    const all = await app().ctx.db.selectFrom('case_ratings').select('level').where('form_code', '=', 'rt-form').execute();
    const row = s.rows.find((r) => r.key === 'rt-form')!;
    const n = (l: number) => all.filter((r) => r.level === l).length;
    expect(row).toMatchObject({ name: '评价测试事项', total: all.length, bad: n(1) + n(2), levels: { 1: n(1), 2: n(2), 3: n(3), 4: n(4), 5: n(5) } });
    expect(row.badRate).toBeCloseTo((n(1) + n(2)) / all.length, 4);
    expect(row.satisfaction).toBeCloseTo((n(4) + n(5)) / all.length, 4);
    // Per zone: rt-form is offered by no catalogue app, so it counts under 在线办事（事项）.
    const zones = (await call(h.t, reviewer.cookie, 'GET', '/api/admin/ratings/stats?groupBy=zone')).json() as RatingStatsResponse;
    expect(zones.rows.find((r) => r.key === 'items')).toMatchObject({ name: '在线办事（事项）', total: all.length });
    expect(zones.totals.total).toBe(s.totals.total);
    expect((await call(h.t, county.cookie, 'GET', `/api/admin/ratings/stats?site=${CITY}`)).statusCode).toBe(403);
  });
});
