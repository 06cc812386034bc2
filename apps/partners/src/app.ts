/**
 * buildSandbox(): the sandbox of the bureaus' systems as a Fastify instance, built without
 * listening so tests drive it with inject(). Each partner system lives in its own encapsulated
 * scope with its own fault injection and, for the signed systems, the signature check.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { EnvelopeCode, MemoryNonceStore, fail, type NonceStore } from '@dz/partner-protocol';
import { FaultRegistry, faultControlRoutes, injectFaults, parseFaultSpec } from './faults.js';
import { landingRoutes } from './landing.js';
import { DEFAULT_OAUTH_CLIENT_SECRET } from './partners/idp/clients.js';
import { PARTNERS } from './partners/index.js';
import type { PartnerContext, PartnerModule } from './partners/types.js';
import { DEFAULT_APP_KEY, DEFAULT_SECRET, registerRawJsonParser, requireSignature, sendEnvelope } from './protocol.js';

export interface SandboxOptions {
  logger?: FastifyServerOptions['logger'];
  /** appKey → secret of the callers allowed to use the signed systems. */
  appSecrets?: Record<string, string>;
  oauthClientSecret?: string;
  oauthRedirectPrefixes?: readonly string[];
  /** SANDBOX_FAULTS spec applied at start, e.g. `identity:latency=4000,error=0.5`. */
  faults?: string;
  /** Serve /_control/faults (default true). */
  control?: boolean;
  now?: () => number;
  /** Randomness behind errorRate; tests pass a fixed sequence. */
  random?: () => number;
  nonces?: NonceStore;
  partners?: readonly PartnerModule[];
}

export interface Sandbox extends FastifyInstance {
  faults: FaultRegistry;
}

export async function buildSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const partners = opts.partners ?? PARTNERS;
  const now = opts.now ?? Date.now;
  const secrets = new Map(Object.entries(opts.appSecrets ?? { [DEFAULT_APP_KEY]: DEFAULT_SECRET }));
  const nonces = opts.nonces ?? new MemoryNonceStore();
  const faults = new FaultRegistry(
    partners.map((p) => p.name),
    opts.random,
  );
  // Parse before building anything: a wrong SANDBOX_FAULTS should stop the start with its message.
  if (opts.faults) faults.apply(parseFaultSpec(opts.faults));
  const control = opts.control ?? true;

  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
  });
  registerRawJsonParser(app);

  app.setErrorHandler((err: { statusCode?: number; message?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      req.log.error(err);
      return sendEnvelope(reply, 500, fail(EnvelopeCode.INTERNAL, '合作方系统内部错误'));
    }
    return sendEnvelope(reply, status, fail(EnvelopeCode.BAD_REQUEST, err.message ?? '请求格式不正确'));
  });
  app.setNotFoundHandler((req, reply) => sendEnvelope(reply, 404, fail(EnvelopeCode.BAD_REQUEST, `接口不存在：${req.method} ${req.url.split('?')[0]}`)));

  app.addHook('preClose', async () => faults.close());

  const ctx: PartnerContext = {
    now,
    oauthClientSecret: opts.oauthClientSecret ?? DEFAULT_OAUTH_CLIENT_SECRET,
    oauthRedirectPrefixes: opts.oauthRedirectPrefixes ?? [],
  };
  const signature = requireSignature({ secretFor: (k) => secrets.get(k), nonces, now });

  for (const partner of partners) {
    await app.register(async (scope) => {
      scope.addHook('onRequest', injectFaults(faults, partner.name, partner.faultResponder));
      if (partner.signed) scope.addHook('preHandler', signature);
      await partner.routes(scope, ctx);
    });
  }

  app.get('/health', async () => ({ status: 'ok', partners: partners.map((p) => p.name) }));
  await landingRoutes(app, partners, control);
  if (control) await faultControlRoutes(app, faults);

  return Object.assign(app, { faults }) as Sandbox;
}
