import { describe, expect, it } from 'vitest';
import { BizCode, BureauNames, EnvelopeCode, type BureauCaseReceipt, type BureauCheckResult, type BureauDecision, type PingResult } from '@dz/partner-protocol';
import { buildSandbox } from '../../app.js';
import { TestClock, data, envelope, partnerClient, sandboxForFile } from '../../test/helpers.js';
import { BUREAU_SPECS, DEFAULT_DECIDE_AFTER_MS, DENY_COMMENT, bureauPartners, decideAfterFromEnv } from './index.js';
import type { InputKind } from './module.js';

const SAMPLE: Record<InputKind, string> = { idNumber: '511703198008182465', name: '赵敏', plate: '川S8A123', engineNo6: '0K1234', creditCode: '91511700MA62X1234K', year: '2025', keyword: '达州', amount: '3600.50', option: 'rent', qrText: 'BDCZS:DZ20230036852.abcdefghijklmnop', county: '511722', regNo: '2617020158', ticketNo: '260120315' };

const submit = (caseNo: string, name = '张三') => ({
  caseNo,
  site: '511702',
  formCode: 'social-retire',
  title: '职工退休申请',
  data: { unit: '达州市某公司' },
  applicant: { name, idNumber: '511702199001011231', phone: '13900000001' },
});

