/**
 * The 不动产 我要查 and 公积金查询 apps on the engine (issue 14), against the real sandbox 不动产登记中心
 * and 住房公积金管理中心: the eight 查询 forms are seeded with valid fields, each answers rows with
 * the columns it shows, the personal ones are the login's own; the zones' built apps are live (also
 * on an install seeded before, where 公积金提取 becomes the engine's form and its seeded form and
 * workflow gain the centre's check as a new version), the rest stay 即将上线.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { checkFormDefinition, WorkflowDefinition, type FormField, type ZoneDetail } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { login, newIp, sessionCookie } from '../../../features/auth/test-kit.js';
import { startBureaus, type Bureaus } from '../../../partners/connectors/test-support.js';
import { DEMO_CITIZEN } from '../index.js';
import { seedPortal } from '../portal/index.js';
import { seedEngine } from './index.js';
import { HOUSING_QUERY_FORMS, lastYears } from './housing-forms.js';
import { PALM_FORMS } from './palm-forms.js';

const SITE = '511702';
const REAL_ESTATE = ['commodity-house-filing-query', 'developer-info-query', 'real-estate-project-query'];
const HOUSING_FUND = ['hf-withdraw-detail', 'hf-deposit-detail', 'hf-loan-info', 'hf-loan-detail', 'hf-progress'];
const PERSONAL = HOUSING_FUND;
const ROUTES = ['house-query', 'no-house-certificate', 'property-cert-verify', 'hf-account', 'hf-loan-calculator', 'hf-rates', 'hf-partner-estates', 'hf-service-points'];

interface QueryResult {
  layout: 'list' | 'card' | 'table';
  columns: { key: string; label: string }[];
  rows: Record<string, unknown>[];
}

let sandbox: Bureaus;
let t: TestApp;
let demo: string;

beforeAll(async () => {
  sandbox = await startBureaus({ decideAfterMs: null });
  t = await createTestApp({}, { PARTNERS_BASE_URL: sandbox.url });
  demo = sessionCookie(await login(t.app, DEMO_CITIZEN.phone, DEMO_CITIZEN.password, newIp()))!;
});
afterAll(async () => {
  await t?.close();
  await sandbox?.close();
});

const form = async (code: string) => {
  const res = await t.app.inject({ url: `/api/forms/${code}?site=${SITE}`, headers: { cookie: demo } });
  expect(res.statusCode, `${code} ${res.body}`).toBe(200);
  return res.json() as { fields: FormField[]; kind?: string; prefill?: Record<string, string> };
};
async function run(code: string, data: Record<string, unknown> = {}): Promise<QueryResult> {
  const { prefill } = await form(code);
  const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: code, site: SITE, data: { ...prefill, ...data } } });
  expect(res.statusCode, `${code} ${res.body}`).toBe(201);
  return (res.json() as { result: QueryResult }).result;
}

describe('the 8 不动产 / 公积金 查询 forms', () => {
  it('are seeded at the city with valid fields and 查询 workflows on the bureau that answers', async () => {
    expect(HOUSING_QUERY_FORMS.map((f) => f.code).sort()).toEqual([...REAL_ESTATE, ...HOUSING_FUND].sort());
    const db = t.app.ctx.db;
    for (const f of HOUSING_QUERY_FORMS) {
      expect(checkFormDefinition(f.fields), f.code).toEqual([]);
      const def = await db.selectFrom('form_defs').selectAll().where('code', '=', f.code).where('site_code', '=', '511700').executeTakeFirstOrThrow();
      expect(def, f.code).toMatchObject({ workflow_code: f.code, status: 'online', item_id: null });
      expect(def.department_id, f.code).not.toBeNull();
      const wf = JSON.parse((await db.selectFrom('workflows').select('definition').where('code', '=', f.code).executeTakeFirstOrThrow()).definition) as WorkflowDefinition;
      expect([...Value.Errors(WorkflowDefinition, wf)].map((e) => `${e.path} ${e.message}`), f.code).toEqual([]);
      expect(wf, f.code).toMatchObject({ kind: 'query', partner: REAL_ESTATE.includes(f.code) ? 'real-estate' : 'housing-fund' });
      expect((await form(f.code)).kind, f.code).toBe('query');
    }
    // 商品房备案 is somebody's purchase: asked by its number or project, never listed whole.
    const filing = HOUSING_QUERY_FORMS.find((f) => f.code === 'commodity-house-filing-query')!;
    expect(filing.fields.find((x) => x.key === 'keyword')).toMatchObject({ required: true, label: '合同备案号或项目名称' });
    // 缴存明细 by one of the last five years.
    expect(lastYears(Date.parse('2026-12-31T20:00:00Z')).map((o) => o.value)).toEqual(['2027', '2026', '2025', '2024', '2023']);
  });

  it('each answers rows with every column it shows', async () => {
    const projects = (await run('real-estate-project-query')).rows;
    expect(projects.length).toBeGreaterThan(0);
    const filings = (await run('commodity-house-filing-query', { keyword: String(projects[0]!.project) })).rows;
    expect(filings.length).toBeGreaterThan(0);
    const input: Record<string, Record<string, unknown>> = { 'commodity-house-filing-query': { keyword: String(projects[0]!.project) } };
    for (const f of HOUSING_QUERY_FORMS) {
      const r = await run(f.code, input[f.code] ?? {});
      expect(r.layout, f.code).toBe(f.workflow.query!.layout);
      expect(r.columns, f.code).toEqual(f.workflow.query!.columns);
      expect(r.rows.length, f.code).toBeGreaterThan(0);
      for (const c of r.columns) expect(r.rows.some((row) => row[c.key] !== undefined && row[c.key] !== ''), `${f.code} ${c.key}`).toBe(true);
    }
    // A year asked is the year answered.
    const year = lastYears()[2]!.value;
    const deposits = (await run('hf-deposit-detail', { year })).rows;
    expect(deposits.every((r) => String(r.period).startsWith(year))).toBe(true);
    // The filing keyword is required and checked before the registry is asked.
    const empty = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: 'commodity-house-filing-query', site: SITE, data: {} } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().fields.keyword).toMatch(/合同备案号或项目名称/);
  });

  it('the 公积金 ones are the login’s own, whatever the browser sends, and no ID number comes back whole', async () => {
    for (const code of PERSONAL) {
      expect((await form(code)).prefill, code).toMatchObject({ applicantName: DEMO_CITIZEN.name, applicantIdNumber: DEMO_CITIZEN.idNumber });
      const own = await run(code);
      const other = await run(code, { applicantIdNumber: '11010519491231002X', applicantName: '李四' });
      expect(other.rows, code).toEqual(own.rows);
      expect(JSON.stringify(own.rows), code).not.toContain(DEMO_CITIZEN.idNumber);
    }
  });

  it('the 不动产登记中心 down: a clear message, nothing filed', async () => {
    const count = async () => Number((await t.app.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('form_code', '=', 'developer-info-query').executeTakeFirstOrThrow()).n);
    const before = await count();
    sandbox.down('real-estate');
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: 'developer-info-query', site: SITE, data: {} } });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await count()).toBe(before);
    } finally {
      sandbox.heal('real-estate', t.app);
    }
  });
});

describe('the 不动产 and 公积金 zones', () => {
  it('their built apps and 查询 are live in the seed’s group order; 个税填报 and the other 业务办理 stay 即将上线', async () => {
    const zone = async (code: string) => (await t.app.inject({ url: `/api/zones/${code}` })).json() as ZoneDetail;
    const realEstate = await zone('real-estate');
    expect(realEstate.groups.map((g) => g.title)).toEqual(['我要查', '我要办']);
    const fund = await zone('housing-fund');
    expect(fund.groups.map((g) => g.title)).toEqual(['业务办理', '公积金查询', '便民服务']);
    const apps = [...realEstate.groups, ...fund.groups].flatMap((g) => g.apps);
    for (const code of ROUTES) expect(apps.find((a) => a.code === code), code).toMatchObject({ kind: 'route', target: `/apps/${code}`, status: 'online' });
    for (const code of [...REAL_ESTATE, ...HOUSING_FUND]) expect(apps.find((a) => a.code === code), code).toMatchObject({ kind: 'form', formCode: code, target: code, status: 'online' });
    expect(apps.find((a) => a.code === 'hf-withdraw')).toMatchObject({ kind: 'form', formCode: 'housing-fund-withdraw', target: 'housing-fund-withdraw', status: 'online' });
    for (const code of ['hf-tax-filing', 'hf-loan', 'hf-offsite-deposit-proof', 'hf-info-change', 'hf-retire-withdraw']) expect(apps.find((a) => a.code === code), code).toMatchObject({ kind: 'external', status: 'coming' });
    expect(fund.groups[1]!.apps.map((a) => a.name)).toEqual(['提取明细', '缴存明细', '公积金账户信息', '贷款信息', '贷款明细', '业务进度', '个税填报']);
  });

  it('an install seeded before: untouched entries go live, 公积金提取 opens the form, an edited entry stays', async () => {
    const db = t.app.ctx.db;
    const same = (code: string) => db.selectFrom('apps').select('created_at').where('code', '=', code).executeTakeFirstOrThrow();
    const asBefore = async (code: string, row: Record<string, unknown>) => db.updateTable('apps').set({ ...row, updated_at: (await same(code)).created_at }).where('code', '=', code).execute();
    // What issue 13's seed wrote: the built ones 即将上线 routes, the others external entries.
    await asBefore('hf-withdraw', { kind: 'route', target: '/apps/hf-withdraw', status: 'coming', description: '按登录身份办理住房公积金提取。' });
    await asBefore('house-query', { kind: 'route', target: '/apps/house-query', status: 'coming' });
    await asBefore('hf-rates', { kind: 'external', target: '', status: 'coming' });
    await asBefore('hf-progress', { kind: 'external', target: '', status: 'coming' });
    // An operator took this one off on purpose (the console moves updated_at): it stays off.
    await db.updateTable('apps').set({ kind: 'route', target: '/apps/hf-account', status: 'coming', updated_at: '2030-01-01T00:00:00.000Z' }).where('code', '=', 'hf-account').execute();
    await seedPortal(t.app.ctx);
    await seedEngine(t.app.ctx);
    const row = (code: string) => db.selectFrom('apps').select(['kind', 'target', 'status']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(await row('hf-withdraw')).toEqual({ kind: 'form', target: 'housing-fund-withdraw', status: 'online' });
    expect(await row('house-query')).toEqual({ kind: 'route', target: '/apps/house-query', status: 'online' });
    expect(await row('hf-rates')).toEqual({ kind: 'route', target: '/apps/hf-rates', status: 'online' });
    expect(await row('hf-progress')).toEqual({ kind: 'form', target: 'hf-progress', status: 'online' });
    expect(await row('hf-account')).toEqual({ kind: 'route', target: '/apps/hf-account', status: 'coming' });
    await db.updateTable('apps').set({ status: 'online' }).where('code', '=', 'hf-account').execute();
  });

  it('an install seeded before: 公积金提取’s seeded form and workflow gain the check as a new version, once; an operator’s version stays', async () => {
    const db = t.app.ctx.db;
    const seed = PALM_FORMS.find((f) => f.code === 'housing-fund-withdraw')!;
    const { precheck: _omit, ...oldWorkflow } = seed.workflow;
    void _omit;
    const oldFields = seed.fields.map((f) => (f.key === 'amount' ? { ...f, min: 1 } : f));
    // As issue 10's seed left it: version 1, without the check.
    await db.deleteFrom('workflows').where('code', '=', seed.code).where('version', '>', 1).execute();
    await db.updateTable('workflows').set({ definition: JSON.stringify(oldWorkflow) }).where('code', '=', seed.code).execute();
    await db.deleteFrom('form_versions').where('form_code', '=', seed.code).where('version', '>', 1).execute();
    await db.updateTable('form_versions').set({ fields: JSON.stringify(oldFields) }).where('form_code', '=', seed.code).execute();
    await db.updateTable('form_defs').set({ latest_version: 1 }).where('code', '=', seed.code).execute();

    await seedEngine(t.app.ctx);
    await seedEngine(t.app.ctx);
    const workflows = await db.selectFrom('workflows').select(['version', 'definition', 'created_by']).where('code', '=', seed.code).orderBy('version').execute();
    expect(workflows.map((w) => Number(w.version))).toEqual([1, 2]);
    expect(JSON.parse(workflows[1]!.definition)).toMatchObject({ precheck: { operation: 'withdraw' } });
    const def = await db.selectFrom('form_defs').select('latest_version').where('code', '=', seed.code).executeTakeFirstOrThrow();
    expect(Number(def.latest_version)).toBe(2);
    expect((await form(seed.code)).fields.find((f) => f.key === 'amount')).toMatchObject({ min: 0.01 });

    // An operator's published version is never replaced.
    await db.updateTable('workflows').set({ definition: JSON.stringify(oldWorkflow), created_by: 'admin' }).where('code', '=', seed.code).where('version', '=', 2).execute();
    await seedEngine(t.app.ctx);
    expect(await db.selectFrom('workflows').select('version').where('code', '=', seed.code).execute()).toHaveLength(2);
    await db.updateTable('workflows').set({ definition: JSON.stringify(seed.workflow), created_by: 'seed' }).where('code', '=', seed.code).where('version', '=', 2).execute();
  });
});
