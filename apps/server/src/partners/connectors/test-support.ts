/**
 * Test support for code that talks to the bureau systems (the cases engine, 即办 / 查询 apps):
 * the real sandbox on loopback with every partner system, where the bureaus decide by themselves
 * after `decideAfterMs` (default 2 s; null = only `decide()` decides), and the knobs a test needs:
 *
 *   const b = await startBureaus({ decideAfterMs: null });
 *   const t = await createTestApp({}, { PARTNERS_BASE_URL: b.url });
 *   await b.decide('social', ref, 'approved');            // the bureau decides now
 *   b.down('social');  … → 503 PARTNER_UNAVAILABLE …      // every call to 人社 fails (HTTP 500, 9001)
 *   b.heal('social', t.app);                               // back up, and the server's breaker forgotten
 *
 * With the utilities' harness() (features/utilities/test-support.ts) use the free functions on
 * `h.sandbox` instead: bureauDown(h.sandbox, 'police'), bureauHeal(h.sandbox, 'police', h.t.app),
 * decideBureauCase(h.sandboxUrl, 'police', ref, 'denied', '材料不全'). There the bureaus decide by
 * themselves 2 s after submission (SANDBOX_BUREAU_DECIDE_MS).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { BureauNames, type BureauDecision, type BureauName, type Envelope } from '@dz/partner-protocol';
import { DEFAULT_APP_KEY, DEFAULT_SECRET, PARTNERS, buildSandbox, bureauPartners, type Sandbox } from '@dz/partners';
import { AppError } from '../../infra/errors.js';
import { PartnerClient } from '../partner-client.js';

export interface Bureaus {
  sandbox: Sandbox;
  /** Base URL of the sandbox: PARTNERS_BASE_URL of the server under test. */
  url: string;
  down(partner: BureauName): void;
  /** Heals the bureau; with the server's app, also forgets the failures its breaker counted. */
  heal(partner: BureauName, app?: FastifyInstance): void;
  /** Makes the bureau slow (ms before it answers): past the client's 3 s budget it is "down" too. */
  slow(partner: BureauName, latencyMs: number): void;
  decide(partner: BureauName, ref: string, status: 'approved' | 'denied', comment?: string): Promise<BureauDecision>;
  close(): Promise<void>;
}

export async function startBureaus(opts: { decideAfterMs?: number | null } = {}): Promise<Bureaus> {
  const others = PARTNERS.filter((p) => !(BureauNames as readonly string[]).includes(p.name));
  const sandbox = await buildSandbox({ partners: [...others, ...bureauPartners(opts)], notifyDelaysMs: [20, 100, 200, 400, 800] });
  const url = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  return {
    sandbox,
    url,
    down: (partner) => bureauDown(sandbox, partner),
    heal: (partner, app) => bureauHeal(sandbox, partner, app),
    slow: (partner, latencyMs) => {
      sandbox.faults.set(partner, { latencyMs });
    },
    decide: (partner, ref, status, comment) => decideBureauCase(url, partner, ref, status, comment),
    close: () => sandbox.close(),
  };
}

/** Every call to the bureau fails with the protocol's 9001 fault (HTTP 500), as a system that is down. */
export function bureauDown(sandbox: Sandbox, partner: BureauName): void {
  sandbox.faults.set(partner, { errorRate: 1 });
}

/**
 * The bureau answers again. The server's breaker opens after 5 failed calls and then refuses for
 * 30 s without calling; pass the server's app to reset it so the very next call goes through.
 */
export function bureauHeal(sandbox: Sandbox, partner: BureauName, app?: FastifyInstance): void {
  sandbox.faults.reset(partner);
  app?.ctx.partners.resetBreaker(partner);
}

/** The bureau decides the case now (the sandbox's test control endpoint). */
export async function decideBureauCase(sandboxUrl: string, partner: BureauName, ref: string, status: 'approved' | 'denied', comment?: string): Promise<BureauDecision> {
  const res = await fetch(`${sandboxUrl}/_control/${partner}/cases/${encodeURIComponent(ref)}/decide`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(comment === undefined ? { status } : { status, comment }),
  });
  const env = (await res.json()) as Envelope<BureauDecision>;
  if (env.code !== '0000' || !env.data) throw new Error(`decide ${partner} ${ref}: HTTP ${res.status} ${JSON.stringify(env)}`);
  return env.data;
}

/** A partner client that calls every system at `url` with the sandbox's key and secret (no app, no database). */
export function clientFor(url: string, timeoutMs = 3000): PartnerClient {
  return new PartnerClient(() => ({ baseUrl: url, appKey: DEFAULT_APP_KEY, secret: DEFAULT_SECRET, timeoutMs }));
}

/**
 * A "partner" on loopback that answers every call with the envelope `answer` gives for it — the
 * shapes and refusals the sandbox never sends (a wrong-shaped 0000, a 2xxx on a read) — and a
 * PartnerClient pointed at it, for the typed connectors' own tests:
 *
 *   const stub = await startStubPartner((method, url) => ({ code: '0000', message: 'ok', data: { rows: 'none' } }));
 *   const connector = new UtilityConnector(stub.client);
 */
export interface StubPartner {
  url: string;
  client: PartnerClient;
  close(): Promise<void>;
}

export async function startStubPartner(answer: (method: string, url: string) => Envelope<unknown>): Promise<StubPartner> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer(req.method ?? 'GET', req.url ?? '/')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    client: clientFor(url, 2000),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The AppError a promise rejects with (a connector's 502, 503 or PartnerRefusal). */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}
