import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeCode } from '@dz/partner-protocol';
import { buildSandbox, type Sandbox } from './app.js';
import { listenConfigFromEnv, sandboxOptionsFromEnv } from './config.js';

describe('sandbox process', () => {
  let app: Sandbox;
  afterEach(async () => app?.close());

  it('reports health with the list of partner systems', async () => {
    app = await buildSandbox();
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.json()).toEqual({ status: 'ok', partners: ['identity', 'idp'] });
  });

  it('serves a Chinese landing page listing the systems', async () => {
    app = await buildSandbox();
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toContain('公安人口库 · 实名核验');
    expect(res.body).toContain('天府通办统一身份认证');
    expect(res.body).toContain('POST /v1/identity/verify');
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
