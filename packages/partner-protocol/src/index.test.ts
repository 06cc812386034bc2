import { describe, expect, it } from 'vitest';
import { MemoryNonceStore, signRequest, verifyRequest, EnvelopeCode } from './index.js';

const secret = 'test-secret';
const base = { method: 'POST', pathWithQuery: '/v1/identity/verify', body: '{"a":1}' };

describe('partner protocol', () => {
  it('accepts a correctly signed request once and refuses its replay', async () => {
    const headers = signRequest({ appKey: 'dz', secret, ...base });
    const nonces = new MemoryNonceStore();
    const v = () => verifyRequest({ headers: { ...headers }, ...base, secretFor: () => secret, nonces });
    expect(await v()).toEqual({ ok: true, appKey: 'dz' });
    expect(await v()).toMatchObject({ ok: false, code: EnvelopeCode.REPLAY });
  });
  it('refuses a tampered body', async () => {
    const headers = signRequest({ appKey: 'dz', secret, ...base });
    const r = await verifyRequest({ headers: { ...headers }, ...base, body: '{"a":2}', secretFor: () => secret, nonces: new MemoryNonceStore() });
    expect(r).toMatchObject({ ok: false, code: EnvelopeCode.BAD_SIGNATURE });
  });
  it('refuses a request older than five minutes', async () => {
    const headers = signRequest({ appKey: 'dz', secret, ...base, now: Date.now() - 6 * 60_000 });
    const r = await verifyRequest({ headers: { ...headers }, ...base, secretFor: () => secret, nonces: new MemoryNonceStore() });
    expect(r).toMatchObject({ ok: false, code: EnvelopeCode.EXPIRED });
  });
  it('refuses an unknown app key', async () => {
    const headers = signRequest({ appKey: 'other', secret, ...base });
    const r = await verifyRequest({ headers: { ...headers }, ...base, secretFor: (k) => (k === 'dz' ? secret : undefined), nonces: new MemoryNonceStore() });
    expect(r).toMatchObject({ ok: false, code: EnvelopeCode.UNKNOWN_APP });
  });
});
