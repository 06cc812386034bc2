import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { validateCreditCode, validateIdNumber, checkForm, checkFormDefinition, FormFields, WorkflowDefinition, type AdminAppView, type AppCard, type FormField, type ItemCard, type ItemGuide, type ItemMaterial } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { call, setupAdmin, type StaffSession } from '../../../features/admin-auth/test-support.js';
import { DEMO_COMPANY, seed } from '../index.js';
import { sessionCookie } from '../../../features/auth/test-kit.js';
import { seedEngine } from './index.js';
import { PALM_FORMS } from './palm-forms.js';
import { itemFormCode, promisedDays } from './item-forms.js';

let t: TestApp;
let admin: StaffSession;
const get = (url: string) => t.app.inject({ url });

const PALM_CODES = [
  'social-insurance-proof',
  'housing-fund-withdraw',
  'real-estate-query',
  'residence-permit',
  'newborn-bundle',
  'company-setup',
  'medicare-transfer',
  'individual-business',
  'retirement-bundle',
  'traffic-violation-query',
];

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
});
afterAll(async () => {
  await t.close();
});

async function counts() {
  const db = t.app.ctx.db;
  const n = async (table: 'form_defs' | 'form_versions' | 'workflows' | 'apps' | 'items') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { forms: await n('form_defs'), versions: await n('form_versions'), workflows: await n('workflows'), apps: await n('apps'), items: await n('items') };
}

