import { describe, expect, it } from 'vitest';
import { BizCode, LICENCE_TYPES, type BureauQueryResult, type LicenceListResult, type LicenceRecord, type LicenceStatusResult, type RegistryPerson } from '@dz/partner-protocol';
import { ZHANG_SAN_ID } from '../../demo/utilities.js';
import { idCheckChar, isChecksumValid } from '../../lib/id-number.js';
import { TestClock, data, envelope, partnerClient, sandboxForFile } from '../../test/helpers.js';
import { certIdOf } from '../real-estate/index.js';

const COMPANY = { creditCode: '91511702MA6A0D1766', name: '达州市通川区示例商贸有限公司' };

describe('电子证照共享服务平台 (licence)', () => {
  const clock = new TestClock(Date.parse('2026-12-07T02:00:00Z'));
  const sb = sandboxForFile({ now: clock.now });
  const cl = () => partnerClient(sb.app, { now: clock.now });
  const holder = async (body: Record<string, unknown>) => data<LicenceListResult>(await cl().post('/v1/licence/holder', body)).licences;
  const status = async (body: Record<string, unknown>) => data<LicenceStatusResult>(await cl().post('/v1/licence/status', body));
  const control = (url: string, payload?: Record<string, unknown>) => sb.app.inject({ method: 'POST', url, ...(payload ? { payload } : {}) });
  const face = (l: LicenceRecord) => Object.fromEntries(l.surface.map((s) => [s.key, s.value]));

  it('lists the demo citizen’s licences: 身份证, 社保卡, 驾驶证, 行驶证, a 不动产权证书 per own house, 公积金账户卡 — all valid', async () => {
    const list = await holder({ idNumber: ZHANG_SAN_ID, name: '张三' });
    expect(list.map((l) => l.type)).toEqual(['id-card', 'social-card', 'driving-licence', 'vehicle-licence', 'property-cert', 'property-cert', 'housing-fund-card']);
    for (const l of list) {
      expect(LICENCE_TYPES).toContain(l.type);
      expect(l).toMatchObject({ status: 'valid', holderName: '张三', holderIdNumber: ZHANG_SAN_ID, creditCode: null });
      expect(l.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (l.validUntil !== null) expect(l.validUntil > '2026-12-07').toBe(true);
      for (const s of l.surface) expect(s).toEqual({ key: expect.any(String), label: expect.stringMatching(/\p{Script=Han}/u), value: expect.any(String) });
    }
    const [id, social, driving, vehicle] = list;
    expect(id).toMatchObject({ licenceNo: ZHANG_SAN_ID, title: '居民身份证', issuedOn: '2016-05-12', validUntil: '2036-05-12', issuer: '达州市公安局通川区分局' });
    expect(face(id!)).toMatchObject({ name: '张三', sex: '男', ethnicity: '汉', birth: '1990年1月1日', idNumber: ZHANG_SAN_ID, validity: '2016.05.12-2036.05.12', address: expect.stringContaining('达州市通川区') });
    expect(Object.keys(face(id!))).toEqual(['name', 'sex', 'ethnicity', 'birth', 'address', 'idNumber', 'issuer', 'validity']);
    expect(social!.licenceNo).toMatch(/^[A-Z]\d{8}$/);
    expect(Object.keys(face(driving!))).toEqual(['name', 'licenceNo', 'class', 'firstIssued', 'validity']);
    expect(face(driving!)).toMatchObject({ licenceNo: ZHANG_SAN_ID, class: 'C1' });
    expect(vehicle!.licenceNo).toMatch(/^川S·[A-Z0-9]{5}$/);
    // The 不动产权证书 are the registry's houses, one source of truth.
    const people = data<BureauQueryResult>(await cl().post('/v1/real-estate/query/household', { idNumber: ZHANG_SAN_ID })).rows as unknown as RegistryPerson[];
    expect(list.filter((l) => l.type === 'property-cert').map((l) => l.licenceNo)).toEqual(people[0]!.houses.map((h) => h.certNo));
    const fund = data<BureauQueryResult>(await cl().post('/v1/housing-fund/query/account', { idNumber: ZHANG_SAN_ID })).rows[0]!;
    expect(list.at(-1)!.licenceNo).toBe(fund.accountNo);
  });

  it('lists a company’s 营业执照 by credit code', async () => {
    const [licence, ...rest] = await holder(COMPANY);
    expect(rest).toEqual([]);
    expect(licence).toMatchObject({ type: 'business-licence', title: '营业执照', licenceNo: COMPANY.creditCode, creditCode: COMPANY.creditCode, holderIdNumber: null, holderName: COMPANY.name, validUntil: null, status: 'valid' });
    expect(Object.keys(face(licence!))).toEqual(['creditCode', 'name', 'type', 'legalRep', 'capital', 'founded', 'address', 'scope']);
    expect(face(licence!)).toMatchObject({ legalRep: '赵敏', name: COMPANY.name });
  });

  it('answers nothing when the name is not the one on file, and refuses malformed requests', async () => {
    expect(await holder({ idNumber: ZHANG_SAN_ID, name: '李四' })).toEqual([]);
    expect(await holder({ ...COMPANY, name: '别的公司' })).toEqual([]);
    expect((await cl().post('/v1/licence/holder', { idNumber: ZHANG_SAN_ID })).statusCode).toBe(400);
    expect((await cl().post('/v1/licence/holder', { idNumber: ZHANG_SAN_ID, creditCode: COMPANY.creditCode, name: '张三' })).statusCode).toBe(400);
    expect(envelope(await cl().post('/v1/licence/holder', { idNumber: '5117', name: '张三' })).code).toBe(BizCode.INVALID_DATA);
    expect((await sb.app.inject({ method: 'POST', url: '/v1/licence/holder', payload: { idNumber: ZHANG_SAN_ID, name: '张三' } })).statusCode).toBe(401);
  });

  it('gives other people plausible licences, always a 身份证, never an expired one', async () => {
    for (let i = 0; i < 25; i++) {
      const first17 = `511722${1950 + i * 2}0${(i % 9) + 1}1${i % 10}2${i % 10}${i % 10}`.slice(0, 17);
      const id = first17 + idCheckChar(first17);
      expect(isChecksumValid(id)).toBe(true);
      const list = await holder({ idNumber: id, name: '王芳' });
      expect(list[0]).toMatchObject({ type: 'id-card', licenceNo: id, holderName: '王芳', issuer: '宣汉县公安局' });
      for (const l of list) expect(l.status, `${id} ${l.type}`).toBe('valid');
    }
  });

  it('answers one licence’s status; unknown → 2001; revoked through the control until reset', async () => {
    const list = await holder({ idNumber: ZHANG_SAN_ID, name: '张三' });
    const vehicle = list.find((l) => l.type === 'vehicle-licence')!;
    expect(await status({ licenceNo: vehicle.licenceNo })).toEqual({ licenceNo: vehicle.licenceNo, status: 'valid', revokedAt: null });
    expect(envelope(await cl().post('/v1/licence/status', { licenceNo: 'NO-SUCH-LICENCE' })).code).toBe(BizCode.NOT_FOUND);
    expect((await cl().post('/v1/licence/status', { licenceNo: ZHANG_SAN_ID, type: 'passport' })).statusCode).toBe(400);

    // 身份证 and 驾驶证 share the number: the type says which one; without it, the 身份证.
    expect((await control('/_control/licence/revoke', { licenceNo: ZHANG_SAN_ID, type: 'driving-licence' })).statusCode).toBe(200);
    expect(await status({ licenceNo: ZHANG_SAN_ID, type: 'driving-licence' })).toEqual({ licenceNo: ZHANG_SAN_ID, status: 'revoked', revokedAt: '2026-12-07T02:00:00.000Z' });
    expect((await status({ licenceNo: ZHANG_SAN_ID })).status).toBe('valid');
    const after = await holder({ idNumber: ZHANG_SAN_ID, name: '张三' });
    expect(after.filter((l) => l.status === 'revoked').map((l) => l.type)).toEqual(['driving-licence']);
    expect(envelope(await control('/_control/licence/revoke', { licenceNo: 'NO-SUCH-LICENCE' })).code).toBe(BizCode.NOT_FOUND);
    await control('/_control/licence/reset');
    expect((await status({ licenceNo: ZHANG_SAN_ID, type: 'driving-licence' })).status).toBe('valid');
  });

  it('shows a 不动产权证书 revoked when the registry revokes (注销) it', async () => {
    const cert = (await holder({ idNumber: ZHANG_SAN_ID, name: '张三' })).find((l) => l.type === 'property-cert')!;
    await control(`/_control/real-estate/certificates/${certIdOf(cert.licenceNo)}/revoke`);
    expect(await status({ licenceNo: cert.licenceNo })).toMatchObject({ status: 'revoked', revokedAt: '2026-12-07T00:00:00+08:00' });
    await control('/_control/real-estate/reset');
    expect((await status({ licenceNo: cert.licenceNo })).status).toBe('valid');
  });
});
