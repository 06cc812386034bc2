/**
 * 文体教育 against the real sandbox 教育局 (SQLite or MariaDB per DZ_TEST_DB): the captcha (single
 * use, the accessible alternative, the loopback-only dev route), 中考成绩 (one answer for every
 * mismatch, the wrong-try lock, the scores for the right triple, audit without the full ID
 * number, the bureau down), 资助政策 search (Chinese, initials, category, a county sees the city's)
 * and the console CRUD (sanitised, attachments of the site, site scope, audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAM_WRONG_LIMIT, idNumberCheckChar, type AidPolicyAdminView, type AidPolicyList, type AidPolicyView, type CaptchaResponse, type ExamScoreResult } from '@dz/contracts';
import { newIp } from '../../auth/test-kit.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../../admin-auth/test-support.js';
import { harness, type Harness } from '../../utilities/test-support.js';
import { buildApp } from '../../../app.js';
import { MIN_ANSWER_MS } from './exam-scores.service.js';

/** The sandbox 教育局's demo candidate (apps/partners/src/partners/education/candidates.ts, DEMO_CANDIDATE). */
const DEMO_CANDIDATE = { name: '李雨萱', idNumber: '511702201103150021', regNo: '2617020158', ticketNo: '260120315' } as const;

let h: Harness;
let admin: StaffSession;
let cityOp: StaffSession;
let xhOp: StaffSession;

beforeAll(async () => {
  h = await harness();
  admin = await setupAdmin(h.t);
  cityOp = await createStaff(h.t, admin, { username: 'edu_city_op', siteCode: '511700', roles: ['operator'] });
  xhOp = await createStaff(h.t, admin, { username: 'edu_xh_op', siteCode: '511722', roles: ['operator'] });
}, 90_000);
afterAll(async () => {
  await h?.close();
});

const get = (url: string, ip = newIp()) => h.t.app.inject({ method: 'GET', url, remoteAddress: ip });
/** A checksum-valid ID number born in 2011 with this sequence (not a candidate unless it is one). */
const idOf = (seq: string) => {
  const first17 = `51170220110315${seq}`;
  return first17 + idNumberCheckChar(first17);
};

async function captcha(ip: string): Promise<{ id: string; text: string; answer: string; body: CaptchaResponse }> {
  const res = await get('/api/education/captcha', ip);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json<CaptchaResponse>();
  // The dev route answers loopback only: inject's default remote address is 127.0.0.1.
  const dev = await h.t.app.inject({ url: `/api/dev/captchas/${body.captchaId}` });
  expect(dev.statusCode, dev.body).toBe(200);
  const { text, answer } = dev.json<{ text: string; answer: string }>();
  return { id: body.captchaId, text, answer, body };
}

async function ask(triple: { idNumber: string; regNo: string; ticketNo: string }, ip: string, how: 'text' | 'answer' | 'wrong' = 'text') {
  // The captcha from another address: it is bound to no client, and the POSTs stay the only requests of `ip`.
  const c = await captcha(newIp());
  const value = how === 'text' ? c.text.toLowerCase() : how === 'answer' ? c.answer : 'ZZZZ';
  return h.t.app.inject({ method: 'POST', url: '/api/education/exam-scores', payload: { ...triple, captchaId: c.id, captcha: value }, remoteAddress: ip });
}

