/**
 * The 公共交通 我要查 and 我要办 apps on the engine (issue 13), against the real sandbox 交通运输局
 * (and 公安局) systems: the 20 apps are live and open their forms (also on an install seeded
 * before), each 查询 answers its columns, a plate is checked as the citizen types, the 营运驾驶员计分
 * is the login's own, and a company's 道路运输证年审 is filed, handed to the bureau, decided and
 * shows the new 审验有效期 in 我的办件.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { checkForm, checkFormDefinition, validateCreditCode, WorkflowDefinition, type CaseDetail, type CaseListResponse, type FormField, type ZoneDetail } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { login, newIp, sessionCookie } from '../../../features/auth/test-kit.js';
import { eventually } from '../../../features/utilities/test-support.js';
import { startBureaus, type Bureaus } from '../../../partners/connectors/test-support.js';
import { DEMO_CITIZEN, DEMO_COMPANY } from '../index.js';
import { seedPortal } from '../portal/index.js';
import { seedEngine } from './index.js';
import { HALL_AREAS, TRANSPORT_FORMS, TRANSPORT_PROMISE_FORMS, TRANSPORT_QUERY_FORMS } from './transport-forms.js';

const SITE = '511702';
const QUERY_CODES = [
  'passenger-transport-business',
  'freight-business',
  'passenger-vehicle-query',
  'freight-vehicle-query',
  'cruising-taxi-query',
  'enterprise-score-query',
  'driver-score-query',
  'highway-closure-query',
  'vehicle-inspection-query',
  'transport-penalty-query',
  'transport-permit-query',
  'company-driver-score-query',
  'exit-entry-hall-query',
];
const PROMISE_CODES = ['freight-cert-review', 'dangerous-cert-review', 'passenger-cert-review', 'passenger-driver-reissue', 'freight-driver-reissue', 'taxi-cert-review', 'coach-car-cert-review'];
/** The sandbox 交通运输局's demo vehicles (apps/partners/src/partners/transport/registry.ts). */
const PLATES = { passenger: '川SK0001', freight: '川SH0001', taxi: '川ST0001' };

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
let company: string;

beforeAll(async () => {
  // The bureau decides only when the test tells it to.
  sandbox = await startBureaus({ decideAfterMs: null });
  t = await createTestApp({}, { PARTNERS_BASE_URL: sandbox.url });
  demo = sessionCookie(await login(t.app, DEMO_CITIZEN.phone, DEMO_CITIZEN.password, newIp()))!;
  company = sessionCookie(await login(t.app, DEMO_COMPANY.phone, DEMO_COMPANY.password, newIp()))!;
});
afterAll(async () => {
  await t?.close();
  await sandbox?.close();
});

const form = async (code: string, cookie = demo) => {
  const res = await t.app.inject({ url: `/api/forms/${code}?site=${SITE}`, headers: { cookie } });
  expect(res.statusCode, `${code} ${res.body}`).toBe(200);
  return res.json() as FormAnswer;
};
/** Runs the query as the H5 does: the form's prefill plus what the citizen typed. */
async function run(code: string, data: Record<string, unknown> = {}, cookie = demo): Promise<QueryResult> {
  const { prefill } = await form(code, cookie);
  const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { formCode: code, site: SITE, data: { ...prefill, ...data } } });
  expect(res.statusCode, `${code} ${res.body}`).toBe(201);
  const c = res.json() as { status: string; result: QueryResult };
  expect(c.status).toBe('completed');
  return c.result;
}

