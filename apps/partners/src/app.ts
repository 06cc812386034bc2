/**
 * buildSandbox(): the sandbox of the bureaus' systems as a Fastify instance, built without
 * listening so tests drive it with inject(). Each partner system lives in its own encapsulated
 * scope with its own fault injection and, for the signed systems, the signature check.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { EnvelopeCode, MemoryNonceStore, fail, ok, type NonceStore, type PingResult } from '@dz/partner-protocol';
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
  /**
   * Base URL browsers reach the sandbox at (SANDBOX_PUBLIC_URL), used for the cashier URL. Absent
   * or null: built from each request as `protocol://host`.
   */
  publicUrl?: string | null;
  /** Payment notification schedule in ms: first delivery, then each retry (default DEFAULT_NOTIFY_DELAYS_MS). */
  notifyDelaysMs?: readonly number[];
}

/**
 * When the payment gateway delivers a notification: 300 ms after the payment, then retries after
 * 1 s, 2 s, 4 s, 8 s, 16 s and four times every 60 s — ten tries in all (partner-protocol pay.ts PayNotification).
 */
export const DEFAULT_NOTIFY_DELAYS_MS: readonly number[] = [300, 1000, 2000, 4000, 8000, 16000, 60000, 60000, 60000, 60000];

/** Installation attachments travel base64 inside JSON: several photos of up to 5 MB each. */
export const BODY_LIMIT_BYTES = 40 * 1024 * 1024;

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
    bodyLimit: BODY_LIMIT_BYTES,
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

  const closeHooks: (() => void | Promise<void>)[] = [];
  app.addHook('preClose', async () => {
    faults.close();
    // Pending timers (payment notifications) must not outlive the sandbox.
    await Promise.all(closeHooks.map(async (hook) => hook()));
  });

  const notifyDelaysMs = opts.notifyDelaysMs ?? DEFAULT_NOTIFY_DELAYS_MS;
  if (notifyDelaysMs.length === 0 || notifyDelaysMs.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error('notifyDelaysMs 应为非空的非负整数（毫秒）列表');
  }
  const secretFor = (appKey: string) => secrets.get(appKey);
  const ctx: PartnerContext = {
    now,
    oauthClientSecret: opts.oauthClientSecret ?? DEFAULT_OAUTH_CLIENT_SECRET,
    oauthRedirectPrefixes: opts.oauthRedirectPrefixes ?? [],
    secretFor,
    publicUrl: opts.publicUrl ? opts.publicUrl.replace(/\/+$/, '') : null,
    notifyDelaysMs,
    onClose: (hook) => {
      closeHooks.push(hook);
    },
  };
  const signature = requireSignature({ secretFor, nonces, now });

  for (const partner of partners) {
    await app.register(async (scope) => {
      scope.addHook('onRequest', injectFaults(faults, partner.name, partner.faultResponder));
      if (partner.signed) {
        scope.addHook('preHandler', signature);
        // Every signed system answers a ping (接口管理's health check goes through the same
        // signature, fault injection and network path as a real call).
        scope.get(`/v1/${partner.name}/ping`, async (_req, reply) =>
          sendEnvelope<PingResult>(reply, 200, ok({ partner: partner.name, time: new Date(now()).toISOString() })),
        );
      }
      await partner.routes(scope, ctx);
    });
    // Browser pages of a partner (the cashier) have neither signature nor fault injection.
    const { publicRoutes, controlRoutes } = partner;
    if (publicRoutes) await app.register(async (scope) => publicRoutes(scope, ctx));
    if (controlRoutes && control) await app.register(async (scope) => controlRoutes(scope, ctx));
  }

  app.get('/health', async () => ({ status: 'ok', partners: partners.map((p) => p.name) }));
  await landingRoutes(app, partners, control);
  if (control) await faultControlRoutes(app, faults);

  return Object.assign(app, { faults }) as Sandbox;
}
