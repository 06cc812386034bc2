import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeCode } from '@dz/partner-protocol';
import { buildSandbox, type Sandbox } from './app.js';
import { parseFaultSpec } from './faults.js';
import { envelope, signedInject } from './test/helpers.js';

const ZHANG = { name: '张三', idNumber: '511702199001011231' };
const verify = (app: Sandbox) => signedInject(app, { url: '/v1/identity/verify', body: ZHANG });

describe('fault injection', () => {
  let app: Sandbox;
  afterEach(async () => app?.close());

  it('adds the configured latency to that partner only', async () => {
    app = await buildSandbox();
    const set = await app.inject({ method: 'POST', url: '/_control/faults', payload: { partner: 'identity', latencyMs: 300 } });
    expect(set.statusCode).toBe(200);
    let t = Date.now();
    const slow = await verify(app);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    expect(envelope(slow).data).toEqual({ match: true });
    t = Date.now();
    await app.inject({ method: 'GET', url: '/v1/oauth/userinfo' });
    expect(Date.now() - t).toBeLessThan(250);
  });

  it('answers an injected error as envelope 9001 with HTTP 500, at the configured rate', async () => {
    const rolls = [0.1, 0.9, 0.3, 0.7];
    let i = 0;
    app = await buildSandbox({ random: () => rolls[i++ % rolls.length] ?? 0 });
    await app.inject({ method: 'POST', url: '/_control/faults', payload: { partner: 'identity', errorRate: 0.5 } });
    const results = [];
    for (let n = 0; n < 4; n++) {
      const res = await verify(app);
      results.push(res.statusCode);
      if (res.statusCode === 500) expect(envelope(res)).toMatchObject({ code: EnvelopeCode.INTERNAL, data: null });
    }
    expect(results).toEqual([500, 200, 500, 200]);
  });

  it('shows and resets the settings through GET and DELETE', async () => {
    app = await buildSandbox();
    await app.inject({ method: 'POST', url: '/_control/faults', payload: { partner: 'identity', latencyMs: 10, errorRate: 1 } });
    await app.inject({ method: 'POST', url: '/_control/faults', payload: { partner: 'idp', errorRate: 1 } });
    const shown = envelope<Record<string, unknown>>(await app.inject({ method: 'GET', url: '/_control/faults' }));
    expect(shown.data).toMatchObject({ identity: { latencyMs: 10, errorRate: 1 }, idp: { latencyMs: 0, errorRate: 1 }, water: { latencyMs: 0, errorRate: 0 } });
    expect((await verify(app)).statusCode).toBe(500);
    // The browser page fails as a page.
    const page = await app.inject({ method: 'GET', url: '/v1/oauth/authorize' });
    expect([page.statusCode, page.headers['content-type']]).toEqual([500, 'text/html; charset=utf-8']);

    await app.inject({ method: 'DELETE', url: '/_control/faults?partner=idp' });
    expect(app.faults.get('idp')).toEqual({ latencyMs: 0, errorRate: 0 });
    expect(app.faults.get('identity').errorRate).toBe(1);
    await app.inject({ method: 'DELETE', url: '/_control/faults' });
    expect((await verify(app)).statusCode).toBe(200);
  });

  it('refuses unknown partners and out-of-range values', async () => {
    app = await buildSandbox();
    for (const payload of [{ partner: 'nobody', errorRate: 1 }, { partner: 'identity', errorRate: 2 }, { partner: 'identity', latencyMs: -1 }, { partner: 'identity', latencyMs: '5' }, {}]) {
      const res = await app.inject({ method: 'POST', url: '/_control/faults', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(envelope(res).code).toBe(EnvelopeCode.BAD_REQUEST);
    }
  });

  it('reads SANDBOX_FAULTS at start', async () => {
    expect(parseFaultSpec('identity:latency=4000,error=0.5')).toEqual({ identity: { latencyMs: 4000, errorRate: 0.5 } });
    expect(parseFaultSpec(' identity:error=1 ; idp:latency=20 ')).toEqual({ identity: { errorRate: 1 }, idp: { latencyMs: 20 } });
    expect(() => parseFaultSpec('identity:speed=1')).toThrow(/未知的参数/);
    expect(() => parseFaultSpec('identity')).toThrow(/格式错误/);
    app = await buildSandbox({ faults: 'identity:error=1' });
    expect((await verify(app)).statusCode).toBe(500);
    await expect(buildSandbox({ faults: 'sewer:error=1' })).rejects.toThrow(/未知的合作方系统/);
  });

  it('cuts injected latency short when the sandbox closes', async () => {
    app = await buildSandbox({ faults: 'identity:latency=60000' });
    const t = Date.now();
    const pending = verify(app);
    await new Promise((r) => setTimeout(r, 50));
    await app.close();
    await pending.catch(() => undefined);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('can be switched off (SANDBOX_CONTROL=off)', async () => {
    app = await buildSandbox({ control: false });
    const res = await app.inject({ method: 'GET', url: '/_control/faults' });
    expect(res.statusCode).toBe(404);
  });
});
