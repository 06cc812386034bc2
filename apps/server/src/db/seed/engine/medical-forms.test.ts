/**
 * The 医疗就诊 我要查 apps as 查询 on the engine (issue 12), against the real sandbox 医保 system:
 * each runs as the demo citizen and gets its rows, a catalogue search narrows, the apps open their
 * forms (also on an install seeded before), and an operator's edit in 表单设计 / 流程配置 is what
 * the next request gets — on this instance and on a second one sharing the database and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Value } from '@sinclair/typebox/value';
import { checkFormDefinition, WorkflowDefinition, type FormField, type ZoneDetail } from '@dz/contracts';
import { createTwinApps, type TestApp } from '../../../test/helpers.js';
import { call, setupAdmin, type StaffSession } from '../../../features/admin-auth/test-support.js';
import { login, newIp, sessionCookie } from '../../../features/auth/test-kit.js';
import { startBureaus, type Bureaus } from '../../../partners/connectors/test-support.js';
import { DEMO_CITIZEN } from '../index.js';
import { seedPortal } from '../portal/index.js';
import { seedEngine } from './index.js';
import { DAZHOU_AREAS, MEDICAL_QUERY_FORMS, OTHER_PROVINCES, PROVINCE_AREAS } from './medical-forms.js';

const SITE = '511702';
const CODES = [
  'medical-offsite-settlement',
  'medical-treatment-catalog',
  'medical-herbal-catalog',
  'medical-hospital-made-catalog',
  'medical-account-balance',
  'medical-insured-info',
  'medical-pharmacy-interprovincial',
  'medical-pharmacy-provincial',
  'medical-pharmacy-local',
  'medical-outpatient-provincial',
  'medical-western-catalog',
];

interface QueryResult {
  layout: 'list' | 'card' | 'table';
  columns: { key: string; label: string }[];
  rows: Record<string, unknown>[];
}
interface FormAnswer {
  fields: FormField[];
  kind?: string;
  prefill?: Record<string, string>;
}

let sandbox: Bureaus;
let t: TestApp;
let twin: FastifyInstance;
let closeTwins: () => Promise<void>;
let admin: StaffSession;
let demo: string;

beforeAll(async () => {
  sandbox = await startBureaus();
  ({ a: t, b: twin, close: closeTwins } = await createTwinApps({ PARTNERS_BASE_URL: sandbox.url }));
  admin = await setupAdmin(t);
  demo = sessionCookie(await login(t.app, DEMO_CITIZEN.phone, DEMO_CITIZEN.password, newIp()))!;
});
afterAll(async () => {
  // A failed start leaves nothing to close but what did start.
  await closeTwins?.();
  await sandbox?.close();
});

const form = async (code: string, app: FastifyInstance = t.app) => {
  const res = await app.inject({ url: `/api/forms/${code}?site=${SITE}`, headers: { cookie: demo } });
  expect(res.statusCode, `${code} ${res.body}`).toBe(200);
  return res.json() as FormAnswer;
};
/** Runs the query as the H5 does: the form's prefill plus what the citizen typed. */
async function run(code: string, data: Record<string, unknown> = {}, app: FastifyInstance = t.app): Promise<QueryResult> {
  const { prefill } = await form(code, app);
  const res = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: code, site: SITE, data: { ...prefill, ...data } } });
  expect(res.statusCode, `${code} ${res.body}`).toBe(201);
  const c = res.json() as { status: string; result: QueryResult };
  expect(c.status).toBe('completed');
  return c.result;
}

