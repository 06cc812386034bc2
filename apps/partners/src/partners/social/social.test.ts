import { describe, expect, it } from 'vitest';
import type { BureauCaseReceipt, BureauDecision, BureauInstantResult, BureauQueryResult } from '@dz/partner-protocol';
import { ZHANG_SAN_ID, LI_SI_ID } from '../../demo/utilities.js';
import { data, sandboxForFile } from '../../test/helpers.js';

describe('人社 · 社会保险 (social)', () => {
  const sb = sandboxForFile();

  it('issues the 社保参保证明 content for an ID number: stable per person, different between people', async () => {
    const proof = data<BureauInstantResult>(await sb.client.post('/v1/social/instant/insurance-proof', { idNumber: ZHANG_SAN_ID, name: '张三' }));
    expect(proof.title).toBe('社会保险参保证明');
    const row = (label: string) => proof.rows.find((r) => r.label === label)?.value;
    expect(row('姓名')).toBe('张三');
    expect(row('公民身份号码')).toBe('5117**********1231');
    expect(row('参保地')).toBe('达州市通川区');
    expect(row('参保单位')).toMatch(/^达州市.+有限公司$/);
    expect(row('险种')).toContain('企业职工基本养老保险');
    expect(row('参保状态')).toBe('正常参保');
    expect(row('累计缴费月数')).toMatch(/^\d+个月$/);
    // no more months paid than have passed since the first month insured
    const [y, m] = row('首次参保年月')!.split('-').map(Number) as [number, number];
    const now = new Date(Date.now() + 8 * 3_600_000);
    expect(parseInt(row('累计缴费月数')!, 10)).toBeLessThanOrEqual((now.getUTCFullYear() - y) * 12 + now.getUTCMonth() + 1 - m);
    expect(row('数据来源')).toContain('演示');
    expect(data<BureauInstantResult>(await sb.client.post('/v1/social/instant/insurance-proof', { idNumber: ZHANG_SAN_ID, name: '张三' }))).toEqual(proof);
    // Named after the portal's form code, it is the same operation.
    expect(data<BureauInstantResult>(await sb.client.post('/v1/social/instant/social-insurance-proof', { idNumber: ZHANG_SAN_ID, name: '张三' }))).toEqual(proof);
    const li = data<BureauInstantResult>(await sb.client.post('/v1/social/instant/insurance-proof', { idNumber: LI_SI_ID }));
    expect(li.rows.map((r) => r.label)).not.toContain('姓名');
    expect(li.rows).not.toEqual(proof.rows.filter((r) => r.label !== '姓名'));
  });

  it('answers the 社保卡 status and 12 monthly payment records of a year', async () => {
    const card = data<BureauInstantResult>(await sb.client.post('/v1/social/instant/card-status', { idNumber: ZHANG_SAN_ID }));
    expect(card.rows.find((r) => r.label === '卡状态')?.value).toBe('正常使用');
    const { rows } = data<BureauQueryResult>(await sb.client.post('/v1/social/query/payment-records', { idNumber: ZHANG_SAN_ID, year: '2025' }));
    expect(rows.map((r) => r.period)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    expect(rows[0]).toMatchObject({ base: expect.any(Number), personal: expect.any(Number), status: '已实缴' });
  });

  it('decides a 退休 case with the pension it grants, through the control endpoint', async () => {
    const r = data<BureauCaseReceipt>(
      await sb.client.write('/v1/social/cases', { caseNo: 'SOC-1', site: '511700', formCode: 'social-retire', title: '职工正常退休（职）申请', data: {}, applicant: { name: '人工张三', idNumber: ZHANG_SAN_ID, phone: null } }),
    );
    await sb.app.inject({ method: 'POST', url: `/_control/social/cases/${r.ref}/decide`, payload: { status: 'approved' } });
    const d = data<BureauDecision>(await sb.client.get(`/v1/social/cases/${r.ref}`));
    expect(d).toMatchObject({ status: 'approved', comment: '经审核，符合条件，准予办理' });
    expect(Object.keys(d.result ?? {})).toEqual(['审批编号', '待遇起始月份', '基本养老金月标准', '发放银行']);
  });
});