describe('bureau systems (generic module)', () => {
  const clock = new TestClock(Date.parse('2026-03-02T02:00:00Z'));
  const sb = sandboxForFile({ now: clock.now });
  // Signed with the sandbox's clock, as the timestamp window is checked against it.
  const cl = () => partnerClient(sb.app, { now: clock.now });

  it('serves every bureau as a signed system with a ping, refusing unsigned calls', async () => {
    for (const name of BureauNames) {
      expect(data<PingResult>(await cl().get(`/v1/${name}/ping`)).partner).toBe(name);
      const unsigned = await sb.app.inject({ method: 'POST', url: `/v1/${name}/cases`, payload: submit('X') });
      expect([unsigned.statusCode, envelope(unsigned).code]).toEqual([401, EnvelopeCode.BAD_SIGNATURE]);
    }
  });

  it('gives one ref per caseNo, however often (and with whatever key) it is submitted', async () => {
    const first = data<BureauCaseReceipt>(await cl().write('/v1/social/cases', submit('DZ2026030200001')));
    expect(first).toMatchObject({ caseNo: 'DZ2026030200001', status: 'pending', ref: expect.stringMatching(/^RS20260302\d{6}$/) });
    const again = data<BureauCaseReceipt>(await cl().write('/v1/social/cases', submit('DZ2026030200001')));
    expect(again.ref).toBe(first.ref);
    const other = data<BureauCaseReceipt>(await cl().write('/v1/social/cases', submit('DZ2026030200002')));
    expect(other.ref).not.toBe(first.ref);
    // A write without Idempotency-Key is refused like every other write of the protocol.
    const nokey = await cl().post('/v1/social/cases', submit('DZ2026030200003'));
    expect([nokey.statusCode, envelope(nokey).code]).toEqual([400, EnvelopeCode.BAD_REQUEST]);
    const bad = await cl().write('/v1/social/cases', { ...submit('DZ1'), site: 'x' });
    expect([bad.statusCode, envelope(bad).message]).toEqual([400, 'site 应为6位行政区划代码']);
  });

  it('stays pending, then decides by the demo rule after the delay: approved, or denied for 驳回', async () => {
    const ok = data<BureauCaseReceipt>(await cl().write('/v1/social/cases', submit('DZ-AUTO-1')));
    const no = data<BureauCaseReceipt>(await cl().write('/v1/social/cases', submit('DZ-AUTO-2', '驳回测试')));
    const manual = data<BureauCaseReceipt>(await cl().write('/v1/social/cases', submit('DZ-AUTO-3', '人工审核')));
    expect(data<BureauDecision>(await cl().get(`/v1/social/cases/${ok.ref}`))).toMatchObject({ status: 'pending', comment: null, result: null, decidedAt: null });
    clock.advance(DEFAULT_DECIDE_AFTER_MS);
    const approved = data<BureauDecision>(await cl().get(`/v1/social/cases/${ok.ref}`));
    expect(approved).toMatchObject({ ref: ok.ref, caseNo: 'DZ-AUTO-1', status: 'approved', decidedAt: new Date(clock.t).toISOString() });
    expect(approved.result).toMatchObject({ 审批编号: ok.ref, 待遇起始月份: '2026-03', 基本养老金月标准: expect.stringMatching(/^\d{4}\.\d{2}元$/) });
    expect(data<BureauDecision>(await cl().get(`/v1/social/cases/${no.ref}`))).toMatchObject({ status: 'denied', comment: DENY_COMMENT, result: null });
    expect(data<BureauDecision>(await cl().get(`/v1/social/cases/${manual.ref}`)).status).toBe('pending');
    // The same decision is read again (decided once, stable result).
    expect(data<BureauDecision>(await cl().get(`/v1/social/cases/${ok.ref}`))).toEqual(approved);
  });

  it('lets a test decide a case through /_control, and knows no foreign ref', async () => {
    const r = data<BureauCaseReceipt>(await cl().write('/v1/police/cases', { ...submit('DZ-CTL-1', '人工'), formCode: 'police-residence-permit', title: '居住证申领' }));
    const res = await sb.app.inject({ method: 'POST', url: `/_control/police/cases/${r.ref}/decide`, payload: { status: 'denied', comment: '材料不全' } });
    expect(res.statusCode).toBe(200);
    expect(data<BureauDecision>(await cl().get(`/v1/police/cases/${r.ref}`))).toMatchObject({ status: 'denied', comment: '材料不全' });
    await sb.app.inject({ method: 'POST', url: `/_control/police/cases/${r.ref}/decide`, payload: { status: 'approved' } });
    const approved = data<BureauDecision>(await cl().get(`/v1/police/cases/${r.ref}`));
    expect(approved.result).toMatchObject({ 居住证号: expect.stringMatching(/^5117\d{14}$/), 有效期至: expect.stringMatching(/^2027-/) });
    const unknown = await cl().get('/v1/police/cases/GA000');
    expect([unknown.statusCode, envelope(unknown).code]).toEqual([200, BizCode.NOT_FOUND]);
    // Refs are per bureau: the police ref is not the social system's.
    expect(envelope(await cl().get(`/v1/social/cases/${r.ref}`)).code).toBe(BizCode.NOT_FOUND);
    const badCtl = await sb.app.inject({ method: 'POST', url: `/_control/police/cases/${r.ref}/decide`, payload: { status: 'maybe' } });
    expect(badCtl.statusCode).toBe(400);
  });

  it('refuses wrong input with 2004 and a Chinese message, and unknown operations with 1004', async () => {
    const bad = await cl().post('/v1/social/instant/insurance-proof', { idNumber: '123' });
    expect([bad.statusCode, envelope(bad).code, envelope(bad).message]).toEqual([200, BizCode.INVALID_DATA, '身份证号应为18位：前17位数字，最后一位数字或X']);
    const missing = await cl().post('/v1/police/query/traffic-violations', { plate: '川S12345' });
    expect(envelope(missing)).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('发动机号后6位') });
    for (const url of ['/v1/social/instant/nope', '/v1/social/query/constructor', '/v1/seal/instant/insurance-proof']) {
      const res = await cl().post(url, { idNumber: '511702199001011231' });
      expect([res.statusCode, envelope(res).code], url).toEqual([400, EnvelopeCode.BAD_REQUEST]);
    }
  });

  it('answers POST /v1/<bureau>/check/:operation with {ok, fields}: unknown check 2001, bad input 2004, signed and listed', async () => {
    const form = { applicantIdNumber: '511702199001011231', applicantName: '张三', reason: 'purchase', amount: 100, note: '表单其余字段照传' };
    expect(data<BureauCheckResult>(await cl().post('/v1/housing-fund/check/withdraw', form))).toEqual({ ok: true, fields: {} });
    // The workflow may name it after its form: the bureau's own prefix is dropped.
    expect(data<BureauCheckResult>(await cl().post('/v1/housing-fund/check/housing-fund-withdraw', form)).ok).toBe(true);
    for (const url of ['/v1/social/check/withdraw', '/v1/housing-fund/check/constructor', '/v1/housing-fund/check/Bad_Name']) {
      const res = await cl().post(url, form);
      expect([res.statusCode, envelope(res).code], url).toEqual([200, BizCode.NOT_FOUND]);
    }
    const bad = await cl().post('/v1/housing-fund/check/withdraw', { ...form, amount: -5 });
    expect(envelope(bad)).toMatchObject({ code: BizCode.INVALID_DATA, message: '金额应为数字（元），最多两位小数' });
    const unsigned = await sb.app.inject({ method: 'POST', url: '/v1/housing-fund/check/withdraw', payload: form });
    expect([unsigned.statusCode, envelope(unsigned).code]).toEqual([401, EnvelopeCode.BAD_SIGNATURE]);
    const landing = await sb.app.inject({ method: 'GET', url: '/' });
    expect(landing.body).toContain('POST /v1/housing-fund/check/withdraw');
    expect(landing.body).toContain('提交前核对');
  });

  it('is subject to fault injection like every system: down, then healed', async () => {
    sb.app.faults.set('housing-fund', { errorRate: 1 });
    const down = await cl().post('/v1/housing-fund/instant/deposit-proof', { idNumber: '511702199001011231' });
    expect([down.statusCode, envelope(down).code]).toEqual([500, EnvelopeCode.INTERNAL]);
    expect((await cl().get('/v1/social/ping')).statusCode).toBe(200);
    sb.app.faults.reset('housing-fund');
    expect(data<{ title: string }>(await cl().post('/v1/housing-fund/instant/deposit-proof', { idNumber: '511702199001011231' })).title).toBe('住房公积金缴存证明');
  });
});

