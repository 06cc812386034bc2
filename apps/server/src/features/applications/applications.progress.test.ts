/**
 * 我的办件: the list and the detail show the same progress — the company's. The sandbox's clock is
 * moved so the water company's installation advances (已受理申请 → 审核通过 after 60 s) without
 * anyone opening the detail; the list must show it, and must not ask the company on every view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandbox, INSTALL_PROGRESS_MS, type Sandbox } from '@dz/partners';
import type { ApplicationDetail, ApplicationListResponse, FileView } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { login, newIp, sessionCookie } from '../auth/test-kit.js';
import { DEMO } from '../utilities/test-support.js';

let t: TestApp;
let sandbox: Sandbox;
let cookie: string;
/** Added to the sandbox's clock; within the 5-minute window of the request signatures. */
let offsetMs = 0;
/** Progress questions the water company received. */
let progressCalls = 0;

beforeAll(async () => {
  sandbox = await buildSandbox({ now: () => Date.now() + offsetMs });
  sandbox.addHook('onRequest', async (req) => {
    if (req.method === 'GET' && req.url.startsWith('/v1/water/installations/')) progressCalls += 1;
  });
  const url = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  t = await createTestApp({}, { PARTNERS_BASE_URL: url });
  const res = await login(t.app, DEMO.phone, DEMO.password, newIp());
  expect(res.statusCode).toBe(200);
  cookie = sessionCookie(res)!;
});
afterAll(async () => {
  await t.close();
  await sandbox.close();
});

const get = (url: string) => t.app.inject({ url, headers: { cookie } });
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 3)]);

async function upload(): Promise<string> {
  const boundary = '----dzprogress';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({ method: 'POST', url: '/api/files', payload, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  expect(res.statusCode).toBe(201);
  return (res.json() as FileView).id;
}

describe('我的办件 progress', () => {
  it('the list shows the company’s current step without the detail being opened, and asks at most once a minute', async () => {
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
    const form = {
      originalMeterCardNo: '',
      applicantName: '张三',
      applicantAddress: '达州市通川区朝阳东路88号3栋2单元501',
      contactName: '张三',
      landline: '',
      applicantIdNumber: '511702199001011231',
      applicantPhone: '13900000001',
      appointmentDate: tomorrow,
      reason: '新房装修',
      supplyContractNo: '',
      certType: '居民身份证',
      certNo: '511702199001011231',
      agentOrg: '',
      agentName: '',
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/installations',
      headers: { cookie },
      payload: { type: 'water', form, attachments: [{ kind: 'id-front', fileId: await upload() }, { kind: 'property', fileId: await upload() }] },
    });
    expect(res.statusCode).toBe(201);
    const id = (res.json() as ApplicationDetail).id;

    // The company moves on: 审核通过. Nobody opens the detail.
    offsetMs = INSTALL_PROGRESS_MS.accepted + 1000;
    const before = progressCalls;
    const list = (await get('/api/applications')).json() as ApplicationListResponse;
    const mine = list.items.find((a) => a.id === id)!;
    expect(mine).toMatchObject({ status: 'processing', progress: '审核通过' });
    expect(progressCalls).toBe(before + 1);
    // The company's move is a status change of the case (已提交 → 办理中 = accepted) on its timeline.
    const moved = await t.app.ctx.db.selectFrom('case_events').select(['action', 'from_status', 'to_status', 'actor_type', 'comment']).where('case_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(moved).toEqual({ action: 'progress', from_status: 'submitted', to_status: 'accepted', actor_type: 'partner', comment: '审核通过' });

    const detail = (await get(`/api/applications/${id}`)).json() as ApplicationDetail;
    expect(detail.stale).toBe(false);
    expect(detail.steps.at(-1)!.title).toBe(mine.progress);
    expect(detail.status).toBe(mine.status);

    // Viewed again within the minute: the stored progress, no new question to the company.
    const calls = progressCalls;
    for (let i = 0; i < 3; i++) await get('/api/applications');
    expect(progressCalls).toBe(calls);

    // A minute later (the mark expires) the next view asks again and follows the company.
    await t.app.ctx.kv.del(`applications:progress-checked:${id}`);
    await get('/api/applications');
    expect(progressCalls).toBe(calls + 1);
  });

  it('a company that cannot be reached leaves the stored progress in the list, quickly', async () => {
    sandbox.faults.set('water', { errorRate: 1 });
    const all = await t.app.ctx.db.selectFrom('cases').select('id').where('kind', '=', 'installation').execute();
    for (const r of all) await t.app.ctx.kv.del(`applications:progress-checked:${r.id}`);
    const t0 = Date.now();
    const res = await get('/api/applications');
    sandbox.faults.reset();
    expect(res.statusCode).toBe(200);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((res.json() as ApplicationListResponse).items[0]).toMatchObject({ status: 'processing', progress: '审核通过' });
  });
});
