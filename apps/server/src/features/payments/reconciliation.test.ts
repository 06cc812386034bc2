/**
 * Issue 9: 立即对账 is a job. The request answers at once with a job id; the console follows the
 * progress; a second click on the same day joins the running job; a gateway that hangs ends the job
 * with a Chinese reason that says it timed out; 对账 stays the platform's (a county gets 403).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { eventually, harness, type Harness } from '../utilities/test-support.js';

const SANDBOX_SECRET = 'sandbox-secret-not-for-production';
type Job = { id: number; kind: string; state: string; percent: number; message: string | null; result: { runId: number; status: string } | null };

let h: Harness;
let admin: StaffSession;
let cityOps: StaffSession;
let county: StaffSession;
let hanging: Server;
const held: import('node:http').ServerResponse[] = [];

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);
const job = async (s: StaffSession, id: number) => (await call(h.t, s.cookie, 'GET', `/api/admin/jobs/${id}`)).json() as Job;
const ended = (s: StaffSession, id: number) => eventually(async () => { const j = await job(s, id); return j.state === 'succeeded' || j.state === 'failed' ? j : null; }, 20_000);

beforeAll(async () => {
  h = await harness();
  admin = await setupAdmin(h.t);
  cityOps = await createStaff(h.t, admin, { username: 'dz_pay2', siteCode: '511700', roles: ['payment_platform'] });
  county = await createStaff(h.t, admin, { username: 'tc_admin2', siteCode: '511702', roles: ['site_admin'] });
  // Keep the scheduled pass away from the gateway: it would otherwise run yesterday's statement.
  await h.t.app.ctx.kv.setIfAbsent(`recon:${daysAgo(1)}`, '1', 10 * 60_000);
  // A gateway that accepts the connection and never answers.
  hanging = createServer((_req, res) => void held.push(res));
  await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
}, 60_000);
afterAll(async () => {
  for (const r of held) r.destroy();
  await new Promise((r) => hanging.close(r));
  await h.close();
});

describe('立即对账 as a job', () => {
  it('answers 202 with a job id at once, and the job ends with the run', async () => {
    const started = Date.now();
    const res = await call(h.t, admin.cookie, 'POST', '/api/admin/reconciliations', { date: today() });
    expect(res.statusCode, res.body).toBe(202);
    expect(Date.now() - started).toBeLessThan(2000);
    const { jobId, created } = res.json() as { jobId: number; created: boolean };
    expect(created).toBe(true);
    const done = await ended(admin, jobId);
    expect(done).toMatchObject({ kind: 'payments.reconcile', state: 'succeeded', percent: 100 });
    expect(done.message).toMatch(/^对账完成/);
    const detail = await call(h.t, admin.cookie, 'GET', `/api/admin/reconciliations/${done.result!.runId}`);
    expect(detail.statusCode).toBe(200);
    // another staff member, even of the same site and permission, cannot read it
    expect((await call(h.t, cityOps.cookie, 'GET', `/api/admin/jobs/${jobId}`)).statusCode).toBe(404);
    const audit = await h.t.app.ctx.db.selectFrom('audit_log').select(['actor_name', 'summary']).where('action', '=', 'payments.reconcile').where('result', '=', 'ok').execute();
    expect(audit).toContainEqual({ actor_name: 'admin', summary: expect.stringContaining(`对账 ${today()}`) });
  }, 30_000);

  it('still refuses county staff (403): 对账 is platform-level', async () => {
    const res = await call(h.t, county.cookie, 'POST', '/api/admin/reconciliations', { date: today() });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('市级及以上');
    expect((await call(h.t, admin.cookie, 'POST', '/api/admin/reconciliations', { date: '2099-01-01' })).statusCode).toBe(400);
  });

  it('with a hanging gateway: a second click joins the running job, which shows progress and fails with a timeout reason in Chinese', async () => {
    const put = await call(h.t, admin.cookie, 'PUT', '/api/admin/partners/pay?site=511700', { baseUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`, appKey: 'dz-sandbox', secret: SANDBOX_SECRET, timeoutMs: 3000, enabled: true });
    expect(put.statusCode).toBe(200);
    h.t.app.reconciliation.tune({ statementTimeoutMs: 1200, retryDelaysMs: [300] });
    try {
      const day = daysAgo(2);
      const first = await call(h.t, admin.cookie, 'POST', '/api/admin/reconciliations', { date: day });
      expect(first.statusCode).toBe(202);
      const second = await call(h.t, admin.cookie, 'POST', '/api/admin/reconciliations', { date: day });
      expect(second.json()).toEqual({ jobId: first.json().jobId, created: false });
      // someone else clicking the same day is told it is running
      const other = await call(h.t, cityOps.cookie, 'POST', '/api/admin/reconciliations', { date: day });
      expect(other.statusCode).toBe(409);
      expect(other.json().message).toContain('正在由其他工作人员进行');

      const id = first.json().jobId as number;
      const running = await eventually(async () => { const j = await job(admin, id); return j.state === 'running' && j.message?.includes('支付平台') ? j : null; });
      expect(running.message).toMatch(/正在向支付平台获取对账单|获取对账单超时/);
      const failed = await ended(admin, id);
      expect(failed.state).toBe('failed');
      expect(failed.message).toContain('超时');
      expect(failed.message).toMatch(/[\u4e00-\u9fff]/);
      // the key is released: the next click starts a new job
      const again = await call(h.t, admin.cookie, 'POST', '/api/admin/reconciliations', { date: day });
      expect(again.json().created).toBe(true);
      expect(again.json().jobId).not.toBe(id);
      await ended(admin, again.json().jobId as number);
    } finally {
      await call(h.t, admin.cookie, 'DELETE', '/api/admin/partners/pay?site=511700');
      h.t.app.reconciliation.tune({ statementTimeoutMs: 10_000, retryDelaysMs: [2000, 8000] });
    }
  }, 40_000);
});
