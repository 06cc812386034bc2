/**
 * 文件中心 through the console API and the public read, on SQLite or MariaDB per DZ_TEST_DB:
 * uploads checked by content (a text file named .png is refused), list and filters, the public
 * bytes with a year's caching and 304 on the ETag, delete refused while a spot or policy lists the
 * file, permission and site scope, the audit trail, and savePublicFile for code.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicFileView } from '@dz/contracts';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { nowIso } from '../../infra/time.js';
import { BytesLru, sanitiseFileName, savePublicFile } from './file-centre.service.js';

let t: TestApp;
let admin: StaffSession;
let cityOp: StaffSession;
let xhOp: StaffSession;
let handler: StaffSession;

function png(w = 4, h = 3): Buffer {
  const img = new PNG({ width: w, height: h });
  img.data.fill(0x80);
  return PNG.sync.write(img);
}
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

function multipart(content: Buffer, fileName: string, field = 'file', type = 'application/octet-stream') {
  const boundary = `----dzfc${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (cookie: string, content: Buffer, fileName: string, site = S, field?: string) => {
  const { payload, headers } = multipart(content, fileName, field);
  return t.app.inject({ method: 'POST', url: `/api/admin/files?site=${site}`, payload, headers: { ...headers, cookie } });
};
/** 开江县: no seeded files (the culture seed stores its pictures at 达州市), so counts are this file's own. */
const S = '511723';
const pub = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
  cityOp = await createStaff(t, admin, { username: 'fc_city_op', siteCode: '511700', roles: ['operator'] });
  xhOp = await createStaff(t, admin, { username: 'fc_xh_op', siteCode: '511722', roles: ['operator'] });
  handler = await createStaff(t, admin, { username: 'fc_handler', siteCode: '511700', roles: ['case_handler'] });
}, 90_000);
afterAll(async () => {
  await t?.close();
});

