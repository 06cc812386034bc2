import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../../admin-auth/test-support.js';
import { login, newIp, registerPerson, sessionCookie } from '../../auth/test-kit.js';

let t: TestApp;
let admin: StaffSession;
let city: StaffSession;
let xuanhan: StaffSession;
let tongchuan: StaffSession;
let handler: StaffSession;

const CITY = '511700';
const XH = '511722';
const TC = '511702';

const baseFields = [
  { key: 'name', label: '申请人姓名', type: 'text', required: true, prefill: 'user.name' },
  { key: 'idNumber', label: '身份证号', type: 'idNumber', required: true, prefill: 'user.idNumber', sensitive: true },
  { key: 'phone', label: '联系电话', type: 'phone', required: true, prefill: 'user.phone' },
  { key: 'reason', label: '申请事由', type: 'select', required: true, options: [{ value: 'work', label: '务工' }, { value: 'study', label: '就学' }] },
];

const publicForm = (code: string, site: string, cookie?: string) => t.app.inject({ url: `/api/forms/${code}?site=${site}`, ...(cookie ? { headers: { cookie } } : {}) });

async function createForm(s: StaffSession, site: string, code: string, title = '居住证申领') {
  const res = await call(t, s.cookie, 'POST', '/api/admin/forms', { site, code, title, workflowCode: 'residence-permit', description: '在达州居住半年以上可申领' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function saveDraft(s: StaffSession, site: string, code: string, fields: unknown[]) {
  return call(t, s.cookie, 'PUT', `/api/admin/forms/${code}/draft`, { site, fields });
}
async function publish(s: StaffSession, site: string, code: string, note = '首次发布') {
  const res = await call(t, s.cookie, 'POST', `/api/admin/forms/${code}/publish`, { site, note });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  city = await createStaff(t, admin, { username: 'f_city', siteCode: CITY, roles: ['operator'] });
  xuanhan = await createStaff(t, admin, { username: 'f_xh', siteCode: XH, roles: ['operator'] });
  tongchuan = await createStaff(t, admin, { username: 'f_tc', siteCode: TC, roles: ['operator'] });
  handler = await createStaff(t, admin, { username: 'f_case', siteCode: TC, roles: ['case_handler'] });
});
afterAll(async () => {
  await t.close();
});

describe('site inheritance', () => {
  it('a county inherits the city form; a county override wins for that county only', async () => {
    await createForm(city, CITY, 'jzz');
    expect((await saveDraft(city, CITY, 'jzz', baseFields)).statusCode).toBe(200);
    // Created but never published: citizens do not see it yet.
    expect((await publicForm('jzz', CITY)).statusCode).toBe(404);
    const v1 = await publish(city, CITY, 'jzz');
    expect(v1).toMatchObject({ latestVersion: 1, hasDraft: false, inherited: false, siteCode: CITY });

    for (const site of [CITY, XH, TC]) {
      const res = await publicForm('jzz', site);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ code: 'jzz', title: '居住证申领', version: 1, siteCode: CITY, description: '在达州居住半年以上可申领' });
      expect(res.json().fields.map((f: { key: string }) => f.key)).toEqual(['name', 'idNumber', 'phone', 'reason']);
      expect(res.json().prefill).toBeUndefined();
    }
    // 宣汉县 sees the city's form in its list, marked inherited.
    const list = (await call(t, xuanhan.cookie, 'GET', `/api/admin/forms?site=${XH}`)).json();
    expect(list.find((r: { code: string }) => r.code === 'jzz')).toMatchObject({ siteCode: CITY, inherited: true, latestVersion: 1 });
    const detail = (await call(t, xuanhan.cookie, 'GET', `/api/admin/forms/jzz?site=${XH}`)).json();
    expect(detail).toMatchObject({ site: XH, siteCode: CITY, inherited: true, hasDraft: false });
    expect(detail.fields).toHaveLength(4);

    // 宣汉县 adds a field and publishes: its own override, version 1 of 宣汉县.
    expect((await saveDraft(xuanhan, XH, 'jzz', [...baseFields, { key: 'street', label: '居住街道', type: 'text', required: true }])).statusCode).toBe(200);
    const own = await publish(xuanhan, XH, 'jzz', '宣汉县增加居住街道');
    expect(own).toMatchObject({ site: XH, siteCode: XH, inherited: false, latestVersion: 1 });

    const xh = (await publicForm('jzz', XH)).json();
    expect(xh).toMatchObject({ siteCode: XH, version: 1 });
    expect(xh.fields.map((f: { key: string }) => f.key)).toContain('street');
    for (const site of [CITY, TC]) {
      const other = (await publicForm('jzz', site)).json();
      expect(other.siteCode).toBe(CITY);
      expect(other.fields.map((f: { key: string }) => f.key)).not.toContain('street');
    }
    expect((await t.app.forms.resolve('jzz', XH))?.siteCode).toBe(XH);
    expect((await t.app.forms.resolve('jzz', TC))?.siteCode).toBe(CITY);
    // The city's list shows its own row, not the county's override.
    const cityList = (await call(t, city.cookie, 'GET', `/api/admin/forms?site=${CITY}&q=居住`)).json();
    expect(cityList.filter((r: { code: string }) => r.code === 'jzz')).toEqual([expect.objectContaining({ siteCode: CITY, inherited: false })]);
  });

  it('a county cannot edit another county or the city (403, audited)', async () => {
    expect((await saveDraft(xuanhan, TC, 'jzz', baseFields)).statusCode).toBe(403);
    expect((await call(t, tongchuan.cookie, 'POST', '/api/admin/forms/jzz/publish', { site: XH, note: 'x' })).statusCode).toBe(403);
    // 通川区 sees the city's form, not 宣汉县's override.
    const tc = (await call(t, tongchuan.cookie, 'GET', '/api/admin/forms')).json();
    expect(tc.find((r: { code: string }) => r.code === 'jzz')).toMatchObject({ siteCode: CITY, inherited: true });
    expect((await call(t, xuanhan.cookie, 'POST', '/api/admin/forms/jzz/publish', { site: CITY, note: 'x' })).statusCode).toBe(403);
    // A case handler has no content:write.
    expect((await call(t, handler.cookie, 'GET', `/api/admin/forms?site=${TC}`)).statusCode).toBe(403);
    const denied = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'result']).where('action', '=', 'form.draft').where('result', '=', 'denied').execute();
    expect(denied.length).toBeGreaterThanOrEqual(1);
  });

  it('taking an override offline hides the form for that county only', async () => {
    const res = await call(t, xuanhan.cookie, 'PUT', '/api/admin/forms/jzz/status', { site: XH, status: 'offline' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await publicForm('jzz', XH)).statusCode).toBe(404);
    expect((await publicForm('jzz', TC)).statusCode).toBe(200);
    expect(await t.app.forms.resolve('jzz', XH)).toBeNull();
    expect((await call(t, xuanhan.cookie, 'PUT', '/api/admin/forms/jzz/status', { site: XH, status: 'online' })).statusCode).toBe(200);
    expect((await publicForm('jzz', XH)).json().siteCode).toBe(XH);
  });

  it('a county may take an inherited form offline for itself; its designer still starts from the city form', async () => {
    expect((await call(t, tongchuan.cookie, 'PUT', '/api/admin/forms/jzz/status', { site: TC, status: 'offline' })).statusCode).toBe(200);
    expect((await publicForm('jzz', TC)).statusCode).toBe(404);
    expect((await publicForm('jzz', CITY)).statusCode).toBe(200);
    const d = (await call(t, tongchuan.cookie, 'GET', `/api/admin/forms/jzz?site=${TC}`)).json();
    expect(d).toMatchObject({ siteCode: TC, inherited: false, status: 'offline', latestVersion: 0, hasDraft: false, published: null });
    expect(d.fields).toHaveLength(4);
    expect((await call(t, tongchuan.cookie, 'PUT', '/api/admin/forms/jzz/status', { site: TC, status: 'online' })).statusCode).toBe(200);
    expect((await publicForm('jzz', TC)).json()).toMatchObject({ siteCode: CITY, version: 1 });
  });
});

