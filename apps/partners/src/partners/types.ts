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
}

/**
 * One simulated bureau system. The sandbox registers each in its own encapsulated scope with its
 * fault-injection hook and, when `signed`, the signature check — so adding the water, gas or
 * payment system later is one more module in partners/index.ts.
 */
export interface PartnerModule {
  /** Key used by /health, /_control/faults and SANDBOX_FAULTS. */
  name: string;
  /** Chinese title shown on the landing page. */
  title: string;
  /** The (simulated) owner of the real system. */
  owner: string;
  description: string;
  /** true: every endpoint requires the signed partner protocol. */
  signed: boolean;
  endpoints: readonly { method: string; path: string; summary: string }[];
  /** How an injected fault is answered (default: envelope 9001, HTTP 500). */
  faultResponder?: FaultResponder;
  routes: (app: FastifyInstance, ctx: PartnerContext) => Promise<void>;
}
