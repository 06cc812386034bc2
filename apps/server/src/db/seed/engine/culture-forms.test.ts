/**
 * The 旅游服务 and 文体教育 我要查 apps on the engine (issue 15), against the real sandbox 文广旅局
 * and 教育局 systems: the 8 apps are live and open their forms, each 查询 answers its columns, the
 * lists narrow by 区县 / 年度 / keyword, the 成人高考 queries are the login's own whatever the
 * browser sends and answer nothing for a wrong 准考证号.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { checkForm, checkFormDefinition, WorkflowDefinition, type FormField, type ZoneDetail } from '@dz/contracts';
import { DEMO_ADULT_CANDIDATE } from '@dz/partners';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { login, newIp, sessionCookie } from '../../../features/auth/test-kit.js';
import { startBureaus, type Bureaus } from '../../../partners/connectors/test-support.js';
import { DEMO_CITIZEN } from '../index.js';
import { COUNTIES, CULTURE_FORMS, EDUCATION_QUERY_FORMS, OUTPUT_YEARS, TOURISM_QUERY_FORMS } from './culture-forms.js';

const SITE = '511702';
const TOURISM_CODES = ['travel-agency-list', 'scenic-area-query', 'water-scenic-area-query', 'culture-industry-output', 'rural-coop-tourism-list'];
const EDUCATION_CODES = ['xuanhan-school-query', 'adult-exam-score', 'adult-exam-admission'];

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
  return res.json() as FormAnswer;
};
/** Runs the query as the H5 does: the form's prefill plus what the citizen typed. */
async function run(code: string, data: Record<string, unknown> = {}): Promise<QueryResult> {
  const { prefill } = await form(code);
  const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: code, site: SITE, data: { ...prefill, ...data } } });
  expect(res.statusCode, `${code} ${res.body}`).toBe(201);
  const c = res.json() as { status: string; result: QueryResult };
  expect(c.status).toBe('completed');
  return c.result;
}

describe('the 8 旅游 / 文体教育 查询 forms', () => {
  it('are seeded at the city with valid fields and 查询 workflows on the 文广旅局 and 教育局 systems', async () => {
    expect(TOURISM_QUERY_FORMS.map((f) => f.code)).toEqual(TOURISM_CODES);
    expect(EDUCATION_QUERY_FORMS.map((f) => f.code)).toEqual(EDUCATION_CODES);
    const db = t.app.ctx.db;
    const department = async (like: string) => Number((await db.selectFrom('departments').select('id').where('name', 'like', like).where('site_code', '=', '511700').executeTakeFirstOrThrow()).id);
    const tourismDept = await department('%文化广播电视和旅游局');
    const educationDept = await department('%教育局');
    for (const f of CULTURE_FORMS) {
      expect(checkFormDefinition(f.fields), f.code).toEqual([]);
      const def = await db.selectFrom('form_defs').selectAll().where('code', '=', f.code).where('site_code', '=', '511700').executeTakeFirstOrThrow();
      const education = EDUCATION_CODES.includes(f.code);
      expect(def, f.code).toMatchObject({ workflow_code: f.code, status: 'online', item_id: null });
      expect(Number(def.department_id), f.code).toBe(education ? educationDept : tourismDept);
      const wf = JSON.parse((await db.selectFrom('workflows').select('definition').where('code', '=', f.code).executeTakeFirstOrThrow()).definition) as WorkflowDefinition;
      expect([...Value.Errors(WorkflowDefinition, wf)].map((e) => `${e.path} ${e.message}`), f.code).toEqual([]);
      expect(wf, f.code).toMatchObject({ kind: 'query', partner: education ? 'education' : 'tourism' });
    }
  });

  it('check the 准考证号 and the keyword as the citizen types, in Chinese', () => {
    const fields = (code: string) => CULTURE_FORMS.find((f) => f.code === code)!.fields;
    const score = fields('adult-exam-score');
    expect(checkForm(score, { applicantName: '张三', applicantIdNumber: DEMO_CITIZEN.idNumber, ticketNo: '261702108' }).errors).toEqual({});
    for (const bad of ['26170210', '26170210A', '2617-0210']) expect(checkForm(score, { ticketNo: bad }, { partial: true }).errors.ticketNo, bad).toBe('准考证号：请填写准考证上的9位数字');
    expect(checkForm(score, { applicantName: '张三', applicantIdNumber: DEMO_CITIZEN.idNumber }).errors.ticketNo).toMatch(/准考证号/);
    expect(checkForm(fields('travel-agency-list'), {}).errors).toEqual({});
    expect(checkForm(fields('travel-agency-list'), { keyword: "'; drop" }).errors.keyword).toBe('旅行社名称、许可证号或地址：请填写1至30个汉字、字母或数字');
  });
});

