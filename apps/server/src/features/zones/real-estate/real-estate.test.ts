/**
 * 不动产 against the real sandbox 不动产登记中心 (SQLite or MariaDB per DZ_TEST_DB): 房屋查询 of the
 * demo household, pinned households for fresh users, 无房 / 有房 查询单 issued, listed, verified, and
 * refused when a QR character, the stored PDF or the clock says otherwise; the certificate QR
 * verifier (valid / revoked / forged); the registry down.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DocumentList, HousesResponse, NoHouseCertificateResponse, VerifyResult } from '@dz/contracts';
import type { RegistryHouse, RegistryPerson } from '@dz/partner-protocol';
import { idNumber, login, newIp, registerPerson, sessionCookie, type Registered } from '../../auth/test-kit.js';
import { harness, type Harness } from '../../utilities/test-support.js';

let h: Harness;
const api = (cookie: string | null, method: 'GET' | 'POST', url: string, payload?: object) => h.t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload === undefined ? {} : { payload }) });
const control = (path: string, body: unknown = {}) => fetch(`${h.sandboxUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const verify = async (qrText: string) => (await api(null, 'POST', '/api/verify', { qrText })).json<VerifyResult>();

function house(unitNo: string, over: Partial<RegistryHouse> = {}): RegistryHouse {
  return {
    unitNo,
    certNo: `川（2020）达州市不动产权第${unitNo.slice(-7)}号`,
    district: '通川区',
    districtCode: '511702',
    street: '东城街道',
    doorNo: '朝阳中路168号',
    building: '3栋',
    unit: '2单元',
    floor: '12',
    room: '1203',
    location: '达州市通川区朝阳中路168号3栋2单元1203',
    houseType: '商品房',
    usage: '住宅',
    buildingArea: 112.36,
    interiorArea: 92.1,
    sharedArea: 20.26,
    owners: ['王建华'],
    ownership: '单独所有',
    mortgaged: false,
    sealed: false,
    registeredAt: '2020-06-18',
    ...over,
  };
}

/** A real-name verified citizen with the household pinned at the registry. */
async function citizen(name: string, seq: string, people: (self: { name: string; idNumber: string }) => RegistryPerson[]): Promise<Registered> {
  const u = await registerPerson(h.t.app, { name, idNumber: idNumber('19850101', seq) });
  await h.t.app.ctx.db.updateTable('users').set({ real_name_verified: 1 }).where('id', '=', u.userId).execute();
  expect((await control('/_control/real-estate/household', { idNumber: u.idNumber, people: people({ name: u.name, idNumber: u.idNumber }) })).status).toBe(200);
  return u;
}

