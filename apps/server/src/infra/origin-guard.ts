/**
 * Cross-site request refusal for state-changing requests (issue 8, item 5).
 *
 * SameSite=Lax cookies alone leave gaps (a sibling subdomain counts as same-site; older browsers
 * ignore SameSite), so a POST / PUT / PATCH / DELETE whose browser headers show another site is
 * refused before it reaches a route:
 * - `Sec-Fetch-Site: cross-site` (Fetch Metadata, sent by every current browser), or
 * - an `Origin` that is neither our own host, the PUBLIC_BASE_URL origin, nor in ALLOWED_ORIGINS
 *   (this also covers `Origin: null` from sandboxed frames and privacy-stripped redirects).
 * A request with neither header (curl, server-to-server calls, app.inject) is not a browser
 * acting for someone else and passes. The signed partner callbacks are exempt: their signature,
 * not the caller's site, proves them (docs/partner-protocol.md).
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A callback a partner signs (verified in the route): exempt from the Origin check. */
    signedCallback?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Signed server-to-server callbacks, for routes that do not set `config.signedCallback`. */
export const SIGNED_CALLBACK_PATHS = ['/api/payments/notify'];

export const crossSiteRefused = () => new AppError(403, 'CROSS_SITE_REQUEST', '请求来自其他网站，已被拒绝；请在本站页面中重新操作');

function parseOrigin(origin: string): URL | null {
  try {
    return new URL(origin);
  } catch {
    return null;
  }
}

function isExempt(req: FastifyRequest): boolean {
  if (req.routeOptions.config?.signedCallback) return true;
  const path = req.url.split('?', 1)[0] ?? '';
  return SIGNED_CALLBACK_PATHS.includes(path);
}

const plugin: FastifyPluginAsync = async (app) => {
  const { publicBaseUrl, allowedOrigins } = app.ctx.config;
  const allowed = new Set<string>();
  for (const o of [publicBaseUrl, ...allowedOrigins]) {
    const url = o ? parseOrigin(o) : null;
    if (url) allowed.add(url.origin);
  }

  app.addHook('onRequest', async (req) => {
    if (SAFE_METHODS.has(req.method) || isExempt(req)) return;
    if (req.headers['sec-fetch-site'] === 'cross-site') throw crossSiteRefused();
    const origin = req.headers.origin;
    if (origin === undefined) return;
    const url = parseOrigin(origin);
    // Our own host as the browser addressed us (behind a trusted proxy, X-Forwarded-Host). Its
    // scheme is not compared: TLS usually ends at the proxy, so we may not know the browser's.
    if (url && (url.host.toLowerCase() === req.host.toLowerCase() || allowed.has(url.origin))) return;
    throw crossSiteRefused();
  });
};

export const originGuard = fp(plugin, { name: 'origin-guard' });
