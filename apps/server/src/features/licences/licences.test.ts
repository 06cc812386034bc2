/**
 * 电子证照 and 亮证 against the real sandbox 电子证照共享 system (SQLite or MariaDB per DZ_TEST_DB):
 * the wallet masked, a company's 营业执照, the PIN (SMS, weak PINs, lockout), a 亮证 code that
 * verifies within 300 s and not after nor with one byte changed, nor once revoked at the issuer;
 * the check log naming the checker; another user's licence never visible; consent → prefill; the
 * licence system down.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LICENCE_QR_PREFIX, maskName, type FormView, type LicenceEvent, type LicenceShowResponse, type LicencesResponse, type LicenceView, type VerifyResult } from '@dz/contracts';
import { setupAdmin } from '../admin-auth/test-support.js';
import { login, newIp, registerPerson, sessionCookie, smsCode } from '../auth/test-kit.js';
import { harness, type Harness } from '../utilities/test-support.js';
import { LICENCE_EXPIRED, LICENCE_TAMPERED } from './licences.service.js';

let h: Harness;
const api = (cookie: string | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  h.t.app.inject({ method, url, headers: cookie ? { cookie } : {}, remoteAddress: newIp(), ...(payload === undefined ? {} : { payload: payload as object }) });
const control = (path: string, body: unknown = {}) => fetch(`${h.sandboxUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const verify = async (qrText: string, cookie: string | null = null) => {
  const res = await api(cookie, 'POST', '/api/verify', { qrText });
  expect(res.statusCode).toBe(200);
  return res.json<VerifyResult>();
};

const DEMO_ID = '511702199001011231';
const PIN = '385926';
/** 王五, registered and real-name verified (as an operator would have him): a checker, and "another user". */
let other: { cookie: string; userId: number };
let wallet: LicencesResponse;
let idCard: LicenceView;

const licences = async (cookie: string) => {
  const res = await api(cookie, 'GET', '/api/licences');
  expect(res.statusCode).toBe(200);
  return res.json<LicencesResponse>();
};
const show = (id: string, pin = PIN, cookie = h.demo) => api(cookie, 'POST', `/api/licences/${id}/show`, { pin });
const events = async (id: string) => (await api(h.demo, 'GET', `/api/licences/${id}/events`)).json<{ items: LicenceEvent[] }>().items;

beforeAll(async () => {
  h = await harness();
  const u = await registerPerson(h.t.app, { name: '王五' });
  await h.t.app.ctx.db.updateTable('users').set({ real_name_verified: 1 }).where('id', '=', u.userId).execute();
  other = u;
  await control('/_control/licence/reset');
}, 60_000);
afterAll(async () => {
  await control('/_control/licence/reset').catch(() => undefined);
  await h?.close();
});

describe('电子证照 wallet', () => {
  it('lists the citizen’s licences from the issuer, masked, with stable opaque ids', async () => {
    wallet = await licences(h.demo);
    const types = wallet.items.map((l) => l.type);
    for (const t of ['id-card', 'social-card', 'driving-licence', 'vehicle-licence', 'property-cert', 'housing-fund-card']) expect(types).toContain(t);
    expect(wallet.items.filter((l) => l.type === 'property-cert').length).toBeGreaterThanOrEqual(2);
    idCard = wallet.items.find((l) => l.type === 'id-card')!;
    expect(idCard).toMatchObject({ typeName: '居民身份证', holder: '张*', numberMasked: '5117**********1231', status: 'valid' });
    expect(idCard.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const driving = wallet.items.find((l) => l.type === 'driving-licence')!;
    expect(driving.numberMasked).toMatch(/^\d{4}\*+\w{4}$/);
    // No full ID number, no full name anywhere in the answer.
    const body = JSON.stringify(wallet);
    expect(body).not.toContain(DEMO_ID);
    expect(body).not.toContain('张三');
    expect(idCard.fields.find((f) => f.key === 'idNumber')?.value).toBe('5117**********1231');
    const address = idCard.fields.find((f) => f.key === 'address')?.value ?? '';
    expect(address).toMatch(/\*{4}$/);
    // The id is stable: the same licence has the same id on the next read.
    expect((await licences(h.demo)).items.find((l) => l.type === 'id-card')!.id).toBe(idCard.id);
    expect(wallet).toMatchObject({ pinSet: false, pinLockedUntil: null });
  });

  it('a company login gets its 营业执照 by credit code', async () => {
    const res = await login(h.t.app, '13900000004', 'Demo@2026', newIp(), 'corp');
    expect(res.statusCode).toBe(200);
    const corp = await licences(sessionCookie(res)!);
    const bl = corp.items.find((l) => l.type === 'business-licence');
    expect(bl).toMatchObject({ typeName: '营业执照', numberMasked: '9151**********1766' });
    expect(corp.items.some((l) => l.type === 'id-card')).toBe(false);
    expect(JSON.stringify(corp)).not.toContain('91511702MA6A0D1766');
  });

  it('not real-name verified → 403; signed out → 401', async () => {
    const fresh = await registerPerson(h.t.app);
    const res = await api(fresh.cookie, 'GET', '/api/licences');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'REALNAME_REQUIRED', message: expect.stringContaining('实名认证') });
    expect((await api(null, 'GET', '/api/licences')).statusCode).toBe(401);
  });
});

