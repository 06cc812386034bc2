/**
 * POST /api/verify checks whatever a checker scanned: a document this platform issued (`DZDOC:`),
 * and in later issues a 亮证 code or a 不动产 certificate QR. Each kind registers a verifier for its
 * prefix here, so the route never changes when a kind is added.
 */
import type { VerifyResult } from '@dz/contracts';

/**
 * Who is checking, for verifiers that tell a holder who checked their code (亮证). Built by the
 * /api/verify handler from the request's optional citizen or console session; never required.
 */
export interface VerifyContext {
  /** A signed-in citizen, or null. */
  userId: number | null;
  /** A signed-in staff member's display name, or null. */
  staffName: string | null;
  ip: string;
}

export const ANONYMOUS_CHECK: VerifyContext = { userId: null, staffName: null, ip: '' };

export type Verifier = (rest: string, qrText: string, context: VerifyContext) => Promise<VerifyResult>;

export const invalid = (reason: string, known: Partial<VerifyResult> = {}): VerifyResult => ({
  valid: false,
  kind: null,
  holder: null,
  issuedAt: null,
  expiresAt: null,
  ...known,
  reason,
});

export class VerifierRegistry {
  private readonly verifiers = new Map<string, Verifier>();

  /** `prefix` is matched exactly at the start of the text (e.g. `DZDOC:`); one verifier per prefix. */
  register(prefix: string, verifier: Verifier): void {
    if (!prefix) throw new Error('verifier prefix must not be empty');
    if (this.verifiers.has(prefix)) throw new Error(`verifier for ${prefix} already registered`);
    this.verifiers.set(prefix, verifier);
  }

  prefixes(): string[] {
    return [...this.verifiers.keys()];
  }

  async verify(qrText: string, context: VerifyContext = ANONYMOUS_CHECK): Promise<VerifyResult> {
    const text = qrText.trim();
    // The longest matching prefix wins, so `DZ:` and `DZDOC:` could coexist.
    let best: string | null = null;
    for (const p of this.verifiers.keys()) if (text.startsWith(p) && (best === null || p.length > best.length)) best = p;
    if (best === null) return invalid('无法识别的二维码，请扫描本平台签发的文书或亮证码');
    return this.verifiers.get(best)!(text.slice(best.length), text, context);
  }
}
