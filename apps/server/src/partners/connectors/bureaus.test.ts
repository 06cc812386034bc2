import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENY_COMMENT, RESIDENTS } from '@dz/partners';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { BureauConnector } from './bureaus.js';
import { failure, startBureaus, startStubPartner, type Bureaus, type StubPartner } from './test-support.js';

const ZHANG = RESIDENTS[0]!;
const applicant = (name = ZHANG.name) => ({ name, idNumber: ZHANG.idNumber, phone: ZHANG.phone ?? null });
const payload = (name?: string) => ({ formCode: 'social-retire', title: '职工退休申请', data: { retireDate: '2026-04-01' }, applicant: applicant(name) });

async function until<T>(check: () => Promise<T | null>, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('BureauConnector (app.bureaus) against the sandbox bureaus', () => {
  let b: Bureaus;
  let t: TestApp;
  beforeAll(async () => {
    b = await startBureaus({ decideAfterMs: 300 });
    t = await createTestApp({}, { PARTNERS_BASE_URL: b.url });
  });
  afterAll(async () => {
    await t?.close();
    await b?.close();
  });

  it('submits a case once: the same caseNo gives the same ref', async () => {
    const first = await t.app.bureaus.submit('social', '511702', 'DZ20260302000001', payload());
    expect(first.ref).toMatch(/^RS\d{8}\d{6}$/);
    expect(await t.app.bureaus.submit('social', '511702', 'DZ20260302000001', payload())).toEqual(first);
    expect((await t.app.bureaus.submit('social', '511702', 'DZ20260302000002', payload())).ref).not.toBe(first.ref);
    // The call log (接口管理 → 调用日志) records the operation, with the site it served.
    await t.app.ctx.callLog.flush();
    const rows = await t.app.ctx.db.selectFrom('partner_calls').select(['operation', 'site_code', 'ok']).where('operation', '=', 'social.submit').execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.site_code === '511702' && r.ok === 1)).toBe(true);
  });

  it('reads the decision: pending, then approved with the result, or denied with the reason', async () => {
    const { ref } = await t.app.bureaus.submit('social', '511702', 'DZ20260302000010', payload());
    const denied = await t.app.bureaus.submit('social', '511702', 'DZ20260302000011', payload('驳回测试'));
    expect(await t.app.bureaus.decision('social', '511702', ref)).toEqual({ status: 'pending', comment: null, result: null });
    const approved = await until(async () => {
      const d = await t.app.bureaus.decision('social', '511702', ref);
      return d.status === 'pending' ? null : d;
    });
    expect(approved).toMatchObject({ status: 'approved', comment: '经审核，符合条件，准予办理', result: { 审批编号: ref } });
    expect(approved.result?.['基本养老金月标准']).toMatch(/元$/);
    const refused = await until(async () => {
      const d = await t.app.bureaus.decision('social', '511702', denied.ref);
      return d.status === 'pending' ? null : d;
    });
    expect(refused).toEqual({ status: 'denied', comment: DENY_COMMENT, result: null });
  });

  it('follows a decision taken through the sandbox control endpoint', async () => {
    const { ref } = await t.app.bureaus.submit('housing-fund', '511703', 'DZ20260302000020', { ...payload('人工'), formCode: 'hf-withdraw', title: '住房公积金提取', data: { amount: 12000 } });
    expect((await t.app.bureaus.decision('housing-fund', '511703', ref)).status).toBe('pending');
    await b.decide('housing-fund', ref, 'approved', '同意提取');
    expect(await t.app.bureaus.decision('housing-fund', '511703', ref)).toMatchObject({ status: 'approved', comment: '同意提取', result: { 提取金额: '12000.00元' } });
    const unknown = await failure(t.app.bureaus.decision('housing-fund', '511703', 'GJJ-NONE'));
    expect([unknown.statusCode, unknown.code]).toEqual([422, 'PARTNER_REFUSED']);
  });

  it('answers 即办: the 社保参保证明 content for an ID number, the same every time', async () => {
    const proof = await t.app.bureaus.instant('social', '511702', 'insurance-proof', { idNumber: ZHANG.idNumber, name: ZHANG.name });
    expect(proof.title).toBe('社会保险参保证明');
    const labels = proof.rows.map((r) => r.label);
    expect(labels).toEqual(expect.arrayContaining(['姓名', '公民身份号码', '参保单位', '险种', '参保状态', '累计缴费月数', '数据来源']));
    expect(proof.rows.find((r) => r.label === '公民身份号码')?.value).toBe('5117**********1231');
    expect(await t.app.bureaus.instant('social', '511702', 'insurance-proof', { idNumber: ZHANG.idNumber, name: ZHANG.name })).toEqual(proof);
    // The values of the portal's form (applicantIdNumber, applicantName…) are understood as they are.
    const asForm = await t.app.bureaus.instant('social', '511702', 'insurance-proof', { applicantName: ZHANG.name, applicantIdNumber: ZHANG.idNumber, applicantPhone: ZHANG.phone, purpose: 'loan' });
    expect(asForm).toEqual(proof);
    const bad = await failure(t.app.bureaus.instant('social', '511702', 'insurance-proof', { idNumber: '123' }));
    expect([bad.statusCode, bad.code, bad.message]).toEqual([422, 'PARTNER_REFUSED', '身份证号应为18位：前17位数字，最后一位数字或X']);
  });

  it('answers 查询: 不动产 records by ID number and 车辆违章 by plate and engine number', async () => {
    const { rows } = await t.app.bureaus.query('real-estate', '511702', 'property-records', { idNumber: ZHANG.idNumber });
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const r of rows) {
      expect(r).toMatchObject({ certNo: expect.stringMatching(/^川（\d{4}）达州市不动产权第\d{7}号$/), location: expect.stringMatching(/^达州市/), area: expect.any(Number), usage: expect.any(String), registeredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    }
    const v = await t.app.bureaus.query('police', '511702', 'traffic-violations', { plate: '川S12345', engineNo6: 'a12345' });
    expect(Array.isArray(v.rows)).toBe(true);
    for (const r of v.rows) expect(r).toMatchObject({ behavior: expect.any(String), fine: expect.any(Number), points: expect.any(Number) });
  });

  it('a bureau that is down is 503 PARTNER_UNAVAILABLE; healed, it works again', async () => {
    b.down('tax');
    const started = Date.now();
    const err = await failure(t.app.bureaus.instant('tax', '511702', 'tax-proof', { idNumber: ZHANG.idNumber }));
    expect([err.statusCode, err.code]).toEqual([503, 'PARTNER_UNAVAILABLE']);
    expect(Date.now() - started).toBeLessThan(3500);
    const submit = await failure(t.app.bureaus.submit('tax', '511702', 'DZ20260302000030', payload()));
    expect(submit.code).toBe('PARTNER_UNAVAILABLE');
    // Other bureaus are unaffected.
    expect((await t.app.bureaus.instant('medicare', '511702', 'insurance-proof', { idNumber: ZHANG.idNumber })).title).toBe('基本医疗保险参保证明');
    b.heal('tax', t.app);
    expect((await t.app.bureaus.instant('tax', '511702', 'tax-proof', { idNumber: ZHANG.idNumber })).title).toBe('个人所得税纳税记录');
    expect((await t.app.bureaus.submit('tax', '511702', 'DZ20260302000030', payload())).ref).toMatch(/^SW/);
  });

  it('checks a 公积金提取 before it is filed: within the balance ok, above it the field and why', async () => {
    const base = { idNumber: ZHANG.idNumber, name: ZHANG.name, reason: 'purchase' };
    expect(await t.app.bureaus.check('housing-fund', '511702', 'withdraw', { ...base, amount: 100 })).toEqual({ ok: true, fields: {} });
    const above = await t.app.bureaus.check('housing-fund', '511702', 'withdraw', { ...base, amount: 99_999_999 });
    expect(above?.ok).toBe(false);
    expect(above?.fields.amount).toMatch(/提取金额超过账户可提取余额/);
    // A bureau without that check says so (2001): the engine files without it.
    expect(await t.app.bureaus.check('housing-fund', '511702', 'no-such-check', base)).toBeNull();
    const op = await failure(t.app.bureaus.check('housing-fund', '511702', '../cases', base));
    expect(op.code).toBe('UNKNOWN_BUREAU_OPERATION');
  });

  it('refuses a bureau or an operation it does not know, before calling anyone', async () => {
    const unknown = await failure(t.app.bureaus.submit('water', '511702', 'X', payload()));
    expect([unknown.statusCode, unknown.code]).toEqual([400, 'UNKNOWN_BUREAU']);
    const op = await failure(t.app.bureaus.query('police', '511702', '../cases', {}));
    expect(op.code).toBe('UNKNOWN_BUREAU_OPERATION');
  });
});

