import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaqList, FaqView, ReplyTemplateView } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { SEED_FAQS } from '../../db/seed/faqs/index.js';

let t: TestApp;
let admin: StaffSession;
let cityOp: StaffSession;
let tcOp: StaffSession;
let xhOp: StaffSession;
let contentOnly: StaffSession;

const get = (url: string) => t.app.inject({ url });
const faqs = async (query: string) => {
  const res = await get(`/api/faqs?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as FaqList;
};
const questions = (l: FaqList) => l.items.map((f) => f.question);
const CITY_COUNT = SEED_FAQS.filter((f) => f.site === '511700').length;

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  const role = await call(t, admin.cookie, 'POST', '/api/admin/roles', { code: 'interaction_handler', name: '互动受理人员', permissions: ['interaction:handle', 'org:read'] });
  expect(role.statusCode, role.body).toBe(201);
  cityOp = await createStaff(t, admin, { username: 'city_hd', siteCode: '511700', roles: ['interaction_handler'] });
  tcOp = await createStaff(t, admin, { username: 'tc_hd', siteCode: '511702', roles: ['interaction_handler'] });
  xhOp = await createStaff(t, admin, { username: 'xh_hd', siteCode: '511722', roles: ['interaction_handler'] });
  contentOnly = await createStaff(t, admin, { username: 'tc_content', siteCode: '511702', roles: ['operator'] });
});
afterAll(async () => {
  await t.close();
});

describe('public 常见问题', () => {
  it('a county sees its own entries and the city’s; the city does not see the county’s', async () => {
    const cityList = await faqs('site=511700&pageSize=50');
    expect(cityList.total).toBe(CITY_COUNT);
    expect(cityList.items.every((f) => f.siteCode === '511700' && f.published && !f.inherited)).toBe(true);
    const tc = await faqs('site=511702&pageSize=50');
    expect(tc.total).toBe(CITY_COUNT + 2);
    expect(tc.items.filter((f) => f.siteCode === '511702').map((f) => f.question)).toEqual(['通川区户籍业务在哪里办理？', '通川区城乡居民养老保险怎么缴费？']);
    expect((await faqs('site=511722&pageSize=50')).total).toBe(CITY_COUNT);
    // sort ascending: the seed's order; the county's sort-0 entry sits with the city's first one
    expect(cityList.items[0]!.question).toBe(SEED_FAQS[0]!.question);
    const sorts = tc.items.map((f) => f.sort);
    expect([...sorts].sort((a, b) => a - b)).toEqual(sorts);
    expect((await get('/api/faqs?site=999999')).statusCode).toBe(404);
  });

  it('lists the categories the site sees and filters by one', async () => {
    const l = await faqs('site=511702&pageSize=5');
    expect([...l.categories].sort()).toEqual(['不动产', '公积金', '户籍', '水电气', '社保', '账号与实名'].sort());
    expect((await faqs('site=511700')).categories).toEqual(['社保', '公积金', '户籍', '不动产', '水电气', '账号与实名']);
    expect(l.items).toHaveLength(5);
    const gjj = await faqs(`site=511700&category=${encodeURIComponent('公积金')}`);
    expect(gjj.total).toBe(4);
    expect(gjj.items.every((f) => f.category === '公积金')).toBe(true);
    expect(gjj.categories).toHaveLength(6);
  });

  it('matches Chinese, full pinyin, initials and several terms', async () => {
    const han = await faqs(`site=511700&q=${encodeURIComponent('公积金')}`);
    expect(han.total).toBeGreaterThanOrEqual(4);
    expect(questions(han)).toContain('住房公积金提取需要什么条件？');
    // the answer counts too: 掌上办 is in answers, not in the question
    expect(questions(await faqs(`site=511700&q=${encodeURIComponent('出生医学证明')}`))).toEqual(['新生儿怎么办理户口登记？']);
    const py = await faqs('site=511700&q=gongjijin');
    expect(questions(py).sort()).toEqual(questions(han).filter((q) => q.includes('公积金')).sort());
    const ini = await faqs('site=511700&q=GJJ');
    expect(questions(ini).sort()).toEqual(questions(py).sort());
    expect(questions(await faqs('site=511700&q=sfz'))).toEqual(['身份证丢了如何补办？']);
    const two = await faqs(`site=511700&q=${encodeURIComponent('公积金 提取')}`);
    expect(questions(two).sort()).toEqual(['住房公积金提取需要什么条件？', '租房提取公积金每年可以提取几次？']);
    expect(questions(await faqs(`site=511700&q=${encodeURIComponent('gjj 每年')}`))).toEqual(['租房提取公积金每年可以提取几次？']);
    expect((await faqs(`site=511700&q=${encodeURIComponent('公积金 燃气')}`)).total).toBe(0);
    // a county's entry is found from the county only
    expect((await faqs(`site=511702&q=${encodeURIComponent('通川区')}`)).total).toBe(2);
    expect((await faqs(`site=511700&q=${encodeURIComponent('通川区')}`)).total).toBe(0);
  });

  it('similar mode finds the question a whole typed sentence is about (the submit page’s suggestions)', async () => {
    const sentence = encodeURIComponent('我想问一下住房公积金怎么提取出来用于买房');
    // no question contains the sentence word for word
    expect((await faqs(`site=511700&q=${sentence}`)).total).toBe(0);
    const similar = await faqs(`site=511700&q=${sentence}&mode=similar&pageSize=3`);
    expect(similar.items[0]!.question).toBe('住房公积金提取需要什么条件？');
    expect(similar.items.length).toBeLessThanOrEqual(3);
    // nothing in common → nothing suggested
    expect((await faqs(`site=511700&q=${encodeURIComponent('路灯不亮了')}&mode=similar`)).total).toBe(0);
  });

  it('opens a published entry and counts the reading', async () => {
    const first = (await faqs('site=511700')).items[0]!;
    const res = await get(`/api/faqs/${first.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: first.id, question: first.question, answer: expect.stringContaining('演示数据') });
    await get(`/api/faqs/${first.id}`);
    const row = await t.app.ctx.db.selectFrom('faqs').select('views').where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(Number(row.views)).toBe(2);
    expect((await get('/api/faqs/999999')).statusCode).toBe(404);
  });
});

