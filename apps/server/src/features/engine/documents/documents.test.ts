import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../../infra/config.js';
import { AppError } from '../../../infra/errors.js';
import { createTestApp, PROD_ENV, type TestApp } from '../../../test/helpers.js';
import { createStaff, setupAdmin } from '../../admin-auth/test-support.js';
import { idNumber, newIp, registerPerson, type Registered } from '../../auth/test-kit.js';
import { DocumentsService } from './documents.service.js';
import { DocumentSigner, KEY_FILE, embeddedSignKey } from './documents.signer.js';

let t: TestApp;
let owner: Registered;
let other: Registered;
let caseId: number;

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function insertCase(site: string, userId: number): Promise<number> {
  const now = new Date().toISOString();
  const r = await t.app.ctx.db
    .insertInto('cases')
    .values({
      case_no: `T${Date.now()}${Math.floor(Math.random() * 1000)}`,
      user_id: userId,
      site_code: site,
      kind: 'promise',
      title: '居住证办理',
      status: 'completed',
      form_code: 'residence-permit',
      form_site: site,
      form_version: 1,
      workflow_code: 'standard',
      workflow_site: site,
      workflow_version: 1,
      step_key: null,
      data_enc: t.app.ctx.gm.encrypt('{}'),
      applicant_name_bidx: null,
      applicant_id_bidx: null,
      applicant_phone_bidx: null,
      department_id: null,
      parent_id: null,
      part_code: null,
      assignee_id: null,
      deadline_at: null,
      clock_started_at: null,
      supplement: null,
      result: null,
      document_id: null,
      partner_ref: null,
      last_actor: null,
      created_at: now,
      submitted_at: now,
      accepted_at: now,
      completed_at: now,
      updated_at: now,
    })
    .executeTakeFirstOrThrow();
  return Number(r.insertId);
}

function issueProof(over: Partial<Parameters<DocumentsService['issue']>[0]> = {}) {
  return t.app.documents.issue({
    kind: 'social-insurance-proof',
    title: '社会保险参保缴费证明',
    userId: owner.userId,
    caseId: null,
    holderName: '张三丰',
    holderIdNumber: owner.idNumber,
    rows: [
      { label: '姓名', value: '张三丰' },
      { label: '参保险种', value: '城镇职工基本养老保险' },
      { label: '参保状态', value: '正常参保' },
      { label: '累计缴费月数', value: '96' },
    ],
    body: ['兹证明上述人员在达州市参加社会保险，特此证明。'],
    validDays: 90,
    ...over,
  });
}

const verify = (qrText: string) => t.app.inject({ method: 'POST', url: '/api/verify', payload: { qrText } });
const getPdf = (id: string, cookie?: string) => t.app.inject({ url: `/api/documents/${id}/pdf`, ...(cookie ? { headers: { cookie } } : {}) });

beforeAll(async () => {
  t = await createTestApp();
  owner = await registerPerson(t.app, { name: '张三丰', idNumber: idNumber('19800101', '111') });
  other = await registerPerson(t.app, { name: '李四', idNumber: idNumber('19850202', '222') });
  caseId = await insertCase('511702', owner.userId);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await t?.close();
});

