import { TOTP, URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, otpauthUrl, totp, verifyTotp } from './totp.js';

const SHA1_SEED = Buffer.from('12345678901234567890');
const SHA256_SEED = Buffer.from('12345678901234567890123456789012');
const SHA512_SEED = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');

describe('base32 (RFC 4648 §10 test vectors)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ];
  it.each(vectors)('encodes %j as %s and back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('decodes without padding, in lower case and with spaces', () => {
    expect(base32Decode('mzxw 6ytb oi').toString()).toBe('foobar');
  });

  it('round-trips 20 random-looking bytes into 32 characters without padding', () => {
    const bytes = Buffer.from(Array.from({ length: 20 }, (_, i) => (i * 37 + 11) & 255));
    const enc = base32Encode(bytes, false);
    expect(enc).toHaveLength(32);
    expect(base32Decode(enc).equals(bytes)).toBe(true);
  });

  it('rejects characters outside the alphabet', () => {
    expect(() => base32Decode('MZ1W')).toThrow();
  });
});

describe('HOTP (RFC 4226 Appendix D)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, counter) => [counter, code] as const))('counter %i → %s', (counter, code) => {
    expect(hotp(SHA1_SEED, counter)).toBe(code);
  });
});

describe('TOTP (RFC 6238 Appendix B)', () => {
  const vectors: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  it.each(vectors)('T=%i: SHA-1 %s, SHA-256 %s, SHA-512 %s (8 digits)', (t, sha1, sha256, sha512) => {
    expect(totp(SHA1_SEED, t * 1000, { digits: 8 })).toBe(sha1);
    expect(totp(SHA256_SEED, t * 1000, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totp(SHA512_SEED, t * 1000, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  it('gives the last six digits with the default 6-digit SHA-1 setting', () => {
    expect(totp(SHA1_SEED, 59_000)).toBe('287082');
    expect(totp(SHA1_SEED, 1111111109_000)).toBe('081804');
    expect(totp(SHA1_SEED, 1111111111_000)).toBe('050471');
    expect(totp(SHA1_SEED, 1234567890_000)).toBe('005924');
    expect(totp(SHA1_SEED, 2000000000_000)).toBe('279037');
  });
});

describe('verifyTotp', () => {
  const now = 1234567890_000; // step 41152263
  const step = Math.floor(now / 30_000);

  it('accepts the current step and one step of drift either side, and reports the step', () => {
    expect(verifyTotp(SHA1_SEED, totp(SHA1_SEED, now), now)).toBe(step);
    expect(verifyTotp(SHA1_SEED, totp(SHA1_SEED, now - 30_000), now)).toBe(step - 1);
    expect(verifyTotp(SHA1_SEED, totp(SHA1_SEED, now + 30_000), now)).toBe(step + 1);
  });

  it('refuses codes two steps away', () => {
    expect(verifyTotp(SHA1_SEED, totp(SHA1_SEED, now - 60_000), now)).toBeNull();
    expect(verifyTotp(SHA1_SEED, totp(SHA1_SEED, now + 60_000), now)).toBeNull();
  });

  it('refuses a step that was already used (replay) but accepts a later one', () => {
    const code = totp(SHA1_SEED, now);
    expect(verifyTotp(SHA1_SEED, code, now, { lastStep: step })).toBeNull();
    expect(verifyTotp(SHA1_SEED, code, now, { lastStep: step - 1 })).toBe(step);
    expect(verifyTotp(SHA1_SEED, totp(SHA1_SEED, now + 30_000), now, { lastStep: step })).toBe(step + 1);
  });

  it('refuses malformed codes', () => {
    expect(verifyTotp(SHA1_SEED, '12345', now)).toBeNull();
    expect(verifyTotp(SHA1_SEED, 'abcdef', now)).toBeNull();
    expect(verifyTotp(SHA1_SEED, '', now)).toBeNull();
  });
});

describe('otpauthUrl', () => {
  it('builds the Key Uri Format with a URL-encoded Chinese issuer', () => {
    expect(otpauthUrl('天府通办达州', 'admin', 'JBSWY3DPEHPK3PXP')).toBe(
      'otpauth://totp/%E5%A4%A9%E5%BA%9C%E9%80%9A%E5%8A%9E%E8%BE%BE%E5%B7%9E:admin?issuer=%E5%A4%A9%E5%BA%9C%E9%80%9A%E5%8A%9E%E8%BE%BE%E5%B7%9E&secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('is read back by an authenticator-side parser with the same secret and settings', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'), false);
    const parsed = URI.parse(otpauthUrl('天府通办达州', '张三', secret));
    expect(parsed).toBeInstanceOf(TOTP);
    expect(parsed).toMatchObject({ issuer: '天府通办达州', label: '张三', algorithm: 'SHA1', digits: 6 });
    expect((parsed as TOTP).period).toBe(30);
    expect(parsed.secret.base32).toBe(secret);
    expect((parsed as TOTP).generate({ timestamp: 59_000 })).toBe(totp(SHA1_SEED, 59_000));
  });
});
