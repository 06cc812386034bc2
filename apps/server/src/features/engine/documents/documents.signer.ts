/**
 * SM2 signatures (GB/T 32918, with SM3) over the canonical JSON payload of each document.
 *
 * Node's crypto does real SM2 only for keys DECODED from PEM/DER: OpenSSL 3 then types them as
 * SM2 and signs with the Z_A prefix (default ID 1234567812345678), interoperable with `openssl
 * pkeyutl -digest sm3` and other 国密 libraries. A key object straight out of
 * generateKeyPairSync('ec', { namedCurve: 'SM2' }) is typed plain EC and would sign with ECDSA on
 * the SM2 curve instead — so every key here goes through its PEM before use.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../../../infra/config.js';

/** The document's signed facts; `holder` is a keyed digest, so the payload names nobody. */
export interface SignedPayload {
  v: 1;
  id: string;
  docNo: string;
  kind: string;
  holder: string;
  issuedAt: string;
  expiresAt: string | null;
  /** SM3 of the PDF bytes (hex). */
  pdf: string;
}

/** JSON with keys sorted at every level: the same facts always give the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sm3Hex = (data: Buffer | string): string => createHash('sm3').update(data).digest('hex');

export const KEY_FILE = 'doc-sign-key.pem';

/**
 * The embedded profile's key: generated once into DATA_DIR (mode 600), never in the repository.
 * Workers of one machine may start together, so the file is created exclusively and whoever loses
 * the race reads the winner's key.
 */
export function embeddedSignKey(dataDir: string): string {
  const file = resolve(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const pem = generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    try {
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  try {
    chmodSync(file, 0o600);
  } catch {
    // A read-only mount: the mode was set when it was written.
  }
  return readFileSync(file, 'utf8');
}

export class DocumentSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** First 16 hex chars of SM3 over the public key's SPKI DER: which key signed a document. */
  readonly keyId: string;

  constructor(pem: string) {
    this.privateKey = createPrivateKey(pem);
    const spki = createPublicKey(this.privateKey).export({ type: 'spki', format: 'der' });
    // Re-decoded from DER so it, too, is typed SM2 (see the header).
    this.publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    this.keyId = sm3Hex(spki).slice(0, 16);
  }

  /**
   * DOC_SIGN_KEY, else the key kept in DATA_DIR. loadConfig is the gate that refuses production
   * without DOC_SIGN_KEY (a Config built in code, as tests do, is taken as given).
   */
  static fromConfig(config: Pick<Config, 'docSignKey' | 'dataDir'>): DocumentSigner {
    if (config.docSignKey) return new DocumentSigner(config.docSignKey);
    return new DocumentSigner(embeddedSignKey(config.dataDir));
  }

  /** The SPKI PEM, for checkers outside this platform. */
  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }

  /** base64url SM2 signature (DER) over the canonical JSON. */
  sign(payload: SignedPayload): string {
    return sign('sm3', Buffer.from(canonicalJson(payload), 'utf8'), this.privateKey).toString('base64url');
  }

  /**
   * base64url SM2 signature over exact text, for codes that carry their signed bytes themselves
   * (亮证: the QR holds the payload, so the checker verifies those bytes, not a re-serialisation).
   */
  signText(text: string): string {
    return sign('sm3', Buffer.from(text, 'utf8'), this.privateKey).toString('base64url');
  }

  verify(payloadJson: string, signature: string): boolean {
    try {
      return verify('sm3', Buffer.from(payloadJson, 'utf8'), this.publicKey, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }
}