describe('issuing a signed PDF', () => {
  it('renders an A4 PDF with the Chinese font embedded, stored encrypted, opened only by its owner', async () => {
    const doc = await issueProof();
    expect(doc.url).toBe(`/api/documents/${doc.id}/pdf`);
    expect(doc.qrText).toMatch(/^DZDOC:[0-9a-f-]{36}\.[A-Za-z0-9_-]{16}$/);
    expect(doc.docNo).toMatch(/^DZ\d{8}[A-Z2-9]{10}$/);

    const res = await getPdf(doc.id, owner.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`社会保险参保缴费证明-${doc.docNo}.pdf`)}`);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // An embedded font program (FontFile2 for TrueType, FontFile3 for the CFF of Noto CJK).
    expect(pdf.includes('/FontFile')).toBe(true);
    expect(pdf.length).toBeLessThan(400_000);
    // One A4 page (595.28 × 841.89 pt).
    expect(pdf.toString('latin1')).toMatch(/\/Type \/Pages\s*\/Count 1\b/);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');

    // The signed payload binds the exact bytes served.
    const row = await t.app.ctx.db.selectFrom('documents').selectAll().where('id', '=', doc.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.payload).pdf).toBe(createHash('sm3').update(pdf).digest('hex'));
    expect(row.holder_masked).toBe('张**');
    expect(row.payload).not.toContain('张三丰');
    expect(row.payload).not.toContain(owner.idNumber);
    // At rest the file is SM4-encrypted, not a readable PDF, and linked so the orphan sweep keeps it.
    const file = await t.app.ctx.db.selectFrom('files').selectAll().where('id', '=', row.file_id).executeTakeFirstOrThrow();
    expect(file.mime).toBe('application/pdf');
    const link = await t.app.ctx.db.selectFrom('file_links').selectAll().where('file_id', '=', row.file_id).executeTakeFirst();
    expect(link).toMatchObject({ owner_type: 'document', owner_id: doc.id });

    expect((await getPdf(doc.id, other.cookie)).statusCode).toBe(404);
    expect((await getPdf(doc.id)).statusCode).toBe(404);
    expect((await getPdf('00000000-0000-4000-8000-000000000000', owner.cookie)).statusCode).toBe(404);
  });

  it('lists the citizen’s own documents with their QR text', async () => {
    const doc = await issueProof({ title: '参保证明（列表）' });
    const mine = await t.app.inject({ url: '/api/documents', headers: { cookie: owner.cookie } });
    expect(mine.statusCode).toBe(200);
    const item = (mine.json() as { items: { id: string; qrText: string; kindName: string; holder: string; revoked: boolean }[] }).items.find((i) => i.id === doc.id);
    expect(item).toMatchObject({ qrText: doc.qrText, kindName: '社会保险参保证明', holder: '张**', revoked: false });
    const theirs = await t.app.inject({ url: '/api/documents', headers: { cookie: other.cookie } });
    expect((theirs.json() as { items: unknown[] }).items).toEqual([]);
    expect((await t.app.inject({ url: '/api/documents' })).statusCode).toBe(401);
  });

  // Node types an SM2 key made by generateKeyPairSync as plain EC (ECDSA); OpenSSL's own SM2
  // verification (with Z_A) proves the signer uses keys that sign real SM2.
  it.skipIf(!hasOpenssl)('is signed with real SM2 (GB/T 32918, SM3, default ID) that OpenSSL verifies', async () => {
    const doc = await issueProof();
    const row = await t.app.ctx.db.selectFrom('documents').selectAll().where('id', '=', doc.id).executeTakeFirstOrThrow();
    expect(row.key_id).toBe(t.app.documents.signer.keyId);
    const dir = mkdtempSync(join(tmpdir(), 'dz-sm2-'));
    try {
      writeFileSync(join(dir, 'pub.pem'), t.app.documents.signer.publicKeyPem());
      writeFileSync(join(dir, 'msg'), row.payload);
      writeFileSync(join(dir, 'sig'), Buffer.from(row.signature, 'base64url'));
      const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-digest', 'sm3', '-in', 'msg', '-sigfile', 'sig'], { cwd: dir }).toString();
      expect(out).toContain('Verified Successfully');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives staff with case:handle in the case’s site subtree the PDF (audited), nobody else', async () => {
    const doc = await issueProof({ kind: 'approval-decision', title: '准予许可决定书', caseId });
    const admin = await setupAdmin(t);
    const tc = await createStaff(t, admin, { username: 'tc_handler', siteCode: '511702', roles: ['case_handler'] });
    const xh = await createStaff(t, admin, { username: 'xh_handler', siteCode: '511722', roles: ['case_handler'] });
    const op = await createStaff(t, admin, { username: 'tc_operator', siteCode: '511702', roles: ['operator'] });
    const city = await createStaff(t, admin, { username: 'dz_handler', siteCode: '511700', roles: ['case_handler'] });

    const ok = await getPdf(doc.id, tc.cookie);
    expect(ok.statusCode).toBe(200);
    expect(ok.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await getPdf(doc.id, city.cookie)).statusCode).toBe(200);
    expect((await getPdf(doc.id, xh.cookie)).statusCode).toBe(404);
    expect((await getPdf(doc.id, op.cookie)).statusCode).toBe(404);
    // A document without a case is the citizen's alone.
    const personal = await issueProof();
    expect((await getPdf(personal.id, tc.cookie)).statusCode).toBe(404);

    const audit = await t.app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'document.view').where('object_id', '=', doc.id).execute();
    expect(audit.map((a) => a.actor_name).sort()).toEqual(['dz_handler', 'tc_handler']);
  });
});

describe('POST /api/verify', () => {
  it('says valid, with the kind in Chinese and the holder masked, to anyone', async () => {
    const doc = await issueProof();
    const res = await verify(doc.qrText);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ valid: true, kind: '社会保险参保证明', holder: '张**', issuedAt: doc.issuedAt });
    expect(body.reason).toBeUndefined();
    expect(Date.parse(body.expiresAt) - Date.parse(doc.issuedAt)).toBe(90 * 86_400_000);
    expect(body.details).toEqual(expect.arrayContaining([{ label: '文书编号', value: doc.docNo }]));
  });

  it('refuses a code whose tag was changed, an unknown id, and what it does not recognise', async () => {
    const doc = await issueProof();
    const [head, tag] = doc.qrText.split('.') as [string, string];
    const flipped = `${head}.${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}`;
    expect((await verify(flipped)).json()).toMatchObject({ valid: false, reason: '签名校验失败，文书可能被篡改' });
    expect((await verify(`${head}.${tag.slice(0, 10)}`)).json()).toMatchObject({ valid: false, reason: '签名校验失败，文书可能被篡改' });
    expect((await verify('DZDOC:00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAA')).json()).toMatchObject({ valid: false, reason: '未找到该文书' });
    const junk = (await verify('https://example.com/x')).json();
    expect(junk.valid).toBe(false);
    expect(junk.reason).toMatch(/无法识别/);
    expect((await verify('DZDOC:nonsense')).json()).toMatchObject({ valid: false });
    expect((await t.app.inject({ method: 'POST', url: '/api/verify', payload: {} })).statusCode).toBe(400);
  });

  it('detects a record changed in the database (payload or columns)', async () => {
    const a = await issueProof();
    const row = await t.app.ctx.db.selectFrom('documents').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    // Someone with database access extends the validity inside the signed payload …
    const later = new Date(Date.parse(row.expires_at!) + 3650 * 86_400_000).toISOString();
    await t.app.ctx.db.updateTable('documents').set({ payload: row.payload.replace(row.expires_at!, later), expires_at: later }).where('id', '=', a.id).execute();
    expect((await verify(a.qrText)).json()).toMatchObject({ valid: false, reason: '签名校验失败，文书可能被篡改', kind: '社会保险参保证明' });

    // … or only in the column the list shows.
    const b = await issueProof();
    await t.app.ctx.db.updateTable('documents').set({ expires_at: later }).where('id', '=', b.id).execute();
    expect((await verify(b.qrText)).json()).toMatchObject({ valid: false, reason: '签名校验失败，文书可能被篡改' });

    // … or swaps in another document's signature.
    const c = await issueProof();
    const d = await issueProof();
    const dRow = await t.app.ctx.db.selectFrom('documents').select('signature').where('id', '=', d.id).executeTakeFirstOrThrow();
    await t.app.ctx.db.updateTable('documents').set({ signature: dRow.signature }).where('id', '=', c.id).execute();
    expect((await verify(c.qrText)).json()).toMatchObject({ valid: false, reason: '签名校验失败，文书可能被篡改' });
    expect((await verify(d.qrText)).json()).toMatchObject({ valid: true });
  });

  it('says revoked and expired', async () => {
    const doc = await issueProof();
    expect(await t.app.documents.revoke(doc.id)).toBe(true);
    expect(await t.app.documents.revoke(doc.id)).toBe(false);
    expect((await verify(doc.qrText)).json()).toMatchObject({ valid: false, reason: '该文书已作废', holder: '张**' });

    const short = await issueProof({ validDays: 1 });
    expect((await verify(short.qrText)).json()).toMatchObject({ valid: true });
    const now = Date.now();
    const spy = vi.spyOn(Date, 'now').mockReturnValue(now + 2 * 86_400_000);
    try {
      expect((await verify(short.qrText)).json()).toMatchObject({ valid: false, reason: '该文书已过期' });
    } finally {
      spy.mockRestore();
    }
    // No expiry at all stays valid.
    const forever = await issueProof({ validDays: null });
    expect((await verify(forever.qrText)).json()).toMatchObject({ valid: true, expiresAt: null });
  });

  it('is limited per client address (30 a minute)', async () => {
    const ip = newIp();
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await t.app.inject({ method: 'POST', url: '/api/verify', payload: { qrText: 'DZDOC:x' }, remoteAddress: ip })).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 200)).toBe(true);
    expect(codes[30]).toBe(429);
    // Another checker is not affected.
    expect((await t.app.inject({ method: 'POST', url: '/api/verify', payload: { qrText: 'DZDOC:x' }, remoteAddress: newIp() })).statusCode).toBe(200);
  });

  it('dispatches other prefixes to the verifier registered for them', async () => {
    t.app.verifiers.register('DZTEST:', async (rest) => ({ valid: rest === 'ok', kind: '测试证照', holder: '王*', issuedAt: null, expiresAt: null }));
    expect((await verify('DZTEST:ok')).json()).toMatchObject({ valid: true, kind: '测试证照', holder: '王*' });
    expect(() => t.app.verifiers.register('DZTEST:', async () => ({ valid: true, kind: null, holder: null, issuedAt: null, expiresAt: null }))).toThrow();
  });
});

describe('keys and fonts', () => {
  it('refuses to start in production without an SM2 DOC_SIGN_KEY', () => {
    const env = { ...PROD_ENV, REDIS_URL: 'redis://cache.internal:6379' };
    expect(loadConfig(env).docSignKey).toContain('BEGIN PRIVATE KEY');
    const { DOC_SIGN_KEY: _omit, ...withoutKey } = env;
    expect(() => loadConfig(withoutKey)).toThrow(ConfigError);
    expect(() => loadConfig(withoutKey)).toThrow(/DOC_SIGN_KEY/);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => loadConfig({ ...env, DOC_SIGN_KEY: p256 })).toThrow(/SM2/);
    expect(() => loadConfig({ ...env, DOC_SIGN_KEY: 'not a key' })).toThrow(/DOC_SIGN_KEY/);
    // One-line form of a .env file.
    expect(loadConfig({ ...env, DOC_SIGN_KEY: env.DOC_SIGN_KEY.replace(/\n/g, '\\n') }).docSignKey).toBe(env.DOC_SIGN_KEY.trim());
  });

  it('generates the embedded key once into DATA_DIR with mode 600 and keeps it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dz-key-'));
    try {
      const a = DocumentSigner.fromConfig({ docSignKey: null, dataDir: dir });
      expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
      const b = new DocumentSigner(embeddedSignKey(dir));
      expect(b.keyId).toBe(a.keyId);
      expect(a.keyId).toMatch(/^[0-9a-f]{16}$/);
      // DOC_SIGN_KEY wins over the kept key.
      const pem = generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      expect(DocumentSigner.fromConfig({ docSignKey: pem, dataDir: dir }).keyId).not.toBe(a.keyId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 naming PDF_FONT when no Chinese font is found', async () => {
    const noFont = new DocumentsService({ ...t.app.ctx, config: { ...t.app.ctx.config, pdfFont: '/nonexistent/font.ttc' } }, t.app.documents.signer, t.app.files);
    expect(noFont.font).toBeNull();
    const err = await noFont.issue({ kind: 'case-result', title: '结果', userId: null, caseId: null, holderName: '王五', rows: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).statusCode).toBe(503);
    expect((err as AppError).message).toContain('PDF_FONT');
  });
});
