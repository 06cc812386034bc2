/** Test helpers: sign a request the way the server's partner client does, and PKCE pairs. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildSandbox, type Sandbox, type SandboxOptions } from '../app.js';
import { signRequest, type Envelope } from '@dz/partner-protocol';
import { DEFAULT_APP_KEY, DEFAULT_SECRET } from '../protocol.js';
import { s256 } from '../partners/idp/pkce.js';

export interface SignedCall {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  /** Sent as is instead of JSON.stringify(body), to test bodies that are not JSON. */
  rawBody?: string;
  appKey?: string;
  secret?: string;
  now?: number;
  nonce?: string;
  headers?: Record<string, string>;
}

export function signedHeaders(call: SignedCall): Record<string, string> {
  const method = call.method ?? 'POST';
  const body = call.rawBody ?? (call.body === undefined ? '' : JSON.stringify(call.body));
  return {
    'content-type': 'application/json',
    ...signRequest({
      appKey: call.appKey ?? DEFAULT_APP_KEY,
      secret: call.secret ?? DEFAULT_SECRET,
      method,
      pathWithQuery: call.url,
      body,
      ...(call.now !== undefined ? { now: call.now } : {}),
      ...(call.nonce !== undefined ? { nonce: call.nonce } : {}),
    }),
    ...call.headers,
  };
}

export function signedInject(app: FastifyInstance, call: SignedCall): Promise<LightMyRequestResponse> {
  const method = call.method ?? 'POST';
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  return app.inject({ method, url: call.url, headers: signedHeaders(call), ...(body !== undefined ? { payload: body } : {}) });
}

export function envelope<T>(res: LightMyRequestResponse): Envelope<T> {
  return res.json<Envelope<T>>();
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier) };
}

/** A settable clock for a sandbox built with `now: clock.now`. */
export class TestClock {
  constructor(public t: number) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * Signed calls the way the server's client makes them: GET, read-only POST, and writes that carry
 * an Idempotency-Key (a fresh one unless given). `now` signs with the sandbox's (test) clock.
 */
export function partnerClient(app: FastifyInstance, opts: { now?: () => number; appKey?: string; secret?: string } = {}) {
  const base = (): Partial<SignedCall> => ({
    ...(opts.now ? { now: opts.now() } : {}),
    ...(opts.appKey ? { appKey: opts.appKey } : {}),
    ...(opts.secret ? { secret: opts.secret } : {}),
  });
  return {
    get: (url: string) => signedInject(app, { ...base(), method: 'GET', url }),
    post: (url: string, body?: unknown) => signedInject(app, { ...base(), url, body }),
    write: (url: string, body?: unknown, key: string = randomBytes(12).toString('hex')) =>
      signedInject(app, { ...base(), url, body, headers: { 'idempotency-key': key } }),
  };
}

export type PartnerClient = ReturnType<typeof partnerClient>;

/** The data of a 0000 answer; fails the test with the envelope otherwise. */
export function data<T>(res: LightMyRequestResponse): T {
  const env = envelope<T>(res);
  if (env.code !== '0000' || res.statusCode !== 200) throw new Error(`expected 0000, got HTTP ${res.statusCode} ${JSON.stringify(env)}`);
  return env.data as T;
}

/**
 * One sandbox for the test file (built before its tests, closed after), with a signed client.
 * Read `.app` / `.client` inside tests: they are set once beforeAll has run.
 */
export function sandboxForFile(opts?: SandboxOptions): { app: Sandbox; client: PartnerClient } {
  const handle = {} as { app: Sandbox; client: PartnerClient };
  beforeAll(async () => {
    handle.app = await buildSandbox(opts);
    handle.client = partnerClient(handle.app);
  });
  afterAll(async () => handle.app.close());
  return handle;
}