describe('versions', () => {
  it('publishing makes a new immutable version; the old one stays readable; restore puts it back as the draft', async () => {
    await createForm(city, CITY, 'sbzm', '社保参保证明');
    await saveDraft(city, CITY, 'sbzm', baseFields.slice(0, 2));
    await publish(city, CITY, 'sbzm', 'v1');
    await saveDraft(city, CITY, 'sbzm', [...baseFields.slice(0, 2), { key: 'months', label: '证明月数', type: 'number', min: 1, max: 36 }]);
    // The draft is not live yet.
    expect((await publicForm('sbzm', CITY)).json()).toMatchObject({ version: 1 });
    const v2 = await publish(city, CITY, 'sbzm', '增加证明月数');
    expect(v2.latestVersion).toBe(2);
    expect((await publicForm('sbzm', XH)).json()).toMatchObject({ version: 2, siteCode: CITY });

    const old = await t.app.forms.version('sbzm', CITY, 1);
    expect(old).toMatchObject({ code: 'sbzm', version: 1, siteCode: CITY, workflowCode: 'residence-permit', title: '社保参保证明' });
    expect(old!.fields.map((f) => f.key)).toEqual(['name', 'idNumber']);
    expect((await t.app.forms.version('sbzm', CITY, 2))!.fields.map((f) => f.key)).toEqual(['name', 'idNumber', 'months']);
    expect(await t.app.forms.version('sbzm', CITY, 3)).toBeNull();

    const versions = (await call(t, city.cookie, 'GET', `/api/admin/forms/sbzm/versions?site=${CITY}`)).json();
    expect(versions.map((v: { version: number; isLatest: boolean; fieldCount: number; note: string }) => [v.version, v.isLatest, v.fieldCount, v.note])).toEqual([
      [2, true, 3, '增加证明月数'],
      [1, false, 2, 'v1'],
    ]);

    const restored = await call(t, city.cookie, 'POST', '/api/admin/forms/sbzm/versions/1/restore', { site: CITY });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ hasDraft: true, latestVersion: 2 });
    expect(restored.json().fields.map((f: { key: string }) => f.key)).toEqual(['name', 'idNumber']);
    // Still version 2 for citizens until published again; then version 3 has version 1's fields.
    expect((await publicForm('sbzm', CITY)).json().version).toBe(2);
    await publish(city, CITY, 'sbzm', '恢复第1版');
    const now = (await publicForm('sbzm', CITY)).json();
    expect(now.version).toBe(3);
    expect(now.fields.map((f: { key: string }) => f.key)).toEqual(['name', 'idNumber']);
    expect((await call(t, city.cookie, 'POST', '/api/admin/forms/sbzm/versions/9/restore', { site: CITY })).statusCode).toBe(404);
    const audit = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'summary']).where('object_type', '=', 'form').where('object_id', '=', `${CITY}/sbzm`).where('result', '=', 'ok').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['form.create', 'form.draft', 'form.draft', 'form.publish', 'form.publish', 'form.publish', 'form.restore']);
  });

  it('a form published is served at once, with no restart', async () => {
    // Read (and so cache) the current version first, then publish a change.
    expect((await publicForm('sbzm', TC)).json().fields).toHaveLength(2);
    expect((await t.app.forms.resolve('sbzm', TC))?.version).toBe(3);
    await saveDraft(city, CITY, 'sbzm', [...baseFields.slice(0, 2), { key: 'purpose', label: '用途', type: 'text' }]);
    await publish(city, CITY, 'sbzm', '增加用途');
    const res = await publicForm('sbzm', TC);
    expect(res.json()).toMatchObject({ version: 4 });
    expect(res.json().fields.map((f: { key: string }) => f.key)).toContain('purpose');
    expect((await t.app.forms.resolve('sbzm', TC))?.version).toBe(4);
    expect(res.headers['cache-control']).toBe('no-cache');
  });
});

