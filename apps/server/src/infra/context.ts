/**
 * The per-app service container. Built once in buildApp and decorated onto Fastify as `app.ctx`,
 * so there are no module-level singletons and every test gets a fresh one (ARCHITECTURE rule 2).
 */
import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { DB } from '../db/schema.js';
import type { DialectName } from './db.js';
import type { GmCrypto } from './gm-crypto.js';
import type { KeyValueStore } from './kv.js';
import type { SessionStore } from './sessions.js';
import type { PasswordHasher } from './passwords.js';
import type { AuditService } from '../features/audit/audit.service.js';
import type { PartnerClient } from '../partners/partner-client.js';
import type { PartnerEndpoints } from '../partners/endpoints.js';
import type { CallLog } from '../partners/call-log.js';
import type { SitesService } from '../features/sites/sites.service.js';

export interface AppContext {
  config: Config;
  db: Kysely<DB>;
  dialect: DialectName;
  kv: KeyValueStore;
  redis: Redis | null;
  sessions: SessionStore;
  gm: GmCrypto;
  passwords: PasswordHasher;
  audit: AuditService;
  partners: PartnerClient;
  /** Partner endpoints per site (接口管理), read by `partners` on every call. */
  partnerEndpoints: PartnerEndpoints;
  callLog: CallLog;
  /** The site tree, cached; the same instance as `app.sites`. */
  sites: SitesService;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