describe('the 20 交通运输 forms', () => {
  it('are seeded at the city with valid fields, 查询 workflows on the bureau systems and 承诺件 handed to the 交通运输局', async () => {
    expect(TRANSPORT_QUERY_FORMS.map((f) => f.code).sort()).toEqual([...QUERY_CODES].sort());
    expect(TRANSPORT_PROMISE_FORMS.map((f) => f.code).sort()).toEqual([...PROMISE_CODES].sort());
    const db = t.app.ctx.db;
    const department = await db
      .selectFrom('departments')
      .select('id')
      .where('name', 'like', '%交通运输局')
      .where('site_code', '=', '511700')
      .executeTakeFirstOrThrow();
    for (const f of TRANSPORT_FORMS) {
      expect(checkFormDefinition(f.fields), f.code).toEqual([]);
      const def = await db.selectFrom('form_defs').selectAll().where('code', '=', f.code).where('site_code', '=', '511700').executeTakeFirstOrThrow();
      expect(def, f.code).toMatchObject({ workflow_code: f.code, status: 'online', item_id: null });
      const wf = JSON.parse((await db.selectFrom('workflows').select('definition').where('code', '=', f.code).executeTakeFirstOrThrow()).definition) as WorkflowDefinition;
      expect([...Value.Errors(WorkflowDefinition, wf)].map((e) => `${e.path} ${e.message}`), f.code).toEqual([]);
      if (f.code === 'exit-entry-hall-query') {
        expect(wf).toMatchObject({ kind: 'query', partner: 'police', query: { operation: 'exit-entry-halls' } });
        continue;
      }
      expect(Number(def.department_id), f.code).toBe(Number(department.id));
      if (QUERY_CODES.includes(f.code)) expect(wf, f.code).toMatchObject({ kind: 'query', partner: 'transport' });
      // The promise of the items' guides (SJT-2 / SJT-3: 承诺1个工作日); the bureau accepts and decides.
      else expect(wf, f.code).toMatchObject({ kind: 'promise', partner: 'transport', timeLimitDays: 1, steps: [{ name: '受理' }, { name: '办结' }] });
    }
    // The items keep their own one form each (an item's guide opens exactly one).
    const items = await db.selectFrom('items').select('id').where('code', 'in', ['511700-SJT-002', '511700-SJT-003']).execute();
    expect(items).toHaveLength(2);
    for (const i of items) expect(await db.selectFrom('form_defs').select('code').where('item_id', '=', i.id).execute()).toHaveLength(1);
  });

  it('check a plate, a 证号 and a keyword as the citizen types, in Chinese', () => {
    const fields = (code: string) => TRANSPORT_FORMS.find((f) => f.code === code)!.fields;
    const vehicle = fields('passenger-vehicle-query');
    expect(checkForm(vehicle, { plate: '川SK0001' }).errors).toEqual({});
    expect(checkForm(vehicle, { plate: '川SD12345' }).errors).toEqual({});
    for (const bad of ['SK0001', '川S12', '川SKO001', '川S12<45']) expect(checkForm(vehicle, { plate: bad }).errors.plate, bad).toBe('号牌号码：请填写完整号牌，如 川S12345，字母大写');
    expect(checkForm(vehicle, {}).errors.plate).toMatch(/号牌号码/);
    // Optional keyword on the public lists, required on the 公示 searches.
    expect(checkForm(fields('highway-closure-query'), {}).errors).toEqual({});
    expect(checkForm(fields('transport-penalty-query'), {}).errors.keyword).toMatch(/当事人名称或决定书文号/);
    expect(checkForm(fields('transport-penalty-query'), { keyword: "'; drop" }).errors.keyword).toBe('当事人名称或决定书文号：请填写1至30个汉字、字母或数字');
    const review = fields('freight-cert-review');
    const errors = checkForm(review, { transportCertNo: '5117', plate: '川S1' }, { partial: true }).errors;
    expect(errors.transportCertNo).toBe('道路运输证号：请填写道路运输证上的12位证号');
    expect(errors.plate).toMatch(/川S12345/);
  });
});

