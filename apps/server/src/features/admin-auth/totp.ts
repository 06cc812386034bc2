/**
 * TOTP (RFC 6238) over HOTP (RFC 4226) and Base32 (RFC 4648 §6), written against node:crypto so
 * the second factor of the console (等保 2.0 §8.1.4.1 b: 两种或两种以上组合的鉴别技术) has no
 * third-party dependency. Defaults follow what every authenticator app expects: SHA-1, 6 digits,
 * 30-second step.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 Base32. Padding is optional because otpauth:// URIs omit it. */
export function base32Encode(data: Uint8Array, padding = true): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1; // keep only the unread bits so the shift never overflows
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  if (padding) while (out.length % 8 !== 0) out += '=';
  return out;
}

/** Decodes Base32, tolerant of case, spaces and missing padding (people type secrets by hand). */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
}

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  /** Seconds per step (X in RFC 6238); 30 by default. */
  step?: number;
  digits?: number;
  algorithm?: TotpAlgorithm;
}

/** RFC 4226 §5.3: HMAC over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
export function hotp(secret: Uint8Array, counter: number | bigint, digits = 6, algorithm: TotpAlgorithm = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step T = floor(unixSeconds / X) (RFC 6238 §4.2, T0 = 0). */
export function timeStep(nowMs: number, step = 30): number {
  return Math.floor(nowMs / 1000 / step);
}

export function totp(secret: Uint8Array, nowMs: number, opts: TotpOptions = {}): string {
  return hotp(secret, timeStep(nowMs, opts.step ?? 30), opts.digits ?? 6, opts.algorithm ?? 'sha1');
}

/**
 * Checks a code against the current step and `window` steps either side (RFC 6238 §5.2 allows
 * one step of clock drift). Steps at or below `lastStep` are refused so a code that was already
 * used cannot be replayed (§5.2: "the verifier MUST NOT accept the second attempt of the same
 * OTP"). Returns the matching step, which the caller must persist, or null.
 */
export function verifyTotp(secret: Uint8Array, code: string, nowMs: number, opts: TotpOptions & { window?: number; lastStep?: number | null } = {}): number | null {
  const digits = opts.digits ?? 6;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const current = timeStep(nowMs, opts.step ?? 30);
  const window = opts.window ?? 1;
  const given = Buffer.from(code);
  let matched: number | null = null;
  // Every candidate is computed and compared in constant time, so timing does not reveal which step matched.
  for (let s = current - window; s <= current + window; s++) {
    const expected = Buffer.from(hotp(secret, s, digits, opts.algorithm ?? 'sha1'));
    if (timingSafeEqual(expected, given) && (opts.lastStep == null || s > opts.lastStep) && matched === null) matched = s;
  }
  return matched;
}

/** The otpauth:// URI (Key Uri Format) that authenticator apps scan as a QR code. */
export function otpauthUrl(issuer: string, account: string, secretBase32: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = `secret=${secretBase32.replace(/=+$/, '')}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
  return `otpauth://totp/${label}?${params}`;
}