describe('the ten 掌上办 forms and workflows', () => {
  it('exist at the city with version 1, valid fields and valid workflow definitions', async () => {
    const db = t.app.ctx.db;
    expect(PALM_FORMS.map((f) => f.code).sort()).toEqual([...PALM_CODES].sort());
    for (const code of PALM_CODES) {
      const def = await db.selectFrom('form_defs').selectAll().where('code', '=', code).where('site_code', '=', '511700').executeTakeFirstOrThrow();
      expect(def).toMatchObject({ workflow_code: code, status: 'online', updated_by: 'seed' });
      expect(Number(def.latest_version)).toBe(1);
      expect(def.item_id, code).not.toBeNull();
      const version = await db.selectFrom('form_versions').selectAll().where('form_code', '=', code).where('site_code', '=', '511700').where('version', '=', 1).executeTakeFirstOrThrow();
      expect(version.created_by).toBe('seed');
      const fields = JSON.parse(version.fields) as FormField[];
      expect(Value.Check(FormFields, fields), code).toBe(true);
      expect(checkFormDefinition(fields), code).toEqual([]);
      const wf = await db.selectFrom('workflows').selectAll().where('code', '=', code).where('site_code', '=', '511700').where('version', '=', 1).executeTakeFirstOrThrow();
      expect(wf.created_by).toBe('seed');
      const definition = JSON.parse(wf.definition) as WorkflowDefinition;
      expect([...Value.Errors(WorkflowDefinition, definition)].map((e) => `${e.path} ${e.message}`), code).toEqual([]);
      // The promise the workflow keeps is the one its item's guide makes.
      const item = await db.selectFrom('items').select(['time_limit', 'code']).where('id', '=', def.item_id!).executeTakeFirstOrThrow();
      if (definition.kind === 'promise' || definition.kind === 'bundle') expect(definition.timeLimitDays, code).toBe(promisedDays(item.time_limit));
      else expect(item.time_limit, code).toMatch(/即办/);
    }
  });

  it('are served by the forms API, a county inheriting the city\'s', async () => {
    for (const code of PALM_CODES) {
      const res = await get(`/api/forms/${code}?site=511722`);
      expect(res.statusCode, code).toBe(200);
      expect(res.json()).toMatchObject({ code, version: 1, siteCode: '511700' });
    }
    // The form says how its service runs (its workflow's kind), so the H5 can offer 查询 without a draft or review.
    const kinds = await Promise.all(['traffic-violation-query', 'social-insurance-proof', 'residence-permit', 'company-setup'].map(async (c) => ((await get(`/api/forms/${c}?site=511702`)).json() as { kind?: string }).kind));
    expect(kinds).toEqual(['query', 'instant', 'promise', 'bundle']);
    // 居住证 applicants come from outside the city: 户籍所在地 is typed, not picked from Dazhou's divisions.
    const rp = (await get('/api/forms/residence-permit?site=511702')).json() as { fields: FormField[] };
    const hukou = rp.fields.find((f) => f.key === 'hukouRegion');
    expect(hukou).toMatchObject({ label: '户籍所在地', type: 'text', required: true });
    expect(checkForm(rp.fields, { hukouRegion: '四川省南充市顺庆区' }, { partial: true }).errors.hukouRegion).toBeUndefined();
    expect(checkForm(rp.fields, { hukouRegion: '' }, { partial: false }).errors.hukouRegion).toContain('户籍所在地');
    const item = await get('/api/forms/item-511700-srs-003?site=511702');
    expect(item.statusCode).toBe(200);
    expect((item.json() as { fields: FormField[] }).fields.some((f) => f.key === 'description')).toBe(true);
  });

  it('have the kinds, partners and parts of the brief', async () => {
    const def = async (code: string) => JSON.parse((await t.app.ctx.db.selectFrom('workflows').select('definition').where('code', '=', code).executeTakeFirstOrThrow()).definition) as WorkflowDefinition;
    expect(await def('social-insurance-proof')).toMatchObject({ kind: 'instant', partner: 'social', query: { operation: 'insurance-proof' }, document: 'social-insurance-proof' });
    expect(await def('housing-fund-withdraw')).toMatchObject({ kind: 'promise', partner: 'housing-fund' });
    expect(await def('real-estate-query')).toMatchObject({ kind: 'query', partner: 'real-estate', query: { operation: 'property-records', layout: 'card' } });
    expect(await def('traffic-violation-query')).toMatchObject({ kind: 'query', partner: 'police', query: { operation: 'traffic-violations', layout: 'table' } });
    const rp = await def('residence-permit');
    expect(rp).toMatchObject({ kind: 'promise', timeLimitDays: 15, partner: null });
    expect(rp.steps.map((s) => [s.name, s.permission])).toEqual([
      ['受理', 'case:handle'],
      ['审查', 'case:review'],
      ['决定', 'case:review'],
      ['办结', 'case:handle'],
    ]);
    expect((await def('newborn-bundle')).parts?.map((p) => p.partner)).toEqual(['health', 'police', 'medicare', 'social']);
    expect((await def('company-setup')).parts?.map((p) => p.partner)).toEqual(['market', 'seal', 'tax', 'social']);
    expect((await def('retirement-bundle')).parts?.map((p) => p.partner)).toEqual(['social', 'medicare', 'housing-fund']);
    const setup = PALM_FORMS.find((f) => f.code === 'company-setup')!.fields;
    expect(setup.filter((f) => f.prefill?.startsWith('company.')).map((f) => f.prefill)).toEqual(['company.name', 'company.creditCode']);
    const photo = PALM_FORMS.find((f) => f.code === 'residence-permit')!.fields.find((f) => f.key === 'photo')!;
    expect(photo).toMatchObject({ type: 'image', required: true, max: 1 });
    expect(photo.sampleUrl).toMatch(/^data:image\/svg\+xml,/);
    // Every sample fits the field's limit (the H5's CSP allows data: images; nothing is hot-linked).
    const samples = PALM_FORMS.flatMap((f) => f.fields.map((x) => x.sampleUrl).filter((u): u is string => !!u));
    expect(samples.length).toBeGreaterThanOrEqual(6);
    expect(samples.every((u) => u.startsWith('data:image/svg+xml,') && u.length <= 500)).toBe(true);
    expect(await def('medicare-transfer')).toMatchObject({ kind: 'promise', partner: 'medicare' });
    expect(await def('individual-business')).toMatchObject({ kind: 'promise', partner: 'market' });
  });

  it('validate like an office would: the one validator accepts a good 公积金提取 and names what is wrong', async () => {
    const fields = PALM_FORMS.find((f) => f.code === 'housing-fund-withdraw')!.fields;
    const good = { applicantName: '张三', applicantIdNumber: '511702199001011231', applicantPhone: '13900000001', reason: 'rent', amount: 6000, bankName: '四川银行', bankCard: '6222021234567890123', rentContract: ['fileAAAAAAAA'], bankCardPhoto: ['fileBBBBBBBB'] };
    expect(checkForm(fields, good).errors).toEqual({});
    // The purchase papers are hidden (and not required) for a rent withdrawal, asked for a purchase.
    expect(checkForm(fields, { ...good, reason: 'purchase' }).errors).toMatchObject({ purchaseContract: '请上传购房合同或不动产权证书', purchaseInvoice: '请上传购房发票' });
    const bad = checkForm(fields, { ...good, amount: 900000, bankCard: '1234' }).errors;
    expect(bad.amount).toBe('提取金额（元）不能大于 500000');
    expect(bad.bankCard).toMatch(/16至19位/);
    // 新生儿: a birth date in the future is refused.
    const newborn = PALM_FORMS.find((f) => f.code === 'newborn-bundle')!.fields;
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(checkForm(newborn, { birthDate: tomorrow }, { partial: true }).errors.birthDate).toMatch(/不能晚于/);
    // 违章查询: the plate and the engine number's last six.
    const traffic = PALM_FORMS.find((f) => f.code === 'traffic-violation-query')!.fields;
    expect(checkForm(traffic, { plateType: '02', plateNo: '川SA1234', engineNo: 'A12345' }).errors).toEqual({});
    expect(Object.keys(checkForm(traffic, { plateType: '02', plateNo: 'SA1234', engineNo: '12345' }).errors).sort()).toEqual(['engineNo', 'plateNo']);
  });
});