beforeAll(async () => {
  h = await harness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('房屋查询', () => {
  it('the demo household: 张三 first, then 配偶 and 未成年子女, every field, names and IDs masked', async () => {
    const res = await api(h.demo, 'GET', '/api/real-estate/houses');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<HousesResponse>();
    expect(body.people.map((p) => p.relation)).toEqual(['self', 'spouse', 'child']);
    expect(body.people[0]).toMatchObject({ relationName: '本人', name: '张*', idNumber: '511702**********31', houseCount: 2 });
    expect(body.people[1]).toMatchObject({ relationName: '配偶', name: '李*', houseCount: 1 });
    expect(body.people[2]).toMatchObject({ relationName: '未成年子女', houseCount: 0 });
    expect(body.items).toHaveLength(3);
    const mine = body.items.filter((x) => x.relation === 'self');
    expect(mine.some((x) => x.usage === '住宅' && x.mortgaged)).toBe(true);
    expect(mine.some((x) => x.usage === '车库')).toBe(true);
    for (const x of body.items) {
      expect(x.id).toMatch(/^[0-9a-f]{32}$/);
      expect(x.id).not.toContain(x.unitNo);
      expect(x.owners).not.toMatch(/张三|李梅/);
      for (const k of ['unitNo', 'certNo', 'district', 'street', 'doorNo', 'location', 'houseType', 'usage', 'registeredAt'] as const) expect(x[k]).not.toBe('');
      expect(x.buildingArea).toBeGreaterThan(0);
    }
    // Nothing personal in clear anywhere in the answer.
    expect(res.body).not.toMatch(/张三|李梅|511702199001011231/);
  });

  it('needs a login and 实名认证 (Chinese, pointing to 我的 → 实名认证)', async () => {
    expect((await api(null, 'GET', '/api/real-estate/houses')).statusCode).toBe(401);
    const u = await registerPerson(h.t.app, { name: '赵六', idNumber: idNumber('19800202', '411') });
    const res = await api(u.cookie, 'GET', '/api/real-estate/houses');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'REALNAME_REQUIRED', message: expect.stringContaining('我的 → 实名认证') });
    expect((await api(u.cookie, 'POST', '/api/real-estate/no-house-certificates', {})).statusCode).toBe(403);
    // A company account's identity is its legal representative's: not theirs to read from a shared login.
    const corp = await login(h.t.app, '13900000004', 'Demo@2026', newIp(), 'corp');
    expect(corp.statusCode, corp.body).toBe(200);
    const refused = await api(sessionCookie(corp)!, 'GET', '/api/real-estate/houses');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'PERSONAL_ACCOUNT_REQUIRED', message: expect.stringContaining('个人账号') });
  });

  it('reads only the login’s own household: another user’s houses are never in it', async () => {
    const a = await citizen('王建华', '511', (s) => [{ relation: 'self', ...s, houses: [house('511702001001GB00001F00010001', { owners: [s.name] })] }]);
    const b = await citizen('陈秀英', '512', (s) => [{ relation: 'self', ...s, houses: [] }]);
    const ha = (await api(a.cookie, 'GET', '/api/real-estate/houses')).json<HousesResponse>();
    const hb = (await api(b.cookie, 'GET', '/api/real-estate/houses')).json<HousesResponse>();
    expect(ha.items.map((x) => x.unitNo)).toEqual(['511702001001GB00001F00010001']);
    expect(ha.items[0]!.owners).toBe('王**');
    expect(hb.items).toEqual([]);
    expect(hb.people).toEqual([expect.objectContaining({ relation: 'self', name: '陈**', houseCount: 0 })]);
  });

  it('a person the registry does not know at all is 无房, not an error', async () => {
    const u = await citizen('孙丽', '513', () => []);
    const body = (await api(u.cookie, 'GET', '/api/real-estate/houses')).json<HousesResponse>();
    expect(body.people).toEqual([expect.objectContaining({ relation: 'self', name: '孙*', houseCount: 0 })]);
    expect(body.items).toEqual([]);
  });
});

