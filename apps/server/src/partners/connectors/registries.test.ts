import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BureauConnector } from './bureaus.js';
import { HOUSING_FUND_UNAVAILABLE, REAL_ESTATE_UNAVAILABLE, RegistriesConnector } from './registries.js';
import { clientFor, failure, startBureaus, startStubPartner, type Bureaus, type StubPartner } from './test-support.js';

const DEMO_ID = '511702199001011231';

describe('RegistriesConnector against the sandbox 不动产登记中心 and 公积金中心', () => {
  let b: Bureaus;
  let registries: RegistriesConnector;
  beforeAll(async () => {
    b = await startBureaus({ decideAfterMs: null });
    registries = new RegistriesConnector(new BureauConnector(clientFor(b.url)));
  });
  afterAll(async () => {
    await b?.close();
  });

  it('household: the person first, then the family, each house in the protocol’s shape', async () => {
    const people = await registries.household('511700', DEMO_ID);
    expect(people.map((p) => p.relation)).toEqual(['self', 'spouse', 'child']);
    expect(people[0]).toMatchObject({ name: '张三', idNumber: DEMO_ID });
    expect(people[0]!.houses).toHaveLength(2);
    expect(people[0]!.houses[0]).toMatchObject({ unitNo: expect.any(String), owners: expect.arrayContaining(['张三']), buildingArea: expect.any(Number) });
  });

  it('certificate check: exactly one row, valid / revoked / not-found', async () => {
    const list = (await (await fetch(`${b.url}/demo/real-estate/certificates.json`)).json()) as { status: string; qrText: string }[];
    for (const c of list) expect((await registries.certificateCheck('511700', c.qrText)).status).toBe(c.status);
  });

  it('fund account, estates and service points (a county’s own)', async () => {
    expect(await registries.fundAccount('511700', DEMO_ID)).toMatchObject({ status: 'normal', balance: 5_678_912 });
    expect((await registries.estates('511700')).length).toBeGreaterThan(0);
    const county = await registries.servicePoints('511722', '511722');
    expect(county.length).toBeGreaterThan(0);
    expect(county.every((p) => p.county === '宣汉县')).toBe(true);
  });

  it('a registry that is down is 503 in its own words', async () => {
    b.down('real-estate');
    b.down('housing-fund');
    try {
      expect(await failure(registries.household('511700', DEMO_ID))).toMatchObject({ statusCode: 503, code: 'PARTNER_UNAVAILABLE', message: REAL_ESTATE_UNAVAILABLE });
      expect(await failure(registries.fundAccount('511700', DEMO_ID))).toMatchObject({ statusCode: 503, message: HOUSING_FUND_UNAVAILABLE });
    } finally {
      b.heal('real-estate');
      b.heal('housing-fund');
    }
  });
});

describe('RegistriesConnector: answers without the protocol’s shape are 502', () => {
  let stub: StubPartner;
  let registries: RegistriesConnector;
  const self = { relation: 'self', name: '张三', idNumber: DEMO_ID, houses: [] };
  beforeAll(async () => {
    stub = await startStubPartner((_method, url) => {
      const rows = url.includes('/household')
        ? [{ ...self, houses: [{ unitNo: 'X', owners: [] }] }]
        : url.includes('/certificate-check')
          ? []
          : url.includes('/account')
            ? [{ accountNo: '1' }, { accountNo: '2' }]
            : [{ name: '网点', lat: 'north' }];
      return { code: '0000', message: 'ok', data: { rows } };
    });
    registries = new RegistriesConnector(new BureauConnector(stub.client));
  });
  afterAll(() => stub.close());

  it('names the row and the field in the details, the citizen sees the registry’s words', async () => {
    const err = await failure(registries.household('511700', DEMO_ID));
    expect(err).toMatchObject({ statusCode: 502, code: 'PARTNER_BAD_ANSWER', message: '不动产登记系统返回的数据格式有误，请稍后重试' });
    expect(String(err.extra.details?.path)).toMatch(/^\/rows\/0\/houses\/0/);
    expect(await failure(registries.certificateCheck('511700', 'BDCZS:x'))).toMatchObject({ statusCode: 502 });
    expect(await failure(registries.fundAccount('511700', DEMO_ID))).toMatchObject({ statusCode: 502, message: '住房公积金系统返回的数据格式有误，请稍后重试' });
    expect(await failure(registries.servicePoints('511700'))).toMatchObject({ statusCode: 502 });
  });
});