describe('palm apps and items', () => {
  it('the ten palm apps are kind form and carry their formCode', async () => {
    const apps = (await get('/api/apps?palm=true')).json() as AppCard[];
    const palm = apps.filter((a) => a.code.startsWith('palm-'));
    expect(palm).toHaveLength(10);
    for (const a of palm) {
      expect(a.kind).toBe('form');
      expect(PALM_CODES).toContain(a.formCode);
      expect(a.target).toBe(a.formCode);
      expect(a.status).toBe('online');
    }
    // Search and the page blocks build their cards elsewhere (pages/cards.ts): the code is there too.
    const found = (await get(`/api/search?q=${encodeURIComponent('居住证')}`)).json() as { apps: AppCard[] };
    expect(found.apps.find((a) => a.code === 'palm-residence-permit')?.formCode).toBe('residence-permit');
    const zone = (await get('/api/zones/palm')).json() as { groups: { apps: AppCard[] }[] };
    expect(zone.groups.flatMap((g) => g.apps).find((a) => a.code === 'palm-residence-permit')?.formCode).toBe('residence-permit');
  });

  it('an item offering 在线办事 carries its form code in /api/items and /api/items/:id; others carry null', async () => {
    const page = (await get('/api/items?pageSize=100')).json() as { items: ItemCard[] };
    const rp = page.items.find((i) => i.code === '511700-SGA-001')!;
    expect(rp.formCode).toBe('residence-permit');
    const online = page.items.find((i) => i.code === '511700-SRS-003')!; // 失业保险金申领: online, not a palm item
    expect(online.online).toBe(true);
    expect(online.formCode).toBe(itemFormCode('511700-SRS-003'));
    const offline = page.items.find((i) => !i.online)!;
    expect(offline.formCode).toBeNull();
    expect(page.items.every((i) => 'formCode' in i)).toBe(true);

    const guide = (await get(`/api/items/${online.id}`)).json() as ItemGuide;
    expect(guide.formCode).toBe('item-511700-srs-003');
    expect(((await get(`/api/items/${offline.id}`)).json() as ItemGuide).formCode).toBeNull();
    // A county item's form is the county's own, and the county sees it (its list inherits the city's items too).
    const county = (await get('/api/items?site=511702&pageSize=100')).json() as { items: ItemCard[] };
    expect(county.items.find((i) => i.code === '511702-TCZW-002')?.formCode).toBe('item-511702-tczw-002');
    expect(county.items.find((i) => i.code === '511700-SGA-001')?.formCode).toBe('residence-permit');
  });

  it('an item form asks for every material of the guide, required as the guide says, and runs the generic workflow', async () => {
    const db = t.app.ctx.db;
    const item = await db.selectFrom('items').selectAll().where('code', '=', '511700-SMZ-004').executeTakeFirstOrThrow(); // 残疾人两项补贴: a 视情形 material
    const def = await db.selectFrom('form_defs').selectAll().where('code', '=', 'item-511700-smz-004').executeTakeFirstOrThrow();
    expect(Number(def.item_id)).toBe(Number(item.id));
    expect(def.workflow_code).toBe(`standard-promise-${promisedDays(item.time_limit)}`);
    const fields = JSON.parse((await db.selectFrom('form_versions').select('fields').where('form_code', '=', def.code).executeTakeFirstOrThrow()).fields) as FormField[];
    expect(checkFormDefinition(fields)).toEqual([]);
    expect(fields.find((f) => f.key === 'applicantName')?.prefill).toBe('user.name');
    expect(fields.find((f) => f.key === 'description')).toMatchObject({ type: 'textarea', required: true });
    const materials = JSON.parse(item.materials) as ItemMaterial[];
    const uploads = fields.filter((f) => f.type === 'image' || f.type === 'file');
    expect(uploads.map((f) => [f.label, f.required])).toEqual(materials.map((m) => [m.name, m.required]));
    const wf = JSON.parse((await db.selectFrom('workflows').select('definition').where('code', '=', def.workflow_code).executeTakeFirstOrThrow()).definition) as WorkflowDefinition;
    expect(Value.Check(WorkflowDefinition, wf)).toBe(true);
    expect(wf).toMatchObject({ kind: 'promise', timeLimitDays: promisedDays(item.time_limit) });
    expect(wf.steps.map((s) => s.name)).toEqual(['受理', '审查', '决定', '办结']);
    expect(await db.selectFrom('workflows').select('id').where('code', '=', 'standard-promise').executeTakeFirst()).toBeDefined();

    // Every online item without an external URL has exactly one form; an item sending citizens elsewhere has none.
    const online = await db.selectFrom('items').select(['id', 'online_url']).where('online', '=', 1).execute();
    const linked = await db.selectFrom('form_defs').select('item_id').where('item_id', 'is not', null).execute();
    for (const i of online) expect(linked.filter((l) => Number(l.item_id) === Number(i.id)), String(i.id)).toHaveLength(1);
    for (const f of await db.selectFrom('form_versions').select(['form_code', 'fields']).execute()) expect(checkFormDefinition(JSON.parse(f.fields) as FormField[]), f.form_code).toEqual([]);
    for (const w of await db.selectFrom('workflows').select(['code', 'definition']).execute()) expect(Value.Check(WorkflowDefinition, JSON.parse(w.definition)), w.code).toBe(true);
  });
});

