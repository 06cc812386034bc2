import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplicationDetail, ApplicationListResponse, FileView } from '@dz/contracts';
import { registerPerson } from '../auth/test-kit.js';
import { harness, type Harness } from '../utilities/test-support.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h.close());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-test-image-身份证'.repeat(20))]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7), Buffer.from([0xff, 0xd9])]);

function multipart(content: Buffer, filename: string, type: string) {
  const boundary = '----dztest' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (content: Buffer, filename = 'id.png', type = 'image/png', cookie = h.demo) => {
  const m = multipart(content, filename, type);
  return h.t.app.inject({ method: 'POST', url: '/api/files', payload: m.payload, headers: { ...m.headers, cookie } });
};
const get = (url: string, cookie = h.demo) => h.t.app.inject({ method: 'GET', url, headers: { cookie } });
const post = (url: string, payload: object, cookie = h.demo) => h.t.app.inject({ method: 'POST', url, payload, headers: { cookie } });

const tomorrow = () => new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
const waterForm = () => ({
  originalMeterCardNo: '',
  applicantName: '张三',
  applicantAddress: '达州市通川区朝阳东路88号3栋2单元501',
  contactName: '张三',
  landline: '0818-2123456',
  applicantIdNumber: '511702199001011231',
  applicantPhone: '13900000001',
  appointmentDate: tomorrow(),
  reason: '新房装修，申请安装水表',
  supplyContractNo: '',
  certType: '居民身份证',
  certNo: '511702199001011231',
  agentOrg: '',
  agentName: '',
});

describe('file service', () => {
  it('accepts images by content, stores them encrypted and shows them to their owner only', async () => {
    const res = await upload(PNG);
    expect(res.statusCode).toBe(201);
    const f = res.json() as FileView;
    expect(f).toMatchObject({ mime: 'image/png', size: PNG.length, url: `/api/files/${f.id}` });
    const back = await get(f.url);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
    expect(back.rawPayload.equals(PNG)).toBe(true);
    const dir = join(h.t.config.dataDir, 'files', f.id.slice(0, 2));
    const stored = readFileSync(join(dir, readdirSync(dir).find((n) => n.startsWith(f.id))!));
    expect(stored.includes(Buffer.from('IHDR-test-image'))).toBe(false);
    const other = await registerPerson(h.t.app);
    expect((await get(f.url, other.cookie)).statusCode).toBe(404);
    expect((await h.t.app.inject({ url: f.url })).statusCode).toBe(401);
  });

  it('refuses a script named .png, and images over 5 MB', async () => {
    const fake = await upload(Buffer.from('<script>alert(1)</script>'), 'id.png', 'image/png');
    expect(fake.statusCode).toBe(400);
    expect(fake.json()).toMatchObject({ code: 'FILE_REJECTED', message: '仅支持 JPG、PNG、WebP 格式的图片或 PDF 文件，请重新选择' });
    const big = await upload(Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]), 'big.jpg', 'image/jpeg');
    expect(big.statusCode).toBe(400);
    expect(big.json().message).toContain('5MB');
    expect(statSync(join(h.t.config.dataDir, 'files')).isDirectory()).toBe(true);
  });
});

describe('在线报装 (water)', () => {
  it('checks every field and the required images, then submits to the water company', async () => {
    const bad = await post('/api/installations', { type: 'water', form: { ...waterForm(), applicantIdNumber: '123', applicantPhone: '12', appointmentDate: '2000-01-01' }, attachments: [] });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().fields as object).sort()).toEqual(['applicantIdNumber', 'applicantPhone', 'appointmentDate', 'attachments']);

    const front = (await upload(PNG)).json() as FileView;
    const deed = (await upload(JPEG, 'deed.jpg', 'image/jpeg')).json() as FileView;
    const res = await post('/api/installations', { type: 'water', form: waterForm(), attachments: [{ kind: 'id-front', fileId: front.id }, { kind: 'property', fileId: deed.id }] });
    expect(res.statusCode).toBe(201);
    const app = res.json() as ApplicationDetail;
    expect(app.status).toBe('submitted');
    expect(app.installNo).toMatch(/^WS\d{10}$/);
    expect(app.steps[0]).toMatchObject({ status: 'received' });
    expect(app.fields.find((f) => f.label === '申请人身份证号')?.value).toBe('511702**********31');
    expect(app.attachments).toHaveLength(2);

    const list = (await get('/api/applications')).json() as ApplicationListResponse;
    expect(list.items[0]).toMatchObject({ id: app.id, title: '用水报装申请', status: 'submitted' });
    const detail = (await get(`/api/applications/${app.id}`)).json() as ApplicationDetail;
    expect(detail.stale).toBe(false);
    // The form is encrypted at rest; the installation is a case of the engine, its timeline saved → submitted.
    const row = await h.t.app.ctx.db.selectFrom('cases').select(['data_enc', 'kind', 'case_no', 'partner_ref', 'status']).where('id', '=', app.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'installation', case_no: app.applicationNo, partner_ref: app.installNo, status: 'submitted' });
    expect(row.data_enc).not.toContain('511702199001011231');
    const events = await h.t.app.ctx.db.selectFrom('case_events').select(['action', 'from_status', 'to_status', 'actor_type']).where('case_id', '=', app.id).orderBy('id').execute();
    expect(events).toEqual([
      { action: 'draft', from_status: null, to_status: 'draft', actor_type: 'citizen' },
      { action: 'submit', from_status: 'draft', to_status: 'submitted', actor_type: 'citizen' },
    ]);
    // It opens through its own page, not the engine's case detail, and 我的办件 lists it from the one table.
    expect((await get(`/api/cases/${app.id}`)).statusCode).toBe(404);
    const mine = (await get('/api/cases?pageSize=50')).json() as { items: { id: number; kind: string; href: string }[] };
    expect(mine.items.find((c) => c.id === app.id)).toMatchObject({ kind: 'installation', href: `/me/cases/${app.id}` });
  });

  it('refuses someone else’s upload as an attachment', async () => {
    const other = await registerPerson(h.t.app);
    const theirs = (await upload(PNG, 'x.png', 'image/png', other.cookie)).json() as FileView;
    const mine = (await upload(JPEG, 'deed.jpg', 'image/jpeg')).json() as FileView;
    const res = await post('/api/installations', { type: 'power', form: waterForm(), attachments: [{ kind: 'id-front', fileId: theirs.id }, { kind: 'property', fileId: mine.id }] });
    expect(res.statusCode).toBe(404);
  });
});

