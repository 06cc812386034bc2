/**
 * TOTP (RFC 6238) over HOTP (RFC 4226) and Base32 (RFC 4648 §6) for the second factor of the
 * console (等保 2.0 §8.1.4.1 b: 两种或两种以上组合的鉴别技术). The arithmetic — HMAC, dynamic
 * truncation, Base32, the Key Uri Format — is the `otpauth` library's (maintained, tested against
 * the RFC vectors, constant-time comparison through node:crypto) rather than our own; this module
 * keeps only our policy: the defaults every authenticator app expects (SHA-1, 6 digits, 30-second
 * step), one step of clock drift, and refusing a step that was already used.
 */
import { HOTP, Secret, TOTP } from 'otpauth';

/** A fresh ArrayBuffer holding exactly these bytes: a Node Buffer may be a view into a shared pool. */
const secretOf = (bytes: Uint8Array) => new Secret({ buffer: Uint8Array.from(bytes).buffer });

/** RFC 4648 §6 Base32. Padding is optional because otpauth:// URIs omit it. */
export function base32Encode(data: Uint8Array, padding = true): string {
  const text = secretOf(data).base32;
  return padding ? text.padEnd(Math.ceil(text.length / 8) * 8, '=') : text;
}

/** Decodes Base32, tolerant of case, spaces and missing padding (people type secrets by hand). */
export function base32Decode(text: string): Buffer {
  return Buffer.from(Secret.fromBase32(text).bytes);
}

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  /** Seconds per step (X in RFC 6238); 30 by default. */
  step?: number;
  digits?: number;
  algorithm?: TotpAlgorithm;
}

/** RFC 4226 §5.3: HMAC over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
export function hotp(secret: Uint8Array, counter: number, digits = 6, algorithm: TotpAlgorithm = 'sha1'): string {
  return HOTP.generate({ secret: secretOf(secret), counter, digits, algorithm: algorithm.toUpperCase() });
}

/** The time step T = floor(unixSeconds / X) (RFC 6238 §4.2, T0 = 0). */
export function timeStep(nowMs: number, step = 30): number {
  return TOTP.counter({ period: step, timestamp: nowMs });
}

function params(secret: Uint8Array, nowMs: number, opts: TotpOptions) {
  return { secret: secretOf(secret), timestamp: nowMs, period: opts.step ?? 30, digits: opts.digits ?? 6, algorithm: (opts.algorithm ?? 'sha1').toUpperCase() };
}

export function totp(secret: Uint8Array, nowMs: number, opts: TotpOptions = {}): string {
  return TOTP.generate(params(secret, nowMs, opts));
}

/**
 * Checks a code against the current step and `window` steps either side (RFC 6238 §5.2 allows
 * one step of clock drift). Steps at or below `lastStep` are refused so a code that was already
 * used cannot be replayed (§5.2: "the verifier MUST NOT accept the second attempt of the same
 * OTP"). Returns the matching step, which the caller must persist, or null.
 */
export function verifyTotp(secret: Uint8Array, code: string, nowMs: number, opts: TotpOptions & { window?: number; lastStep?: number | null } = {}): number | null {
  // Only digits are ever a code; anything else is refused before any HMAC is computed.
  if (!new RegExp(`^\\d{${opts.digits ?? 6}}$`).test(code)) return null;
  const p = params(secret, nowMs, opts);
  const delta = TOTP.validate({ ...p, token: code, window: opts.window ?? 1 });
  if (delta === null) return null;
  const matched = TOTP.counter(p) + delta;
  return opts.lastStep != null && matched <= opts.lastStep ? null : matched;
}

/** The otpauth:// URI (Key Uri Format) that authenticator apps scan as a QR code. */
export function otpauthUrl(issuer: string, account: string, secretBase32: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: 30 }).toString();
}
