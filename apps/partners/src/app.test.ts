import { afterEach, describe, expect, it } from 'vitest';
import { BureauNames, EnvelopeCode, PartnerNames, type CreatePayOrderResult, type PingResult } from '@dz/partner-protocol';
import { buildSandbox, type Sandbox } from './app.js';
import { listenConfigFromEnv, sandboxOptionsFromEnv } from './config.js';
import { DEMO_GAS, DEMO_WATER } from './demo/utilities.js';
import { data, envelope, partnerClient } from './test/helpers.js';

describe('sandbox process', () => {
  let app: Sandbox;
  afterEach(async () => app?.close());

  it('reports health with the list of partner systems', async () => {
    app = await buildSandbox();
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.json()).toEqual({ status: 'ok', partners: ['identity', 'idp', 'water', 'power', 'gas', 'pay', 'his', 'bus', 'charging', 'licence', 'scenic', 'venues', ...BureauNames] });
  });

  it('serves a Chinese landing page listing the systems', async () => {
    app = await buildSandbox();
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toContain('公安人口库 · 实名核验');
    expect(res.body).toContain('天府通办统一身份认证');
    expect(res.body).toContain('POST /v1/identity/verify');
    for (const text of ['自来水公司', '供电公司', '燃气公司', '统一支付平台', 'GET /v1/water/ping', 'POST /v1/gas/customers/query', 'GET /cashier/:tradeNo', DEMO_WATER.zhangSan, DEMO_GAS.unowned, '/_control/pay/notifications', '公交公司实时公交系统（模拟）', 'GET /v1/bus/gtfs-rt', '演示公交时刻表', '充电运营平台（模拟）', '达州市交通运输局（模拟）', 'POST /v1/transport/query/passenger-lines', 'POST /v1/police/query/exit-entry-halls', '四川省电子证照共享服务平台（模拟）', 'POST /v1/licence/holder', 'POST /v1/real-estate/query/household', 'GET /demo/real-estate/certificates', 'POST /v1/housing-fund/check/withdraw', '文旅预约平台（模拟）', 'POST /v1/scenic/bookings', '图书馆文化馆场馆预约系统（模拟）', 'POST /v1/venues/availability', 'POST /v1/education/query/exam-score', 'POST /v1/tourism/query/travel-agencies']) {
      expect(res.body, text).toContain(text);
    }
    await app.close();
    app = await buildSandbox({ control: false });
    expect((await app.inject({ method: 'GET', url: '/' })).body).not.toContain('/_control/pay/notifications');
  });

  it('answers a signed ping for every signed system, and only signed', async () => {
    app = await buildSandbox();
    const client = partnerClient(app);
    for (const name of PartnerNames) {
      expect(data<PingResult>(await client.get(`/v1/${name}/ping`)).partner).toBe(name);
      const unsigned = await app.inject({ method: 'GET', url: `/v1/${name}/ping` });
      expect([unsigned.statusCode, envelope(unsigned).code], name).toEqual([401, EnvelopeCode.BAD_SIGNATURE]);
    }
    expect((await client.get('/v1/idp/ping')).statusCode).toBe(404);
  });

  it('injects faults into the signed water, gas and pay routes, but never into the cashier', async () => {
    app = await buildSandbox({ faults: 'water:error=1;gas:error=1' });
    const client = partnerClient(app);
    for (const url of ['/v1/water/ping', `/v1/water/accounts/${DEMO_WATER.zhangSan}/bills`, '/v1/gas/units']) {
      const res = await client.get(url);
      expect([res.statusCode, envelope(res).code], url).toEqual([500, EnvelopeCode.INTERNAL]);
    }
    expect((await client.get('/v1/power/ping')).statusCode).toBe(200);
    const order = data<CreatePayOrderResult>(
      await client.write('/v1/pay/orders', {
        orderId: 'F1',
        amountFen: 100,
        subject: '水费',
        channel: 'unionpay',
        notifyUrl: 'http://127.0.0.1:9/notify',
        returnUrl: 'http://127.0.0.1:9/back',
        expireAt: new Date(Date.now() + 600_000).toISOString(),
      }),
    );
    await app.inject({ method: 'POST', url: '/_control/faults', payload: { partner: 'pay', errorRate: 1 } });
    const api = await client.get('/v1/pay/orders/F1');
    expect([api.statusCode, envelope(api).code]).toEqual([500, EnvelopeCode.INTERNAL]);
    const path = new URL(order.cashierUrl).pathname;
    const cashier = await app.inject({ method: 'GET', url: path });
    expect(cashier.statusCode).toBe(200);
    expect(cashier.body).toContain('确认支付');
    const paid = await app.inject({ method: 'POST', url: `${path}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(paid.statusCode).toBe(303);
  });

  it('refuses request bodies over 40 MB (installations of several MB pass: installation.test.ts)', async () => {
    app = await buildSandbox();
    const big = await app.inject({ method: 'POST', url: '/v1/identity/verify', headers: { 'content-type': 'application/json' }, payload: `{"x":"${'a'.repeat(41 * 1024 * 1024)}"}` });
    expect(big.statusCode).toBe(413);
  });

  it('answers unknown paths with an envelope', async () => {
    app = await buildSandbox();
    const res = await app.inject({ method: 'GET', url: '/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: EnvelopeCode.BAD_REQUEST, data: null });
  });

  it('reads its configuration from the environment', () => {
    expect(listenConfigFromEnv({})).toEqual({ port: 8090, host: '127.0.0.1', logLevel: 'info' });
    expect(listenConfigFromEnv({ PARTNERS_PORT: '9000', PARTNERS_HOST: '0.0.0.0' })).toMatchObject({ port: 9000, host: '0.0.0.0' });
    expect(() => listenConfigFromEnv({ PARTNERS_PORT: 'x' })).toThrow();
    expect(sandboxOptionsFromEnv({})).toMatchObject({
      appSecrets: { 'dz-sandbox': 'sandbox-secret-not-for-production' },
      oauthClientSecret: 'sandbox-oauth-client-secret',
      control: true,
    });
    expect(sandboxOptionsFromEnv({ PARTNER_APP_KEY: 'k', PARTNER_SECRET: 's', OAUTH_CLIENT_SECRET: 'o', SANDBOX_CONTROL: 'off' })).toMatchObject({
      appSecrets: { k: 's' },
      oauthClientSecret: 'o',
      control: false,
    });
    expect(() => sandboxOptionsFromEnv({ OAUTH_REDIRECT_URI_PREFIXES: 'https://demo.example' })).toThrow();
    expect(sandboxOptionsFromEnv({}).publicUrl).toBeNull();
    expect(sandboxOptionsFromEnv({ SANDBOX_PUBLIC_URL: 'https://pay.demo.example:8443/' }).publicUrl).toBe('https://pay.demo.example:8443');
    expect(() => sandboxOptionsFromEnv({ SANDBOX_PUBLIC_URL: 'pay.demo.example' })).toThrow(/SANDBOX_PUBLIC_URL/);
    expect(() => sandboxOptionsFromEnv({ SANDBOX_PUBLIC_URL: 'https://demo.example/partners' })).toThrow(/SANDBOX_PUBLIC_URL/);
    expect(sandboxOptionsFromEnv({ OAUTH_REDIRECT_URI_PREFIXES: 'https://demo.example/ , http://10.0.0.5:8080/' }).oauthRedirectPrefixes).toEqual([
      'https://demo.example/',
      'http://10.0.0.5:8080/',
    ]);
  });

  it('lets an extra redirect prefix through the IdP', async () => {
    app = await buildSandbox({ oauthRedirectPrefixes: ['https://demo.example/'] });
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: 'dz-portal',
      redirect_uri: 'https://demo.example/cb',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    expect((await app.inject({ method: 'GET', url: `/v1/oauth/authorize?${q}` })).statusCode).toBe(200);
    q.set('redirect_uri', 'https://demo.example.evil.net/cb');
    expect((await app.inject({ method: 'GET', url: `/v1/oauth/authorize?${q}` })).statusCode).toBe(400);
  });
});