describe('文件中心: uploads by content', () => {
  let picture: PublicFileView;
  let doc: PublicFileView;

  it('a PNG and a PDF are accepted (201) with sanitised names; the row keeps sha256 and uploader', async () => {
    const bytes = png();
    const res = await upload(cityOp.cookie, bytes, '../../实景图 <大巴山>.png');
    expect(res.statusCode, res.body).toBe(201);
    picture = res.json<PublicFileView>();
    expect(picture).toMatchObject({ name: '实景图 大巴山.png', mime: 'image/png', size: bytes.length, site: S, uploadedBy: 'fc_city_op' });
    expect(picture.url).toBe(`/api/public-files/${picture.id}`);
    const row = await t.app.ctx.db.selectFrom('public_files').selectAll().where('id', '=', picture.id).executeTakeFirstOrThrow();
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);

    const p = await upload(cityOp.cookie, pdf, '资助政策附件.pdf');
    expect(p.statusCode, p.body).toBe(201);
    doc = p.json<PublicFileView>();
    expect(doc).toMatchObject({ name: '资助政策附件.pdf', mime: 'application/pdf' });
  });

  it('a text file renamed .png, an empty file or another field are refused (400 FILE_REJECTED); over 5 MB too', async () => {
    const text = await upload(cityOp.cookie, Buffer.from('这不是图片，只是一段文字。\n'.repeat(20)), 'fake.png');
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ code: 'FILE_REJECTED', message: expect.stringContaining('仅支持') });
    expect((await upload(cityOp.cookie, Buffer.alloc(0), 'empty.png')).json()).toMatchObject({ code: 'FILE_REJECTED' });
    expect((await upload(cityOp.cookie, png(), 'a.png', undefined, 'picture')).statusCode).toBe(400);
    const big = Buffer.concat([png(), Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await upload(cityOp.cookie, big, 'big.png');
    expect([400, 413]).toContain(tooBig.statusCode);
    expect(tooBig.body).toContain('5MB');
    // The refused ones left no rows.
    const n = await t.app.ctx.db.selectFrom('public_files').select((eb) => eb.fn.countAll<number>().as('n')).where('site_code', '=', S).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });

  it('permission and site scope: no content permission → 403, another site → 403, no session → 401', async () => {
    expect((await upload(handler.cookie, png(), 'x.png')).statusCode).toBe(403);
    expect((await upload(xhOp.cookie, png(), 'x.png', '511700')).statusCode).toBe(403);
    expect((await call(t, xhOp.cookie, 'GET', '/api/admin/files?site=511700')).statusCode).toBe(403);
    expect((await call(t, null, 'GET', '/api/admin/files')).statusCode).toBe(401);
    expect((await call(t, xhOp.cookie, 'DELETE', `/api/admin/files/${picture.id}`)).statusCode).toBe(403);
  });

  it('the list filters by name and kind, newest first, paged; another site sees only its own', async () => {
    const all = await call(t, cityOp.cookie, 'GET', `/api/admin/files?site=${S}`);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toMatchObject({ total: 2, items: [{ id: doc.id }, { id: picture.id }] });
    expect((await call(t, cityOp.cookie, 'GET', `/api/admin/files?site=${S}&kind=image`)).json()).toMatchObject({ total: 1, items: [{ id: picture.id }] });
    expect((await call(t, cityOp.cookie, 'GET', `/api/admin/files?site=${S}&kind=pdf`)).json()).toMatchObject({ total: 1, items: [{ id: doc.id }] });
    expect((await call(t, cityOp.cookie, 'GET', `/api/admin/files?site=${S}&q=${encodeURIComponent('大巴山')}`)).json()).toMatchObject({ total: 1, items: [{ id: picture.id }] });
    // A '%' typed in the box is a character, not a wildcard.
    expect((await call(t, cityOp.cookie, 'GET', `/api/admin/files?site=${S}&q=${encodeURIComponent('%')}`)).json()).toMatchObject({ total: 0, items: [] });
    const paged = (await call(t, cityOp.cookie, 'GET', `/api/admin/files?site=${S}&page=2&pageSize=1`)).json<{ items: PublicFileView[]; total: number }>();
    expect(paged).toMatchObject({ total: 2, items: [{ id: picture.id }] });
    expect((await call(t, xhOp.cookie, 'GET', '/api/admin/files')).json()).toMatchObject({ total: 0, items: [] });
    // The city's operator manages the county's file centre too (its subtree).
    expect((await call(t, cityOp.cookie, 'GET', '/api/admin/files?site=511722')).statusCode).toBe(200);
    expect((await call(t, cityOp.cookie, 'GET', `/api/admin/files?site=${S}&kind=zip`)).statusCode).toBe(400);
  });

  it('the public read: no session, the bytes and type, a year of caching, strong ETag and 304', async () => {
    const res = await pub(picture.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.equals(png())).toBe(true);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-disposition'])).toMatch(/^inline; filename=".*"; filename\*=UTF-8''%E5%AE%9E/);
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await pub(picture.url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await pub(picture.url, { 'if-none-match': '"other"' })).statusCode).toBe(200);
    const d = await pub(doc.url);
    expect(d.headers['content-type']).toBe('application/pdf');
    expect(d.rawPayload.toString('latin1')).toContain('%%EOF');
    expect((await pub('/api/public-files/00000000-0000-4000-8000-000000000000')).json()).toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect((await pub('/api/public-files/not-an-id')).statusCode).toBe(404);
  });

  it('delete is refused (409, naming the spot / policy) while referenced, allowed afterwards; then the public read is 404', async () => {
    const at = nowIso();
    const spot = await t.app.ctx.db
      .insertInto('scenic_spots')
      .values({ site_code: S, name: '测试景点甲', county: S, intro: '介绍', photo_file_ids: JSON.stringify([picture.id]), tags: '[]', created_at: at, updated_at: at })
      .executeTakeFirstOrThrow();
    const policy = await t.app.ctx.db
      .insertInto('aid_policies')
      .values({ site_code: S, title: '测试资助政策乙', category: 'compulsory', body: '<p>x</p>', body_text: 'x', effective_from: '2026-01-01', attachment_file_ids: JSON.stringify([doc.id]), created_at: at, updated_at: at })
      .executeTakeFirstOrThrow();
    const refused = await call(t, cityOp.cookie, 'DELETE', `/api/admin/files/${picture.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'FILE_IN_USE', message: expect.stringContaining('测试景点甲') });
    const refusedDoc = await call(t, cityOp.cookie, 'DELETE', `/api/admin/files/${doc.id}`);
    expect(refusedDoc.json<{ message: string }>().message).toContain('测试资助政策乙');

    await t.app.ctx.db.updateTable('scenic_spots').set({ photo_file_ids: '[]' }).where('id', '=', Number(spot.insertId)).execute();
    await t.app.ctx.db.updateTable('aid_policies').set({ attachment_file_ids: '[]' }).where('id', '=', Number(policy.insertId)).execute();
    expect((await call(t, cityOp.cookie, 'DELETE', `/api/admin/files/${picture.id}`)).statusCode).toBe(204);
    expect((await call(t, cityOp.cookie, 'DELETE', `/api/admin/files/${picture.id}`)).json()).toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect((await pub(picture.url)).statusCode).toBe(404);
    expect((await call(t, cityOp.cookie, 'GET', `/api/admin/files?site=${S}`)).json()).toMatchObject({ total: 1, items: [{ id: doc.id }] });
    // Soft: the row stays for the record.
    const row = await t.app.ctx.db.selectFrom('public_files').select('deleted_at').where('id', '=', picture.id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
  });

  it('every upload, delete and refusal is in the audit trail', async () => {
    const trail = await t.app.ctx.db.selectFrom('audit_log').select(['action', 'result', 'actor_name', 'object_id']).where('action', 'like', 'public-file.%').orderBy('id').execute();
    const ok = trail.filter((a) => a.result === 'ok');
    expect(ok.filter((a) => a.action === 'public-file.upload')).toHaveLength(2);
    expect(ok.find((a) => a.action === 'public-file.delete')).toMatchObject({ actor_name: 'fc_city_op', object_id: picture.id });
    expect(trail.filter((a) => a.result === 'denied').map((a) => a.action)).toEqual(expect.arrayContaining(['public-file.upload', 'public-file.list', 'public-file.delete']));
  });
});

describe('savePublicFile (for code: seeds, imports)', () => {
  it('stores a generated picture the public read serves; refuses what is not a picture or PDF', async () => {
    const bytes = png(8, 8);
    const view = await savePublicFile(t.app.ctx, { site: '511722', name: 'seed/真佛山.png', bytes, uploadedBy: 'seed' });
    expect(view).toMatchObject({ name: '真佛山.png', site: '511722', uploadedBy: 'seed', mime: 'image/png' });
    expect((await pub(view.url)).rawPayload.equals(bytes)).toBe(true);
    await expect(savePublicFile(t.app.ctx, { site: '511722', name: 'x.png', bytes: Buffer.from('hello'), uploadedBy: 'seed' })).rejects.toMatchObject({ code: 'FILE_REJECTED' });
  });

  it('names follow the content; the LRU keeps within its byte budget', () => {
    expect(sanitiseFileName('景区.png', 'application/pdf')).toBe('景区.pdf');
    expect(sanitiseFileName('C:\\Users\\a\\照片.JPG', 'image/jpeg')).toBe('照片.jpg');
    expect(sanitiseFileName('...', 'image/png')).toBe('未命名.png');
    expect(sanitiseFileName('a'.repeat(300), 'image/png')).toHaveLength(100);
    const lru = new BytesLru(10, 6);
    lru.set('a', Buffer.alloc(4));
    lru.set('b', Buffer.alloc(4));
    lru.get('a');
    lru.set('c', Buffer.alloc(4));
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBeDefined();
    lru.set('big', Buffer.alloc(7));
    expect(lru.get('big')).toBeUndefined();
    expect(lru.size).toBeLessThanOrEqual(10);
  });
});