describe('the 11 医保 query forms', () => {
  it('are seeded at the city with valid fields and 查询 workflows on the 医保 system', async () => {
    expect(MEDICAL_QUERY_FORMS.map((f) => f.code).sort()).toEqual([...CODES].sort());
    const db = t.app.ctx.db;
    for (const f of MEDICAL_QUERY_FORMS) {
      expect(checkFormDefinition(f.fields), f.code).toEqual([]);
      const def = await db.selectFrom('form_defs').selectAll().where('code', '=', f.code).where('site_code', '=', '511700').executeTakeFirstOrThrow();
      expect(def, f.code).toMatchObject({ workflow_code: f.code, status: 'online', item_id: null });
      expect(def.department_id, f.code).not.toBeNull();
      const wf = JSON.parse((await db.selectFrom('workflows').select('definition').where('code', '=', f.code).executeTakeFirstOrThrow()).definition) as WorkflowDefinition;
      expect(Value.Check(WorkflowDefinition, wf), f.code).toBe(true);
      expect(wf).toMatchObject({ kind: 'query', partner: 'medicare' });
    }
  });

  it('each answers the demo citizen through the API: a card about the login, a list or table of the catalogue', async () => {
    for (const f of MEDICAL_QUERY_FORMS) {
      const answer = await form(f.code);
      expect(answer.kind, f.code).toBe('query');
      const personal = f.fields.some((x) => x.prefill === 'user.idNumber');
      // Personal queries are about the login: its name and ID come prefilled.
      if (personal) expect(answer.prefill, f.code).toMatchObject({ applicantName: DEMO_CITIZEN.name, applicantIdNumber: DEMO_CITIZEN.idNumber });
      const r = await run(f.code);
      expect(r.layout, f.code).toBe(f.workflow.query!.layout);
      expect(r.layout, f.code).toBe(personal ? 'card' : f.code.includes('catalog') ? 'table' : 'list');
      expect(r.columns, f.code).toEqual(f.workflow.query!.columns);
      expect(r.rows.length, f.code).toBeGreaterThan(0);
      // Every column the workflow shows is in the 医保 system's rows (no column of dashes).
      for (const c of r.columns) expect(r.rows.some((row) => row[c.key] !== undefined && row[c.key] !== ''), `${f.code} ${c.key}`).toBe(true);
    }
    const [info] = (await run('medical-insured-info')).rows;
    expect(info).toMatchObject({ name: '张*', idNumber: '5117**********1231', place: '达州市通川区', status: '参保缴费' });
    const [acct] = (await run('medical-account-balance')).rows;
    expect(acct!.balance).toMatch(/^\d+\.\d{2}$/);
    expect(String(acct!.recent).split('；')).toHaveLength(5);
  });

  it('a catalogue search narrows the results; a directory by each 地区 it offers', async () => {
    const all = (await run('medical-western-catalog')).rows;
    expect(all).toHaveLength(50);
    const capsules = (await run('medical-western-catalog', { keyword: '胶囊' })).rows;
    expect(capsules.length).toBeGreaterThan(0);
    expect(capsules.length).toBeLessThan(all.length);
    expect(capsules.every((r) => String(r.name).includes('胶囊'))).toBe(true);
    expect((await run('medical-herbal-catalog', { keyword: '当归' })).rows.map((r) => r.name)).toEqual(['当归']);
    expect((await run('medical-treatment-catalog', { keyword: '没有这个项目' })).rows).toEqual([]);
    // Every 地区 a form offers has institutions at the 医保 system.
    for (const [code, areas] of [
      ['medical-pharmacy-local', DAZHOU_AREAS],
      ['medical-pharmacy-provincial', PROVINCE_AREAS],
      ['medical-pharmacy-interprovincial', OTHER_PROVINCES],
      ['medical-outpatient-provincial', PROVINCE_AREAS],
    ] as const) {
      const total = (await run(code)).rows.length;
      for (const area of areas) {
        const rows = (await run(code, { area })).rows;
        expect(rows.length, `${code} ${area}`).toBeGreaterThan(0);
        expect(rows.length, `${code} ${area}`).toBeLessThan(total);
        expect(rows.every((r) => String(r.area).includes(area)), `${code} ${area}`).toBe(true);
      }
    }
    // The form refuses what the 医保 system would, in Chinese, before calling it.
    const bad = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: 'medical-western-catalog', site: SITE, data: { keyword: '<script>' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('名称或编码：请填写1至30个汉字、字母或数字');
  });

  it('a personal query is about the login whatever ID number the browser sends', async () => {
    const own = (await run('medical-account-balance')).rows[0];
    // Another real-looking ID number typed over the prefilled one: the server asks about the login's.
    const other = (await run('medical-account-balance', { applicantIdNumber: '11010519491231002X', applicantName: '李四' })).rows[0];
    expect(other).toEqual(own);
  });

  it('the 医保 system down: a clear message, nothing filed', async () => {
    const filed = async () => Number((await t.app.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('form_code', '=', 'medical-pharmacy-local').executeTakeFirstOrThrow()).n);
    const before = await filed();
    sandbox.down('medicare');
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: 'medical-pharmacy-local', site: SITE, data: {} } });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await filed()).toBe(before);
    } finally {
      sandbox.heal('medicare', t.app);
      sandbox.heal('medicare', twin);
    }
  });
});

