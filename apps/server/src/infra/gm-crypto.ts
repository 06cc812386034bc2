/**
 * 国密 (GM/T) primitives for personal data at rest (等保 2.0 §8.1.4.8 数据保密性):
 * SM4-CBC for confidentiality with HMAC-SM3 over IV and ciphertext for integrity
 * (encrypt-then-MAC, since Node's OpenSSL build offers no SM4-GCM), and HMAC-SM3 blind indexes
 * so an encrypted phone or ID number can still be looked up by equality.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';

export class GmCrypto {
  private readonly macKey: Buffer;
  constructor(
    private readonly dataKey: Buffer,
    private readonly indexKey: Buffer,
  ) {
    if (dataKey.length !== 16) throw new Error('SM4 key must be 16 bytes');
    // A separate MAC key, derived so that the two uses of one secret never share a key.
    this.macKey = createHmac('sm3', dataKey).update('dz-mac-key').digest();
  }

  encrypt(plain: string): string {
    return `${VERSION}.${this.encryptBytes(Buffer.from(plain, 'utf8')).toString('base64url')}`;
  }

  decrypt(token: string): string {
    const [version, body] = token.split('.');
    if (version !== VERSION || !body) throw new Error('unknown ciphertext version');
    return this.decryptBytes(Buffer.from(body, 'base64url')).toString('utf8');
  }

  /** iv ‖ SM4-CBC ciphertext ‖ HMAC-SM3(iv ‖ ct)[0..16] — used as is for files (ID card images). */
  encryptBytes(plain: Buffer): Buffer {
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-cbc', this.dataKey, iv);
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    const mac = createHmac('sm3', this.macKey).update(iv).update(ct).digest().subarray(0, 16);
    return Buffer.concat([iv, ct, mac]);
  }

  decryptBytes(raw: Buffer): Buffer {
    if (raw.length < 48) throw new Error('ciphertext too short');
    const iv = raw.subarray(0, 16);
    const mac = raw.subarray(raw.length - 16);
    const ct = raw.subarray(16, raw.length - 16);
    const expected = createHmac('sm3', this.macKey).update(iv).update(ct).digest().subarray(0, 16);
    if (!timingSafeEqual(mac, expected)) throw new Error('ciphertext integrity check failed');
    const decipher = createDecipheriv('sm4-cbc', this.dataKey, iv);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  }

  encryptNullable(plain: string | null | undefined): string | null {
    return plain == null || plain === '' ? null : this.encrypt(plain);
  }

  decryptNullable(token: string | null | undefined): string | null {
    return token == null ? null : this.decrypt(token);
  }

  /** Deterministic keyed digest for equality look-ups; `kind` keeps phone and ID indexes apart. */
  blindIndex(kind: string, value: string): string {
    return createHmac('sm3', this.indexKey).update(`${kind}:${value.trim().toUpperCase()}`).digest('hex');
  }

  /** Keyed digest of a short secret (an SMS code) so the table does not hold it in plain text. */
  mac(value: string): string {
    return createHmac('sm3', this.macKey).update(value).digest('hex');
  }
}
