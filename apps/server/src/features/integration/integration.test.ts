import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNER_TITLES, type PartnerCallListResponse, type PartnerHealthResult, type PartnerSystemView } from '@dz/contracts';
import { BureauNames, PartnerNames } from '@dz/partner-protocol';
import { PARTNERS } from '@dz/partners';
import { call, createStaff, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { harness, type Harness } from '../utilities/test-support.js';

let h: Harness;
let admin: StaffSession;
beforeAll(async () => {
  h = await harness();
  admin = await setupAdmin(h.t);
});
afterAll(async () => h.close());

const systems = async (site: string, cookie = admin.cookie) => (await call(h.t, cookie, 'GET', `/api/admin/partners?site=${site}`)).json() as PartnerSystemView[];
const bills = (site: string) => h.t.app.inject({ url: `/api/water/bills?cardNo=3100012345&site=${site}`, headers: { cookie: h.demo } });

describe('接口管理', () => {
  it('lists every partner system (identity, utilities, pay, the HIS, the bus company, the charging operator, the licence platform, the two reservation systems, then the bureaus) from the environment, without their secrets', async () => {
    const res = await call(h.t, admin.cookie, 'GET', '/api/admin/partners?site=511700');
    expect(res.statusCode).toBe(200);
    const list = res.json() as PartnerSystemView[];
    expect(list.map((p) => p.partner)).toEqual(['identity', 'water', 'power', 'gas', 'pay', 'his', 'bus', 'charging', 'licence', 'scenic', 'venues', ...BureauNames]);
    expect(list.map((p) => p.partner)).toEqual([...PartnerNames]);
    // Each under its Chinese name: 医院信息系统, 医保信息平台 … never a bare key.
    expect(list.every((p) => p.title === PARTNER_TITLES[p.partner])).toBe(true);
    expect(list.find((p) => p.partner === 'his')).toMatchObject({ title: '医院信息系统（号源、检验报告）', editable: true, lastHour: { calls: 0, failed: 0, p95Ms: 0 } });
    expect(list.every((p) => p.source === 'environment' && p.baseUrl === h.sandboxUrl && p.breaker === 'closed')).toBe(true);
    expect(res.body).not.toContain('sandbox-secret-not-for-production');
    expect(list[0]!.secretHint).toBe('tion');
  });

  it('checks health through the signed protocol', async () => {
    const res = (await call(h.t, admin.cookie, 'POST', '/api/admin/partners/water/health?site=511700')).json() as PartnerHealthResult;
    expect(res).toMatchObject({ ok: true, breaker: 'closed' });
    expect(res.message).toContain('连接正常');
  });

  it('checks the health of every system it lists, the HIS and 医保 included, and logs each ping', async () => {
    const served = new Set(PARTNERS.map((p) => p.name));
    for (const partner of PartnerNames) {
      const res = await call(h.t, admin.cookie, 'POST', `/api/admin/partners/${partner}/health?site=511700`);
      expect(res.statusCode, partner).toBe(200);
      // A system the sandbox serves answers its ping; one it does not (yet) is a failed check, not an error.
      expect((res.json() as PartnerHealthResult).ok, partner).toBe(served.has(partner));
    }
    const log = (await call(h.t, admin.cookie, 'GET', '/api/admin/partner-calls?partner=his')).json() as PartnerCallListResponse;
    expect(log.items[0]).toMatchObject({ partner: 'his', operation: 'his.ping', method: 'GET', path: '/v1/his/ping' });
    expect(served.has('medicare')).toBe(true);
    // 交通运输局's system (the 公共交通 zone's 我要查 / 我要办) is served and answers its ping.
    expect(served.has('transport')).toBe(true);
    // issue 15: the 文旅 / 场馆 reservation systems and the 文广旅局 / 教育局 systems too.
    for (const partner of ['scenic', 'venues', 'tourism', 'education']) expect(served.has(partner), partner).toBe(true);
  });

  it('applies a county’s own configuration at once, without restart, and can return to inheriting', async () => {
    expect((await bills('511702')).statusCode).toBe(200);
    const bad = await call(h.t, admin.cookie, 'PUT', '/api/admin/partners/water?site=511702', { baseUrl: 'ftp://x', appKey: 'k', timeoutMs: 1000, enabled: true });
    expect(bad.statusCode).toBe(400);

    // Point 通川区's water company at a port where nothing listens.
    const put = await call(h.t, admin.cookie, 'PUT', '/api/admin/partners/water?site=511702', { baseUrl: 'http://127.0.0.1:1', appKey: 'dz-sandbox', secret: 'county-secret-123456', timeoutMs: 800, enabled: true });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ source: 'site', siteCode: '511702', baseUrl: 'http://127.0.0.1:1', timeoutMs: 800, secretHint: '3456' });
    expect(put.body).not.toContain('county-secret-123456');
    const t0 = Date.now();
    expect((await bills('511702')).statusCode).toBe(503);
    expect(Date.now() - t0).toBeLessThan(1500);
    // The city and the other counties are untouched; a 通川区 sub-site would inherit.
    expect((await bills('511700')).statusCode).toBe(200);
    expect((await systems('511702')).find((p) => p.partner === 'gas')!.source).toBe('environment');
    const health = (await call(h.t, admin.cookie, 'POST', '/api/admin/partners/water/health?site=511702')).json() as PartnerHealthResult;
    expect(health.ok).toBe(false);

    // Disabled: answered at once, with its own message.
    await call(h.t, admin.cookie, 'PUT', '/api/admin/partners/water?site=511702', { baseUrl: h.sandboxUrl, appKey: 'dz-sandbox', timeoutMs: 3000, enabled: false });
    const off = await bills('511702');
    expect(off.statusCode).toBe(503);
    expect(off.json().message).toContain('暂未开通');

    // Stored encrypted.
    const row = await h.t.app.ctx.db.selectFrom('partner_endpoints').select('secret_enc').where('site_code', '=', '511702').executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain('county-secret');

    expect((await call(h.t, admin.cookie, 'DELETE', '/api/admin/partners/water?site=511702')).statusCode).toBe(204);
    expect((await bills('511702')).statusCode).toBe(200);
    const audit = await h.t.app.ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'partners.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['partners.update', 'partners.delete', 'partners.health']));
  });

  it('keeps a call log with redacted paths, filterable by result and request id', async () => {
    // A site whose bills no earlier test asked for: the 30 s bill memo (per site and account) would
    // answer an account already shown without calling the company, and there would be no call to log.
    const res = await bills('511703');
    const requestId = res.headers['x-request-id'] as string;
    const log = (await call(h.t, admin.cookie, 'GET', `/api/admin/partner-calls?requestId=${requestId}`)).json() as PartnerCallListResponse;
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ partner: 'water', operation: 'water.bills', ok: true, code: '0000', attempt: 1, siteCode: '511703' });
    expect(log.items[0]!.path).toBe('/v1/water/accounts/******2345/bills');
    const failed = (await call(h.t, admin.cookie, 'GET', '/api/admin/partner-calls?ok=false&partner=water')).json() as PartnerCallListResponse;
    expect(failed.total).toBeGreaterThan(0);
    expect(failed.items.every((c) => !c.ok && c.partner === 'water')).toBe(true);
    // No ID number anywhere in the log (accounts are matched by the ID number in the body).
    await h.t.app.inject({ url: '/api/water/accounts', headers: { cookie: h.demo } });
    await h.t.app.ctx.callLog.flush();
    const all = await h.t.app.ctx.db.selectFrom('partner_calls').select('path').execute();
    expect(all.some((c) => c.path.includes('511702199001011231'))).toBe(false);
    const water = (await systems('511700')).find((p) => p.partner === 'water')!;
    expect(water.lastHour.calls).toBe(all.filter((c) => c.path.startsWith('/v1/water')).length);
    expect(water.lastHour.failed).toBeGreaterThan(0);
    expect(water.lastHour.p95Ms).toBeGreaterThanOrEqual(0);
  });

  it('is limited to partner:manage and the staff member’s own sites', async () => {
    const county = await createStaff(h.t, admin, { username: 'xh_ops', siteCode: '511722', roles: ['site_admin'] });
    expect((await call(h.t, county.cookie, 'GET', '/api/admin/partners?site=511722')).statusCode).toBe(200);
    expect((await call(h.t, county.cookie, 'GET', '/api/admin/partners?site=511702')).statusCode).toBe(403);
    expect((await call(h.t, county.cookie, 'PUT', '/api/admin/partners/water?site=511700', { baseUrl: 'http://127.0.0.1:1', appKey: 'x', secret: 'y', timeoutMs: 1000, enabled: true })).statusCode).toBe(403);
    const operator = await createStaff(h.t, admin, { username: 'op_city', siteCode: '511700', roles: ['operator'] });
    expect((await call(h.t, operator.cookie, 'GET', '/api/admin/partners?site=511700')).statusCode).toBe(403);
    expect((await call(h.t, operator.cookie, 'GET', '/api/admin/payments')).statusCode).toBe(403);
  });
});
