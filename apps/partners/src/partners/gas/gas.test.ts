import { describe, expect, it } from 'vitest';
import { EnvelopeCode, type AccountsResult, type PingResult, type UnitsResult } from '@dz/partner-protocol';
import { DEMO_GAS, LI_SI_ID, ZHANG_SAN_ID } from '../../demo/utilities.js';
import { data, envelope, sandboxForFile } from '../../test/helpers.js';

describe('gas company (达州市燃气公司)', () => {
  const sb = sandboxForFile();

  it('answers a signed ping', async () => {
    expect(data<PingResult>(await sb.client.get('/v1/gas/ping')).partner).toBe('gas');
  });

  it('lists its three branches', async () => {
    const { units } = data<UnitsResult>(await sb.client.get('/v1/gas/units'));
    expect(units).toEqual([
      { code: 'TC', name: '达州市燃气公司通川分公司' },
      { code: 'DC', name: '达州市燃气公司达川分公司' },
      { code: 'XH', name: '达州市燃气公司宣汉分公司' },
    ]);
  });

  it('finds the customer numbers of 张三 and 李四 under /customers', async () => {
    const zhang = data<AccountsResult>(await sb.client.post('/v1/gas/customers/query', { idNumber: ZHANG_SAN_ID }));
    expect(zhang.accounts).toEqual([
      { accountNo: DEMO_GAS.zhangSan, holderName: '张*', address: '达州市通川区朝阳东路88号3栋2单元501', unitCode: 'TC', unitName: '达州市燃气公司通川分公司' },
    ]);
    const li = data<AccountsResult>(await sb.client.post('/v1/gas/customers/query', { idNumber: LI_SI_ID }));
    expect(li.accounts.map((a) => a.accountNo)).toEqual([DEMO_GAS.liSi]);
    // The water company's path is not the gas company's.
    const wrong = await sb.client.get(`/v1/gas/accounts/${DEMO_GAS.zhangSan}/bills`);
    expect([wrong.statusCode, envelope(wrong).code]).toEqual([404, EnvelopeCode.BAD_REQUEST]);
  });
});
