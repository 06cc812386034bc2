/** Small request helpers shared by every feature. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { unauthenticated } from './errors.js';
import type { Realm } from './sessions.js';

export const USER_COOKIE = 'dz_sid';
export const STAFF_COOKIE = 'dz_admin_sid';

export const cookieName = (realm: Realm) => (realm === 'user' ? USER_COOKIE : STAFF_COOKIE);

export function clientMeta(req: FastifyRequest) {
  return { ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, realm: Realm, token: string): void {
  const cfg = req.server.ctx.config;
  reply.setCookie(cookieName(realm), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cfg.profile === 'production',
    // A session cookie (no Max-Age): the server decides expiry, closing the browser ends it.
  });
}

export function clearSessionCookie(reply: FastifyReply, realm: Realm): void {
  reply.clearCookie(cookieName(realm), { path: '/' });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in citizen's id, set by `requireUser`. */
    userId: number | null;
  }
}

/** preHandler: a live citizen session or 401. */
export async function requireUser(req: FastifyRequest): Promise<void> {
  const token = req.cookies[USER_COOKIE];
  if (!token) throw unauthenticated();
  const s = await req.server.ctx.sessions.touch('user', token);
  if (!s) throw unauthenticated('登录已过期，请重新登录');
  req.userId = s.subjectId;
}

/** The citizen of a route behind `requireUser` (typed as a number, 401 if the guard was left off). */
export function userIdOf(req: FastifyRequest): number {
  if (req.userId == null) throw unauthenticated();
  return req.userId;
}

/** preHandler variant that never fails: sets userId when a session exists. */
export async function optionalUser(req: FastifyRequest): Promise<void> {
  const token = req.cookies[USER_COOKIE];
  if (!token) return;
  const s = await req.server.ctx.sessions.touch('user', token);
  req.userId = s ? s.subjectId : null;
}