describe('console 常见问题', () => {
  let id = 0;

  it('creates an entry that the next public search finds (pinyin computed at write time), audited', async () => {
    const before = await faqs('site=511702&q=dianziyingyezhizhao');
    expect(before.total).toBe(0);
    const res = await call(t, tcOp.cookie, 'POST', '/api/admin/faqs', { site: '511702', category: '营业执照', question: '  电子营业执照怎么下载？ ', answer: '在“企业开办”中领取电子营业执照后即可下载。', sort: 5 });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as FaqView;
    expect(body).toMatchObject({ siteCode: '511702', question: '电子营业执照怎么下载？', published: true, inherited: false, sort: 5, sourceInteractionId: null });
    id = body.id;
    const row = await t.app.ctx.db.selectFrom('faqs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.question_py).toBe('dianziyingyezhizhaozenmexiazai');
    expect(row.question_ini).toBe('dzyyzzzmxz');
    expect(row.updated_by).toBe('tc_hd');
    expect(questions(await faqs('site=511702&q=dianziyingyezhizhao'))).toEqual(['电子营业执照怎么下载？']);
    expect((await faqs('site=511702&q=dzyyzz')).total).toBe(1);
    expect((await faqs('site=511702')).categories).toContain('营业执照');
    expect((await faqs('site=511700&q=dzyyzz')).total).toBe(0);
    const audit = await t.app.ctx.db.selectFrom('audit_log').select(['summary', 'site_code', 'object_id']).where('action', '=', 'faq.create').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ site_code: '511702', object_id: String(id) });
    expect(audit.summary).toContain('电子营业执照怎么下载？');
  });

  it('unpublishing hides it publicly at once; the console still lists it', async () => {
    const res = await call(t, tcOp.cookie, 'PUT', `/api/admin/faqs/${id}`, { site: '511702', category: '营业执照', question: '电子营业执照如何下载？', answer: '在“企业开办”中领取电子营业执照后即可下载。', published: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ published: false, question: '电子营业执照如何下载？', sort: 5 });
    expect((await faqs('site=511702&q=dzyyzz')).total).toBe(0);
    expect((await faqs('site=511702')).categories).not.toContain('营业执照');
    expect((await get(`/api/faqs/${id}`)).statusCode).toBe(404);
    const admin = (await call(t, tcOp.cookie, 'GET', `/api/admin/faqs?q=dzyyzz`)).json() as FaqList;
    expect(admin.items).toEqual([expect.objectContaining({ id, published: false, inherited: false })]);
    const summary = (await t.app.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'faq.update').orderBy('id', 'desc').executeTakeFirstOrThrow()).summary;
    expect(summary).toContain('状态：已发布→未发布');
    expect(summary).toContain('问题：电子营业执照怎么下载？→电子营业执照如何下载？');
  });

  it('lists the city’s entries as inherited for county staff, who cannot edit or delete them (403, audited)', async () => {
    const list = (await call(t, tcOp.cookie, 'GET', '/api/admin/faqs?pageSize=50')).json() as FaqList;
    expect(list.total).toBe(CITY_COUNT + 3);
    const inherited = list.items.filter((f) => f.inherited);
    expect(inherited).toHaveLength(CITY_COUNT);
    expect(inherited.every((f) => f.siteCode === '511700')).toBe(true);
    const cityRow = inherited[0]!;
    const edit = await call(t, tcOp.cookie, 'PUT', `/api/admin/faqs/${cityRow.id}`, { site: '511700', category: cityRow.category, question: '篡改的问题内容', answer: cityRow.answer });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().message).toContain('上级站点（达州市）');
    expect((await call(t, tcOp.cookie, 'DELETE', `/api/admin/faqs/${cityRow.id}`)).statusCode).toBe(403);
    // another county: not theirs, not above them
    const other = await call(t, xhOp.cookie, 'DELETE', `/api/admin/faqs/${id}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toBe('您只能管理本站点及下级站点的数据');
    expect((await call(t, xhOp.cookie, 'GET', '/api/admin/faqs?site=511702')).statusCode).toBe(403);
    expect((await call(t, tcOp.cookie, 'POST', '/api/admin/faqs', { site: '511700', category: '社保', question: '县里能新建市级问题吗', answer: '不能。' })).statusCode).toBe(403);
    const denied = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'actor_name']).where('result', '=', 'denied').where('action', 'like', 'faq.%').execute();
    expect(denied.map((d) => `${d.actor_name}:${d.action}`).sort()).toEqual(['tc_hd:faq.create', 'tc_hd:faq.delete', 'tc_hd:faq.update', 'xh_hd:faq.delete', 'xh_hd:faq.list']);
    // the city's staff edits its own entry
    const own = await call(t, cityOp.cookie, 'PUT', `/api/admin/faqs/${cityRow.id}`, { site: '511700', category: cityRow.category, question: cityRow.question, answer: cityRow.answer, sort: cityRow.sort });
    expect(own.statusCode, own.body).toBe(200);
    // and sees the county's rows nowhere in its own list (it manages them by choosing the site)
    expect(((await call(t, cityOp.cookie, 'GET', '/api/admin/faqs?pageSize=50')).json() as FaqList).total).toBe(CITY_COUNT);
    expect(((await call(t, cityOp.cookie, 'GET', '/api/admin/faqs?site=511702&pageSize=50')).json() as FaqList).total).toBe(CITY_COUNT + 3);
  });

  it('转为常见问题 stores the interaction it came from (one of the staff member’s scope)', async () => {
    const now = new Date().toISOString();
    await t.app.ctx.db
      .insertInto('interactions')
      .values({
        case_id: 424242,
        type: 'consult',
        site_code: '511702',
        department_id: null,
        month: now.slice(0, 7),
        want_public: 0,
        publish_state: 'none',
        public_title: null,
        public_content: null,
        public_reply: null,
        published_at: null,
        reply: '答复内容',
        reply_department_id: null,
        replied_at: now,
        reply_seconds: 60,
        reply_count: 1,
        reply_unread: 0,
        followup_enc: null,
        followup_at: null,
        escalated_at: null,
        submitted_at: now,
        updated_at: now,
      })
      .execute();
    const faq = { site: '511702', category: '社保', question: '由互动转来的问题', answer: '由答复整理的答案。', published: false };
    const res = await call(t, tcOp.cookie, 'POST', '/api/admin/faqs', { ...faq, sourceInteractionId: 424242 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ sourceInteractionId: 424242, published: false });
    const audit = await t.app.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'faq.create').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.summary).toContain('转自互动 424242');
    const foreign = await call(t, xhOp.cookie, 'POST', '/api/admin/faqs', { ...faq, site: '511722', sourceInteractionId: 424242 });
    expect(foreign.statusCode).toBe(400);
    expect((await call(t, tcOp.cookie, 'DELETE', `/api/admin/faqs/${res.json().id}`)).statusCode).toBe(204);
  });

  it('needs interaction:handle', async () => {
    expect((await call(t, contentOnly.cookie, 'GET', '/api/admin/faqs')).statusCode).toBe(403);
    expect((await call(t, null, 'GET', '/api/admin/faqs')).statusCode).toBe(401);
  });

  it('refuses bad input with Chinese field messages', async () => {
    const short = await call(t, tcOp.cookie, 'POST', '/api/admin/faqs', { site: '511702', category: '社保', question: '问', answer: '好的答案' });
    expect(short.statusCode).toBe(400);
    expect(short.json().fields.question).toContain('问题');
    const blank = await call(t, tcOp.cookie, 'POST', '/api/admin/faqs', { site: '511702', category: '   ', question: '    ', answer: '答案内容' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().fields).toMatchObject({ category: '请填写分类', question: '问题至少 4 个字' });
    const html = await call(t, tcOp.cookie, 'POST', '/api/admin/faqs', { site: '511702', category: '社保', question: '这是一个问题吗', answer: '<script>alert(1)</script>' });
    expect(html.json().fields.answer).toBe('不能包含网页代码，请只填写文字');
    const source = await call(t, tcOp.cookie, 'POST', '/api/admin/faqs', { site: '511702', category: '社保', question: '这是一个问题吗', answer: '答案内容', sourceInteractionId: 987654 });
    expect(source.statusCode).toBe(400);
    expect(source.json().fields.sourceInteractionId).toBe('来源互动不存在或不在您的管理范围内');
    const move = await call(t, tcOp.cookie, 'PUT', `/api/admin/faqs/${id}`, { site: '511700', category: '社保', question: '这是一个问题吗', answer: '答案内容' });
    expect(move.statusCode).toBe(400);
    expect(move.json().fields).toEqual({ site: '所属站点不能更改' });
    const site = await call(t, tcOp.cookie, 'POST', '/api/admin/faqs', { site: '5117', category: '社保', question: '这是一个问题吗', answer: '答案内容' });
    expect(site.statusCode).toBe(400);
    expect(site.json().message).toContain('站点');
  });

  it('deletes, audited, and the public search forgets it', async () => {
    await call(t, tcOp.cookie, 'PUT', `/api/admin/faqs/${id}`, { site: '511702', category: '营业执照', question: '电子营业执照如何下载？', answer: '在“企业开办”中领取后即可下载。', published: true });
    expect((await faqs('site=511702&q=dzyyzz')).total).toBe(1);
    expect((await call(t, tcOp.cookie, 'DELETE', `/api/admin/faqs/${id}`)).statusCode).toBe(204);
    expect((await faqs('site=511702&q=dzyyzz')).total).toBe(0);
    expect((await call(t, tcOp.cookie, 'DELETE', `/api/admin/faqs/${id}`)).statusCode).toBe(404);
    const del = await t.app.ctx.db.selectFrom('audit_log').select(['summary', 'result']).where('action', '=', 'faq.delete').where('result', '=', 'ok').executeTakeFirstOrThrow();
    expect(del.summary).toContain('通川区');
  });
});

describe('console 答复模板', () => {
  let szj = 0;
  let tcDept = 0;
  const list = async (s: StaffSession, query: string) => {
    const res = await call(t, s.cookie, 'GET', `/api/admin/reply-templates?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: ReplyTemplateView[] }).items;
  };

  beforeAll(async () => {
    const d = await t.app.ctx.db.selectFrom('departments').select(['id', 'code']).where('code', 'in', ['SZJ', 'TCZW']).execute();
    szj = d.find((x) => x.code === 'SZJ')!.id;
    tcDept = d.find((x) => x.code === 'TCZW')!.id;
  });

  it('gives a department its own templates plus the site-wide ones', async () => {
    const all = await list(cityOp, `site=511700&departmentId=${szj}`);
    expect(all.map((x) => x.title)).toEqual(['物业纠纷答复', '房屋质量投诉答复', '受理告知', '已转办告知', '咨询答复通用']);
    expect(all[0]).toMatchObject({ departmentId: szj, departmentName: '达州市住房和城乡建设局', inherited: false });
    expect(all[2]).toMatchObject({ departmentId: null, departmentName: null, inherited: false });
    const other = await call(t, cityOp.cookie, 'GET', '/api/admin/departments?siteCode=511700');
    const rs = (other.json() as { id: number; code: string }[]).find((x) => x.code === 'SRS')!.id;
    expect((await list(cityOp, `site=511700&departmentId=${rs}`)).map((x) => x.title)).toEqual(['受理告知', '已转办告知', '咨询答复通用']);
  });

  it('a county inherits the city’s site-wide templates, adds its own, and cannot change the city’s', async () => {
    const res = await call(t, tcOp.cookie, 'POST', '/api/admin/reply-templates', { site: '511702', departmentId: tcDept, title: '办结告知', body: '您好！您反映的问题已办理完毕。' });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as ReplyTemplateView;
    expect(created).toMatchObject({ siteCode: '511702', departmentId: tcDept, departmentName: '通川区政务服务和大数据管理局', inherited: false });
    const wide = await call(t, tcOp.cookie, 'POST', '/api/admin/reply-templates', { site: '511702', title: '通川区通用', body: '您好！通川区已收到您的来信。' });
    expect(wide.statusCode).toBe(201);
    const items = await list(tcOp, `departmentId=${tcDept}`);
    expect(items.map((x) => `${x.title}:${x.inherited}`)).toEqual(['办结告知:false', '通川区通用:false', '受理告知:true', '已转办告知:true', '咨询答复通用:true']);
    // the city's department templates are not the county's
    expect(items.some((x) => x.departmentId === szj)).toBe(false);
    const cityTpl = items.find((x) => x.inherited)!;
    const edit = await call(t, tcOp.cookie, 'PUT', `/api/admin/reply-templates/${cityTpl.id}`, { site: '511700', title: '改掉', body: '改掉的内容' });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().message).toContain('上级站点');
    const upd = await call(t, tcOp.cookie, 'PUT', `/api/admin/reply-templates/${created.id}`, { site: '511702', departmentId: null, title: '办结告知', body: '您好！您反映的问题已办理完毕，感谢支持。' });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ departmentId: null, departmentName: null });
    const audits = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'result', 'summary']).where('action', 'like', 'reply-template.%').where('action', '!=', 'reply-template.list').orderBy('id').execute();
    expect(audits.map((a) => `${a.action}:${a.result}`)).toEqual(['reply-template.create:ok', 'reply-template.create:ok', 'reply-template.update:denied', 'reply-template.update:ok']);
    expect(audits.at(-1)!.summary).toContain('适用部门：通川区政务服务和大数据管理局→全部部门');
    expect((await call(t, tcOp.cookie, 'DELETE', `/api/admin/reply-templates/${created.id}`)).statusCode).toBe(204);
    expect((await call(t, tcOp.cookie, 'DELETE', `/api/admin/reply-templates/${created.id}`)).statusCode).toBe(404);
  });

  it('refuses a department of another site and bad input (400, Chinese)', async () => {
    const foreign = await call(t, tcOp.cookie, 'POST', '/api/admin/reply-templates', { site: '511702', departmentId: szj, title: '越级模板', body: '模板内容' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().fields.departmentId).toBe('部门不属于所选站点');
    expect((await call(t, tcOp.cookie, 'GET', `/api/admin/reply-templates?departmentId=${szj}`)).statusCode).toBe(400);
    const empty = await call(t, tcOp.cookie, 'POST', '/api/admin/reply-templates', { site: '511702', title: '', body: '模' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/模板名称|模板内容/);
    const blank = await call(t, tcOp.cookie, 'POST', '/api/admin/reply-templates', { site: '511702', title: '   ', body: '正常的内容' });
    expect(blank.json().fields).toEqual({ title: '请填写模板名称' });
    expect((await call(t, xhOp.cookie, 'GET', '/api/admin/reply-templates?site=511702')).statusCode).toBe(403);
  });
});

describe('seed', () => {
  it('is idempotent', async () => {
    const { seedFaqs } = await import('../../db/seed/faqs/index.js');
    const count = async () => {
      const [f, r] = await Promise.all([
        t.app.ctx.db.selectFrom('faqs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        t.app.ctx.db.selectFrom('reply_templates').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return [Number(f.n), Number(r.n)];
    };
    const before = await count();
    await seedFaqs(t.app.ctx);
    expect(await count()).toEqual(before);
  });
});