describe('the apps', () => {
  it('are live and open their 查询 forms; 中考成绩 / 资助政策 stay pages', async () => {
    const query = async (zone: string) => ((await t.app.inject({ url: `/api/zones/${zone}` })).json() as ZoneDetail).groups.find((g) => g.title === '我要查')!.apps;
    const tourism = await query('tourism');
    const edu = await query('culture-edu');
    for (const a of [...tourism, ...edu.filter((x) => EDUCATION_CODES.includes(x.code))]) expect(a, a.code).toMatchObject({ kind: 'form', formCode: a.code, target: a.code, status: 'online' });
    expect(tourism.map((a) => a.code)).toEqual(TOURISM_CODES);
    expect(edu.filter((a) => a.kind === 'form').map((a) => a.code)).toEqual(EDUCATION_CODES);
    expect(edu.find((a) => a.code === 'zhongkao-score')!.kind).toBe('route');
    for (const code of [...TOURISM_CODES, ...EDUCATION_CODES]) expect((await form(code)).kind, code).toBe('query');
  });
});

describe('the 查询 through the sandbox', () => {
  it('each answers rows with every column it shows', async () => {
    const input: Record<string, Record<string, unknown>> = { 'adult-exam-score': { ticketNo: DEMO_ADULT_CANDIDATE.ticketNo }, 'adult-exam-admission': { ticketNo: DEMO_ADULT_CANDIDATE.ticketNo } };
    for (const f of CULTURE_FORMS) {
      const r = await run(f.code, input[f.code] ?? {});
      expect(r.layout, f.code).toBe(f.workflow.query!.layout);
      expect(r.columns, f.code).toEqual(f.workflow.query!.columns);
      expect(r.rows.length, f.code).toBeGreaterThan(0);
      for (const c of r.columns) expect(r.rows.some((row) => row[c.key] !== undefined && row[c.key] !== ''), `${f.code} ${c.key}`).toBe(true);
    }
  });

  it('the lists narrow by 区县, 年度 and keyword', async () => {
    const spots = (await run('scenic-area-query')).rows;
    expect(spots.map((s) => s.name)).toEqual(expect.arrayContaining(['巴山大峡谷', '八台山', '真佛山', '賨人谷', '莲花湖', '凤凰山']));
    for (const county of COUNTIES) {
      const rows = (await run('scenic-area-query', { county: county.code })).rows;
      expect(rows.length, county.name).toBeLessThan(spots.length);
      expect(rows.every((r) => r.countyName === county.name), county.name).toBe(true);
    }
    expect((await run('scenic-area-query', { county: '511702' })).rows.map((r) => r.name)).toEqual(['莲花湖', '凤凰山']);
    for (const year of OUTPUT_YEARS) expect((await run('culture-industry-output', { year })).rows.every((r) => r.year === year), year).toBe(true);
    expect((await run('culture-industry-output')).rows[0]).toMatchObject({ year: OUTPUT_YEARS[0], county: '达州市（全市）' });
    const agencies = (await run('travel-agency-list', { keyword: '巴山' })).rows;
    expect(agencies.map((a) => a.name)).toEqual(['达州市巴山国际旅行社有限公司（演示）']);
    const schools = (await run('xuanhan-school-query', { keyword: '幼儿园' })).rows;
    expect(schools.length).toBeGreaterThan(0);
    expect(schools.every((s) => s.stage === '幼儿园')).toBe(true);
    expect((await run('water-scenic-area-query', { county: '511722' })).rows).toHaveLength(1);
    expect((await run('rural-coop-tourism-list', { county: '511781' })).rows.map((r) => r.countyName)).toEqual(['万源市']);
  });

  it('成人高考 成绩 / 录取 are the login’s own whatever the browser sends; a wrong 准考证号 finds nothing', async () => {
    const answer = await form('adult-exam-score');
    expect(answer.prefill).toMatchObject({ applicantName: DEMO_CITIZEN.name, applicantIdNumber: DEMO_CITIZEN.idNumber });
    const own = (await run('adult-exam-score', { ticketNo: DEMO_ADULT_CANDIDATE.ticketNo })).rows;
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ name: '张*', ticketNo: DEMO_ADULT_CANDIDATE.ticketNo });
    expect(JSON.stringify(own)).not.toContain(DEMO_CITIZEN.idNumber);
    // Another ID number sent by the browser is replaced by the login's.
    expect((await run('adult-exam-score', { ticketNo: DEMO_ADULT_CANDIDATE.ticketNo, applicantIdNumber: '11010519491231002X', applicantName: '李四' })).rows).toEqual(own);
    expect((await run('adult-exam-score', { ticketNo: '261702109' })).rows).toEqual([]);
    const admission = (await run('adult-exam-admission', { ticketNo: DEMO_ADULT_CANDIDATE.ticketNo })).rows;
    expect(admission[0]).toMatchObject({ status: '已录取', name: '张*' });
  });

  it('the 教育局 system down: a clear message in Chinese', async () => {
    sandbox.down('education');
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: 'xuanhan-school-query', site: SITE, data: {} } });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    } finally {
      sandbox.heal('education', t.app);
    }
  });
});