describe('the 医疗就诊 我要查 apps', () => {
  it('open their forms, live', async () => {
    const zone = (await t.app.inject({ url: '/api/zones/medical' })).json() as ZoneDetail;
    const apps = zone.groups.find((g) => g.title === '我要查')!.apps.filter((a) => CODES.includes(a.code));
    expect(apps).toHaveLength(11);
    for (const a of apps) expect(a, a.code).toMatchObject({ kind: 'form', formCode: a.code, target: a.code, status: 'online' });
  });

  it('an install seeded before gets its untouched entries switched to the forms, never an edited one', async () => {
    const db = t.app.ctx.db;
    const generic = (name: string) => `${name}：由相关部门业务系统提供，接入完成后可在此直接使用。`;
    const old = { kind: 'external' as const, target: '', status: 'coming' as const };
    await db.updateTable('apps').set({ ...old, description: generic('本统筹区定点零售药店') }).where('code', '=', 'medical-pharmacy-local').execute();
    // An operator pointed this one at the bureau's page: it stays so.
    await db.updateTable('apps').set({ ...old, status: 'online', target: 'https://ybj.dazhou.gov.cn/yp' }).where('code', '=', 'medical-herbal-catalog').execute();
    await seedPortal(t.app.ctx);
    await seedEngine(t.app.ctx);
    const row = async (code: string) => db.selectFrom('apps').select(['kind', 'target', 'status', 'description']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(await row('medical-pharmacy-local')).toEqual({ kind: 'form', target: 'medical-pharmacy-local', status: 'online', description: '按区县和名称查询达州市医保定点零售药店。' });
    expect(await row('medical-herbal-catalog')).toMatchObject({ kind: 'external', target: 'https://ybj.dazhou.gov.cn/yp', status: 'online' });
    await db.updateTable('apps').set({ kind: 'form', target: 'medical-herbal-catalog' }).where('code', '=', 'medical-herbal-catalog').execute();
  });
});

describe('a 医保 query app edited in the console', () => {
  const CODE = 'medical-account-balance';

  it('changes the H5 at once, on this instance and on another one', async () => {
    // 表单设计: the ID field gets a new label, published.
    const detail = (await call(t, admin.cookie, 'GET', `/api/admin/forms/${CODE}?site=511700`)).json() as { fields: FormField[] };
    const fields = detail.fields.map((f) => (f.key === 'applicantIdNumber' ? { ...f, label: '参保人身份证号' } : f));
    // Read on both instances first, so a stale copy would be in their memory.
    for (const app of [t.app, twin]) expect((await form(CODE, app)).fields.find((f) => f.key === 'applicantIdNumber')?.label).toBe('公民身份号码');
    expect((await call(t, admin.cookie, 'PUT', `/api/admin/forms/${CODE}/draft`, { site: '511700', fields })).statusCode).toBe(200);
    expect((await call(t, admin.cookie, 'POST', `/api/admin/forms/${CODE}/publish`, { site: '511700', note: '身份证号字段改名' })).statusCode).toBe(200);
    // This instance at once (read-your-writes); the other within the content version's check
    // interval (300 ms) plus a store round trip — polled, since a loaded machine stretches it.
    expect((await form(CODE, t.app)).fields.find((f) => f.key === 'applicantIdNumber')?.label).toBe('参保人身份证号');
    await expect.poll(async () => (await form(CODE, twin)).fields.find((f) => f.key === 'applicantIdNumber')?.label, { timeout: 2_000, interval: 100 }).toBe('参保人身份证号');

    // 流程配置: the balance column renamed, the result laid out as a list, published.
    for (const app of [t.app, twin]) expect((await run(CODE, {}, app)).layout).toBe('card');
    const wf = (await call(t, admin.cookie, 'GET', `/api/admin/workflows/${CODE}?site=511700`)).json() as { name: string; definition: WorkflowDefinition };
    const query = wf.definition.query!;
    const definition: WorkflowDefinition = { ...wf.definition, query: { ...query, layout: 'list', columns: query.columns.map((c) => (c.key === 'balance' ? { ...c, label: '可用余额（元）' } : c)) } };
    const pub = await call(t, admin.cookie, 'POST', '/api/admin/workflows', { site: '511700', code: CODE, name: wf.name, definition, note: '余额列改名，列表展示' });
    expect(pub.statusCode, pub.body).toBe(201);
    await expect.poll(async () => (await run(CODE, {}, twin)).layout, { timeout: 2_000, interval: 100 }).toBe('list');
    for (const app of [t.app, twin]) {
      const r = await run(CODE, {}, app);
      expect(r.layout).toBe('list');
      expect(r.columns.find((c) => c.key === 'balance')?.label).toBe('可用余额（元）');
      expect(r.rows[0]!.balance).toMatch(/^\d+\.\d{2}$/);
    }
  });
});