describe('验证码', () => {
  it('draws an SVG with an arithmetic alternative; five minutes; the dev route reads it without using it up', async () => {
    const ip = newIp();
    const c = await captcha(ip);
    expect(c.body.image).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(c.body.image.split(',')[1]!, 'base64').toString()).toContain('<svg');
    expect(c.body.expiresInSeconds).toBe(300);
    expect(c.body.alternative).toMatchObject({ kind: 'question', prompt: expect.stringMatching(/^\d+ [加减] \d+ 等于几？请填写数字$/) });
    expect(c.text).toMatch(/^[A-Z2-9]{4}$/);
    expect(c.text).not.toMatch(/[01OIL]/);
    expect(c.answer).toMatch(/^\d{1,2}$/);
    const [, a, op, b] = /^(\d+) ([加减]) (\d+)/.exec(c.body.alternative!.prompt)!;
    expect(Number(c.answer)).toBe(op === '加' ? Number(a) + Number(b) : Number(a) - Number(b));
    expect((await h.t.app.inject({ url: `/api/dev/captchas/${c.id}` })).statusCode).toBe(200);
  });

  it('is single use: a second use of the same id is 400 CAPTCHA_INVALID, right or wrong', async () => {
    const ip = newIp();
    const c = await captcha(ip);
    const payload = { ...DEMO_CANDIDATE, captchaId: c.id, captcha: c.text };
    const first = await h.t.app.inject({ method: 'POST', url: '/api/education/exam-scores', payload, remoteAddress: ip });
    expect(first.statusCode, first.body).toBe(200);
    const again = await h.t.app.inject({ method: 'POST', url: '/api/education/exam-scores', payload, remoteAddress: ip });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'CAPTCHA_INVALID', message: expect.stringContaining('验证码') });
    // A wrong first check burns it too.
    const d = await captcha(ip);
    const wrong = await h.t.app.inject({ method: 'POST', url: '/api/education/exam-scores', payload: { ...payload, captchaId: d.id, captcha: 'ZZZZ' }, remoteAddress: ip });
    expect(wrong.json()).toMatchObject({ code: 'CAPTCHA_INVALID' });
    const late = await h.t.app.inject({ method: 'POST', url: '/api/education/exam-scores', payload: { ...payload, captchaId: d.id, captcha: d.text }, remoteAddress: ip });
    expect(late.json()).toMatchObject({ code: 'CAPTCHA_INVALID' });
    expect(await h.t.app.inject({ url: `/api/dev/captchas/${d.id}` }).then((r) => r.statusCode)).toBe(404);
  });

  it('the dev route refuses other machines (404) and does not exist in the production profile', async () => {
    const c = await captcha(newIp());
    expect((await h.t.app.inject({ url: `/api/dev/captchas/${c.id}`, remoteAddress: '10.1.2.3' })).statusCode).toBe(404);
    expect((await h.t.app.inject({ url: `/api/dev/captchas/${c.id}`, headers: { 'x-forwarded-for': '10.1.2.3' } })).statusCode).toBe(404);
    // A sibling instance over the same database, in the production profile.
    const prod = await buildApp({ config: { ...h.t.config, profile: 'production' }, prepare: false });
    await prod.ready();
    try {
      const res = await prod.inject({ url: `/api/dev/captchas/${c.id}` });
      expect(res.statusCode).toBe(404);
      expect((await prod.inject({ url: '/api/education/captcha', remoteAddress: newIp() })).statusCode).toBe(200);
    } finally {
      await prod.close();
    }
  });
});