describe('无房证明（个人及家庭住房情况查询单）', () => {
  it('无房: issued as a signed PDF, listed in 我的证明, verifies; another user gets 404 on its PDF', async () => {
    const u = await citizen('周敏', '521', (s) => [
      { relation: 'self', ...s, houses: [] },
      { relation: 'spouse', name: '吴涛', idNumber: idNumber('19840303', '531'), houses: [] },
    ]);
    const res = await api(u.cookie, 'POST', '/api/real-estate/no-house-certificates', { purpose: '购房资格审核' });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json<NoHouseCertificateResponse>();
    expect(doc).toMatchObject({ noHouse: true, items: [], pdfUrl: `/api/documents/${doc.id}/pdf`, qrText: expect.stringMatching(/^DZDOC:/) });
    expect(doc.people.map((p) => [p.relation, p.name])).toEqual([['self', '周*'], ['spouse', '吴*']]);
    expect(Date.parse(doc.expiresAt) - Date.parse(doc.issuedAt)).toBe(30 * 86_400_000);

    const mine = (await api(u.cookie, 'GET', '/api/documents')).json<DocumentList>().items;
    expect(mine.find((d) => d.id === doc.id)).toMatchObject({ kind: 'no-house-certificate', title: '个人及家庭住房情况查询单', holder: '周*', qrText: doc.qrText });

    const pdf = await api(u.cookie, 'GET', doc.pdfUrl);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const other = await registerPerson(h.t.app, { name: '郑七', idNumber: idNumber('19800404', '541') });
    expect((await api(other.cookie, 'GET', doc.pdfUrl)).statusCode).toBe(404);
    expect((await api(other.cookie, 'GET', '/api/documents')).json<DocumentList>().items.some((d) => d.id === doc.id)).toBe(false);

    const v = await verify(doc.qrText);
    expect(v).toMatchObject({ valid: true, kind: '无房证明', holder: '周*', issuedAt: doc.issuedAt, expiresAt: doc.expiresAt });

    // Issuing leaves a trace in the audit log (no names in it).
    const audit = await h.t.app.ctx.db.selectFrom('audit_log').select(['action', 'summary']).where('action', '=', 'real-estate.no-house.issue').where('object_id', '=', doc.id).executeTakeFirst();
    expect(audit?.summary).toContain('无房');
  });

  it('有房: the houses of the login and the family, masked; the count in the body', async () => {
    const u = await citizen('黄志强', '522', (s) => [
      { relation: 'self', ...s, houses: [house('511702002002GB00002F00020002', { owners: [s.name, '何雪梅'], ownership: '共同共有', mortgaged: true })] },
      { relation: 'spouse', name: '何雪梅', idNumber: idNumber('19860505', '532'), houses: [house('511703003003GB00003F00030003', { owners: ['何雪梅'], district: '达川区', sealed: true })] },
      { relation: 'child', name: '黄小宇', idNumber: idNumber('20150606', '533'), houses: [] },
    ]);
    const doc = (await api(u.cookie, 'POST', '/api/real-estate/no-house-certificates', {})).json<NoHouseCertificateResponse>();
    expect(doc.noHouse).toBe(false);
    expect(doc.items.map((x) => [x.relation, x.owners, x.mortgaged, x.sealed])).toEqual([
      ['self', '黄**、何**', true, false],
      ['spouse', '何**', false, true],
    ]);
    expect(doc.people.map((p) => p.houseCount)).toEqual([1, 1, 0]);
    expect(JSON.stringify(doc)).not.toMatch(/黄志强|何雪梅|黄小宇/);
    expect((await verify(doc.qrText)).valid).toBe(true);
  });

  it('refuses a QR with one character changed, a replaced stored PDF, and a 查询单 past its 30 days', async () => {
    const u = await citizen('马俊杰', '523', (s) => [{ relation: 'self', ...s, houses: [] }]);
    const issue = async () => (await api(u.cookie, 'POST', '/api/real-estate/no-house-certificates', {})).json<NoHouseCertificateResponse>();

    const a = await issue();
    const last = a.qrText.at(-1)!;
    const changed = a.qrText.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expect(await verify(changed)).toMatchObject({ valid: false, reason: '签名校验失败，文书可能被篡改' });
    expect((await verify(a.qrText)).valid).toBe(true);

    // The stored PDF replaced by an edited copy: the signed digest no longer matches.
    const b = await issue();
    const row = await h.t.app.ctx.db.selectFrom('documents').select('file_id').where('id', '=', b.id).executeTakeFirstOrThrow();
    const original = await h.t.app.files.readBlob(row.file_id);
    const edited = Buffer.from(original.toString('latin1').replace('/Count 1', '/Count 1 '), 'latin1');
    const fileId = await h.t.app.files.writeBlob(edited);
    await h.t.app.ctx.db.updateTable('documents').set({ file_id: fileId }).where('id', '=', b.id).execute();
    expect(await verify(b.qrText)).toMatchObject({ valid: false, reason: '签名校验失败，文书可能被篡改' });

    const c = await issue();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.parse(c.issuedAt) + 29 * 86_400_000);
      expect((await verify(c.qrText)).valid).toBe(true);
      vi.setSystemTime(Date.parse(c.issuedAt) + 31 * 86_400_000);
      expect(await verify(c.qrText)).toMatchObject({ valid: false, reason: '该文书已过期', expiresAt: c.expiresAt });
    } finally {
      vi.useRealTimers();
    }
  });

  it('at most 20 a day per person (429 in Chinese)', async () => {
    const u = await citizen('罗婷', '524', (s) => [{ relation: 'self', ...s, houses: [] }]);
    await h.t.app.ctx.kv.set(`nohouse:${u.userId}:${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}`, '20', 86_400_000);
    const res = await api(u.cookie, 'POST', '/api/real-estate/no-house-certificates', {});
    expect(res.statusCode).toBe(429);
    expect(res.json<{ message: string }>().message).toContain('明天再试');
  });
});

