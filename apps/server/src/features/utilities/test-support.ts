/**
 * A server and the real sandbox of the partner systems, both listening on loopback, as in
 * production: the server calls the sandbox with signed requests, and the sandbox's payment gateway
 * notifies the server over HTTP. Used by the utilities, payments, applications and integration tests.
 */
import { buildSandbox, type Sandbox } from '@dz/partners';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { login, newIp, sessionCookie } from '../auth/test-kit.js';

export const DEMO = { phone: '13900000001', password: 'Demo@2026' };

export interface Harness {
  t: TestApp;
  sandbox: Sandbox;
  sandboxUrl: string;
  serverUrl: string;
  /** Cookie of the demo citizen 张三 (real-name verified, owns water and gas accounts). */
  demo: string;
  close(): Promise<void>;
}

export async function harness(env: NodeJS.ProcessEnv = {}): Promise<Harness> {
  // Short notification retries so a test sees the gateway's retry schedule in well under a second.
  const sandbox = await buildSandbox({ notifyDelaysMs: [20, 100, 200, 400, 800] });
  const sandboxUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  const t = await createTestApp({}, { PARTNERS_BASE_URL: sandboxUrl, ...env });
  const serverUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const res = await login(t.app, DEMO.phone, DEMO.password, newIp());
  if (res.statusCode !== 200) throw new Error(`demo login ${res.statusCode}: ${res.body}`);
  return {
    t,
    sandbox,
    sandboxUrl,
    serverUrl,
    demo: sessionCookie(res)!,
    async close() {
      await t.close();
      await sandbox.close();
    },
  };
}

/** Polls until `check` returns a value or the time is up. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, ms = 5000, every = 50): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Presses 确认支付 on the sandbox cashier, as the browser's form post does; returns where it redirects. */
export async function payAtCashier(payUrl: string): Promise<{ status: number; location: string | null; html: string }> {
  const page = await fetch(payUrl);
  const html = await page.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the cashier page: ${html.slice(0, 200)}`);
  const res = await fetch(new URL(action.replace(/&amp;/g, '&'), payUrl), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  return { status: res.status, location: res.headers.get('location'), html };
}
