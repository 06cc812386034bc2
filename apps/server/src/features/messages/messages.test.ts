import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { registerPerson, type Registered } from '../auth/test-kit.js';

let t: TestApp;
let admin: StaffSession;
let dzOp: StaffSession;
let tcOp: StaffSession;
let xhOp: StaffSession;
let alice: Registered;
let bob: Registered;

type Page = { items: MessageView[]; total: number; page: number; pageSize: number };
const as = (u: Registered, url: string, method: 'GET' | 'POST' = 'GET') => t.app.inject({ method, url, headers: { cookie: u.cookie } });
const inbox = async (u: Registered, site: string) => (await as(u, `/api/messages?site=${site}&pageSize=50`)).json() as Page;
const unread = async (u: Registered, site: string) => ((await as(u, `/api/messages/unread-count?site=${site}`)).json() as { count: number }).count;
const titles = async (u: Registered, site: string) => (await inbox(u, site)).items.map((m) => m.title);

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  dzOp = await createStaff(t, admin, { username: 'dz_op', siteCode: '511700', roles: ['operator'] });
  tcOp = await createStaff(t, admin, { username: 'tc_op', siteCode: '511702', roles: ['operator'] });
  xhOp = await createStaff(t, admin, { username: 'xh_op', siteCode: '511722', roles: ['operator'] });
  alice = await registerPerson(t.app, { name: '王小丽' });
  bob = await registerPerson(t.app, { name: '赵大勇' });
});
afterAll(async () => {
  await t.close();
});

