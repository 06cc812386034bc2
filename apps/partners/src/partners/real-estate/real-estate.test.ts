import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BizCode, type BureauInstantResult, type BureauQueryResult, type RegistryCertificateCheck, type RegistryPerson } from '@dz/partner-protocol';
import { RESIDENTS } from '../../demo/residents.js';
import { ZHANG_SAN_ID } from '../../demo/utilities.js';
import { idCheckChar, isChecksumValid } from '../../lib/id-number.js';
import { envelope, data, sandboxForFile } from '../../test/helpers.js';
import { DISTRICTS } from '../bureau/demo.js';
import { qrTextOf } from './index.js';

// Both are CommonJS (jsqr's default export is module.exports); pngjs ships no types and only its
// synchronous reader is needed here.
const require = createRequire(import.meta.url);
const jsQR = require('jsqr') as typeof import('jsqr').default;
const { PNG } = require('pngjs') as { PNG: { sync: { read(buf: Buffer): { width: number; height: number; data: Buffer } } } };

interface DemoCert {
  certId: string;
  title: string;
  status: 'valid' | 'revoked' | 'not-found';
  qrText: string;
  png: string;
}

const UNIT_NO = /^(\d{6})\d{6}GB\d{5}F\d{8}$/;

describe('不动产登记中心 (real-estate)', () => {
  const sb = sandboxForFile();
  const household = async (idNumber: string) => data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/household', { idNumber })).rows as unknown as RegistryPerson[];
  const check = async (qrText: string) => {
    const rows = data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/certificate-check', { qrText })).rows as unknown as RegistryCertificateCheck[];
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };
  const demoCerts = async () => (await sb.app.inject({ method: 'GET', url: '/demo/real-estate/certificates.json' })).json<DemoCert[]>();

  it('knows the demo citizen’s household: his 住宅 (with his wife, mortgaged) and 车库, 李梅’s flat, their son with none', async () => {
    const people = await household(ZHANG_SAN_ID);
    expect(people.map((p) => [p.relation, p.name, p.houses.length])).toEqual([
      ['self', '张三', 2],
      ['spouse', '李梅', 1],
      ['child', '张小雨', 0],
    ]);
    for (const p of people) expect(isChecksumValid(p.idNumber), p.idNumber).toBe(true);
    expect(Number(people[2]!.idNumber.slice(6, 10))).toBeGreaterThan(new Date().getFullYear() - 18);
    const [home, garage] = people[0]!.houses;
    expect(home).toMatchObject({ usage: '住宅', mortgaged: true, sealed: false, owners: ['张三', '李梅'], ownership: '共同共有', district: '通川区', districtCode: '511702', street: '东城街道', doorNo: '朝阳中路168号', building: '3', unit: '2', floor: '12', room: '1202' });
    expect(garage).toMatchObject({ usage: '车库', mortgaged: false, owners: ['张三'], ownership: '单独所有' });
    expect(people[1]!.houses[0]).toMatchObject({ district: '达川区', owners: ['李梅'], usage: '住宅' });
  });

  it('answers every house with complete, consistent fields (单元号 28 位, 建筑面积 = 套内 + 公摊)', async () => {
    const ids = [...RESIDENTS.map((r) => r.idNumber), ...Array.from({ length: 30 }, (_, i) => unknownId(i))];
    for (const id of ids) {
      for (const p of await household(id)) {
        for (const h of p.houses) {
          expect(h.unitNo, h.unitNo).toMatch(UNIT_NO);
          expect(h.unitNo.slice(0, 6)).toBe(h.districtCode);
          expect(DISTRICTS.find((d) => d.code === h.districtCode)?.name).toBe(h.district);
          expect(h.certNo).toMatch(/^川（\d{4}）达州市不动产权第\d{7}号$/);
          expect(h.certNo.slice(2, 6)).toBe(h.registeredAt.slice(0, 4));
          expect(h.location.startsWith(`达州市${h.district}${h.doorNo}`), h.location).toBe(true);
          expect(h.street).toMatch(/(街道|镇)$/);
          expect(Math.abs(h.buildingArea - h.interiorArea - h.sharedArea)).toBeLessThan(0.005);
          for (const a of [h.buildingArea, h.interiorArea, h.sharedArea]) expect(Math.round(a * 100) / 100).toBe(a);
          expect(h.interiorArea).toBeGreaterThan(10);
          expect(['住宅', '商业', '车库']).toContain(h.usage);
          expect(['商品房', '安置房', '房改房']).toContain(h.houseType);
          expect(h.owners).toContain(p.name);
          expect(h.ownership).toBe(h.owners.length > 1 ? '共同共有' : '单独所有');
          expect(typeof h.mortgaged === 'boolean' && typeof h.sealed === 'boolean').toBe(true);
        }
      }
    }
  });

  it('gives about a third of unknown ID numbers a household without any house (无房), and the same answer every time', async () => {
    const ids = Array.from({ length: 90 }, (_, i) => unknownId(i));
    let houseless = 0;
    for (const id of ids) {
      const people = await household(id);
      expect(people[0]).toMatchObject({ relation: 'self', idNumber: id });
      expect(people.filter((p) => p.relation === 'spouse').length).toBeLessThanOrEqual(1);
      if (people.every((p) => p.houses.length === 0)) houseless += 1;
    }
    expect(houseless).toBeGreaterThanOrEqual(18);
    expect(houseless).toBeLessThanOrEqual(42);
    expect(await household(ids[7]!)).toEqual(await household(ids[7]!));
  });

  it('keeps property-records and the 权属证明 to the household’s own houses', async () => {
    const own = (await household(ZHANG_SAN_ID))[0]!.houses;
    const { rows } = data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/property-records', { idNumber: ZHANG_SAN_ID }));
    expect(rows).toEqual(own.map((h) => ({ certNo: h.certNo, location: h.location, area: h.buildingArea, usage: h.usage, rightType: '国有建设用地使用权/房屋所有权', registeredAt: h.registeredAt })));
    const proof = data<BureauInstantResult>(await sb.client.post('/v1/real-estate/instant/property-proof', { idNumber: ZHANG_SAN_ID, name: '张三' }));
    expect(proof.rows.find((r) => r.label === '名下不动产')?.value).toBe('2处');
    expect(proof.rows.filter((r) => r.label.startsWith('坐落')).map((r) => r.value.split('（')[0])).toEqual(own.map((h) => h.location));
  });

  it('answers a pinned household (and [] for nobody) until reset', async () => {
    const id = unknownId(500);
    const before = await household(id);
    expect((await sb.app.inject({ method: 'POST', url: '/_control/real-estate/household', payload: { idNumber: id, people: [] } })).statusCode).toBe(200);
    expect(await household(id)).toEqual([]);
    expect(data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/property-records', { idNumber: id })).rows).toEqual([]);
    const bad = await sb.app.inject({ method: 'POST', url: '/_control/real-estate/household', payload: { idNumber: id, people: [{ relation: 'cousin' }] } });
    expect(bad.statusCode).toBe(400);
    await sb.app.inject({ method: 'POST', url: '/_control/real-estate/reset' });
    expect(await household(id)).toEqual(before);
  });

  it('checks certificate QR codes: valid, revoked (注销), tampered and forged', async () => {
    const certs = await demoCerts();
    expect(certs.map((c) => c.status)).toEqual(['valid', 'revoked', 'not-found']);
    const home = (await household(ZHANG_SAN_ID))[0]!.houses[0]!;
    expect(certs[0]!.qrText).toBe(qrTextOf(home.certNo));

    expect(await check(certs[0]!.qrText)).toEqual({
      status: 'valid',
      certNo: home.certNo,
      certKind: '不动产权证书',
      unitNo: home.unitNo,
      location: home.location,
      ownersMasked: '张*、李*',
      registeredAt: home.registeredAt,
      revokedAt: null,
      message: expect.stringContaining('有效'),
    });
    const revoked = await check(certs[1]!.qrText);
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: '2023-06-15', ownersMasked: '张*', location: home.location, message: expect.stringContaining('注销') });
    expect(revoked.certNo).not.toBe(home.certNo);

    const forged = await check(certs[2]!.qrText);
    expect(forged).toMatchObject({ status: 'not-found', certNo: null, location: null, ownersMasked: null });
    // One character changed anywhere in the id or the tag: not the registry's.
    const text = certs[0]!.qrText;
    for (const at of [8, 12, text.length - 1, text.indexOf('.') + 3]) {
      const changed = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
      expect((await check(changed)).status, changed).toBe('not-found');
    }
    expect(await check('https://example.com/not-a-certificate')).toMatchObject({ status: 'not-found', message: expect.stringContaining('不是不动产登记中心') });
    // A QR of an unacceptable shape is the citizen's to rescan (2004), not a registry answer.
    const blank = await sb.client.post('/v1/real-estate/query/certificate-check', { qrText: '二维码' });
    expect(envelope(blank)).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('二维码') });
  });

  it('revokes a certificate through the control, for its QR and every later scan, until reset', async () => {
    const garage = (await household(ZHANG_SAN_ID))[0]!.houses[1]!;
    const qr = qrTextOf(garage.certNo);
    expect((await check(qr)).status).toBe('valid');
    const certId = qr.slice('BDCZS:'.length, qr.indexOf('.'));
    const res = await sb.app.inject({ method: 'POST', url: `/_control/real-estate/certificates/${certId}/revoke`, payload: { reason: '因房屋转移登记' } });
    expect(res.statusCode).toBe(200);
    expect(await check(qr)).toMatchObject({ status: 'revoked', revokedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), message: expect.stringContaining('因房屋转移登记') });
    expect(envelope(await sb.app.inject({ method: 'POST', url: '/_control/real-estate/certificates/DZ20990000001/revoke' })).code).toBe(BizCode.NOT_FOUND);
    await sb.app.inject({ method: 'POST', url: '/_control/real-estate/reset' });
    expect((await check(qr)).status).toBe('valid');
  });

  it('serves the demo certificate pictures unsigned; each PNG decodes back to its QR text', async () => {
    const certs = await demoCerts();
    for (const c of certs) {
      const res = await sb.app.inject({ method: 'GET', url: c.png });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      const img = PNG.sync.read(res.rawPayload);
      expect(img.width).toBeGreaterThanOrEqual(400);
      const decoded = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height);
      expect(decoded?.data, c.certId).toBe(c.qrText);
    }
    expect((await sb.app.inject({ method: 'GET', url: '/demo/real-estate/certificates/NOPE.png' })).statusCode).toBe(404);
    const page = await sb.app.inject({ method: 'GET', url: '/demo/real-estate/certificates' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("img-src 'self'");
    for (const c of certs) {
      expect(page.body).toContain(`src="${c.png}"`);
      expect(page.body).toContain(c.title);
    }
    expect(page.body).toContain('川（2023）达州市不动产权第0036852号');
  });

  it('answers the 商品房 查询: filings by project or contract number, developers and projects', async () => {
    const projects = data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/projects', {})).rows;
    expect(projects.length).toBeGreaterThanOrEqual(8);
    for (const p of projects) {
      expect(String(p.project)).toContain('（演示）');
      expect(p.avgPrice).toMatch(/^\d{1,3}(,\d{3})*元\/㎡$/);
      expect(Number(p.soldUnits)).toBeLessThanOrEqual(Number(p.units));
    }
    const filings = data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/filings', { keyword: '凤凰府' })).rows;
    expect(filings.length).toBeGreaterThan(0);
    for (const f of filings) expect(f).toMatchObject({ project: '凤凰府（演示）', area: expect.stringMatching(/^\d+\.\d{2}㎡$/), price: expect.stringMatching(/元\/㎡$/), filedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const one = data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/filings', { keyword: String(filings[0]!.contractNo).toLowerCase() })).rows;
    expect(one).toEqual([filings[0]]);
    const devs = data<BureauQueryResult>(await sb.client.post('/v1/real-estate/query/developers', { keyword: '川东' })).rows;
    expect(devs).toEqual([expect.objectContaining({ name: '达州川东房地产开发有限公司（演示）', creditCode: expect.stringMatching(/^91511703/) })]);
    expect(envelope(await sb.client.post('/v1/real-estate/query/filings', {})).code).toBe(BizCode.INVALID_DATA);
  });

  it('refuses an ID number of the wrong shape with 2004', async () => {
    const res = await sb.client.post('/v1/real-estate/query/household', { idNumber: '51170219900101123' });
    expect(envelope(res)).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('身份证号') });
  });
});

/** A checksum-valid ID number nobody in the roster has: born 1960–1999 in a Dazhou district. */
function unknownId(i: number): string {
  const d = DISTRICTS[i % DISTRICTS.length]!.code;
  const birth = `${1960 + (i % 40)}${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}`;
  const first17 = `${d}${birth}${String(100 + (i % 900)).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
