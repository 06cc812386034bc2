import type { FastifyInstance } from 'fastify';
import type { FaultResponder } from '../faults.js';

/** What every partner plugin gets from the sandbox: shared config, clock and randomness. */
export interface PartnerContext {
  /** Milliseconds since the epoch; injectable so tests can move past expiry without waiting. */
  now: () => number;
  /** Secret of the OAuth client 'dz-portal' (env OAUTH_CLIENT_SECRET). */
  oauthClientSecret: string;
  /** Extra redirect URI prefixes the sandbox IdP accepts besides 127.0.0.1 / localhost. */
  oauthRedirectPrefixes: readonly string[];
  /**
   * Secret of a caller app key (the sandbox's appSecrets). The payment gateway signs the
   * notifications it sends with the key and secret of the merchant that created the order.
   */
  secretFor: (appKey: string) => string | undefined;
  /**
   * Base URL browsers reach the sandbox at (SANDBOX_PUBLIC_URL, no trailing slash), for links
   * such as the cashier URL. null: derive it from the incoming request (`protocol://host`).
   */
  publicUrl: string | null;
  /** Payment notification schedule: first delivery after [0] ms, each retry after the next entry. */
  notifyDelaysMs: readonly number[];
  /** Registers work to do when the sandbox closes (clearing timers, aborting outgoing calls). */
  onClose: (hook: () => void | Promise<void>) => void;
}

export interface PartnerEndpoint {
  method: string;
  path: string;
  summary: string;
  /**
   * Who may call it: 'signed' (the partner protocol), 'public' (a browser page, no signature) or
   * 'control' (a /_control test endpoint, listed only when control is on). Defaults to 'signed'
   * for a signed module and 'public' otherwise.
   */
  access?: 'signed' | 'public' | 'control';
}

/**
 * One simulated bureau system. The sandbox registers each in its own encapsulated scope with its
 * fault-injection hook and, when `signed`, the signature check and `GET /v1/<name>/ping`.
 */
export interface PartnerModule {
  /** Key used by /health, /_control/faults and SANDBOX_FAULTS. */
  name: string;
  /** Chinese title shown on the landing page. */
  title: string;
  /** The (simulated) owner of the real system. */
  owner: string;
  description: string;
  /** true: every endpoint of `routes` requires the signed partner protocol. */
  signed: boolean;
  /** Listed on the landing page; the generic ping is added there automatically. */
  endpoints: readonly PartnerEndpoint[];
  /** How an injected fault is answered (default: envelope 9001, HTTP 500). */
  faultResponder?: FaultResponder;
  routes: (app: FastifyInstance, ctx: PartnerContext) => Promise<void>;
  /**
   * Browser-facing routes (a cashier page…) registered in a separate scope with neither the
   * signature check nor fault injection.
   */
  publicRoutes?: (app: FastifyInstance, ctx: PartnerContext) => Promise<void>;
  /** Test-only /_control routes, registered only when the control endpoints are on. */
  controlRoutes?: (app: FastifyInstance, ctx: PartnerContext) => Promise<void>;
}

/**
 * Per-sandbox state of a module whose `routes`, `publicRoutes` and `controlRoutes` must share it
 * (the modules themselves are static objects; the context is created once per sandbox).
 */
export function perSandbox<T>(create: (ctx: PartnerContext) => T): (ctx: PartnerContext) => T {
  const states = new WeakMap<PartnerContext, T>();
  return (ctx) => {
    let state = states.get(ctx);
    if (state === undefined) {
      state = create(ctx);
      states.set(ctx, state);
    }
    return state;
  };
}