describe('消息中心', () => {
  it('a new user finds the welcome message; anonymous visitors get a zero count and no inbox', async () => {
    const page = await inbox(alice, '511702');
    expect(page.items).toEqual([{ id: expect.any(Number), title: '欢迎使用“天府通办”达州分站', body: expect.stringContaining('演示消息'), link: null, createdAt: expect.any(String), read: false }]);
    expect(await unread(alice, '511702')).toBe(1);
    const anon = await t.app.inject({ url: '/api/messages/unread-count' });
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toEqual({ count: 0 });
    expect((await t.app.inject({ url: '/api/messages' })).statusCode).toBe(401);
    expect((await as(alice, '/api/messages/unread-count?site=999999')).statusCode).toBe(404);
  });

  it('only the province may write to everyone; a city operator is refused and audited', async () => {
    const res = await call(t, dzOp.cookie, 'POST', '/api/admin/messages', { title: '全市通知', body: '测试', target: 'all' });
    expect(res.statusCode).toBe(403);
    const denied = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'result']).where('actor_name', '=', 'dz_op').execute();
    expect(denied).toContainEqual({ action: 'message.send', result: 'denied' });
    const ok = await call(t, admin.cookie, 'POST', '/api/admin/messages', { title: '系统维护通知', body: '今晚22:00至23:00系统维护。', target: 'all' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ target: 'all', siteCode: null, userPhone: null, createdBy: 'admin', readCount: 0 });
    expect(await titles(alice, '511722')).toContain('系统维护通知');
    expect(await titles(bob, '511700')).toContain('系统维护通知');
  });

  it('a site message reaches that site and the sites below it only', async () => {
    expect((await call(t, tcOp.cookie, 'POST', '/api/admin/messages', { title: '通川区停水通知', body: '朝阳街道明日停水。', target: 'site', siteCode: '511702', link: '/zones/water-power' })).statusCode).toBe(201);
    expect((await call(t, dzOp.cookie, 'POST', '/api/admin/messages', { title: '达州市公积金新政', body: '详见资讯。', target: 'site', siteCode: '511700' })).statusCode).toBe(201);
    expect((await call(t, xhOp.cookie, 'POST', '/api/admin/messages', { title: '宣汉县接种提醒', body: '请按时接种。', target: 'site', siteCode: '511722' })).statusCode).toBe(201);
    // a county operator cannot address another county
    expect((await call(t, xhOp.cookie, 'POST', '/api/admin/messages', { title: '越权消息', body: 'x', target: 'site', siteCode: '511702' })).statusCode).toBe(403);

    const tc = await titles(alice, '511702');
    expect(tc).toEqual(expect.arrayContaining(['通川区停水通知', '达州市公积金新政']));
    expect(tc).not.toContain('宣汉县接种提醒');
    const xh = await titles(alice, '511722');
    expect(xh).toEqual(expect.arrayContaining(['宣汉县接种提醒', '达州市公积金新政']));
    expect(xh).not.toContain('通川区停水通知');
    const city = await titles(alice, '511700');
    expect(city).toContain('达州市公积金新政');
    expect(city).not.toContain('通川区停水通知');
    expect((await inbox(alice, '511702')).items.find((m) => m.title === '通川区停水通知')!.link).toBe('/zones/water-power');
  });

  it('a user message reaches that user only, found by phone', async () => {
    const res = await call(t, xhOp.cookie, 'POST', '/api/admin/messages', { title: '您的预约已确认', body: '请于周一上午到宣汉县政务服务中心办理。', target: 'user', userPhone: alice.phone });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ target: 'user', siteCode: '511722', userPhone: `${alice.phone.slice(0, 3)}****${alice.phone.slice(-4)}` });
    const id = res.json().id as number;
    // the user sees it whichever site they look at
    expect(await titles(alice, '511702')).toContain('您的预约已确认');
    expect(await titles(bob, '511722')).not.toContain('您的预约已确认');
    expect((await as(bob, `/api/messages/${id}`)).statusCode).toBe(404);
    const missing = await call(t, xhOp.cookie, 'POST', '/api/admin/messages', { title: '找不到的人', body: 'x', target: 'user', userPhone: '13912345678' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('USER_NOT_FOUND');
  });

  it('opening a message marks it read; read-all clears the site’s count only', async () => {
    const before = await unread(alice, '511702');
    expect(before).toBe(5); // welcome, 系统维护, 通川区停水, 达州市公积金, 预约已确认
    const msg = (await inbox(alice, '511702')).items.find((m) => m.title === '通川区停水通知')!;
    const opened = await as(alice, `/api/messages/${msg.id}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ id: msg.id, read: true });
    expect((await as(alice, `/api/messages/${msg.id}`)).json().read).toBe(true);
    expect(await unread(alice, '511702')).toBe(4);
    expect((await inbox(alice, '511702')).items.find((m) => m.id === msg.id)!.read).toBe(true);

    const all = await as(alice, '/api/messages/read-all?site=511702', 'POST');
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ ok: true });
    expect(await unread(alice, '511702')).toBe(0);
    expect((await inbox(alice, '511702')).items.every((m) => m.read)).toBe(true);
    // 宣汉县's own message was not visible on 通川区, so it is still unread there
    expect(await unread(alice, '511722')).toBe(1);
    // bob's reads are his own
    expect(await unread(bob, '511702')).toBe(4);
    expect((await as(alice, '/api/messages/read-all?site=511702', 'POST')).statusCode).toBe(200);
    // without a site, every site's messages are marked read
    expect((await as(bob, '/api/messages/read-all', 'POST')).json()).toEqual({ ok: true });
    expect(await unread(bob, '511702')).toBe(0);
    expect(await unread(bob, '511722')).toBe(0);
  });

  it('the console lists sent messages within scope with read counts', async () => {
    const tc = (await call(t, tcOp.cookie, 'GET', '/api/admin/messages')).json() as { items: { title: string; target: string; readCount: number }[] };
    expect(tc.items.map((m) => m.title)).toEqual(['通川区停水通知']);
    expect(tc.items[0]!.readCount).toBe(2); // alice opened it, bob read all
    const xh = (await call(t, xhOp.cookie, 'GET', '/api/admin/messages')).json() as { items: { title: string; target: string; userPhone: string | null }[] };
    expect(xh.items.map((m) => m.title)).toEqual(['您的预约已确认', '宣汉县接种提醒']);
    expect(xh.items[0]!.userPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const dz = (await call(t, dzOp.cookie, 'GET', '/api/admin/messages')).json() as { items: { title: string }[]; total: number };
    expect(dz.total).toBe(4);
    const all = (await call(t, admin.cookie, 'GET', '/api/admin/messages')).json() as { items: { title: string; target: string }[]; total: number };
    expect(all.items.filter((m) => m.target === 'all').map((m) => m.title)).toEqual(expect.arrayContaining(['系统维护通知', '欢迎使用“天府通办”达州分站']));
    expect((await call(t, xhOp.cookie, 'GET', '/api/admin/messages?siteCode=511702')).statusCode).toBe(403);
    // a site in the header's switcher lists that site and the sites below it; everyone's messages sit with the province
    const city = (await call(t, admin.cookie, 'GET', '/api/admin/messages?siteCode=511700')).json() as { total: number; items: { target: string }[] };
    expect(city.total).toBe(4);
    expect(city.items.some((m) => m.target === 'all')).toBe(false);
    const province = (await call(t, admin.cookie, 'GET', '/api/admin/messages?siteCode=510000')).json() as { total: number };
    expect(province.total).toBe(all.total);
    const sent = await t.app.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'message.send').where('result', '=', 'ok').where('actor_name', '=', 'tc_op').executeTakeFirstOrThrow();
    expect(sent.summary).toBe('发送消息“通川区停水通知”给通川区及下级站点的用户');
  });
});