describe('燃气报装 when the gas company is down', () => {
  const gasForm = { contactName: '张三', contactPhone: '13900000001', idNumber: '511702199001011231', installType: 'residential', address: '达州市通川区朝阳东路88号3栋2单元501', description: '新房通气' };

  it('keeps the application as a draft with its uploads, and resubmits it once the company is back', async () => {
    const photo = (await upload(PNG)).json() as FileView;
    h.sandbox.faults.set('gas', { errorRate: 1 });
    const t0 = Date.now();
    const res = await post('/api/installations', { type: 'gas', form: gasForm, attachments: [{ kind: 'other', fileId: photo.id }] });
    expect(Date.now() - t0).toBeLessThan(9000);
    expect(res.statusCode).toBe(503);
    const id = (res.json() as { details: { applicationId: number } }).details.applicationId;
    expect(res.json().message).toContain('草稿');

    const draft = (await get(`/api/applications/${id}`)).json() as ApplicationDetail;
    expect(draft.status).toBe('draft');
    expect(draft.lastError).toContain('燃气公司');
    expect(draft.draft?.attachments).toEqual([{ kind: 'other', fileId: photo.id }]);
    expect(draft.fields.find((f) => f.label === '申请人')?.value).toBe('张*');

    // Still down: resubmitting fails the same way and the draft stays.
    expect((await post(`/api/applications/${id}/submit`, {})).statusCode).toBe(503);
    h.sandbox.faults.reset();
    const ok = await post(`/api/applications/${id}/submit`, {});
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'submitted', lastError: null });
    expect((ok.json() as ApplicationDetail).installNo).toMatch(/^RQ\d{10}$/);
    expect((await post(`/api/applications/${id}/submit`, {})).json()).toMatchObject({ code: 'NOT_A_DRAFT' });
    expect((await h.t.app.inject({ method: 'DELETE', url: `/api/applications/${id}`, headers: { cookie: h.demo } })).statusCode).toBe(409);
    const actions = await h.t.app.ctx.db.selectFrom('case_events').select('action').where('case_id', '=', id).orderBy('id').execute();
    expect(actions.map((e) => e.action)).toEqual(['draft', 'handoff-failed', 'handoff-failed', 'submit']);
  });

  it('shows the last known progress, marked stale, while the company cannot be reached', async () => {
    const list = (await get('/api/applications')).json() as ApplicationListResponse;
    const gas = list.items.find((a) => a.type === 'gas')!;
    h.sandbox.faults.set('gas', { errorRate: 1 });
    const d = (await get(`/api/applications/${gas.id}`)).json() as ApplicationDetail;
    h.sandbox.faults.reset();
    expect(d.stale).toBe(true);
    expect(d.steps.length).toBeGreaterThan(0);
  });

  it('needs 实名认证 for 燃气报装', async () => {
    const u = await registerPerson(h.t.app);
    const res = await post('/api/installations', { type: 'gas', form: gasForm, attachments: [] }, u.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'REALNAME_REQUIRED' });
  });
});

describe('unused uploads', () => {
  it('are deleted after a day; pictures of an application are kept', async () => {
    const orphan = (await upload(PNG)).json() as FileView;
    const list = (await get('/api/applications')).json() as ApplicationListResponse;
    const water = list.items.find((a) => a.type === 'water')!;
    const kept = ((await get(`/api/applications/${water.id}`)).json() as ApplicationDetail).attachments.map((a) => a.fileId);
    expect(kept).toHaveLength(2);
    await h.t.app.ctx.db.updateTable('files').set({ created_at: new Date(Date.now() - 2 * 86_400_000).toISOString() }).execute();
    expect(await h.t.app.files.sweepOrphans()).toBeGreaterThanOrEqual(1);
    expect((await get(orphan.url)).statusCode).toBe(404);
    for (const id of kept) expect((await get(`/api/files/${id}`)).statusCode).toBe(200);
  });
});