describe('validation and errors', () => {
  it('a bad definition is refused with 400 naming the problem', async () => {
    await createForm(city, CITY, 'bad-form', '错误表单');
    const dup = await saveDraft(city, CITY, 'bad-form', [
      { key: 'a', label: '甲', type: 'text' },
      { key: 'a', label: '乙', type: 'text' },
      { key: 'c', label: '类型', type: 'select' },
      { key: 'd', label: '备注', type: 'text', showIf: { key: 'nope', equals: 'x' } },
    ]);
    expect(dup.statusCode).toBe(400);
    expect(dup.json().code).toBe('FORM_DEFINITION_INVALID');
    expect(dup.json().message).toContain('字段标识“a”重复');
    expect(dup.json().message).toContain('“类型”需要至少一个选项');
    expect(dup.json().message).toContain('不存在的字段“nope”');
    // An unknown field type is refused by the schema, in Chinese.
    const type = await saveDraft(city, CITY, 'bad-form', [{ key: 'a', label: '甲', type: 'signature' }]);
    expect(type.statusCode).toBe(400);
    expect(type.json().message).toMatch(/[\u4e00-\u9fff]/);
    // Nothing was stored; publishing an empty form is refused too.
    const empty = await call(t, city.cookie, 'POST', '/api/admin/forms/bad-form/publish', { site: CITY, note: '试试' });
    expect(empty.statusCode).toBe(400);
  });

  it('creating a code twice is 409; an unknown form is 404 FORM_NOT_FOUND', async () => {
    const again = await call(t, city.cookie, 'POST', '/api/admin/forms', { site: CITY, code: 'jzz', title: '重复', workflowCode: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('FORM_EXISTS');
    const res = await publicForm('no-such-form', CITY);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('FORM_NOT_FOUND');
    expect(res.json().message).toMatch(/[\u4e00-\u9fff]/);
    expect((await call(t, city.cookie, 'GET', `/api/admin/forms/no-such-form?site=${CITY}`)).statusCode).toBe(404);
    expect(await t.app.forms.resolve('no-such-form', CITY)).toBeNull();
  });
});

describe('prefill', () => {
  it('fills name, ID number and phone for a signed-in real-name user, not cached', async () => {
    const res = await login(t.app, '13900000001', 'Demo@2026', newIp());
    expect(res.statusCode, res.body).toBe(200);
    const cookie = sessionCookie(res)!;
    const u = await t.app.ctx.db.selectFrom('users').select(['id', 'name_enc', 'id_number_enc', 'real_name_verified']).where('id', '=', res.json().user.id).executeTakeFirstOrThrow();
    expect(Number(u.real_name_verified)).toBe(1);
    const form = await publicForm('jzz', TC, cookie);
    expect(form.statusCode).toBe(200);
    expect(form.json().prefill).toEqual({ name: t.app.ctx.gm.decrypt(u.name_enc!), idNumber: t.app.ctx.gm.decrypt(u.id_number_enc!), phone: '13900000001' });
    expect(form.headers['cache-control']).toContain('no-store');
    // Anonymous: no prefill at all.
    expect((await publicForm('jzz', TC)).json().prefill).toBeUndefined();
  });

  it('gives no ID number to an account that is not real-name verified', async () => {
    const p = await registerPerson(t.app, { name: '王五' });
    await t.app.ctx.db.updateTable('users').set({ real_name_verified: 0 }).where('id', '=', p.userId).execute();
    const prefill = (await publicForm('jzz', TC, p.cookie)).json().prefill;
    expect(prefill).toEqual({ name: '王五', phone: p.phone });
    expect(await t.app.forms.prefill(p.userId, [{ key: 'corp', label: '企业名称', type: 'text', prefill: 'company.name' }])).toEqual({});
  });
});
