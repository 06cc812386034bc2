import { describe, expect, it } from 'vitest';
import { type AccountsResult, type BillsResult, type PingResult, type UnitsResult } from '@dz/partner-protocol';
import { RESIDENTS } from '../../demo/residents.js';
import { DEMO_WATER, LI_SI_ID, WATER_ACCOUNTS, ZHANG_SAN_ID, maskHolderName } from '../../demo/utilities.js';
import { data, sandboxForFile } from '../../test/helpers.js';

describe('water company (达州市自来水公司)', () => {
  const sb = sandboxForFile();

  it('answers a signed ping', async () => {
    const ping = data<PingResult>(await sb.client.get('/v1/water/ping'));
    expect(ping.partner).toBe('water');
    expect(Math.abs(Date.parse(ping.time) - Date.now())).toBeLessThan(5000);
  });

  it('lists its seven 缴费单位', async () => {
    const { units } = data<UnitsResult>(await sb.client.get('/v1/water/units'));
    expect(units.map((u) => u.code)).toEqual(['TC', 'DC', 'XH', 'KJ', 'DZ', 'QX', 'WY']);
    expect(units.every((u) => u.name.startsWith('达州市自来水公司') && u.name.endsWith('营业所'))).toBe(true);
  });

  it('has two cards for 张三 (通川 and 达川) and one for 李四', async () => {
    const zhang = data<AccountsResult>(await sb.client.post('/v1/water/accounts/query', { idNumber: ZHANG_SAN_ID }));
    expect(zhang.accounts).toEqual([
      { accountNo: '3100012345', holderName: '张*', address: '达州市通川区朝阳东路88号3栋2单元501', unitCode: 'TC', unitName: '达州市自来水公司通川营业所' },
      { accountNo: '3100012346', holderName: '张*', address: '达州市达川区南外镇翠屏路12号', unitCode: 'DC', unitName: '达州市自来水公司达川营业所' },
    ]);
    const li = data<AccountsResult>(await sb.client.post('/v1/water/accounts/query', { idNumber: LI_SI_ID }));
    expect(li.accounts.map((a) => [a.accountNo, a.holderName])).toEqual([[DEMO_WATER.liSi, '李*']]);
    const dachuan = data<BillsResult>(await sb.client.get(`/v1/water/accounts/${DEMO_WATER.zhangSanDachuan}/bills`));
    expect(dachuan.bills.filter((b) => b.status === 'unpaid')).toHaveLength(1);
  });

  it('gives other roster residents one card each and finds the unowned card by number only', async () => {
    const owners = WATER_ACCOUNTS.map((a) => a.ownerIdNumber).filter((id): id is string => id !== null && id !== ZHANG_SAN_ID && id !== LI_SI_ID);
    expect(owners.length).toBeGreaterThanOrEqual(2);
    for (const id of owners) {
      const { accounts } = data<AccountsResult>(await sb.client.post('/v1/water/accounts/query', { idNumber: id }));
      const name = RESIDENTS.find((r) => r.idNumber === id)?.name ?? '';
      expect(accounts.map((a) => a.holderName)).toEqual([maskHolderName(name)]);
      expect(maskHolderName(name)).toMatch(/^\p{Script=Han}\*+$/u);
    }
    for (const r of RESIDENTS) {
      const { accounts } = data<AccountsResult>(await sb.client.post('/v1/water/accounts/query', { idNumber: r.idNumber }));
      expect(accounts.map((a) => a.accountNo)).not.toContain(DEMO_WATER.unowned);
    }
    expect(data<BillsResult>(await sb.client.get(`/v1/water/accounts/${DEMO_WATER.unowned}/bills`)).account.accountNo).toBe(DEMO_WATER.unowned);
  });
});
