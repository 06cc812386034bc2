import { describe, expect, it } from 'vitest';
import { BizCode, type BureauInstantResult, type BureauQueryResult } from '@dz/partner-protocol';
import { ZHANG_SAN_ID } from '../../demo/utilities.js';
import { data, envelope, sandboxForFile } from '../../test/helpers.js';

describe('公安局 (police)', () => {
  const sb = sandboxForFile();
  const violations = async (plate: string, engineNo6: string) => data<BureauQueryResult>(await sb.client.post('/v1/police/query/traffic-violations', { plate, engineNo6 })).rows;

  it('finds 车辆违章 records by plate and engine number (last 6), the same for the same car', async () => {
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) {
      const rows = await violations(`川S${10000 + i}`, `A0000${i % 10}`);
      seen.push(rows.length);
      for (const v of rows) {
        expect(v).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), location: expect.stringMatching(/^达州市.+路段$/), fine: expect.any(Number), points: expect.any(Number) });
        expect(['已处理', '未处理']).toContain(v.status);
      }
    }
    // Some cars are clean, some are not: the demo data varies with the car.
    expect(seen.some((n) => n === 0) && seen.some((n) => n > 0)).toBe(true);
    // Lower-case input is the same car.
    expect(await violations('川S10001', 'a00001')).toEqual(await violations('川S10001', 'A00001'));
    // As the portal's form sends it (plateNo, engineNo), even with the whole engine number.
    const asForm = data<BureauQueryResult>(await sb.client.post('/v1/police/query/traffic-violations', { plateNo: '川S10001', engineNo: 'LX9A00001', plateType: 'small' })).rows;
    expect(asForm).toEqual(await violations('川S10001', 'A00001'));
  });

  it('refuses a plate without its engine number and a malformed plate', async () => {
    expect(envelope(await sb.client.post('/v1/police/query/traffic-violations', { plate: '川S12345' })).code).toBe(BizCode.INVALID_DATA);
    const res = await sb.client.post('/v1/police/query/traffic-violations', { plate: 'S12345', engineNo6: '123456' });
    expect(envelope(res)).toMatchObject({ code: BizCode.INVALID_DATA, message: '号牌号码格式不正确，例如 川S12345' });
  });

  it('issues the 户籍证明 content with an address in the district of the ID', async () => {
    const proof = data<BureauInstantResult>(await sb.client.post('/v1/police/instant/household-proof', { idNumber: ZHANG_SAN_ID }));
    expect(proof.title).toBe('户籍证明');
    expect(proof.rows.find((r) => r.label === '户籍地址')?.value).toMatch(/^达州市通川区/);
    expect(proof.rows.find((r) => r.label === '登记机关')?.value).toBe('达州市公安局通川区分局');
  });

  it('lists the 出入境接待大厅 of the city and the counties, narrowed by area', async () => {
    const halls = async (body: object) => data<BureauQueryResult>(await sb.client.post('/v1/police/query/exit-entry-halls', body)).rows;
    const all = await halls({});
    expect(all).toHaveLength(7);
    for (const h of all) {
      expect(Object.keys(h).sort()).toEqual(['address', 'area', 'hours', 'name', 'phone', 'services']);
      expect(h).toMatchObject({ name: expect.stringMatching(/出入境接待大厅（演示）$/), area: expect.stringMatching(/^达州市/), phone: expect.stringMatching(/^0818-\d{7}$/) });
    }
    expect((await halls({ area: '渠县' })).map((h) => h.name)).toEqual(['渠县公安局出入境接待大厅（演示）']);
    expect(await halls({ area: '成都' })).toEqual([]);
    expect(envelope(await sb.client.post('/v1/police/query/exit-entry-halls', { area: '<b>' }))).toMatchObject({ code: BizCode.INVALID_DATA, message: '关键字应为1–30个汉字、字母或数字' });
  });
});
