import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESIDENTS } from '@dz/partners';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { PartnerRefusal } from '../partner-client.js';
import { HealthConnector } from './health.js';
import { IdentityConnector } from './identity.js';
import { clientFor, failure, startBureaus, startStubPartner, type Bureaus } from './test-support.js';
import { UtilityConnector } from './utilities.js';

const ZHANG = RESIDENTS[0]!;

describe('IdentityConnector (app.identity) and the health check against the sandbox', () => {
  let b: Bureaus;
  let t: TestApp;
  beforeAll(async () => {
    b = await startBureaus({ decideAfterMs: null });
    t = await createTestApp({}, { PARTNERS_BASE_URL: b.url });
  });
  afterAll(async () => {
    await t?.close();
    await b?.close();
  });

  it('is decorated on the app with the utilities’ connector, over the app’s one partner client', () => {
    expect(t.app.identity).toBeInstanceOf(IdentityConnector);
    expect(t.app.utilityConnector).toBeInstanceOf(UtilityConnector);
  });

  it('answers whether a name and an ID number belong together', async () => {
    expect(await t.app.identity.verify({ name: ZHANG.name, idNumber: ZHANG.idNumber })).toEqual({ match: true });
    expect(await t.app.identity.verify({ name: '李四', idNumber: ZHANG.idNumber }, { site: '511702', requestId: 'req-identity' })).toEqual({ match: false });
  });

  it('pings a system under its own name', async () => {
    const health = new HealthConnector(clientFor(b.url));
    expect(await health.ping('identity', { site: '511700' })).toMatchObject({ partner: 'identity', time: expect.any(String) });
    expect((await health.ping('medicare', { site: '511700' })).partner).toBe('medicare');
  });
});

describe('IdentityConnector and HealthConnector with a partner answering the wrong shape or refusing', () => {
  it('never reads a malformed answer as a pass: 502 PARTNER_BAD_ANSWER', async () => {
    const stub = await startStubPartner(() => ({ code: '0000', message: 'ok', data: { match: 'yes' } }));
    try {
      const err = await failure(new IdentityConnector(stub.client).verify({ name: ZHANG.name, idNumber: ZHANG.idNumber }));
      expect([err.statusCode, err.code, err.message]).toEqual([502, 'PARTNER_BAD_ANSWER', '实名认证服务返回的数据格式有误，请稍后重试']);
      expect(err.extra.details).toMatchObject({ partner: 'identity', operation: 'verify', path: '/match' });
      // The same answer to a ping is not a PingResult either.
      expect((await failure(new HealthConnector(stub.client).ping('water', {}))).code).toBe('PARTNER_BAD_ANSWER');
    } finally {
      await stub.close();
    }
  });

  it('passes the register’s refusal on with its message', async () => {
    const stub = await startStubPartner(() => ({ code: '2004', message: '身份证号码已注销', data: null }));
    try {
      const err = await failure(new IdentityConnector(stub.client).verify({ name: ZHANG.name, idNumber: ZHANG.idNumber }));
      expect(err).toBeInstanceOf(PartnerRefusal);
      expect([(err as PartnerRefusal).partnerCode, err.statusCode, err.message]).toEqual(['2004', 422, '身份证号码已注销']);
    } finally {
      await stub.close();
    }
  });

  it('flags an endpoint that answers as another system (a wrong address in 接口管理)', async () => {
    const stub = await startStubPartner(() => ({ code: '0000', message: 'ok', data: { partner: 'gas', time: new Date().toISOString() } }));
    try {
      const err = await failure(new HealthConnector(stub.client).ping('water', { site: '511700' }));
      expect([err.statusCode, err.code, err.message]).toEqual([502, 'PARTNER_BAD_ANSWER', '对方不是该系统（应答方为 gas），请检查接口地址']);
    } finally {
      await stub.close();
    }
  });
});
