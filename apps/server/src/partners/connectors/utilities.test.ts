import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BizCode, type Envelope, type GasInstallForm, type WriteOffRequest } from '@dz/partner-protocol';
import { DEMO_GAS, DEMO_WATER, GAS_UNITS, ZHANG_SAN_ID } from '@dz/partners';
import { PartnerRefusal } from '../partner-client.js';
import { clientFor, failure, startBureaus, startStubPartner, type Bureaus, type StubPartner } from './test-support.js';
import { UtilityConnector } from './utilities.js';

const meta = { site: '511702', requestId: 'req-utility-connector' };

const gasForm = (overrides: Partial<GasInstallForm> = {}): GasInstallForm => ({
  applicantName: '张三',
  applicantIdNumber: ZHANG_SAN_ID,
  contactName: '张三',
  contactPhone: '13900000001',
  idNumber: ZHANG_SAN_ID,
  installType: 'residential',
  address: '达州市通川区朝阳东路88号3栋2单元501',
  description: '新房通气，厨房一台燃气灶',
  ...overrides,
});

describe('UtilityConnector against the sandbox water and gas companies', () => {
  let b: Bureaus;
  let company: UtilityConnector;
  beforeAll(async () => {
    b = await startBureaus({ decideAfterMs: null });
    company = new UtilityConnector(clientFor(b.url));
  });
  afterAll(async () => b?.close());

  it('finds the accounts of an ID number and the units, at the water company and at the gas company (/customers)', async () => {
    const water = await company.accounts('water', ZHANG_SAN_ID, meta);
    expect(water.accounts.map((a) => a.accountNo)).toContain(DEMO_WATER.zhangSan);
    const gas = await company.accounts('gas', ZHANG_SAN_ID, meta);
    expect(gas.accounts.map((a) => a.accountNo)).toEqual([DEMO_GAS.zhangSan]);
    expect((await company.units('gas', meta)).units.map((u) => u.code)).toEqual(GAS_UNITS.map((u) => u.code));
  });

  it('reads bills; an unknown account is a PartnerRefusal 2001 with the company’s own message', async () => {
    const r = await company.bills('water', DEMO_WATER.zhangSan, meta);
    expect(r.account.accountNo).toBe(DEMO_WATER.zhangSan);
    expect(r.bills.filter((x) => x.status === 'unpaid').reduce((s, x) => s + x.amountFen, 0)).toBe(r.amountDueFen);
    const err = await failure(company.bills('gas', '8800000000', meta));
    expect(err).toBeInstanceOf(PartnerRefusal);
    expect([(err as PartnerRefusal).partnerCode, err.statusCode, err.message]).toEqual([BizCode.NOT_FOUND, 422, '未查询到该燃气用户编号，请核对后重新输入']);
  });

  it('writes a payment off once per key and reverses it once; bills paid by another order are refused', async () => {
    const due = (await company.bills('water', DEMO_WATER.liSi, meta)).bills.filter((x) => x.status === 'unpaid');
    const request: WriteOffRequest = {
      accountNo: DEMO_WATER.liSi,
      billIds: due.map((x) => x.billId),
      amountFen: due.reduce((s, x) => s + x.amountFen, 0),
      orderId: 'PO2026120700000001',
      tradeNo: 'T2026120700000001',
      paidAt: new Date().toISOString(),
    };
    const first = await company.writeOff('water', request, `writeoff-${request.orderId}`, meta);
    expect(first.paidBillIds.sort()).toEqual(request.billIds.sort());
    expect(await company.writeOff('water', request, `writeoff-${request.orderId}`, meta)).toEqual(first);

    const twice = await failure(company.writeOff('water', { ...request, orderId: 'PO2026120700000002' }, 'writeoff-PO2026120700000002', meta));
    expect([(twice as PartnerRefusal).partnerCode, twice.message]).toEqual([BizCode.STATE_CONFLICT, expect.stringContaining('已缴清')]);

    const reversed = await company.reverse('water', { orderId: request.orderId, reason: '用户申请退款' }, `reverse-${request.orderId}`, meta);
    expect(reversed).toMatchObject({ orderId: request.orderId, receiptNo: first.receiptNo });
    expect(reversed.reversedBillIds.sort()).toEqual(request.billIds.sort());
    expect((await company.bills('water', DEMO_WATER.liSi, meta)).amountDueFen).toBe(request.amountFen);

    const never = await failure(company.reverse('gas', { orderId: 'PO2026120700000009', reason: '退款' }, 'reverse-PO2026120700000009', meta));
    expect([(never as PartnerRefusal).partnerCode, never.message]).toEqual([BizCode.NOT_FOUND, '订单 PO2026120700000009 没有销账记录，无需冲正']);
  });

  it('files an installation once per application number and reads its progress; an invalid form is refused naming the field', async () => {
    const submit = { applicationNo: 'BZ2026120700000001', form: gasForm(), attachments: [] };
    const status = await company.submitInstallation('gas', submit, `install-${submit.applicationNo}`, meta);
    expect(status).toMatchObject({ applicationNo: submit.applicationNo, status: 'received', installNo: expect.stringMatching(/^RQ\d{10}$/) });
    expect(await company.submitInstallation('gas', submit, `install-${submit.applicationNo}`, meta)).toEqual(status);
    expect((await company.installation('gas', status.installNo, meta)).installNo).toBe(status.installNo);

    const bad = await failure(company.submitInstallation('gas', { ...submit, applicationNo: 'BZ2026120700000002', form: gasForm({ address: '' }) }, 'install-BZ2026120700000002', meta));
    expect(bad).toBeInstanceOf(PartnerRefusal);
    expect((bad as PartnerRefusal).partnerCode).toBe(BizCode.INVALID_DATA);
    expect(bad.message).toMatch(/地址|address/);
  });
});