describe('不动产登记证书查验 (BDCZS:)', () => {
  it('valid, revoked and forged, as the registry says, 权利人 masked', async () => {
    const list = (await (await fetch(`${h.sandboxUrl}/demo/real-estate/certificates.json`)).json()) as { certId: string; status: string; qrText: string }[];
    const of = (s: string) => list.find((c) => c.status === s)!;
    const valid = await verify(of('valid').qrText);
    expect(valid).toMatchObject({ valid: true, kind: expect.stringMatching(/^不动产/), holder: expect.stringMatching(/\*/), expiresAt: null });
    expect(valid.issuedAt).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(valid.details!.map((d) => d.label)).toEqual(['不动产权证号', '不动产单元号', '坐落', '状态']);
    expect(valid.details!.at(-1)!.value).toBe('有效');

    const revoked = await verify(of('revoked').qrText);
    expect(revoked).toMatchObject({ valid: false, reason: expect.stringMatching(/注销/) });
    expect(revoked.details!.at(-1)!.value).toBe('已注销');

    expect(await verify(of('not-found').qrText)).toMatchObject({ valid: false, kind: '不动产权证书', reason: '未查询到该证书，可能不是不动产登记机构出具的证书，请核对' });

    // A valid certificate revoked at the registry reads as revoked at once.
    expect((await control(`/_control/real-estate/certificates/${of('valid').certId}/revoke`, { reason: '因房屋转移登记，原证书已注销' })).status).toBe(200);
    try {
      expect(await verify(of('valid').qrText)).toMatchObject({ valid: false, reason: expect.stringContaining('注销') });
    } finally {
      await control('/_control/real-estate/reset');
    }
  });
});

describe('the registry down', () => {
  it('503 PARTNER_UNAVAILABLE in Chinese within 3 s, for 房屋查询, 查询单 and 证书查验', async () => {
    h.sandbox.faults.set('real-estate', { errorRate: 1 });
    try {
      for (const [method, url, body] of [
        ['GET', '/api/real-estate/houses', undefined],
        ['POST', '/api/real-estate/no-house-certificates', {}],
      ] as const) {
        const started = Date.now();
        const res = await api(h.demo, method, url, body);
        expect(Date.now() - started).toBeLessThan(3000);
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ code: 'PARTNER_UNAVAILABLE', message: '不动产登记系统暂时无法连接，请稍后再试' });
      }
      const started = Date.now();
      const res = await api(null, 'POST', '/api/verify', { qrText: 'BDCZS:ABCDEFGH12.xyz' });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.statusCode).toBe(503);
      expect(res.json<{ message: string }>().message).toBe('不动产登记系统暂时无法连接，请稍后再试');
    } finally {
      h.sandbox.faults.reset('real-estate');
      h.t.app.ctx.partners.resetBreaker('real-estate');
    }
    expect((await api(h.demo, 'GET', '/api/real-estate/houses')).statusCode).toBe(200);
  });
});