describe('亮证 PIN', () => {
  it('亮证 before a PIN → 409 LICENCE_PIN_NOT_SET', async () => {
    const res = await show(idCard.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'LICENCE_PIN_NOT_SET' });
  });

  it('refuses weak PINs saying why, and a wrong SMS code; sets it with the right one', async () => {
    for (const [pin, why] of [
      ['111111', '相同数字'],
      ['123456', '连续数字'],
      ['654321', '连续数字'],
      ['900101', '出生日期'],
      ['010177', '出生日期'],
      ['011231', '身份证号'],
    ] as const) {
      const res = await api(h.demo, 'POST', '/api/licences/pin', { pin, smsCode: '000000' });
      expect(res.statusCode, pin).toBe(400);
      expect(res.json<{ message: string; fields: Record<string, string> }>().fields.pin).toContain(why);
    }
    const wrong = await api(h.demo, 'POST', '/api/licences/pin', { pin: PIN, smsCode: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect((await licences(h.demo)).pinSet).toBe(false);
    const code = await smsCode(h.t.app, '13900000001', 'licence-pin');
    const ok = await api(h.demo, 'POST', '/api/licences/pin', { pin: PIN, smsCode: code });
    expect(ok.statusCode).toBe(204);
    expect((await licences(h.demo)).pinSet).toBe(true);
    const row = await h.t.app.ctx.db.selectFrom('licence_pins').selectAll().where('pin_hash', 'like', '$argon2id$%').execute();
    expect(row.length).toBe(1);
    const audit = await h.t.app.ctx.db.selectFrom('audit_log').select(['action', 'summary']).where('action', '=', 'licence.pin.set').execute();
    expect(audit.length).toBe(1);
  });
});

describe('亮证 and 核验', () => {
  let shown: LicenceShowResponse;

  it('shows a signed code valid 300 s, short enough for a QR, with the Beijing-time watermark', async () => {
    const started = Date.now();
    const res = await show(idCard.id);
    expect(res.statusCode).toBe(201);
    shown = res.json<LicenceShowResponse>();
    expect(shown.qrText.startsWith(LICENCE_QR_PREFIX)).toBe(true);
    expect(shown.qrText.length).toBeLessThan(300);
    expect(shown.qrText).not.toContain(DEMO_ID);
    const ttl = Date.parse(shown.expiresAt) - started;
    expect(ttl).toBeGreaterThan(298_000);
    expect(ttl).toBeLessThanOrEqual(301_000);
    expect(shown.watermark).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(shown.licence).toMatchObject({ id: idCard.id, holder: '张*' });
  });

  it('an anonymous checker and a real-name citizen both see it valid; the holder sees who checked', async () => {
    const anon = await verify(shown.qrText);
    expect(anon).toMatchObject({ valid: true, kind: '居民身份证（亮证）', holder: '张*', expiresAt: shown.expiresAt });
    const details = Object.fromEntries((anon.details ?? []).map((d) => [d.label, d.value]));
    expect(details).toMatchObject({ 证照编号: '5117**********1231' });
    expect(Object.keys(details)).toEqual(['证照名称', '证照编号', '发证机关', '有效期至']);
    expect(await verify(shown.qrText, other.cookie)).toMatchObject({ valid: true });
    const log = await events(idCard.id);
    expect(log.slice(0, 3).map((e) => [e.kind, e.result, e.checker])).toEqual([
      ['check', 'valid', '王*（实名用户）'],
      ['check', 'valid', '匿名核验'],
      ['show', '', ''],
    ]);
  });

  it('a console staff member checking is named as 工作人员 (masked)', async () => {
    const admin = await setupAdmin(h.t);
    const row = await h.t.app.ctx.db.selectFrom('staff').select('display_name').where('id', '=', admin.id).executeTakeFirstOrThrow();
    expect(await verify(shown.qrText, admin.cookie)).toMatchObject({ valid: true });
    expect((await events(idCard.id))[0]).toMatchObject({ kind: 'check', result: 'valid', checker: `工作人员 ${maskName(row.display_name)}` });
  });

  it('one byte changed (payload or signature) → invalid, not logged', async () => {
    const before = (await events(idCard.id)).length;
    const body = shown.qrText.slice(LICENCE_QR_PREFIX.length);
    const dot = body.indexOf('.');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const i of [LICENCE_QR_PREFIX.length + 5, LICENCE_QR_PREFIX.length + dot - 1, LICENCE_QR_PREFIX.length + dot + 10, shown.qrText.length - 1]) {
      expect(await verify(flip(shown.qrText, i))).toMatchObject({ valid: false, reason: LICENCE_TAMPERED });
    }
    expect(await verify(`${LICENCE_QR_PREFIX}garbage`)).toMatchObject({ valid: false, reason: LICENCE_TAMPERED });
    expect((await events(idCard.id)).length).toBe(before);
  });

  it('at +301 s the code is expired (and the expired check is logged)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.parse(shown.expiresAt) + 1000);
      expect(await verify(shown.qrText)).toMatchObject({ valid: false, reason: LICENCE_EXPIRED, holder: '张*' });
    } finally {
      vi.useRealTimers();
    }
    expect((await events(idCard.id))[0]).toMatchObject({ kind: 'check', result: 'expired', checker: '匿名核验' });
  });

  it('revoked at the issuer: a shown code becomes invalid with the reason, a new show is refused 409', async () => {
    const fresh = (await show(idCard.id)).json<LicenceShowResponse>();
    expect((await control('/_control/licence/revoke', { licenceNo: DEMO_ID })).status).toBe(200);
    try {
      const r = await verify(fresh.qrText);
      expect(r).toMatchObject({ valid: false, reason: expect.stringContaining('注销') });
      expect((await events(idCard.id))[0]).toMatchObject({ kind: 'check', result: 'revoked' });
      const res = await show(idCard.id);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'LICENCE_NOT_VALID', message: expect.stringContaining('注销') });
    } finally {
      await control('/_control/licence/reset');
    }
    expect((await show(idCard.id)).statusCode).toBe(201);
  });

  it('every licence’s code, a company’s 营业执照 included, stays under 300 characters and verifies', async () => {
    for (const l of wallet.items) {
      const res = await show(l.id);
      expect(res.statusCode, l.type).toBe(201);
      const { qrText } = res.json<LicenceShowResponse>();
      expect(qrText.length, l.type).toBeLessThan(300);
      expect(await verify(qrText)).toMatchObject({ valid: true, kind: `${l.typeName}（亮证）`, holder: '张*' });
    }
    const corp = sessionCookie(await login(h.t.app, '13900000004', 'Demo@2026', newIp(), 'corp'))!;
    const code = await smsCode(h.t.app, '13900000004', 'licence-pin');
    expect((await api(corp, 'POST', '/api/licences/pin', { pin: PIN, smsCode: code })).statusCode).toBe(204);
    const bl = (await licences(corp)).items.find((l) => l.type === 'business-licence')!;
    const res = await show(bl.id, PIN, corp);
    expect(res.statusCode).toBe(201);
    const { qrText } = res.json<LicenceShowResponse>();
    expect(qrText.length).toBeLessThan(300);
    const checked = await verify(qrText, h.demo);
    expect(checked).toMatchObject({ valid: true, kind: '营业执照（亮证）', holder: '达州市通**' });
    expect(JSON.stringify(checked)).not.toContain('91511702MA6A0D1766');
    const log = (await api(corp, 'GET', `/api/licences/${bl.id}/events`)).json<{ items: LicenceEvent[] }>().items;
    expect(log[0]).toMatchObject({ kind: 'check', result: 'valid', checker: '张*（实名用户）' });
  });

  it('another user’s licence id → 404 for show and events; an unknown id → 404; a malformed one → 400', async () => {
    const s = await show(idCard.id, PIN, other.cookie);
    expect(s.statusCode).toBe(404);
    expect(s.json()).toMatchObject({ code: 'LICENCE_NOT_FOUND' });
    expect((await api(other.cookie, 'GET', `/api/licences/${idCard.id}/events`)).statusCode).toBe(404);
    expect((await api(h.demo, 'GET', '/api/licences/AAAAAAAAAAAAAAAA/events')).statusCode).toBe(404);
    expect((await api(h.demo, 'GET', '/api/licences/..%2F..%2Fx/events')).statusCode).toBe(400);
  });
});

