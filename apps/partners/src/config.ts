/**
 * The sandbox's environment, read once. Every key has a default that runs the sandbox beside the
 * server on one machine; the defaults are sandbox-only secrets, never production ones.
 *
 *   PARTNERS_PORT         8090         port to listen on
 *   PARTNERS_HOST         127.0.0.1    interface to bind (the control endpoints are unauthenticated)
 *   PARTNER_APP_KEY       dz-sandbox   app key of the caller allowed to call the signed systems
 *   PARTNER_SECRET        sandbox-secret-not-for-production   its HMAC-SM3 secret
 *   OAUTH_CLIENT_SECRET   sandbox-oauth-client-secret          secret of OAuth client dz-portal
 *   OAUTH_REDIRECT_URI_PREFIXES  (none)  comma-separated extra redirect URI prefixes, e.g. https://demo.example/
 *   SANDBOX_FAULTS        (none)       e.g. identity:latency=4000,error=0.5;idp:error=1
 *   SANDBOX_CONTROL       on           off: remove /_control/faults and /_control/pay/notifications
 *   SANDBOX_PUBLIC_URL    (none)       base URL browsers reach the sandbox at, e.g. https://pay.demo.example
 *                                      (the cashier links point there); unset: built from each request's host
 *   LOG_LEVEL             info
 */
import { DEFAULT_OAUTH_CLIENT_SECRET } from './partners/idp/clients.js';
import { DEFAULT_APP_KEY, DEFAULT_SECRET } from './protocol.js';
import type { SandboxOptions } from './app.js';

export interface ListenConfig {
  port: number;
  host: string;
  logLevel: string;
}

export function listenConfigFromEnv(env: NodeJS.ProcessEnv): ListenConfig {
  const port = Number(env.PARTNERS_PORT ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PARTNERS_PORT 不是有效端口：${env.PARTNERS_PORT}`);
  return { port, host: env.PARTNERS_HOST ?? '127.0.0.1', logLevel: env.LOG_LEVEL ?? 'info' };
}

export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv): SandboxOptions {
  const prefixes = (env.OAUTH_REDIRECT_URI_PREFIXES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of prefixes) {
    // A prefix must include the slash after the host, or "https://demo.example" would also admit
    // "https://demo.example.attacker.net/".
    if (!/^https?:\/\/[^/?#@]+\//.test(p)) throw new Error(`OAUTH_REDIRECT_URI_PREFIXES 中的“${p}”应为 http(s)://主机[:端口]/ 开头的前缀`);
  }
  const publicUrl = (env.SANDBOX_PUBLIC_URL ?? '').trim().replace(/\/+$/, '');
  // Origin only: the cashier page posts to the absolute path /cashier/<tradeNo>/pay.
  if (publicUrl && !/^https?:\/\/[^/?#@\s]+$/.test(publicUrl)) {
    throw new Error(`SANDBOX_PUBLIC_URL“${publicUrl}”应为 http(s)://主机[:端口]（不含路径、查询串与 #）`);
  }
  return {
    appSecrets: { [env.PARTNER_APP_KEY ?? DEFAULT_APP_KEY]: env.PARTNER_SECRET ?? DEFAULT_SECRET },
    oauthClientSecret: env.OAUTH_CLIENT_SECRET ?? DEFAULT_OAUTH_CLIENT_SECRET,
    oauthRedirectPrefixes: prefixes,
    faults: env.SANDBOX_FAULTS ?? '',
    control: !/^(off|false|0|no)$/i.test(env.SANDBOX_CONTROL ?? 'on'),
    publicUrl: publicUrl || null,
  };
}