describe('UtilityConnector with a company answering the wrong shape or refusing', () => {
  let stub: StubPartner;
  let refusing: StubPartner;
  let company: UtilityConnector;
  beforeAll(async () => {
    // Every other answer is 0000 with data that is not the protocol's.
    stub = await startStubPartner((method, url): Envelope<unknown> => {
      // A submission answered with a well-formed status of another application; progress with a status the protocol has not.
      if (url.includes('/installations')) return { code: '0000', message: 'ok', data: { installNo: 'RQ1', applicationNo: 'BZ-other', status: method === 'POST' ? 'received' : 'done', steps: [] } };
      if (url.endsWith('/bills')) return { code: '0000', message: 'ok', data: { account: { accountNo: '1' }, amountDueFen: '12.5', bills: [], payments: [] } };
      return { code: '0000', message: 'ok', data: { accounts: 'none', units: [{ code: 1 }], receiptNo: '', paidBillIds: null } };
    });
    refusing = await startStubPartner(() => ({ code: '2002', message: '系统正在月结，暂停销账', data: null }));
    company = new UtilityConnector(stub.client);
  });
  afterAll(async () => {
    await stub.close();
    await refusing.close();
  });

  it('is a clear 502 PARTNER_BAD_ANSWER naming the company and the problem, not a crash', async () => {
    const writeOff: WriteOffRequest = { accountNo: '1', billIds: ['b'], amountFen: 1, orderId: 'PO1', tradeNo: 'T1', paidAt: new Date().toISOString() };
    for (const [kind, call] of [
      ['water', () => company.accounts('water', ZHANG_SAN_ID, meta)],
      ['gas', () => company.units('gas', meta)],
      ['water', () => company.bills('water', '3100012345', meta)],
      ['gas', () => company.writeOff('gas', writeOff, 'k1', meta)],
      ['water', () => company.reverse('water', { orderId: 'PO1', reason: 'x' }, 'k2', meta)],
      ['power', () => company.installation('power', 'DS1', meta)],
    ] as const) {
      const err = await failure(call());
      expect([err.statusCode, err.code], kind).toEqual([502, 'PARTNER_BAD_ANSWER']);
      expect(err.message).toBe(`${{ water: '自来水公司', gas: '燃气公司', power: '供电公司' }[kind]}系统返回的数据格式有误，请稍后重试`);
      expect(err.extra.details).toMatchObject({ partner: kind, operation: expect.any(String), problem: expect.any(String) });
    }
    // Well-formed, but the status of another application: never taken for ours.
    const other = await failure(company.submitInstallation('gas', { applicationNo: 'BZ-ours', form: gasForm(), attachments: [] }, 'k3', meta));
    expect([other.statusCode, other.code]).toEqual([502, 'PARTNER_BAD_ANSWER']);
  });

  it('passes a refusal on as PartnerRefusal with the company’s message, reads and writes alike', async () => {
    const refused = new UtilityConnector(refusing.client);
    for (const call of [() => refused.bills('gas', DEMO_GAS.zhangSan, meta), () => refused.reverse('gas', { orderId: 'PO1', reason: 'x' }, 'k4', meta)]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(PartnerRefusal);
      expect([(err as PartnerRefusal).partnerCode, err.statusCode, err.code, err.message]).toEqual(['2002', 422, 'PARTNER_REFUSED', '系统正在月结，暂停销账']);
    }
  });
});
