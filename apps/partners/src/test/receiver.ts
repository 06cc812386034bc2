/**
 * A merchant's notification endpoint for the tests: a real Fastify server on 127.0.0.1:0 that
 * verifies each notification's signature with the protocol's verifyRequest over the raw body and
 * answers as the test scripts it.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { MemoryNonceStore, ok, verifyRequest, type PayNotification, type VerifyResult } from '@dz/partner-protocol';
import { DEFAULT_APP_KEY, DEFAULT_SECRET } from '../protocol.js';

export interface Received {
  url: string;
  verified: VerifyResult;
  body: PayNotification;
}

export interface Receiver {
  /** notifyUrl to give the gateway (with a query string, which is signed too). */
  url: string;
  received: Received[];
  close: () => Promise<void>;
}

/** `answer(n)` decides the reply to the n-th delivery (1-based); default: envelope 0000. */
export async function notificationReceiver(opts: {
  answer?: (n: number) => { status: number; body: unknown };
  secrets?: Record<string, string>;
  /** The receiver's clock for the timestamp window (the sandbox signs with its own clock). */
  now?: () => number;
} = {}): Promise<Receiver> {
  const secrets = opts.secrets ?? { [DEFAULT_APP_KEY]: DEFAULT_SECRET };
  const nonces = new MemoryNonceStore();
  const received: Received[] = [];
  // Default server options, like a merchant's: its close() must not be held open by the sandbox's
  // notifications (see notifier.ts on why a closing sandbox does not abort a delivery).
  const server = Fastify();
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  server.post('/notify', async (req, reply) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    const verified = await verifyRequest({
      headers: req.headers,
      method: req.method,
      pathWithQuery: req.url,
      body: raw,
      secretFor: (k) => secrets[k],
      nonces,
      ...(opts.now ? { now: opts.now() } : {}),
    });
    received.push({ url: req.url, verified, body: JSON.parse(raw) as PayNotification });
    const answer = opts.answer?.(received.length) ?? { status: 200, body: ok(null) };
    return reply.code(answer.status).send(answer.body);
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/notify?merchant=dz`, received, close: () => server.close() };
}