describe('the 公共交通 apps', () => {
  it('are live and open their forms, 天府畅行 still 即将上线', async () => {
    const zone = (await t.app.inject({ url: '/api/zones/transport' })).json() as ZoneDetail;
    const query = zone.groups.find((g) => g.title === '我要查')!.apps;
    const todo = zone.groups.find((g) => g.title === '我要办')!.apps;
    for (const a of [...query.filter((x) => QUERY_CODES.includes(x.code)), ...todo]) expect(a, a.code).toMatchObject({ kind: 'form', formCode: a.code, target: a.code, status: 'online' });
    expect(query.filter((a) => QUERY_CODES.includes(a.code))).toHaveLength(13);
    expect(todo.map((a) => a.code).sort()).toEqual([...PROMISE_CODES].sort());
    expect(query.find((a) => a.code === 'tianfu-changxing')).toMatchObject({ kind: 'external', status: 'coming' });
    for (const code of [...QUERY_CODES, ...PROMISE_CODES]) {
      const f = await form(code);
      expect(f.kind, code).toBe(QUERY_CODES.includes(code) ? 'query' : 'promise');
    }
  });

  it('an install seeded before gets its untouched entries switched to the forms, never an edited one', async () => {
    const db = t.app.ctx.db;
    const generic = (name: string) => `${name}：由相关部门业务系统提供，接入完成后可在此直接使用。`;
    const old = { kind: 'external' as const, target: '', status: 'coming' as const };
    await db.updateTable('apps').set({ ...old, description: generic('普货车辆运输证年审') }).where('code', '=', 'freight-cert-review').execute();
    await db.updateTable('apps').set({ ...old, description: generic('高速公路阻断信息查询') }).where('code', '=', 'highway-closure-query').execute();
    // An operator pointed this one at the bureau's own page: it stays so.
    await db.updateTable('apps').set({ ...old, status: 'online', target: 'https://jtj.dazhou.gov.cn/xk' }).where('code', '=', 'transport-permit-query').execute();
    await seedPortal(t.app.ctx);
    await seedEngine(t.app.ctx);
    const row = async (code: string) => db.selectFrom('apps').select(['kind', 'target', 'status', 'description']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(await row('freight-cert-review')).toEqual({ kind: 'form', target: 'freight-cert-review', status: 'online', description: '在线提交普通货运车辆道路运输证年审材料，审验结果在我的办件查看。' });
    expect(await row('highway-closure-query')).toMatchObject({ kind: 'form', target: 'highway-closure-query', status: 'online' });
    expect(await row('transport-permit-query')).toMatchObject({ kind: 'external', target: 'https://jtj.dazhou.gov.cn/xk', status: 'online' });
    await db.updateTable('apps').set({ kind: 'form', target: 'transport-permit-query' }).where('code', '=', 'transport-permit-query').execute();
  });
});

describe('the 13 查询 through the sandbox', () => {
  /** What each query is asked in this test; the public lists are asked with nothing. */
  const input = (code: string, creditCode: string): Record<string, unknown> =>
    ({
      'passenger-vehicle-query': { plate: PLATES.passenger },
      'freight-vehicle-query': { plate: PLATES.freight },
      'cruising-taxi-query': { plate: PLATES.taxi },
      'vehicle-inspection-query': { plate: PLATES.freight },
      'enterprise-score-query': { creditCode },
      'company-driver-score-query': { creditCode },
      'transport-penalty-query': { keyword: '有限公司' },
      'transport-permit-query': { keyword: '有限公司' },
    })[code] ?? {};

  it('each answers rows with every column it shows', async () => {
    const operators = (await run('freight-business')).rows;
    expect(operators.length).toBeGreaterThan(0);
    // A company of the bureau's (by its code in the 货运业户 list); its drivers and scores.
    const creditCode = String(operators.find((o) => /有限公司/.test(String(o.name)))!.creditCode);
    // The form checks the code's check character as the citizen types, so the bureau's must be real ones.
    expect(validateCreditCode(creditCode), creditCode).toBeNull();
    for (const f of TRANSPORT_QUERY_FORMS) {
      const r = await run(f.code, input(f.code, creditCode));
      expect(r.layout, f.code).toBe(f.workflow.query!.layout);
      expect(r.columns, f.code).toEqual(f.workflow.query!.columns);
      expect(r.rows.length, f.code).toBeGreaterThan(0);
      for (const c of r.columns) expect(r.rows.some((row) => row[c.key] !== undefined && row[c.key] !== ''), `${f.code} ${c.key}`).toBe(true);
    }
    const [bus] = (await run('passenger-vehicle-query', { plate: PLATES.passenger })).rows;
    expect(bus).toMatchObject({ plate: PLATES.passenger, transportCertNo: expect.stringMatching(/^\d{12}$/) });
    // A plate the bureau does not know: no rows (the H5 says 未查询到), not an error.
    expect((await run('freight-vehicle-query', { plate: '川SZ9999' })).rows).toEqual([]);
    // A bus is not a 普货车辆.
    expect((await run('freight-vehicle-query', { plate: PLATES.passenger })).rows).toEqual([]);
    // The inspection records are a table of dates.
    expect((await run('vehicle-inspection-query', { plate: PLATES.taxi })).rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(String(r.date)))).toBe(true);
  });

  it('the lists narrow by keyword; the halls by each 区县 offered', async () => {
    const all = (await run('highway-closure-query')).rows;
    const g65 = (await run('highway-closure-query', { keyword: 'G65' })).rows;
    expect(g65.length).toBeGreaterThan(0);
    expect(g65.length).toBeLessThan(all.length);
    expect(g65.every((r) => String(r.road).includes('G65') || String(r.section).includes('G65'))).toBe(true);
    const lines = (await run('passenger-transport-business', { keyword: '成都' })).rows;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((r) => `${String(r.lineName)}${String(r.to)}${String(r.from)}`.includes('成都'))).toBe(true);
    const halls = (await run('exit-entry-hall-query')).rows;
    for (const area of HALL_AREAS) {
      const rows = (await run('exit-entry-hall-query', { area })).rows;
      expect(rows.length, area).toBeGreaterThan(0);
      expect(rows.length, area).toBeLessThan(halls.length);
      expect(rows.every((r) => String(r.area).includes(area)), area).toBe(true);
    }
    // Private persons on the 公示 are masked; no ID number anywhere.
    const penalties = (await run('transport-penalty-query', { keyword: '达' })).rows;
    expect(JSON.stringify(penalties)).not.toMatch(/\d{17}[\dX]/);
  });

  it('营运驾驶员计分 is the login’s own whatever the browser sends, its name masked', async () => {
    const answer = await form('driver-score-query');
    expect(answer.prefill).toMatchObject({ applicantName: DEMO_CITIZEN.name, applicantIdNumber: DEMO_CITIZEN.idNumber });
    const own = (await run('driver-score-query')).rows;
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ name: '张*' });
    expect(JSON.stringify(own)).not.toContain(DEMO_CITIZEN.idNumber);
    const other = (await run('driver-score-query', { applicantIdNumber: '11010519491231002X', applicantName: '李四' })).rows;
    expect(other).toEqual(own);
  });

  it('a company’s login finds its 统一社会信用代码 prefilled', async () => {
    expect((await form('enterprise-score-query', company)).prefill).toMatchObject({ creditCode: DEMO_COMPANY.creditCode });
    expect((await form('company-driver-score-query', company)).prefill).toMatchObject({ creditCode: DEMO_COMPANY.creditCode });
  });

  it('the 交通运输局 system down: a clear message, nothing filed', async () => {
    const filed = async () => Number((await t.app.ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('form_code', '=', 'highway-closure-query').executeTakeFirstOrThrow()).n);
    const before = await filed();
    sandbox.down('transport');
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: 'highway-closure-query', site: SITE, data: {} } });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await filed()).toBe(before);
    } finally {
      sandbox.heal('transport', t.app);
    }
  });
});