describe('PIN lockout', () => {
  it('4 wrong → attemptsLeft counts down, the 5th locks (423), and the right PIN is refused while locked', async () => {
    for (const left of [4, 3, 2, 1]) {
      const res = await show(idCard.id, '000001');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'LICENCE_PIN_WRONG', details: { attemptsLeft: left } });
    }
    const fifth = await show(idCard.id, '000001');
    expect(fifth.statusCode).toBe(423);
    const lockedUntil = fifth.json<{ details: { lockedUntil: string } }>().details.lockedUntil;
    expect(Date.parse(lockedUntil) - Date.now()).toBeGreaterThan(29 * 60_000);
    const right = await show(idCard.id, PIN);
    expect(right.statusCode).toBe(423);
    expect(right.json()).toMatchObject({ code: 'LICENCE_PIN_LOCKED', details: { lockedUntil } });
    expect((await licences(h.demo)).pinLockedUntil).toBe(lockedUntil);
    // Wrong PINs at once after the lock ran out: one series of five, never more attempts than allowed.
    await h.t.app.ctx.db.updateTable('licence_pins').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).execute();
    const burst = await Promise.all(Array.from({ length: 8 }, () => show(idCard.id, '000002')));
    const codes = burst.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 400).length).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c === 423).length).toBeGreaterThanOrEqual(4);
    const row = await h.t.app.ctx.db.selectFrom('licence_pins').selectAll().executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
    await h.t.app.ctx.db.updateTable('licence_pins').set({ locked_until: null, failed_count: 0 }).execute();
    expect((await show(idCard.id, PIN)).statusCode).toBe(201);
  }, 60_000);
});

