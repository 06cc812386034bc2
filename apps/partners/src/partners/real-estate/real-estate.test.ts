import { describe, expect, it } from 'vitest';
import { BizCode, type BureauInstantResult, type BureauQueryResult } from '@dz/partner-protocol';
import { RESIDENTS } from '../../demo/residents.js';
import { ZHANG_SAN_ID } from '../../demo/utilities.js';
import { envelope, data, sandboxForFile } from '../../test/helpers.js';
import { STREETS } from '../bureau/demo.js';

describe('不动产登记中心 (real-estate)', () => {
  const sb = sandboxForFile();

  it('lists 1–3 property records per ID number, with 证号, a Dazhou 坐落, 面积, 用途 and 登记时间', async () => {
    const streets = Object.values(STREETS).flat();
    for (const r of RESIDENTS) {
      const { rows } = data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/property-records', { idNumber: r.idNumber }));
      expect(rows.length, r.name).toBeGreaterThanOrEqual(1);
      expect(rows.length, r.name).toBeLessThanOrEqual(3);
      for (const p of rows) {
        expect(p.certNo).toMatch(/^川（\d{4}）达州市不动产权第\d{7}号$/);
        expect(streets.some((s) => String(p.location).includes(s)), String(p.location)).toBe(true);
        expect(p.area).toBeGreaterThan(10);
        expect(['住宅', '商业', '车库']).toContain(p.usage);
        expect(String(p.registeredAt).slice(0, 4)).toBe(String(p.certNo).slice(2, 6));
      }
    }
    // The first property of a Dazhou ID holder lies in the district that issued the ID.
    const { rows } = data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/property-records', { idNumber: ZHANG_SAN_ID }));
    expect(rows[0]!.location).toMatch(/^达州市通川区/);
  });

  it('issues a 权属证明 listing exactly the records the query finds', async () => {
    const { rows } = data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/property-records', { idNumber: ZHANG_SAN_ID }));
    const proof = data<BureauInstantResult>(await sb.client.post('/v1/real-estate/instant/property-proof', { idNumber: ZHANG_SAN_ID, name: '张三' }));
    expect(proof.rows.find((r) => r.label === '名下不动产')?.value).toBe(`${rows.length}处`);
    expect(proof.rows.filter((r) => r.label.startsWith('坐落')).map((r) => r.value.split('（')[0])).toEqual(rows.map((r) => r.location));
  });

  it('refuses an ID number of the wrong shape with 2004', async () => {
    const res = await sb.client.post('/v1/real-estate/query/property-records', { idNumber: '51170219900101123' });
    expect(envelope(res)).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('身份证号') });
  });
});