describe('a 道路运输证年审 (承诺件)', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 7)]);
  async function upload(cookie: string): Promise<string> {
    const boundary = '----dztransport';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/api/files', payload, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  }
  const detail = async (id: number) => (await t.app.inject({ url: `/api/cases/${id}`, headers: { cookie: company } })).json() as CaseDetail;

  it('is filed by a company, handed to the 交通运输局, decided, and shows the new 审验有效期 in 我的办件', async () => {
    const { prefill } = await form('freight-cert-review', company);
    expect(prefill).toMatchObject({ companyName: DEMO_COMPANY.corpName, companyCreditCode: DEMO_COMPANY.creditCode });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const data = {
      ...prefill,
      plate: PLATES.freight,
      plateColor: 'yellow',
      transportCertNo: '511703020001',
      tonnage: 18,
      gpsOnline: 'yes',
      inspectionDate: today,
      transportCert: [await upload(company)],
      inspectionReport: [await upload(company)],
      drivingLicence: [await upload(company)],
    };
    // Without the 检测报告 it is refused, naming the paper.
    const missing = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: company }, payload: { formCode: 'freight-cert-review', site: SITE, data: { ...data, inspectionReport: [] } } });
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('车辆综合性能检测报告');

    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: company }, payload: { formCode: 'freight-cert-review', site: SITE, data } });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: number; caseNo: string; status: string };
    expect(c.status).toBe('submitted');

    await t.app.caseHandoff.submit(c.id).catch(() => undefined);
    const row = await eventually(async () => {
      const r = await t.app.cases.get(c.id);
      return r?.handoff === 'sent' ? r : null;
    });
    expect(row.status).toBe('accepted');
    expect(row.partner_ref).toMatch(/^JT/);
    expect(await t.app.caseHandoff.decide(c.id)).toBe('pending');

    await sandbox.decide('transport', row.partner_ref!, 'approved');
    expect(await t.app.caseHandoff.decide(c.id)).toBe('approved');
    const d = await detail(c.id);
    expect(d.status).toBe('completed');
    const result = d.result as Record<string, string>;
    expect(result).toMatchObject({ 审批编号: row.partner_ref, 道路运输证号: '511703020001' });
    const validUntil = Object.entries(result).find(([k]) => k.includes('审验有效期'))?.[1];
    expect(validUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(validUntil! > today).toBe(true);
    // The bureau system is who accepted and decided, by its Chinese name.
    expect(d.steps.map((s) => [s.name, s.status])).toEqual([
      ['提交申请', 'done'],
      ['受理', 'done'],
      ['办结', 'done'],
    ]);
    const events = await t.app.cases.events(c.id);
    expect(events.filter((e) => e.actor_type === 'partner').map((e) => e.actor_name)).toEqual(['交通运输局道路运输管理系统', '交通运输局道路运输管理系统']);
    // 我的办件 lists it as done.
    const mine = (await t.app.inject({ url: '/api/cases', headers: { cookie: company } })).json() as CaseListResponse;
    expect(mine.items.find((i) => i.id === c.id)).toMatchObject({ title: '普货车辆运输证年审', status: 'completed' });
  });

  it('a driver’s 补证: the 从业资格证号 and its issue date', async () => {
    const { prefill } = await form('freight-driver-reissue');
    expect(prefill).toMatchObject({ applicantName: DEMO_CITIZEN.name, qualificationNo: DEMO_CITIZEN.idNumber });
    const data = {
      ...prefill,
      category: '经营性道路货物运输驾驶员',
      reason: 'lost',
      pickup: 'window',
      idCard: [await upload(demo)],
      driverLicence: [await upload(demo)],
      photo: [await upload(demo)],
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: demo }, payload: { formCode: 'freight-driver-reissue', site: SITE, data } });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: number }).id;
    await t.app.caseHandoff.submit(id).catch(() => undefined);
    const row = await eventually(async () => {
      const r = await t.app.cases.get(id);
      return r?.handoff === 'sent' ? r : null;
    });
    await sandbox.decide('transport', row.partner_ref!, 'approved');
    expect(await t.app.caseHandoff.decide(id)).toBe('approved');
    const d = (await t.app.inject({ url: `/api/cases/${id}`, headers: { cookie: demo } })).json() as CaseDetail;
    expect(d.status).toBe('completed');
    // The 证号 is the ID number: the bureau returns it masked, like every ID number it shows.
    expect(d.result).toMatchObject({ 从业资格证号: expect.stringMatching(/^5117\*+1231$/), 发证日期: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(JSON.stringify(d.result)).not.toContain(DEMO_CITIZEN.idNumber);
  });
});