describe('免提交: consent and licence prefill', () => {
  const FORM = 'passenger-driver-reissue';
  const form = async () => (await api(h.demo, 'GET', `/api/forms/${FORM}`)).json<FormView & { licencePrefill?: { types: string[]; consented: boolean } }>();

  it('the form says which licences it reads; once agreed, the 驾驶证号 is filled; withdrawn, it is not', async () => {
    const before = await form();
    expect(before.licencePrefill).toEqual({ types: ['driving-licence'], consented: false });
    expect(before.prefill?.drivingLicenceNo).toBeUndefined();
    expect((await api(h.demo, 'POST', '/api/licences/consents', { formCode: FORM })).statusCode).toBe(204);
    const after = await form();
    expect(after.licencePrefill).toEqual({ types: ['driving-licence'], consented: true });
    expect(after.prefill?.drivingLicenceNo).toMatch(/^[0-9A-Z]{12,18}$/);
    // Agreeing for one form is not agreeing for another.
    const other = (await api(h.demo, 'GET', '/api/forms/freight-driver-reissue')).json<FormView & { licencePrefill?: { consented: boolean } }>();
    expect(other.licencePrefill?.consented).toBe(false);
    expect((await api(h.demo, 'DELETE', `/api/licences/consents/${FORM}`)).statusCode).toBe(204);
    expect((await form()).licencePrefill?.consented).toBe(false);
    // Signed out: the bare form, nothing personal.
    const anon = (await api(null, 'GET', `/api/forms/${FORM}`)).json<FormView & { licencePrefill?: { consented: boolean } }>();
    expect(anon.licencePrefill?.consented).toBe(false);
    expect(anon.prefill).toBeUndefined();
  });
});

describe('the licence system down', () => {
  it('503 in Chinese within 3 s; the holder’s 亮证记录 still read', async () => {
    h.sandbox.faults.set('licence', { errorRate: 1 });
    try {
      const started = Date.now();
      const res = await api(h.demo, 'GET', '/api/licences');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'PARTNER_UNAVAILABLE', message: '电子证照系统暂时无法连接，请稍后再试' });
      // The holder's own 亮证记录 are this platform's: still readable.
      const log = await api(h.demo, 'GET', `/api/licences/${idCard.id}/events`);
      expect(log.statusCode).toBe(200);
      expect(log.json<{ items: LicenceEvent[] }>().items.length).toBeGreaterThan(0);
    } finally {
      h.sandbox.faults.reset('licence');
      h.t.app.ctx.partners.resetBreaker('licence');
    }
    expect((await api(h.demo, 'GET', '/api/licences')).statusCode).toBe(200);
  });
});