describe('idempotence and operators', () => {
  it('running the seed again changes nothing', async () => {
    const before = await counts();
    const ids = (await t.app.ctx.db.selectFrom('form_defs').select(['id', 'code']).orderBy('id').execute()).map((r) => `${r.id}:${r.code}`);
    await seed(t.app.ctx);
    await seedEngine(t.app.ctx);
    expect(await counts()).toEqual(before);
    expect((await t.app.ctx.db.selectFrom('form_defs').select(['id', 'code']).orderBy('id').execute()).map((r) => `${r.id}:${r.code}`)).toEqual(ids);
  });

  it('a database seeded before the engine gets its untouched palm apps and guides switched over, never an edited one', async () => {
    const db = t.app.ctx.db;
    const item = await db.selectFrom('items').select(['id', 'created_at']).where('code', '=', '511700-SGA-001').executeTakeFirstOrThrow();
    const hf = await db.selectFrom('items').select(['id', 'created_at']).where('code', '=', '511700-SGJJ-001').executeTakeFirstOrThrow();
    // As the seed left them before issue 10: kind 'item', generic guide text, untouched.
    await db.updateTable('apps').set({ kind: 'item', target: String(item.id) }).where('code', '=', 'palm-residence-permit').execute();
    await db.updateTable('apps').set({ kind: 'item', target: String(hf.id), updated_at: '2026-01-02T00:00:00.000Z' }).where('code', '=', 'palm-hf-withdraw').execute();
    await db.updateTable('items').set({ time_limit: '法定15个工作日，承诺5个工作日' }).where('id', '=', item.id).execute();
    await db.updateTable('items').set({ charge: '运营人员改过的收费说明', updated_at: '2026-01-02T00:00:00.000Z' }).where('id', '=', hf.id).execute();
    await seedEngine(t.app.ctx);
    expect(await db.selectFrom('apps').select(['kind', 'target']).where('code', '=', 'palm-residence-permit').executeTakeFirstOrThrow()).toEqual({ kind: 'form', target: 'residence-permit' });
    expect(await db.selectFrom('apps').select(['kind', 'target']).where('code', '=', 'palm-hf-withdraw').executeTakeFirstOrThrow()).toEqual({ kind: 'item', target: String(hf.id) });
    const rp = await db.selectFrom('items').select(['time_limit', 'updated_at', 'created_at']).where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(rp.time_limit).toBe('法定15个工作日，承诺15个工作日');
    expect(rp.updated_at).toBe(rp.created_at);
    expect((await db.selectFrom('items').select('charge').where('id', '=', hf.id).executeTakeFirstOrThrow()).charge).toBe('运营人员改过的收费说明');
  });

  it('a form the operator took offline is not brought back, and its item shows no form', async () => {
    const db = t.app.ctx.db;
    await db.updateTable('form_defs').set({ status: 'offline' }).where('code', '=', 'item-511700-srs-005').execute();
    await seedEngine(t.app.ctx);
    expect(await db.selectFrom('form_defs').select('status').where('code', '=', 'item-511700-srs-005').execute()).toEqual([{ status: 'offline' }]);
    const item = await db.selectFrom('items').select('id').where('code', '=', '511700-SRS-005').executeTakeFirstOrThrow();
    expect(((await get(`/api/items?keyword=511700-SRS-005`)).json() as { items: ItemCard[] }).items[0]?.formCode).toBeNull();
    void item;
    await db.updateTable('form_defs').set({ status: 'online' }).where('code', '=', 'item-511700-srs-005').execute();
  });
});

