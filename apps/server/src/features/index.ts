/** Every feature plugin, in registration order. One line per feature. */
import type { FastifyPluginAsync } from 'fastify';
import platform from './platform/platform.routes.js';
import sites from './sites/sites.routes.js';
import sms from './sms/sms.routes.js';
import auth from './auth/auth.routes.js';
import oauth from './oauth/oauth.routes.js';
import me from './me/me.routes.js';
import adminAuth from './admin-auth/admin-auth.routes.js';
import roles from './roles/roles.routes.js';
import org from './org/org.routes.js';
import staff from './staff/staff.routes.js';
import audit from './audit/audit.routes.js';

export const features: FastifyPluginAsync[] = [
  platform,
  sites,
  // citizen accounts (统一身份认证)
  sms,
  auth,
  oauth,
  me,
  // console: login, organisation, audit (组织授权)
  adminAuth,
  roles,
  org,
  staff,
  audit,
];
