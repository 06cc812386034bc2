/**
 * OAuth clients registered at the sandbox 统一身份认证, as data. A redirect URI is accepted only if
 * it is an absolute http(s) URI without credentials or fragment (RFC 6749 §3.1.2) and starts with
 * one of the client's prefixes; in the sandbox those are any port on 127.0.0.1 or localhost, plus
 * whatever OAUTH_REDIRECT_URI_PREFIXES adds for a demo host.
 */
import { timingSafeEqual } from 'node:crypto';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page: who is asking for the citizen's data. */
  name: string;
  redirectUriAllowed: (uri: string) => boolean;
}

export const DEFAULT_OAUTH_CLIENT_SECRET = 'sandbox-oauth-client-secret';

/** The scopes the sandbox knows; unknown ones are dropped from the grant (RFC 6749 §3.3). */
export const SUPPORTED_SCOPES = ['openid', 'profile', 'idcard', 'phone'] as const;

// Host, then an optional port, then the path's first slash: "127.0.0.1:80@evil.example/" or
// "localhost.evil.example/" do not match.
const LOOPBACK = /^https?:\/\/(?:127\.0\.0\.1|localhost)(?::\d{1,5})?\//;

export function isWellFormedRedirectUri(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && !uri.includes('#');
}

export function sandboxClients(opts: { secret: string; extraRedirectPrefixes: readonly string[] }): OAuthClient[] {
  return [
    {
      clientId: 'dz-portal',
      clientSecret: opts.secret,
      name: '天府通办 · 达州分站',
      redirectUriAllowed: (uri) =>
        isWellFormedRedirectUri(uri) && (LOOPBACK.test(uri) || opts.extraRedirectPrefixes.some((p) => uri.startsWith(p))),
    },
  ];
}

export function secretMatches(client: OAuthClient, given: string): boolean {
  const a = Buffer.from(client.clientSecret);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The granted scope: the known part of the request, or all scopes when none was asked for. */
export function grantScope(requested: string | undefined): string {
  const asked = (requested ?? '').split(' ').filter(Boolean);
  const known = SUPPORTED_SCOPES.filter((s) => asked.includes(s));
  return (known.length > 0 ? known : SUPPORTED_SCOPES).join(' ');
}