describe('console: a form app needs a form', () => {
  const base = { siteCode: '511700', name: '测试表单应用', kind: 'form', status: 'online', zoneCode: null, group: null };
  it('refuses a form app without a form code or with an unknown one, accepts a published form', async () => {
    const none = await call(t, admin.cookie, 'POST', '/api/admin/apps', { ...base, code: 'form-app-a' });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toMatch(/表单/);
    const unknown = await call(t, admin.cookie, 'POST', '/api/admin/apps', { ...base, code: 'form-app-b', formCode: 'no-such-form' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('no-such-form');
    const ok = await call(t, admin.cookie, 'POST', '/api/admin/apps', { ...base, code: 'form-app-c', formCode: 'residence-permit' });
    expect(ok.statusCode).toBe(201);
    const view = ok.json() as AdminAppView;
    expect(view).toMatchObject({ kind: 'form', target: 'residence-permit', formCode: 'residence-permit' });
    // A county inherits the city's form.
    const county = await call(t, admin.cookie, 'POST', '/api/admin/apps', { ...base, siteCode: '511702', code: 'form-app-d', formCode: 'residence-permit' });
    expect(county.statusCode).toBe(201);
    // An offline form keeps an app from going 上线, not from being 即将上线.
    await t.app.ctx.db.updateTable('form_defs').set({ status: 'offline' }).where('code', '=', 'medicare-transfer').execute();
    const upd = await call(t, admin.cookie, 'PUT', `/api/admin/apps/${view.id}`, { formCode: 'medicare-transfer' });
    expect(upd.statusCode).toBe(400);
    expect((await call(t, admin.cookie, 'PUT', `/api/admin/apps/${view.id}`, { formCode: 'medicare-transfer', status: 'coming' })).statusCode).toBe(200);
    expect((await call(t, admin.cookie, 'POST', `/api/admin/apps/${view.id}/status`, { status: 'online' })).statusCode).toBe(400);
    await t.app.ctx.db.updateTable('form_defs').set({ status: 'online' }).where('code', '=', 'medicare-transfer').execute();
    expect((await call(t, admin.cookie, 'POST', `/api/admin/apps/${view.id}/status`, { status: 'online' })).statusCode).toBe(200);
  });
});

describe('the demo company', () => {
  it('is a real-name verified corp account with checksum-valid invented numbers, and signs in', async () => {
    expect(validateCreditCode(DEMO_COMPANY.creditCode)).toBeNull();
    expect(validateIdNumber(DEMO_COMPANY.legalIdNumber)).toBeNull();
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { account: DEMO_COMPANY.phone, password: DEMO_COMPANY.password } });
    expect(login.statusCode).toBe(200);
    const me = await t.app.inject({ url: '/api/me', headers: { cookie: sessionCookie(login)! } });
    expect(me.json()).toMatchObject({ kind: 'corp', corpName: DEMO_COMPANY.corpName, realNameVerified: true });
  });
});