describe('BureauConnector with a bureau answering the wrong shape', () => {
  let stub: StubPartner;
  let connector: BureauConnector;
  beforeAll(async () => {
    // A "bureau" that answers 0000 envelopes whose data is not the protocol's.
    stub = await startStubPartner((_method, url) => ({
      code: '0000',
      message: 'ok',
      data: url.includes('/query/') ? { rows: 'none' } : url.includes('/cases') ? { ref: 7 } : { title: '证明', rows: [{ label: '姓名' }] },
    }));
    connector = new BureauConnector(stub.client);
  });
  afterAll(() => stub.close());

  it('is a clear 502 PARTNER_BAD_ANSWER naming the problem, not a crash', async () => {
    for (const call of [
      () => connector.query('police', '511702', 'traffic-violations', {}),
      () => connector.submit('social', '511702', 'DZ1', payload()),
      () => connector.decision('social', '511702', 'RS1'),
      () => connector.instant('social', '511702', 'insurance-proof', {}),
    ]) {
      const err = await failure(call());
      expect([err.statusCode, err.code, err.message]).toEqual([502, 'PARTNER_BAD_ANSWER', '部门业务系统返回的数据格式有误，请稍后重试']);
      expect(err.extra.details).toMatchObject({ partner: expect.any(String), path: expect.any(String) });
    }
  });
});

describe('BureauConnector.check with a bureau answering the wrong shape', () => {
  let stub: StubPartner;
  let connector: BureauConnector;
  beforeAll(async () => {
    stub = await startStubPartner((_method, url) => ({ code: '0000', message: 'ok', data: url.includes('/check/silent') ? { ok: false, fields: {} } : { ok: 'yes', fields: { amount: 1 } } }));
    connector = new BureauConnector(stub.client);
  });
  afterAll(() => stub.close());

  it('a wrong shape, or a refusal naming no field the citizen could correct, is 502 PARTNER_BAD_ANSWER', async () => {
    for (const op of ['withdraw', 'silent']) {
      const err = await failure(connector.check('housing-fund', '511702', op, {}));
      expect([err.statusCode, err.code], op).toEqual([502, 'PARTNER_BAD_ANSWER']);
    }
  });
});