describe('every operation of every bureau', () => {
  const sb = sandboxForFile();

  it('answers valid input with the protocol shape, and each approved case with a result', async () => {
    for (const spec of BUREAU_SPECS) {
      for (const [kind, table] of [['instant', spec.instant], ['query', spec.query]] as const) {
        for (const [op, o] of Object.entries<{ input: Record<string, string> }>(table)) {
          const input = Object.fromEntries(Object.entries(o.input).map(([k, v]) => [k, SAMPLE[v.replace('?', '') as InputKind]]));
          const res = data<{ title?: string; rows: unknown[] }>(await sb.client.post(`/v1/${spec.name}/${kind}/${op}`, input));
          expect(Array.isArray(res.rows), `${spec.name} ${op}`).toBe(true);
          if (kind === 'instant') expect(res.rows, `${spec.name} ${op}`).toContainEqual({ label: expect.any(String), value: expect.any(String) });
        }
      }
      const r = data<BureauCaseReceipt>(await sb.client.write(`/v1/${spec.name}/cases`, { ...submit(`ALL-${spec.name}`, '人工'), formCode: `${spec.name}-apply`, title: '申请' }));
      expect(r.ref.startsWith(spec.refPrefix)).toBe(true);
      await sb.app.inject({ method: 'POST', url: `/_control/${spec.name}/cases/${r.ref}/decide`, payload: { status: 'approved' } });
      const d = data<BureauDecision>(await sb.client.get(`/v1/${spec.name}/cases/${r.ref}`));
      expect(d.result, spec.name).toMatchObject({ 审批编号: r.ref });
      expect(d.comment, spec.name).toBe(spec.approveComment);
    }
  });
});

describe('bureau decision delay', () => {
  it('reads SANDBOX_BUREAU_DECIDE_MS', () => {
    expect(decideAfterFromEnv(undefined)).toBe(DEFAULT_DECIDE_AFTER_MS);
    expect(decideAfterFromEnv('50')).toBe(50);
    expect(decideAfterFromEnv('off')).toBeNull();
    expect(() => decideAfterFromEnv('-1')).toThrow('SANDBOX_BUREAU_DECIDE_MS');
  });

  it('with decideAfterMs null, only the control endpoint decides', async () => {
    const clock = new TestClock(Date.parse('2026-03-02T02:00:00Z'));
    const app = await buildSandbox({ now: clock.now, partners: bureauPartners({ decideAfterMs: null }) });
    const client = partnerClient(app, { now: clock.now });
    const r = data<BureauCaseReceipt>(await client.write('/v1/tax/cases', submit('DZ-NULL-1')));
    clock.advance(86_400_000);
    expect(data<BureauDecision>(await client.get(`/v1/tax/cases/${r.ref}`)).status).toBe('pending');
    await app.inject({ method: 'POST', url: `/_control/tax/cases/${r.ref}/decide`, payload: { status: 'approved' } });
    expect(data<BureauDecision>(await client.get(`/v1/tax/cases/${r.ref}`)).status).toBe('approved');
    await app.close();
  });
});