describe('中考成绩查询', () => {
  it('the right triple with the captcha text (any case) → the scores, name masked; the arithmetic answer works too', async () => {
    const res = await ask(DEMO_CANDIDATE, newIp(), 'text');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<ExamScoreResult>();
    expect(r).toMatchObject({ name: '李**', regNo: DEMO_CANDIDATE.regNo, ticketNo: DEMO_CANDIDATE.ticketNo, year: 2026 });
    expect(r.subjects.length).toBeGreaterThan(5);
    expect(r.total).toBe(r.subjects.reduce((s, x) => s + x.score, 0));
    expect(r.grades.length).toBeGreaterThan(0);
    expect(res.body).not.toContain(DEMO_CANDIDATE.name);
    expect(res.headers['cache-control']).toBe('no-store');

    const alt = await ask(DEMO_CANDIDATE, newIp(), 'answer');
    expect(alt.statusCode, alt.body).toBe(200);
  });

  it('a wrong 报名号, a wrong 准考证号 and a wrong 身份证号 give the same status and byte-identical bodies, none sooner than the padding', async () => {
    const ip = newIp();
    const answers = [];
    for (const triple of [
      { ...DEMO_CANDIDATE, regNo: '2617020159' },
      { ...DEMO_CANDIDATE, ticketNo: '260120316' },
      { ...DEMO_CANDIDATE, idNumber: idOf('009') },
    ]) {
      const started = Date.now();
      const res = await ask(triple, ip);
      // The captcha fetch happens before; the query alone must take at least the padding.
      expect(Date.now() - started).toBeGreaterThanOrEqual(MIN_ANSWER_MS - 5);
      answers.push(res);
    }
    for (const res of answers) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(answers[0]!.body);
    }
    expect(answers[0]!.json()).toEqual({ code: 'EXAM_SCORE_NOT_FOUND', message: '未查询到成绩，请核对身份证号、报名号和准考证号后重新查询' });
  });

  it(`locks an ID number after ${EXAM_WRONG_LIMIT} wrong tries: the next is 429 with retryAfterSeconds, even with the right triple`, async () => {
    const target = { ...DEMO_CANDIDATE, idNumber: idOf('123') };
    // Spread over IPs so only the ID number's counter fills.
    for (let i = 0; i < EXAM_WRONG_LIMIT; i += 1) {
      const res = await ask({ ...target, regNo: String(2617020000 + i) }, newIp());
      expect(res.statusCode, `try ${i + 1}: ${res.body}`).toBe(404);
    }
    const locked = await ask(target, newIp());
    expect(locked.statusCode).toBe(429);
    const body = locked.json<{ code: string; message: string; retryAfterSeconds: number; details: { retryAfterSeconds: number } }>();
    expect(body.code).toBe('EXAM_QUERY_LOCKED');
    expect(body.details.retryAfterSeconds).toBeGreaterThan(25 * 60);
    expect(body.details.retryAfterSeconds).toBeLessThanOrEqual(30 * 60);
    expect(body.message).toMatch(/请30分钟后再试/);
    expect(locked.headers['retry-after']).toBe(String(body.retryAfterSeconds));
    // Other candidates are not held by that lock.
    expect((await ask(DEMO_CANDIDATE, newIp())).statusCode).toBe(200);
  }, 60_000);

  it(`locks an IP after ${EXAM_WRONG_LIMIT} wrong tries whatever the ID numbers; a right answer resets its count`, async () => {
    const ip = newIp();
    const counter = `exam:wrong:ip:${ip}`;
    expect((await ask({ ...DEMO_CANDIDATE, idNumber: idOf('299') }, ip)).statusCode).toBe(404);
    expect(await h.t.app.ctx.kv.get(counter)).toBe('1');
    expect((await ask(DEMO_CANDIDATE, ip)).statusCode).toBe(200);
    expect(await h.t.app.ctx.kv.get(counter)).toBeNull();
    for (let i = 0; i < EXAM_WRONG_LIMIT; i += 1) expect((await ask({ ...DEMO_CANDIDATE, idNumber: idOf(String(300 + i)) }, ip)).statusCode).toBe(404);
    const locked = await ask(DEMO_CANDIDATE, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'EXAM_QUERY_LOCKED', details: { retryAfterSeconds: expect.any(Number) } });
  }, 90_000);

  it('audits every query with the masked ID number only', async () => {
    const ip = newIp();
    await ask({ ...DEMO_CANDIDATE, regNo: '2617029999' }, ip);
    await ask(DEMO_CANDIDATE, ip);
    const rows = await h.t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'education.exam-score.query').where('ip', '=', ip).orderBy('id').execute();
    expect(rows.map((r) => r.result)).toEqual(['failed', 'ok']);
    for (const r of rows) {
      expect(r.object_id).toBe('511702**********21');
      expect(r.actor_type).toBe('user');
      expect(JSON.stringify(r)).not.toContain(DEMO_CANDIDATE.idNumber);
    }
    const all = await h.t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'education.exam-score.query').execute();
    expect(all.some((r) => r.result === 'denied' && String(r.summary).includes('锁定'))).toBe(true);
    expect(JSON.stringify(all)).not.toContain(DEMO_CANDIDATE.idNumber);
  });

  it('the 教育局 down → 503 in Chinese, the captcha used, nothing counted', async () => {
    h.sandbox.faults.set('education', { errorRate: 1 });
    try {
      const res = await ask(DEMO_CANDIDATE, newIp());
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'PARTNER_UNAVAILABLE', message: '教育局成绩查询系统暂时无法连接，请稍后再试' });
    } finally {
      h.sandbox.faults.reset('education');
      h.t.app.ctx.partners.resetBreaker('education');
    }
    expect((await ask(DEMO_CANDIDATE, newIp())).statusCode).toBe(200);
  });
});

