/** Starting a citizen session from a route: shared by password, SMS and third-party login. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { USER_COOKIE, clientMeta, setSessionCookie } from '../../infra/http.js';
import type { RequestMeta } from './auth.service.js';

export function requestMeta(req: FastifyRequest): RequestMeta {
  const m = clientMeta(req);
  return { ip: m.ip, userAgent: m.userAgent, requestId: req.id };
}

/**
 * Always a fresh token, and any session the browser already carried is ended first, so a token
 * planted before login is worthless afterwards (session fixation, OWASP ASVS 3.2.1).
 */
export async function startUserSession(req: FastifyRequest, reply: FastifyReply, userId: number): Promise<void> {
  const { sessions } = req.server.ctx;
  const previous = req.cookies[USER_COOKIE];
  if (previous) await sessions.destroy('user', previous);
  const { token } = await sessions.create('user', userId, clientMeta(req));
  setSessionCookie(req, reply, 'user', token);
}
