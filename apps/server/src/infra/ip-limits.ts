/**
 * Which clients the per-IP limits (SMS codes per day, login failures, per-route bursts) apply to.
 *
 * In the embedded profile, requests from the machine itself (loopback) are exempt: there the
 * loopback client is the operator's own tooling — the demo, the end-to-end and acceptance suites —
 * which legitimately registers dozens of accounts a minute, and no real SMS is sent. Everyone
 * else, and everyone in the production profile, is limited. The per-phone and per-account limits
 * (60 s resend, 10 codes a day, 5 tries per code, 5 wrong passwords → lock) apply to all clients.
 */
import type { FastifyRequest } from 'fastify';
import type { Config } from './config.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export const isLoopback = (ip: string | undefined): boolean => ip !== undefined && LOOPBACK.test(ip);

export function ipLimitsApply(config: Pick<Config, 'profile'>, ip: string): boolean {
  return !(config.profile === 'embedded' && isLoopback(ip));
}

/**
 * A request made on this machine itself: the connection comes from loopback and no proxy relayed
 * it (a reverse proxy on the same host connects from 127.0.0.1 too, but adds forwarding headers).
 * Developer tools that hand out secrets (the SMS outbox) answer only these.
 */
export function isLocalRequest(req: FastifyRequest): boolean {
  const h = req.headers;
  if (h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined) return false;
  return isLoopback(req.socket.remoteAddress) && isLoopback(req.ip);
}

/** Route-level @fastify/rate-limit settings: `max` requests per window per client IP. */
export function routeLimit(max: number, timeWindow = '1 minute') {
  return {
    max,
    timeWindow,
    allowList: (req: FastifyRequest) => !ipLimitsApply(req.server.ctx.config, req.ip),
  };
}
