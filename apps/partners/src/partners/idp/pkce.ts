/** PKCE (RFC 7636): only the S256 method, because "plain" protects nothing against a stolen code. */
import { createHash, timingSafeEqual } from 'node:crypto';

// RFC 7636 §4.1 / §4.2: 43–128 characters from the unreserved set.
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isValidVerifier(verifier: string): boolean {
  return PKCE_VALUE.test(verifier);
}

export function isValidChallenge(challenge: string): boolean {
  return PKCE_VALUE.test(challenge);
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!isValidVerifier(verifier)) return false;
  const a = Buffer.from(s256(verifier));
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}
