/**
 * The partner protocol (docs/partner-protocol.md), shared by the server's partner client and the
 * sandbox in apps/partners so both sides sign and verify with exactly the same code.
 *
 * A request carries an app key, a timestamp, a nonce and the SM3 digest of its body, signed with
 * HMAC-SM3 (GM/T 0004-2012) under the partner's secret. A verifier refuses requests outside a
 * five-minute window and nonces it has seen, which stops replays.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const PROTOCOL_VERSION = 'v1';
export const HEADER_APP_KEY = 'x-dz-app-key';
export const HEADER_TIMESTAMP = 'x-dz-timestamp';
export const HEADER_NONCE = 'x-dz-nonce';
export const HEADER_SIGNATURE = 'x-dz-signature';
export const HEADER_IDEMPOTENCY = 'idempotency-key';
export const MAX_SKEW_MS = 5 * 60 * 1000;

/** Envelope codes: `0000` success; 1xxx caller errors; 2xxx business refusals; 9xxx partner faults. */
export const EnvelopeCode = {
  OK: '0000',
  BAD_SIGNATURE: '1001',
  EXPIRED: '1002',
  REPLAY: '1003',
  BAD_REQUEST: '1004',
  UNKNOWN_APP: '1005',
  NOT_FOUND: '2001',
  REJECTED: '2002',
  INTERNAL: '9001',
} as const;

export interface Envelope<T> {
  code: string;
  message: string;
  data: T | null;
}

export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function hmacSm3Hex(secret: string, data: string): string {
  return createHmac('sm3', secret).update(data).digest('hex');
}

export function stringToSign(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  return [method.toUpperCase(), pathWithQuery, timestamp, nonce, sm3Hex(body)].join('\n');
}

export interface SignedHeaders {
  [HEADER_APP_KEY]: string;
  [HEADER_TIMESTAMP]: string;
  [HEADER_NONCE]: string;
  [HEADER_SIGNATURE]: string;
}

export function signRequest(opts: {
  appKey: string;
  secret: string;
  method: string;
  pathWithQuery: string;
  body: string;
  now?: number;
  nonce?: string;
}): SignedHeaders {
  const timestamp = String(opts.now ?? Date.now());
  const nonce = opts.nonce ?? randomUUID();
  const signature = hmacSm3Hex(opts.secret, stringToSign(opts.method, opts.pathWithQuery, timestamp, nonce, opts.body));
  return {
    [HEADER_APP_KEY]: opts.appKey,
    [HEADER_TIMESTAMP]: timestamp,
    [HEADER_NONCE]: nonce,
    [HEADER_SIGNATURE]: signature,
  };
}

/** Remembers nonces for the skew window. Returns false if the nonce was already seen. */
export interface NonceStore {
  remember(appKey: string, nonce: string, ttlMs: number): Promise<boolean> | boolean;
}

export class MemoryNonceStore implements NonceStore {
  private seen = new Map<string, number>();
  remember(appKey: string, nonce: string, ttlMs: number): boolean {
    const now = Date.now();
    if (this.seen.size > 10_000) {
      for (const [k, exp] of this.seen) if (exp < now) this.seen.delete(k);
    }
    const key = `${appKey}:${nonce}`;
    const exp = this.seen.get(key);
    if (exp !== undefined && exp >= now) return false;
    this.seen.set(key, now + ttlMs);
    return true;
  }
}

export type VerifyResult = { ok: true; appKey: string } | { ok: false; code: string; message: string };

export async function verifyRequest(opts: {
  headers: Record<string, string | string[] | undefined>;
  method: string;
  pathWithQuery: string;
  body: string;
  secretFor: (appKey: string) => string | undefined;
  nonces: NonceStore;
  now?: number;
}): Promise<VerifyResult> {
  const h = (name: string) => {
    const v = opts.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const appKey = h(HEADER_APP_KEY);
  const ts = h(HEADER_TIMESTAMP);
  const nonce = h(HEADER_NONCE);
  const sig = h(HEADER_SIGNATURE);
  if (!appKey || !ts || !nonce || !sig) return { ok: false, code: EnvelopeCode.BAD_SIGNATURE, message: 'missing signature headers' };
  const secret = opts.secretFor(appKey);
  if (!secret) return { ok: false, code: EnvelopeCode.UNKNOWN_APP, message: 'unknown app key' };
  const now = opts.now ?? Date.now();
  const t = Number(ts);
  if (!Number.isFinite(t) || Math.abs(now - t) > MAX_SKEW_MS) return { ok: false, code: EnvelopeCode.EXPIRED, message: 'timestamp outside the 5-minute window' };
  const expected = Buffer.from(hmacSm3Hex(secret, stringToSign(opts.method, opts.pathWithQuery, ts, nonce, opts.body)), 'hex');
  const given = Buffer.from(sig, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: EnvelopeCode.BAD_SIGNATURE, message: 'signature mismatch' };
  }
  // The nonce is remembered only after the signature checks out, so forged requests cannot
  // burn a legitimate caller's nonces.
  if (!(await opts.nonces.remember(appKey, nonce, MAX_SKEW_MS * 2))) {
    return { ok: false, code: EnvelopeCode.REPLAY, message: 'nonce already used' };
  }
  return { ok: true, appKey };
}

export function ok<T>(data: T): Envelope<T> {
  return { code: EnvelopeCode.OK, message: 'ok', data };
}

export function fail(code: string, message: string): Envelope<never> {
  return { code, message, data: null };
}
export * from './systems.js';
export * from './identity.js';
export * from './utilities.js';
export * from './pay.js';
export * from './bureaus.js';
export * from './his.js';
export * from './transit.js';
export * from './registries.js';
export * from './reservations.js';
