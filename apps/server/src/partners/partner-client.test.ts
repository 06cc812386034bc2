import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { MemoryNonceStore, verifyRequest, ok, fail, HEADER_IDEMPOTENCY } from '@dz/partner-protocol';
import { PartnerClient, PartnerRefusal } from './partner-client.js';
import { AppError } from '../infra/errors.js';

const secret = 'client-test-secret';
let fake: FastifyInstance;
let base: string;
const seenKeys: string[] = [];
let flaky = 0;

beforeAll(async () => {
  fake = Fastify();
  fake.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const nonces = new MemoryNonceStore();
  fake.addHook('preHandler', async (req, reply) => {
    const v = await verifyRequest({ headers: req.headers, method: req.method, pathWithQuery: req.url, body: (req.body as string) ?? '', secretFor: (k) => (k === 'dz' ? secret : undefined), nonces });
    if (!v.ok) return reply.status(401).send(fail(v.code, v.message));
  });
  fake.get('/v1/ok', async () => ok({ hello: '达州' }));
  fake.get('/v1/slow', async () => {
    await new Promise((r) => setTimeout(r, 5000));
    return ok({});
  });
  fake.post('/v1/flaky', async (req) => {
    seenKeys.push(String(req.headers[HEADER_IDEMPOTENCY]));
    flaky += 1;
    if (flaky < 3) throw new Error('boom');
    return ok({ done: true });
  });
  fake.get('/v1/refuse', async () => fail('2001', '未查询到该户号'));
  await fake.listen({ port: 0, host: '127.0.0.1' });
  const addr = fake.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => fake.close());

const client = (s = secret, timeoutMs = 1000) => new PartnerClient(() => ({ baseUrl: base, appKey: 'dz', secret: s, timeoutMs }));

describe('PartnerClient', () => {
  it('signs requests the partner accepts', async () => {
    expect(await client().call({ partner: 'p', method: 'GET', path: '/v1/ok', idempotent: true })).toEqual({ hello: '达州' });
  });

  it('retries an idempotent write with one idempotency key', async () => {
    expect(await client().call({ partner: 'p', method: 'POST', path: '/v1/flaky', body: { a: 1 }, idempotent: true })).toEqual({ done: true });
    expect(seenKeys).toHaveLength(3);
    expect(new Set(seenKeys).size).toBe(1);
  });

  it('answers 服务暂不可用 within the budget when the partner hangs', async () => {
    const t0 = Date.now();
    await expect(client().call({ partner: 'slow', method: 'GET', path: '/v1/slow', idempotent: true })).rejects.toMatchObject({ statusCode: 503, code: 'PARTNER_UNAVAILABLE' });
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('passes a business refusal through with the partner message', async () => {
    const err = await client().call({ partner: 'p', method: 'GET', path: '/v1/refuse' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartnerRefusal);
    expect((err as AppError).message).toBe('未查询到该户号');
  });

  it('does not retry or trip the breaker when our own signature is refused', async () => {
    const c = client('wrong-secret');
    for (let i = 0; i < 6; i++) await expect(c.call({ partner: 'p', method: 'GET', path: '/v1/ok', idempotent: true })).rejects.toMatchObject({ statusCode: 503 });
    expect(c.breakerState('p')).toBe('closed');
  });

  it('opens the breaker after repeated failures and then fails fast', async () => {
    const c = new PartnerClient(() => ({ baseUrl: 'http://127.0.0.1:1', appKey: 'dz', secret, timeoutMs: 300 }));
    for (let i = 0; i < 5; i++) await expect(c.call({ partner: 'down', method: 'GET', path: '/v1/ok' })).rejects.toMatchObject({ statusCode: 503 });
    expect(c.breakerState('down')).toBe('open');
    const t0 = Date.now();
    await expect(c.call({ partner: 'down', method: 'GET', path: '/v1/ok' })).rejects.toMatchObject({ statusCode: 503 });
    expect(Date.now() - t0).toBeLessThan(50);
  });
});
