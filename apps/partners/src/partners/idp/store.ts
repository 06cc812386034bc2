/**
 * Authorization codes and access tokens of the sandbox IdP, in memory and per sandbox instance
 * (a restart logs everyone out, which is what a sandbox should do). Expired entries are swept on
 * write, so no timer keeps the process alive.
 */
import { randomBytes } from 'node:crypto';

export const CODE_TTL_MS = 60_000;
export const TOKEN_TTL_S = 600;

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  sub: string;
  expiresAt: number;
  used: boolean;
  /** Tokens issued for this code: revoked if the code is presented again (RFC 6749 §4.1.2). */
  tokens: string[];
}

export interface AccessToken {
  clientId: string;
  sub: string;
  scope: string;
  expiresAt: number;
}

export class IdpStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly tokens = new Map<string, AccessToken>();

  constructor(private readonly now: () => number) {}

  issueCode(grant: Omit<AuthorizationCode, 'expiresAt' | 'used' | 'tokens'>): string {
    this.sweep();
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { ...grant, expiresAt: this.now() + CODE_TTL_MS, used: false, tokens: [] });
    return code;
  }

  /**
   * Marks the code used and returns it as it was before. A second presentation revokes what the
   * first one obtained: a replayed code means it leaked.
   */
  redeemCode(code: string): AuthorizationCode | undefined {
    const entry = this.codes.get(code);
    if (!entry) return undefined;
    const before = { ...entry, tokens: [...entry.tokens] };
    if (entry.used) for (const t of entry.tokens) this.tokens.delete(t);
    entry.used = true;
    return before;
  }

  issueToken(code: string, grant: Omit<AccessToken, 'expiresAt'>): string {
    this.sweep();
    const token = `tfst_at_${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { ...grant, expiresAt: this.now() + TOKEN_TTL_S * 1000 });
    this.codes.get(code)?.tokens.push(token);
    return token;
  }

  token(token: string): AccessToken | undefined {
    const entry = this.tokens.get(token);
    return entry && entry.expiresAt > this.now() ? entry : undefined;
  }

  private sweep(): void {
    const t = this.now();
    // A used code is kept as long as the tokens it bought live, so that a replay can revoke them.
    for (const [k, v] of this.codes) if (v.expiresAt + (v.used ? TOKEN_TTL_S * 1000 : 0) <= t) this.codes.delete(k);
    for (const [k, v] of this.tokens) if (v.expiresAt <= t) this.tokens.delete(k);
  }
}
