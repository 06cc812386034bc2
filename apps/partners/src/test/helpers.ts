/** Test helpers: sign a request the way the server's partner client does, and PKCE pairs. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
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
