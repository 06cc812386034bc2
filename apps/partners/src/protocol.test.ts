import { afterEach, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { EnvelopeCode, MemoryNonceStore, ok } from '@dz/partner-protocol';
import { buildSandbox, type Sandbox } from './app.js';
import { idempotentWrites, registerRawJsonParser, requireSignature } from './protocol.js';
import { envelope, signedHeaders, signedInject } from './test/helpers.js';

const VERIFY = '/v1/identity/verify';
const ZHANG = { name: '张三', idNumber: '511702199001011231' };

describe('signed partner protocol (sandbox side)', () => {
  let app: Sandbox;
  afterEach(async () => app?.close());

  it('refuses an unsigned request with HTTP 401 and code 1001', async () => {
    app = await buildSandbox();
    const res = await app.inject({ method: 'POST', url: VERIFY, payload: ZHANG });
    expect(res.statusCode).toBe(401);
    expect(envelope(res)).toMatchObject({ code: EnvelopeCode.BAD_SIGNATURE, data: null });
  });

  it('accepts a signed request once and refuses its replay with 1003', async () => {
    app = await buildSandbox();
    const headers = signedHeaders({ url: VERIFY, body: ZHANG });
    const send = () => app.inject({ method: 'POST', url: VERIFY, headers, payload: JSON.stringify(ZHANG) });
    const first = await send();
    expect(first.statusCode).toBe(200);
    expect(envelope(first)).toEqual(ok({ match: true }));
    const replay = await send();
    expect(replay.statusCode).toBe(401);
    expect(envelope(replay).code).toBe(EnvelopeCode.REPLAY);
  });

  it('refuses a tampered body, a stale timestamp and an unknown app key', async () => {
    app = await buildSandbox();
    const tampered = await app.inject({
      method: 'POST',
      url: VERIFY,
      headers: signedHeaders({ url: VERIFY, body: ZHANG }),
      payload: JSON.stringify({ ...ZHANG, name: '李四' }),
    });
    expect([tampered.statusCode, envelope(tampered).code]).toEqual([401, EnvelopeCode.BAD_SIGNATURE]);

    const stale = await signedInject(app, { url: VERIFY, body: ZHANG, now: Date.now() - 6 * 60_000 });
    expect([stale.statusCode, envelope(stale).code]).toEqual([401, EnvelopeCode.EXPIRED]);

    const stranger = await signedInject(app, { url: VERIFY, body: ZHANG, appKey: 'someone-else' });
    expect([stranger.statusCode, envelope(stranger).code]).toEqual([401, EnvelopeCode.UNKNOWN_APP]);
  });

  it('accepts the worked example of docs/partner-protocol.md §2.4 at its own time', async () => {
    app = await buildSandbox({ now: () => 1767225600000 });
    const res = await app.inject({
      method: 'POST',
      url: VERIFY,
      headers: {
        'content-type': 'application/json',
        'x-dz-app-key': 'dz-sandbox',
        'x-dz-timestamp': '1767225600000',
        'x-dz-nonce': '6f1c2a9e-5b7d-4c1e-9a3f-2d8e7b6c5a41',
        'x-dz-signature': '6c194c8427153850298abfc34064cefd8174d3aaf8246acaf632212282b898e2',
      },
      payload: '{"name":"张三","idNumber":"511702199001011231"}',
    });
    expect(envelope(res)).toEqual(ok({ match: true }));
  });

  it('signs the query string too: a changed query is a bad signature', async () => {
    app = await buildSandbox();
    const headers = signedHeaders({ url: `${VERIFY}?a=1`, body: ZHANG });
    const res = await app.inject({ method: 'POST', url: `${VERIFY}?a=2`, headers, payload: JSON.stringify(ZHANG) });
    expect(envelope(res).code).toBe(EnvelopeCode.BAD_SIGNATURE);
  });

  it('uses the configured app key and secret instead of the defaults', async () => {
    app = await buildSandbox({ appSecrets: { 'dz-prod': 'another-secret' } });
    const good = await signedInject(app, { url: VERIFY, body: ZHANG, appKey: 'dz-prod', secret: 'another-secret' });
    expect(envelope(good)).toEqual(ok({ match: true }));
    const oldDefault = await signedInject(app, { url: VERIFY, body: ZHANG });
    expect(envelope(oldDefault).code).toBe(EnvelopeCode.UNKNOWN_APP);
  });

  it('checks the signature before reporting a body that is not JSON', async () => {
    app = await buildSandbox();
    const unsigned = await app.inject({ method: 'POST', url: VERIFY, headers: { 'content-type': 'application/json' }, payload: '{oops' });
    expect([unsigned.statusCode, envelope(unsigned).code]).toEqual([401, EnvelopeCode.BAD_SIGNATURE]);
    const signed = await signedInject(app, { url: VERIFY, rawBody: '{oops' });
    expect([signed.statusCode, envelope(signed).code]).toEqual([400, EnvelopeCode.BAD_REQUEST]);
  });

  it('refuses a body that is not application/json, whose raw bytes it cannot verify', async () => {
    app = await buildSandbox();
    const res = await app.inject({
      method: 'POST',
      url: VERIFY,
      headers: { ...signedHeaders({ url: VERIFY, rawBody: 'name=x' }), 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect([res.statusCode, envelope(res).code]).toEqual([415, EnvelopeCode.BAD_REQUEST]);
  });
});

describe('Idempotency-Key on writes', () => {
  async function writeApp() {
    const app = Fastify();
    registerRawJsonParser(app);
    let effects = 0;
    await app.register(async (scope) => {
      scope.addHook('preHandler', requireSignature({ secretFor: () => 'sandbox-secret-not-for-production', nonces: new MemoryNonceStore() }));
      idempotentWrites(scope);
      scope.post('/v1/test/orders', async (req) => {
        effects += 1;
        return ok({ orderNo: `ORD-${effects}`, body: req.body });
      });
    });
    return { app, effects: () => effects };
  }

  it('answers a repeated key with the first answer and no second effect', async () => {
    const { app, effects } = await writeApp();
    const call = { url: '/v1/test/orders', body: { amount: 100 }, headers: { 'idempotency-key': 'k-1' } };
    const first = await signedInject(app, call);
    const again = await signedInject(app, call); // fresh nonce, same key: a retry
    expect(first.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(effects()).toBe(1);
    await app.close();
  });

  it('refuses a key reused for a different body, and a write without a key', async () => {
    const { app, effects } = await writeApp();
    await signedInject(app, { url: '/v1/test/orders', body: { amount: 100 }, headers: { 'idempotency-key': 'k-2' } });
    const reused = await signedInject(app, { url: '/v1/test/orders', body: { amount: 999 }, headers: { 'idempotency-key': 'k-2' } });
    expect([reused.statusCode, envelope(reused).code]).toEqual([409, EnvelopeCode.BAD_REQUEST]);
    const keyless = await signedInject(app, { url: '/v1/test/orders', body: { amount: 1 } });
    expect([keyless.statusCode, envelope(keyless).code]).toEqual([400, EnvelopeCode.BAD_REQUEST]);
    expect(effects()).toBe(1);
    await app.close();
  });
});