describe('资助政策', () => {
  const list = async (qs: string) => {
    const res = await get(`/api/education/aid-policies${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AidPolicyList>();
  };

  it('lists the seeded policies of the five 学段 (one expired) and filters by category', async () => {
    const all = await list('');
    expect(all.total).toBeGreaterThanOrEqual(10);
    expect(new Set(all.items.map((p) => p.category))).toEqual(new Set(['preschool', 'compulsory', 'high-school', 'vocational', 'higher']));
    expect(all.items.some((p) => !p.inForce)).toBe(true);
    expect(all.items.every((p) => p.issuer === '达州市教育局' && /演示/.test(p.docNo))).toBe(true);
    const vocational = await list('?category=vocational');
    expect(vocational.items.length).toBeGreaterThanOrEqual(2);
    expect(vocational.items.every((p) => p.category === 'vocational' && p.categoryName === '中职')).toBe(true);
    // A county sees the city's.
    expect((await list('?site=511722')).total).toBe(all.total);
  });

  it('searches by Chinese keyword (title and body), by initials and full pinyin of the title', async () => {
    const zxj = await list(`?q=${encodeURIComponent('助学金')}`);
    expect(zxj.items.length).toBeGreaterThanOrEqual(2);
    expect(zxj.items.some((p) => p.title === '普通高中国家助学金')).toBe(true);
    const body = await list(`?q=${encodeURIComponent('共同借款人')}`);
    expect(body.items.map((p) => p.title)).toEqual(['生源地信用助学贷款']);
    const ini = await list('?q=gjzxj');
    expect(ini.items.map((p) => p.title)).toEqual(expect.arrayContaining(['中等职业教育国家助学金', '普通高中国家助学金', '2024年秋季学期普通高中国家助学金发放通知']));
    expect(ini.items.every((p) => p.title.includes('国家助学金'))).toBe(true);
    const py = await list('?q=yingyanggaishan');
    expect(py.items.map((p) => p.title)).toEqual(['义务教育阶段农村学生营养改善计划']);
    const both = await list(`?q=gjzxj&category=vocational`);
    expect(both.items.map((p) => p.title)).toEqual(['中等职业教育国家助学金']);
    expect((await list(`?q=${encodeURIComponent('不存在的政策名')}`)).items).toEqual([]);
  });

  it('shows one policy with its sections; an unknown id is 404 POLICY_NOT_FOUND', async () => {
    const id = (await list('?q=gjzxj')).items[0]!.id;
    const res = await get(`/api/education/aid-policies/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json<AidPolicyView>();
    for (const part of ['资助对象', '资助标准', '申请程序', '咨询电话']) expect(p.body).toContain(part);
    expect(p.attachments).toEqual([]);
    expect(res.headers.etag).toBeDefined();
    const none = await get('/api/education/aid-policies/999999');
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'POLICY_NOT_FOUND' });
  });

  it('console CRUD: sanitised body, attachments of the site only, site scope, the public list follows, audited', async () => {
    const url = '/api/admin/education/aid-policies';
    const input = {
      site: '511722',
      title: '宣汉县励志助学金（测试）',
      category: 'high-school',
      summary: '测试摘要',
      body: '<h3>资助对象</h3><p onclick="x()">宣汉县家庭经济困难学生<script>alert(1)</script></p>',
      issuer: '宣汉县教育局',
      docNo: '宣教〔2026〕1号（演示）',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      attachmentFileIds: [] as string[],
      published: true,
    };
    expect((await call(h.t, null, 'GET', url)).statusCode).toBe(401);
    expect((await call(h.t, xhOp.cookie, 'POST', url, { ...input, site: '511700' })).statusCode).toBe(403);
    const badDates = await call(h.t, xhOp.cookie, 'POST', url, { ...input, effectiveTo: '2025-12-31' });
    expect(badDates.statusCode).toBe(400);
    expect(badDates.json().fields.effectiveTo).toContain('失效日期');
    const badFile = await call(h.t, xhOp.cookie, 'POST', url, { ...input, attachmentFileIds: ['no-such-file'] });
    expect(badFile.statusCode).toBe(400);
    expect(badFile.json().fields.attachmentFileIds).toContain('附件');
    // Files of the file centre: the county's own is accepted, the city's is not (another site's).
    const file = (id: string, site: string) => ({ id, site_code: site, name: `${id}.pdf`, mime: 'application/pdf', size: 10, sha256: '0'.repeat(64), blob_id: id, uploaded_by: 'test', created_at: new Date().toISOString(), deleted_at: null });
    await h.t.app.ctx.db.insertInto('public_files').values([file('edu-xh-file', '511722'), file('edu-city-file', '511700')]).execute();
    expect((await call(h.t, xhOp.cookie, 'POST', url, { ...input, attachmentFileIds: ['edu-city-file'] })).statusCode).toBe(400);

    const created = await call(h.t, xhOp.cookie, 'POST', url, { ...input, attachmentFileIds: ['edu-xh-file'] });
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json<AidPolicyAdminView>();
    expect(p.body).not.toContain('<script');
    expect(p.body).not.toContain('onclick');
    expect(p.body).toContain('宣汉县家庭经济困难学生');
    expect(p.updatedBy).toBe('edu_xh_op');
    expect(p.attachmentFileIds).toEqual(['edu-xh-file']);
    const shown = (await get(`/api/education/aid-policies/${p.id}`)).json<AidPolicyView>();
    expect(shown.attachments).toEqual([{ name: 'edu-xh-file.pdf', url: '/api/public-files/edu-xh-file', mime: 'application/pdf' }]);
    expect(shown.inForce).toBe(true);

    // The county's list shows it (the content version moved), the city's does not.
    expect((await list(`?site=511722&q=${encodeURIComponent('励志')}`)).items.map((x) => x.id)).toEqual([p.id]);
    expect((await list('?site=511722')).items.some((x) => x.id === p.id)).toBe(true);
    expect((await list('')).items.some((x) => x.id === p.id)).toBe(false);
    expect((await list('?site=511722&q=lzzxj')).items.map((x) => x.id)).toEqual([p.id]);

    // The city operator cannot edit the county's; the county's own list.
    const own = await call(h.t, xhOp.cookie, 'GET', url);
    expect(own.json<{ items: AidPolicyAdminView[] }>().items.map((x) => x.id)).toEqual([p.id]);
    expect((await call(h.t, cityOp.cookie, 'GET', url)).json<{ total: number }>().total).toBeGreaterThanOrEqual(10);

    const updated = await call(h.t, xhOp.cookie, 'PUT', `${url}/${p.id}`, { ...input, title: '宣汉县励志奖学金（测试）', published: false });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json<AidPolicyAdminView>()).toMatchObject({ title: '宣汉县励志奖学金（测试）', published: false });
    expect((await list('?site=511722')).items.some((x) => x.id === p.id)).toBe(false);
    expect((await get(`/api/education/aid-policies/${p.id}`)).statusCode).toBe(404);

    expect((await call(h.t, xhOp.cookie, 'DELETE', `${url}/${p.id}`)).statusCode).toBe(204);
    expect((await call(h.t, xhOp.cookie, 'DELETE', `${url}/${p.id}`)).statusCode).toBe(404);

    const trail = await h.t.app.ctx.db.selectFrom('audit_log').select(['action', 'result', 'site_code']).where('action', 'like', 'education.aid-policy.%').orderBy('id').execute();
    expect(trail).toEqual(
      expect.arrayContaining([
        { action: 'education.aid-policy.create', result: 'denied', site_code: '511700' },
        { action: 'education.aid-policy.create', result: 'ok', site_code: '511722' },
        { action: 'education.aid-policy.update', result: 'ok', site_code: '511722' },
        { action: 'education.aid-policy.delete', result: 'ok', site_code: '511722' },
      ]),
    );
  });
});
