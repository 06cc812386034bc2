/**
 * Response headers decided per request (issue 8, item 9):
 *
 * - `Cache-Control: no-store` on every answer that carries personal data, so neither a shared
 *   cache (a proxy, a CDN) nor the browser's back/forward cache on a shared terminal keeps it
 *   (个人信息保护法 §51; 等保 2.0 §8.1.4.9 剩余信息保护). "Personal" means: the request was
 *   answered for a logged-in citizen or staff member (a guard found the session), it is an
 *   account, console, personal or developer path, or it sets a cookie. Public reads (pages, zones,
 *   search, news, items) are left alone: their caching is decided elsewhere.
 * - `Strict-Transport-Security` only on answers that went out over https (directly, or as the
 *   trusted proxy reports in X-Forwarded-Proto): on plain http the header means nothing to a
 *   browser, and sent from a LAN demo at http://192.168.x.x it would confuse people reading it.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';

const PERSONAL_PATHS = /^\/api\/(auth|admin|me|dev)(\/|\?|$)/;
const HSTS = 'max-age=31536000; includeSubDomains';

function isPersonal(req: FastifyRequest, setsCookie: boolean): boolean {
  if (setsCookie || req.userId != null) return true;
  if ((req as FastifyRequest & { staff?: unknown }).staff) return true;
  return PERSONAL_PATHS.test(req.url);
}

const plugin: FastifyPluginAsync = async (app) => {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/') && isPersonal(req, reply.hasHeader('set-cookie'))) reply.header('cache-control', 'no-store');
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    return payload;
  });
};

export const edgeHeaders = fp(plugin, { name: 'edge-headers' });
