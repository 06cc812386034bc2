/**
 * 互动 (issue 11) end to end over HTTP against a real database: filing with every check (nothing
 * stored on bad input), the staff's 审核 → 转办 → 答复 through the engine, the citizen's 我的回复
 * (unread, thread, message, SMS, 好差评, one 追问), 答复公开 with both consents and masked text,
 * 督办 of an overdue item on the working-day clock, the county's scope, and the statistics
 * matching the rows.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AdminInteractionCounts, AdminInteractionDetail, AdminInteractionList, InteractionDetail, InteractionMine, InteractionStats, PublicInteractionDetail, PublicInteractionList } from '@dz/contracts';
import { registerPerson } from '../auth/test-kit.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { harness, type Harness } from '../utilities/test-support.js';
import { addWorkingDays } from '../engine/cases/working-days.js';

const CITY = '511700';
const COUNTY = '511702';
let h: Harness;
let admin: StaffSession;
let handler: StaffSession;
let county: StaffSession;
let supervisor: StaffSession;
let zjId: number;
let gaId: number;

const app = () => h.t.app;
const db = () => app().ctx.db;
/** The citizen of the current test: a new one each test (5 a day each), the demo 张三 where the test says so. */
let me = '';
const post = (url: string, payload: object, cookie = me) => app().inject({ method: 'POST', url, payload, headers: { cookie } });
const get = (url: string, cookie = me) => app().inject({ method: 'GET', url, headers: { cookie } });
const staffCall = (s: StaffSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => call(h.t, s.cookie, method, url, payload);
const countCases = async () => Number((await db().selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const countInteractions = async () => Number((await db().selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

let seq = 0;
/** A valid body, unique each time (the duplicate check would refuse the same words twice). */
const body = (over: object = {}) => {
  seq += 1;
  return { type: 'consult', site: CITY, title: `咨询测试事项第${seq}号`, content: `请问办理第${seq}号测试事项需要哪些材料，谢谢。`, public: false, ...over };
};
const file = async (over: object = {}, cookie = me) => {
  const res = await post('/api/interactions', body(over), cookie);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; no: string; status: string; limitDays: number };
};
const act = async (s: StaffSession, id: number, payload: object, status = 200) => {
  const res = await staffCall(s, 'POST', `/api/admin/interactions/${id}/actions`, payload);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as AdminInteractionDetail & { code?: string; message?: string; fields?: Record<string, string> };
};

beforeAll(async () => {
  h = await harness();
  admin = await setupAdmin(h.t);
  const dept = async (site: string, code: string) => Number((await db().selectFrom('departments').select('id').where('site_code', '=', site).where('code', '=', code).executeTakeFirstOrThrow()).id);
  zjId = await dept(CITY, 'SZJ');
  gaId = await dept(CITY, 'SGA');
  handler = await createStaff(h.t, admin, { username: 'hd_city', siteCode: CITY, roles: ['case_handler'], displayName: '李四', departmentId: zjId });
  county = await createStaff(h.t, admin, { username: 'hd_county', siteCode: COUNTY, roles: ['case_handler'], displayName: '王五' });
  supervisor = await createStaff(h.t, admin, { username: 'hd_super', siteCode: CITY, roles: ['reviewer'], displayName: '赵六' });
}, 60_000);
afterAll(async () => h.close());
beforeEach(async () => {
  me = (await registerPerson(app(), { name: '王小明' })).cookie;
});

describe('the lifecycle', () => {
  it('submit → accept → transfer to 住建局 → reply: the citizen sees it unread with its thread, is notified, rates it; published masked', async () => {
    me = h.demo;
    const words = '我叫张三，电话13912345678，身份证号511702199001011231，我们小区门口的路灯坏了两个月，晚上出行很不安全。';
    const c = await file({ title: '小区门口路灯损坏', content: words, public: true });
    expect(c.status).toBe('submitted');
    expect(c.no).toMatch(/^HD\d{16}$/);
    expect(c.limitDays).toBe(5);
    const row = await db().selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.kind).toBe('interaction');
    expect(row.data_enc).not.toContain('13912345678');
    const irow = await db().selectFrom('interactions').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(irow).toMatchObject({ type: 'consult', site_code: CITY, want_public: 1, publish_state: 'none' });
    // 我的办件 leaves it out; 我的回复 lists it.
    const cases = (await get('/api/cases?pageSize=50')).json() as { items: { id: number }[] };
    expect(cases.items.some((x) => x.id === c.id)).toBe(false);

    // The console: in 待审核, accepted, then routed to 住建局.
    const queue = (await staffCall(handler, 'GET', '/api/admin/interactions?queue=review&pageSize=100')).json() as AdminInteractionList;
    expect(queue.items.find((x) => x.id === c.id)).toMatchObject({ status: 'submitted', applicant: '张*', wantPublic: true });
    let d = (await staffCall(handler, 'GET', `/api/admin/interactions/${c.id}`)).json() as AdminInteractionDetail;
    expect(d.actions).toEqual(['accept', 'reject', 'transfer']);
    expect(d.phone).toBe('139****0001');
    d = await act(handler, c.id, { action: 'accept', version: d.version });
    expect(d.status).toBe('accepted');
    const accepted = await db().selectFrom('cases').select(['accepted_at', 'deadline_at']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(accepted.deadline_at).toBe(addWorkingDays(accepted.accepted_at!, 5));
    d = await act(handler, c.id, { action: 'transfer', departmentId: zjId, version: d.version });
    expect(d.departmentName).toBe('达州市住房和城乡建设局');
    expect(d.actions).toEqual(['transfer', 'reply']);
    d = await act(handler, c.id, { action: 'reply', reply: '您好：已安排维修人员于三个工作日内修复，联系人李四。', publish: true, version: d.version });
    expect(d).toMatchObject({ status: 'completed', published: true });
    expect(d.actions).toContain('unpublish');

    // The citizen: unread in 我的回复, the thread in order, read once opened.
    const mine = (await get('/api/interactions/mine')).json() as InteractionMine;
    expect(mine.unread).toBeGreaterThanOrEqual(1);
    expect(mine.items.find((x) => x.id === c.id)).toMatchObject({ unread: true, statusName: '已答复', departmentName: '达州市住房和城乡建设局' });
    const detail = (await get(`/api/interactions/${c.id}`)).json() as InteractionDetail;
    expect(detail.thread.map((e) => e.kind)).toEqual(['question', 'accepted', 'transfer', 'reply']);
    expect(detail.thread[0]).toMatchObject({ by: '我', text: words });
    expect(detail.thread[3]).toMatchObject({ by: '达州市住房和城乡建设局' });
    expect(detail).toMatchObject({ canFollowUp: true, canRate: true, canWithdraw: false });
    expect(((await get('/api/interactions/mine')).json() as InteractionMine).items.find((x) => x.id === c.id)?.unread).toBe(false);

    // Notified: a message linking to 我的回复, and an SMS with the number.
    const msg = await db().selectFrom('messages').select(['title', 'link']).where('link', '=', `/interact/replies/${c.id}`).execute();
    expect(msg.map((m) => m.title)).toEqual(expect.arrayContaining(['您的咨询已受理', '您的咨询已答复']));
    const sms = await db().selectFrom('sms_outbox').select('text').where('text', 'like', `%${c.no}%`).execute();
    expect(sms.map((s) => s.text)).toEqual([`【天府通办】您的咨询 ${c.no} 已答复，请在“我的回复”查看。`]);

    // 好差评 through the engine's route.
    const rate = await post(`/api/cases/${c.id}/rating`, { level: 5, comment: '答复及时' });
    expect(rate.statusCode, rate.body).toBe(201);
    expect(((await get(`/api/interactions/${c.id}`)).json() as InteractionDetail).canRate).toBe(false);

    // 答复公开: phone, ID number and names masked.
    const list = (await get(`/api/interactions/public?site=${CITY}&pageSize=50`)).json() as PublicInteractionList;
    expect(list.items.some((x) => x.id === c.id)).toBe(true);
    const pub = (await get(`/api/interactions/public/${c.id}`)).json() as PublicInteractionDetail;
    const text = `${pub.title}${pub.content}${pub.reply}`;
    for (const secret of ['13912345678', '511702199001011231', '张三', '李四']) expect(text).not.toContain(secret);
    expect(pub.content).toContain('139****5678');
    expect(pub.content).toContain('张*');
    expect(pub.reply).toContain('李*');

    // 转为常见问题: the console's FAQ list names the interaction it came from by its number.
    const faq = await staffCall(handler, 'POST', '/api/admin/faqs', { site: CITY, category: '水电气', question: `${pub.title}：${pub.content}`.slice(0, 200), answer: pub.reply, published: false, sourceInteractionId: c.id });
    expect(faq.statusCode, faq.body).toBe(201);
    const faqs = (await staffCall(handler, 'GET', '/api/admin/faqs?pageSize=50')).json() as { items: { id: number; sourceInteractionNo?: string | null }[] };
    expect(faqs.items.find((f) => f.id === (faq.json() as { id: number }).id)?.sourceInteractionNo).toBe(c.no);
  });

  it('publishes only with both consents: not without a reply, never when the citizen chose 不公开', async () => {
    const open = await file({ public: true });
    let d = await act(handler, open.id, { action: 'accept' });
    expect(d.actions).not.toContain('publish');
    const early = await act(handler, open.id, { action: 'publish' }, 409);
    expect(early.message).toContain('答复后');
    d = await act(handler, open.id, { action: 'reply', reply: '您好，所需材料为身份证原件。' });
    expect(d.actions).toContain('publish');
    expect((await get(`/api/interactions/public/${open.id}`)).statusCode).toBe(404);
    d = await act(handler, open.id, { action: 'publish', publicText: { reply: '您好，所需材料为身份证原件，咨询电话13800001111。' } });
    expect(d.published).toBe(true);
    expect(((await get(`/api/interactions/public/${open.id}`)).json() as PublicInteractionDetail).reply).toContain('138****1111');
    d = await act(handler, open.id, { action: 'unpublish' });
    expect((await get(`/api/interactions/public/${open.id}`)).statusCode).toBe(404);

    const closed = await file({ public: false });
    await act(handler, closed.id, { action: 'accept' });
    const refused = await act(handler, closed.id, { action: 'reply', reply: '您好，已答复。', publish: true }, 409);
    expect(refused.message).toContain('未同意公开');
    d = await act(handler, closed.id, { action: 'reply', reply: '您好，已答复。' });
    expect(d.actions).not.toContain('publish');
    expect((await act(handler, closed.id, { action: 'publish' }, 409)).message).toContain('未同意公开');
  });

  it('a 不予受理 needs a reason; the citizen gets it in a message, the SMS only says where to look', async () => {
    const c = await file();
    expect((await act(handler, c.id, { action: 'reject' }, 400)).fields?.comment).toBeTruthy();
    await act(handler, c.id, { action: 'reject', comment: '不属于本部门职责范围，请向街道办反映。' });
    const msg = await db().selectFrom('messages').select('body').where('link', '=', `/interact/replies/${c.id}`).executeTakeFirstOrThrow();
    expect(msg.body).toContain('不属于本部门职责范围');
    const sms = await db().selectFrom('sms_outbox').select('text').where('text', 'like', `%${c.no}%`).executeTakeFirstOrThrow();
    expect(sms.text).not.toContain('街道办');
    const d = (await get(`/api/interactions/${c.id}`)).json() as InteractionDetail;
    expect(d.thread.at(-1)).toMatchObject({ kind: 'rejected', text: '不属于本部门职责范围，请向街道办反映。' });
  });

  it('withdraws only while 待审核', async () => {
    const c = await file();
    const w = await post(`/api/interactions/${c.id}/withdraw`, {});
    expect(w.statusCode, w.body).toBe(200);
    expect((w.json() as InteractionDetail).status).toBe('withdrawn');
    expect((await post(`/api/interactions/${c.id}/withdraw`, {})).statusCode).toBe(409);
  });
});

describe('追问', () => {
  it('only after a reply, once; it reopens the item with the full limit and flags it for staff', async () => {
    const c = await file();
    expect((await post(`/api/interactions/${c.id}/follow-up`, { content: '还有一个问题想请教。' })).statusCode).toBe(409);
    await act(handler, c.id, { action: 'accept' });
    await act(handler, c.id, { action: 'reply', reply: '您好，材料为身份证。' });
    const bad = await post(`/api/interactions/${c.id}/follow-up`, { content: '哪里可以办理博彩业务' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.content).toContain('博彩');
    const res = await post(`/api/interactions/${c.id}/follow-up`, { content: '请问复印件需要几份？' });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as InteractionDetail;
    expect(d).toMatchObject({ status: 'accepted', canFollowUp: false });
    expect(d.thread.at(-1)).toMatchObject({ kind: 'follow-up', text: '请问复印件需要几份？', by: '我' });
    const row = await db().selectFrom('cases').select(['clock_started_at', 'deadline_at', 'used_days', 'step_key']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.deadline_at).toBe(addWorkingDays(row.clock_started_at!, 5));
    expect(row).toMatchObject({ used_days: 0, step_key: 'reply' });
    const enc = await db().selectFrom('interactions').select('followup_enc').where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(enc.followup_enc).not.toContain('复印件');
    const queue = (await staffCall(handler, 'GET', '/api/admin/interactions?queue=processing&pageSize=100')).json() as AdminInteractionList;
    expect(queue.items.find((x) => x.id === c.id)?.followUp).toBe(true);
    await act(handler, c.id, { action: 'reply', reply: '您好，一份即可。' });
    expect(((await staffCall(handler, 'GET', '/api/admin/interactions?queue=replied&pageSize=100')).json() as AdminInteractionList).items.find((x) => x.id === c.id)?.followUp).toBe(false);
    const again = await post(`/api/interactions/${c.id}/follow-up`, { content: '再问一个问题可以吗？' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('每条只能追问一次');
  });
});

describe('督办', () => {
  it('escalates an accepted item past its deadline once, on the job; it shows in the 督办 queue and takes 督办意见', async () => {
    const c = await file({ type: 'complain' });
    const d = await act(handler, c.id, { action: 'accept' });
    expect(d.limitDays).toBe(10);
    await db().updateTable('cases').set({ deadline_at: new Date(Date.now() - 3_600_000).toISOString() }).where('id', '=', c.id).execute();
    expect(await app().interactions.escalate()).toBeGreaterThanOrEqual(1);
    expect(await app().interactions.escalate()).toBe(0);
    const events = await db().selectFrom('case_events').select(['action', 'actor_type', 'comment']).where('case_id', '=', c.id).where('action', '=', 'escalate').execute();
    expect(events).toEqual([{ action: 'escalate', actor_type: 'system', comment: '已超过答复时限，已提请督办' }]);
    const sup = (await staffCall(supervisor, 'GET', '/api/admin/interactions?queue=supervise&pageSize=100')).json() as AdminInteractionList;
    expect(sup.items.find((x) => x.id === c.id)).toMatchObject({ escalated: true, overdue: true });
    const counts = (await staffCall(supervisor, 'GET', '/api/admin/interactions/counts')).json() as AdminInteractionCounts;
    expect(counts.supervise).toBeGreaterThanOrEqual(1);
    expect(counts.overdue).toBeGreaterThanOrEqual(1);
    expect((await act(supervisor, c.id, { action: 'urge' }, 400)).fields?.comment).toBeTruthy();
    const urged = await act(supervisor, c.id, { action: 'urge', comment: '请三日内答复' });
    expect(urged.timeline.at(-1)).toMatchObject({ action: 'urge', actionName: '督办意见', comment: '请三日内答复' });
    // A handler without 互动督办 cannot urge; a supervisor without 互动受理答复 cannot reply.
    expect((await staffCall(handler, 'POST', `/api/admin/interactions/${c.id}/actions`, { action: 'urge', comment: '催办' })).statusCode).toBe(403);
    expect((await staffCall(supervisor, 'POST', `/api/admin/interactions/${c.id}/actions`, { action: 'reply', reply: '答复' })).statusCode).toBe(403);
    const audit = await db().selectFrom('audit_log').select('action').where('object_type', '=', 'interaction').where('object_id', '=', String(c.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['interaction.accept', 'interaction.urge']));
    // A supervisor's 督办 on an item that is not overdue yet makes it a 督办件 too.
    const early = await file({ type: 'suggest' });
    await act(handler, early.id, { action: 'accept' });
    const urgedEarly = await act(supervisor, early.id, { action: 'urge', comment: '群众反映强烈，请优先办理' });
    expect(urgedEarly).toMatchObject({ escalated: true, overdue: false });
    const supQueue = (await staffCall(supervisor, 'GET', '/api/admin/interactions?queue=supervise&pageSize=100')).json() as AdminInteractionList;
    expect(supQueue.items.some((x) => x.id === early.id)).toBe(true);
  });
});

describe('scope and conflicts', () => {
  it('county staff see only their subtree (404 on the city’s); the city sees the county’s', async () => {
    const cityItem = await file();
    const countyItem = await file({ site: COUNTY });
    expect((await staffCall(county, 'GET', `/api/admin/interactions/${cityItem.id}`)).statusCode).toBe(404);
    expect((await staffCall(county, 'POST', `/api/admin/interactions/${cityItem.id}/actions`, { action: 'accept' })).statusCode).toBe(404);
    const list = (await staffCall(county, 'GET', '/api/admin/interactions?pageSize=100')).json() as AdminInteractionList;
    expect(list.items.every((x) => x.siteCode === COUNTY)).toBe(true);
    expect(list.items.some((x) => x.id === countyItem.id)).toBe(true);
    expect((await staffCall(county, 'GET', `/api/admin/interactions?site=${CITY}`)).statusCode).toBe(403);
    expect((await staffCall(handler, 'GET', `/api/admin/interactions/${countyItem.id}`)).statusCode).toBe(200);
    // A county can not route to a city department; the city routes a county item to its own department.
    expect((await staffCall(county, 'POST', `/api/admin/interactions/${countyItem.id}/actions`, { action: 'accept', departmentId: gaId })).statusCode).toBe(400);
    const moved = await act(handler, countyItem.id, { action: 'accept', departmentId: gaId });
    expect(moved).toMatchObject({ siteCode: CITY, departmentName: '达州市公安局' });
    expect((await db().selectFrom('interactions').select('site_code').where('case_id', '=', countyItem.id).executeTakeFirstOrThrow()).site_code).toBe(CITY);
    expect((await staffCall(county, 'GET', `/api/admin/interactions/${countyItem.id}`)).statusCode).toBe(404);
    // Someone else's item does not exist for a citizen; 办件中心 does not serve interactions.
    const other = await registerPerson(app());
    expect((await get(`/api/interactions/${cityItem.id}`, other.cookie)).statusCode).toBe(404);
    expect((await staffCall(handler, 'GET', `/api/admin/cases/${cityItem.id}`)).statusCode).toBe(404);
    // A county's picker offers the city's bureaus too (GET /api/departments): chosen, the city answers it.
    const toCity = await file({ site: COUNTY, departmentId: zjId });
    expect((await staffCall(county, 'GET', `/api/admin/interactions/${toCity.id}`)).statusCode).toBe(404);
    expect((await staffCall(handler, 'GET', `/api/admin/interactions/${toCity.id}`)).json()).toMatchObject({ siteCode: CITY, departmentName: '达州市住房和城乡建设局' });
  });

  it('a stale version is 409 CASE_CONFLICT naming who acted', async () => {
    const c = await file();
    const seen = (await staffCall(handler, 'GET', `/api/admin/interactions/${c.id}`)).json() as AdminInteractionDetail;
    await act(handler, c.id, { action: 'accept', version: seen.version });
    const res = await act(handler, c.id, { action: 'transfer', departmentId: zjId, version: seen.version }, 409);
    expect(res.code).toBe('CASE_CONFLICT');
    expect(res.message).toContain('李四');
  });
});

describe('checks before anything is stored', () => {
  it('bad input is 400 naming the field, and nothing is stored', async () => {
    const before = [await countCases(), await countInteractions()];
    const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-test-image-互动'.repeat(20))]);
    const boundary = '----dzhd' + Math.random().toString(16).slice(2);
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const up = await app().inject({ method: 'POST', url: '/api/files', payload, headers: { cookie: me, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(up.statusCode, up.body).toBe(201);
    const photo = (up.json() as { id: string }).id;
    const other = await registerPerson(app());
    const cases: [object, string, RegExp][] = [
      [{ title: '    ' }, 'title', /请填写标题/],
      [{ content: '长'.repeat(10_000) }, 'content', /不能超过 1000 个字/],
      [{ content: '请看这里<script>alert(1)</script>谢谢大家' }, 'content', /网页代码/],
      [{ title: '哪里有博彩网站' }, 'title', /博彩/],
      [{ attachments: Array.from({ length: 10 }, (_, i) => (i === 0 ? photo : `00000000-0000-4000-8000-00000000000${i}`)) }, 'attachments', /最多上传 9 张/],
      [{ phone: '12345' }, 'phone', /手机号/],
      [{ departmentId: 999_999 }, 'departmentId', /部门/],
    ];
    for (const [over, field, message] of cases) {
      const res = await post('/api/interactions', body(over));
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().fields[field], field).toMatch(message);
    }
    // Another citizen's upload is not a photo of mine.
    const theirs = await app().inject({ method: 'POST', url: '/api/files', payload, headers: { cookie: other.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    const res = await post('/api/interactions', body({ attachments: [(theirs.json() as { id: string }).id] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().fields.attachments).toContain('本人');
    expect([await countCases(), await countInteractions()]).toEqual(before);
    // One's own image is linked to the case.
    const ok = await file({ attachments: [photo] });
    const links = await db().selectFrom('file_links').select('file_id').where('owner_type', '=', 'case').where('owner_id', '=', String(ok.id)).execute();
    expect(links.map((l) => l.file_id)).toEqual([photo]);
  });

  it('the same words twice within a day are 409; the sixth of a day is 429 INTERACTION_DAILY_LIMIT', async () => {
    const p = await registerPerson(app());
    const first = body();
    expect((await post('/api/interactions', first, p.cookie)).statusCode).toBe(201);
    const dup = await post('/api/interactions', { ...first, content: `${first.content} ` }, p.cookie);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().message).toBe('您已提交过相同内容，请在“我的回复”中查看');
    for (let i = 0; i < 4; i += 1) expect((await post('/api/interactions', body(), p.cookie)).statusCode).toBe(201);
    const sixth = await post('/api/interactions', body(), p.cookie);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json()).toMatchObject({ code: 'INTERACTION_DAILY_LIMIT', message: '今日提交已达 5 条上限，请明天再来；紧急问题请拨打 12345' });
    expect((await post('/api/interactions', body(), '')).statusCode).toBe(401);
  });
});

describe('数据统计', () => {
  it('equals the rows: per type, month, department and status, every month present; the CSV has a BOM and Chinese headers', async () => {
    const s = (await get(`/api/interactions/stats?site=${CITY}`, '')).json() as InteractionStats;
    expect(s.byMonth).toHaveLength(12);
    expect(s.to).toBe(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7));
    const subtree = await app().sites.subtree(CITY);
    const mine = (await db().selectFrom('interactions').innerJoin('cases', 'cases.id', 'interactions.case_id').select(['interactions.type', 'interactions.reply_count', 'interactions.reply_seconds', 'interactions.department_id', 'cases.status', 'interactions.site_code']).where('interactions.month', '>=', s.from).where('interactions.month', '<=', s.to).execute()).filter((r) => subtree.includes(r.site_code));
    expect(s.total.submitted).toBe(mine.length);
    expect(s.total.replied).toBe(mine.filter((r) => Number(r.reply_count) > 0).length);
    const timed = mine.filter((r) => r.reply_seconds != null);
    expect(s.total.avgReplyHours).toBe(timed.length ? Math.round((timed.reduce((a, r) => a + Number(r.reply_seconds), 0) / timed.length / 3600) * 10) / 10 : null);
    for (const t of s.byType) expect(t.submitted).toBe(mine.filter((r) => r.type === t.type).length);
    expect(s.byMonth.reduce((a, m) => a + m.submitted, 0)).toBe(mine.length);
    expect(s.byDepartment.reduce((a, d) => a + d.submitted, 0)).toBe(mine.length);
    for (const [status, n] of Object.entries(s.byStatus)) expect(n).toBe(mine.filter((r) => r.status === status).length);
    const zj = s.byDepartment.find((d) => d.departmentId === zjId);
    expect(zj?.submitted).toBe(mine.filter((r) => r.department_id === zjId).length);

    const consult = (await get(`/api/interactions/stats?site=${CITY}&type=consult`, '')).json() as InteractionStats;
    expect(consult.total.submitted).toBe(mine.filter((r) => r.type === 'consult').length);
    expect((await get(`/api/interactions/stats?site=${CITY}&from=2026-05&to=2026-01`, '')).statusCode).toBe(400);

    const csv = await staffCall(handler, 'GET', `/api/admin/interactions/stats.csv?site=${CITY}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\ufeff月份,类型,提交数,已答复数,答复率,平均答复时长（小时）')).toBe(true);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 12 * 3 + 3 + 1);
    expect(lines.at(-1)).toContain(`合计,全部,${mine.length},`);
  });

  it('settings: a county inherits the city’s limits; saving publishes new workflow versions, audited', async () => {
    const s = (await call(h.t, admin.cookie, 'GET', `/api/admin/interactions/settings?site=${COUNTY}`)).json();
    expect(s).toEqual({ site: COUNTY, limits: { consult: 5, suggest: 15, complain: 10 }, inherited: { consult: true, suggest: true, complain: true } });
    expect((await staffCall(county, 'PUT', '/api/admin/interactions/settings', { site: COUNTY, limits: { consult: 3, suggest: 15, complain: 10 } })).statusCode).toBe(403);
    const saved = await call(h.t, admin.cookie, 'PUT', '/api/admin/interactions/settings', { site: COUNTY, limits: { consult: 3, suggest: 15, complain: 10 } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ site: COUNTY, limits: { consult: 3, suggest: 15, complain: 10 }, inherited: { consult: false, suggest: true, complain: true } });
    const c = await file({ site: COUNTY });
    expect(c.limitDays).toBe(3);
    const audit = await db().selectFrom('audit_log').select('summary').where('action', '=', 'interaction.settings').where('site_code', '=', COUNTY).where('result', '=', 'ok').executeTakeFirstOrThrow();
    expect(audit.summary).toContain('咨询 5→3');
  });
});
