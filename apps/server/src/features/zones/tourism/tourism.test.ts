/**
 * 旅游 against the real sandbox 文旅预约平台 (SQLite or MariaDB per DZ_TEST_DB): search by Chinese,
 * pinyin and initials; detail with 实景图 from the file centre; a day's bands; more visitors than
 * places racing for a band (exactly the quota wins); one booking per ID number per spot per day;
 * 我的预约; cancel (and cancel after the start refused); the DZBK: QR through POST /api/verify;
 * 常用游客; the console's 景点 CRUD with its audit trail; the reminder job, once per booking.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuotaReservationCreated, QuotaReservationView, ReservationListResponse, SavedVisitorView, SpotAdminView, SpotAvailability, SpotListResponse, SpotView, VerifyResult } from '@dz/contracts';
import { beijingDay } from '../../../infra/time.js';
import { call, createStaff, setupAdmin, type StaffSession } from '../../admin-auth/test-support.js';
import { idNumber, login, newIp, registerPerson, sessionCookie } from '../../auth/test-kit.js';
import { harness, type Harness } from '../../utilities/test-support.js';
import { bookableDay } from '../quota-bookings/test-support.js';

let h: Harness;
const api = (cookie: string | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  h.t.app.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), 'x-forwarded-for': newIp() }, ...(payload === undefined ? {} : { payload }) });
const control = (path: string, body: unknown) => fetch(`${h.sandboxUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const verify = async (qrText: string) => (await api(null, 'POST', '/api/verify', { qrText })).json<VerifyResult>();

let seq = 100;
/** A fresh real-named citizen's cookie and identity. */
async function citizen(verified = true): Promise<{ cookie: string; userId: number; name: string; idNumber: string }> {
  seq++;
  const u = await registerPerson(h.t.app, { name: '刘游客', idNumber: idNumber('19880808', String(seq)) });
  if (verified) await h.t.app.ctx.db.updateTable('users').set({ real_name_verified: 1 }).where('id', '=', u.userId).execute();
  const res = await login(h.t.app, u.phone, u.password, newIp());
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: sessionCookie(res)!, userId: u.userId, name: u.name, idNumber: u.idNumber };
}

let spots: SpotListResponse['items'];
const spotId = (name: string) => spots.find((s) => s.name === name)!.id;
const day = bookableDay(2);

beforeAll(async () => {
  h = await harness();
  spots = (await api(null, 'GET', '/api/tourism/spots')).json<SpotListResponse>().items;
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('景点介绍', () => {
  it('lists the demo spots and finds them by Chinese, full pinyin and initials', async () => {
    expect(spots.map((s) => s.name)).toEqual(expect.arrayContaining(['巴山大峡谷', '八台山', '真佛山', '賨人谷', '莲花湖', '凤凰山']));
    expect(spots.every((s) => s.bookable && s.cover?.startsWith('/api/public-files/'))).toBe(true);
    const names = async (q: string) => (await api(null, 'GET', `/api/tourism/spots?q=${encodeURIComponent(q)}`)).json<SpotListResponse>().items.map((s) => s.name);
    expect(await names('大峡谷')).toEqual(['巴山大峡谷']);
    expect(await names('bashandaxiagu')).toEqual(['巴山大峡谷']);
    expect(await names('bsdxg')).toEqual(['巴山大峡谷']);
    expect(await names('BSDXG')).toEqual(['巴山大峡谷']);
    expect(await names('lhh')).toEqual(['莲花湖']);
    expect(await names('不存在的景点')).toEqual([]);
    // A county site also shows the city's spots.
    expect((await api(null, 'GET', '/api/tourism/spots?site=511722')).json<SpotListResponse>().items.length).toBe(spots.length);
    const res = await api(null, 'GET', '/api/tourism/spots');
    expect(res.headers.etag).toBeTruthy();
    // Published bytes, compressed once: a gzip client gets the same list.
    const gz = await h.t.app.inject({ method: 'GET', url: '/api/tourism/spots', headers: { 'accept-encoding': 'gzip' } });
    const body = gz.headers['content-encoding'] === 'gzip' ? gunzipSync(gz.rawPayload).toString() : gz.body;
    expect((JSON.parse(body) as SpotListResponse).items).toEqual(spots);
  });

  it('shows a spot with its 实景图 (served by the file centre), hours, tickets, map and the platform’s rules', async () => {
    const res = await api(null, 'GET', `/api/tourism/spots/${spotId('巴山大峡谷')}`);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json<SpotView>();
    expect(v).toMatchObject({ county: '511722', countyName: '宣汉县', bookable: true, maxVisitors: 5 });
    expect(v.photos.length).toBeGreaterThanOrEqual(2);
    expect(v.intro.length).toBeGreaterThan(100);
    expect(v.mapUrl).toContain('amap');
    expect(v.notice).toContain('实名');
    const photo = await h.t.app.inject({ method: 'GET', url: v.photos[0]! });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toContain('image/png');
    expect(photo.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await api(null, 'GET', '/api/tourism/spots/999999')).json()).toMatchObject({ code: 'SPOT_NOT_FOUND' });
  });

  it('reads a day’s bands from the platform', async () => {
    const res = await api(null, 'GET', `/api/tourism/spots/${spotId('凤凰山')}/availability?date=${day}`);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json<SpotAvailability>();
    expect(a).toMatchObject({ spotId: spotId('凤凰山'), date: day, closed: false });
    expect(a.bands.length).toBe(4);
    expect(a.bands[0]).toMatchObject({ start: '08:30', remaining: expect.any(Number) });
  });
});

describe('景点预约', () => {
  it('more visitors than places racing for a band: exactly the quota wins, the rest get 409 SLOT_FULL', async () => {
    const id = spotId('巴山大峡谷');
    const { bands } = (await api(null, 'GET', `/api/tourism/spots/${id}/availability?date=${day}`)).json<SpotAvailability>();
    const band = bands[1]!;
    expect((await control('/_control/scenic/capacity', { resourceId: 'BSDXG', date: day, slotId: band.bandId, capacity: 3 })).status).toBe(200);
    const people = await Promise.all(Array.from({ length: 7 }, () => citizen()));
    const answers = await Promise.all(people.map((p) => api(p.cookie, 'POST', '/api/tourism/reservations', { spotId: id, date: day, bandId: band.bandId, visitors: [{ self: true }] })));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes, answers.map((r) => r.body).join('\n')).toEqual([201, 201, 201, 409, 409, 409, 409]);
    for (const r of answers.filter((x) => x.statusCode === 409)) expect(r.json()).toMatchObject({ code: 'SLOT_FULL' });
    const ledger = await h.t.app.ctx.db.selectFrom('bookings').select('id').where('kind', '=', 'spot').where('resource_ref', '=', `BSDXG:${day}:${band.bandId}`).where('status', '=', 'confirmed').execute();
    expect(ledger).toHaveLength(3);
  });

  it('books typed, saved and own visitors; the same ID twice that day is refused; 我的预约, detail, QR, cancel', async () => {
    const me = await citizen();
    const id = spotId('莲花湖');
    // 常用游客: add, list masked, duplicate and bad checksum refused.
    const friend = { name: '陈朋友', idNumber: idNumber('19920202', '331') };
    const saved = await api(me.cookie, 'POST', '/api/me/visitors', friend);
    expect(saved.statusCode, saved.body).toBe(201);
    const sv = saved.json<SavedVisitorView>();
    expect(sv.idNumberMasked).not.toBe(friend.idNumber);
    expect((await api(me.cookie, 'POST', '/api/me/visitors', friend)).json()).toMatchObject({ code: 'VISITOR_EXISTS' });
    const badId = await api(me.cookie, 'POST', '/api/me/visitors', { name: '陈朋友', idNumber: `${friend.idNumber.slice(0, 17)}${friend.idNumber.endsWith('0') ? '1' : '0'}` });
    expect(badId.statusCode).toBe(400);
    expect((await api(me.cookie, 'GET', '/api/me/visitors')).json<{ items: SavedVisitorView[] }>().items).toEqual([sv]);
    const stored = await h.t.app.ctx.db.selectFrom('saved_visitors').selectAll().where('id', '=', sv.id).executeTakeFirstOrThrow();
    expect(stored.id_number_enc).not.toContain(friend.idNumber);

    const typed = { name: '赵同行', idNumber: idNumber('19950505', '332') };
    const res = await api(me.cookie, 'POST', '/api/tourism/reservations', { spotId: id, date: day, bandId: 'S0830', visitors: [{ self: true }, { savedId: sv.id }, typed] });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<QuotaReservationCreated>();
    expect(created.qrText).toMatch(/^DZBK:/);

    // The same ID number again that day (another band): the platform refuses, the masked number named.
    const again = await api(me.cookie, 'POST', '/api/tourism/reservations', { spotId: id, date: day, bandId: 'S1030', visitors: [typed] });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_BOOKED', details: { idNumberMasked: expect.stringContaining('*') } });
    // Twice in one request, and more than five.
    expect((await api(me.cookie, 'POST', '/api/tourism/reservations', { spotId: id, date: day, bandId: 'S1030', visitors: [{ name: '钱一', idNumber: idNumber('19700101', '333') }, { name: '钱一', idNumber: idNumber('19700101', '333') }] })).statusCode).toBe(400);
    const six = Array.from({ length: 6 }, (_, i) => ({ name: '孙六', idNumber: idNumber('19700101', String(340 + i)) }));
    expect((await api(me.cookie, 'POST', '/api/tourism/reservations', { spotId: id, date: day, bandId: 'S1030', visitors: six })).statusCode).toBe(400);

    const mine = (await api(me.cookie, 'GET', '/api/me/reservations')).json<ReservationListResponse>();
    expect(mine.items.find((x) => x.id === created.id)).toMatchObject({ kind: 'spot', kindName: '景点预约', title: '莲花湖', status: 'confirmed', link: `/tourism/reservations/${created.id}` });

    const view = (await api(me.cookie, 'GET', `/api/tourism/reservations/${created.id}`)).json<QuotaReservationView>();
    expect(view).toMatchObject({ kind: 'spot', title: '莲花湖', date: day, start: '08:30', status: 'confirmed', cancellable: true, qrText: created.qrText });
    expect(view.visitors).toHaveLength(3);
    expect(JSON.stringify(view.visitors)).not.toContain(typed.idNumber);
    const stranger = await citizen();
    expect((await api(stranger.cookie, 'GET', `/api/tourism/reservations/${created.id}`)).json()).toMatchObject({ code: 'RESERVATION_NOT_FOUND' });

    // The QR: valid; a forged tag is unknown; after the cancel it is not valid.
    const ok = await verify(created.qrText!);
    expect(ok).toMatchObject({ valid: true, kind: '景点预约' });
    expect(ok.details).toEqual(expect.arrayContaining([{ label: '人数', value: '3人' }, { label: '日期', value: day }]));
    expect((await verify(`${created.qrText!.slice(0, -1)}${created.qrText!.endsWith('0') ? '1' : '0'}`)).valid).toBe(false);

    const cancelled = await api(me.cookie, 'POST', `/api/tourism/reservations/${created.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<QuotaReservationView>()).toMatchObject({ status: 'cancelled', cancellable: false, qrText: null });
    expect((await api(me.cookie, 'POST', `/api/tourism/reservations/${created.id}/cancel`)).statusCode).toBe(200);
    const after = await verify(created.qrText!);
    expect(after.valid).toBe(false);
    expect(after.reason).toContain('取消');
    // Cancelled at the platform too: the same visitor may book that day again.
    expect((await api(me.cookie, 'POST', '/api/tourism/reservations', { spotId: id, date: day, bandId: 'S1030', visitors: [typed] })).statusCode).toBe(201);

    const trail = await h.t.app.ctx.db.selectFrom('audit_log').select('action').where('actor_id', '=', me.userId).where('action', 'like', 'tourism.reservation.%').execute();
    expect(trail.map((t) => t.action).sort()).toEqual(['tourism.reservation.cancel', 'tourism.reservation.create', 'tourism.reservation.create']);

    expect((await api(me.cookie, 'DELETE', `/api/me/visitors/${sv.id}`)).statusCode).toBe(204);
    expect((await api(me.cookie, 'DELETE', `/api/me/visitors/${sv.id}`)).json()).toMatchObject({ code: 'VISITOR_NOT_FOUND' });
  });

  it('a band that has started cannot be cancelled; an unverified login cannot book', async () => {
    const me = await citizen();
    const res = await api(me.cookie, 'POST', '/api/tourism/reservations', { spotId: spotId('真佛山'), date: day, bandId: 'S1230', visitors: [{ self: true }] });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<QuotaReservationCreated>();
    // The clock past the band's start, as the ledger sees it.
    await h.t.app.ctx.db.updateTable('bookings').set({ starts_at: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', id).execute();
    expect((await api(me.cookie, 'GET', `/api/tourism/reservations/${id}`)).json<QuotaReservationView>().cancellable).toBe(false);
    const refused = await api(me.cookie, 'POST', `/api/tourism/reservations/${id}/cancel`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'SLOT_STARTED' });

    const anon = await citizen(false);
    const denied = await api(anon.cookie, 'POST', '/api/tourism/reservations', { spotId: spotId('真佛山'), date: day, bandId: 'S1230', visitors: [{ self: true }] });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'REALNAME_REQUIRED' });
    expect((await api(null, 'POST', '/api/tourism/reservations', { spotId: spotId('真佛山'), date: day, bandId: 'S1230', visitors: [{ self: true }] })).statusCode).toBe(401);
  });

  it('the reminder job sends exactly one message per booking starting tomorrow, however many runs', async () => {
    const tomorrow = beijingDay(Date.now() + 86_400_000);
    if (tomorrow.endsWith('12-31')) return; // the demo platform is closed that day
    const me = await citizen();
    const res = await api(me.cookie, 'POST', '/api/tourism/reservations', { spotId: spotId('凤凰山'), date: tomorrow, bandId: 'S1430', visitors: [{ self: true }] });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<QuotaReservationCreated>();
    const runs = await Promise.all([h.t.app.quotaBookings.remind(), h.t.app.quotaBookings.remind(), h.t.app.quotaBookings.remind()]);
    expect(runs.reduce((n, r) => n + r.reminded, 0)).toBeGreaterThanOrEqual(1);
    await h.t.app.quotaBookings.remind();
    const msgs = await h.t.app.ctx.db.selectFrom('messages').selectAll().where('user_id', '=', me.userId).execute();
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ link: `/tourism/reservations/${id}` });
    expect(msgs[0]!.title).toContain('凤凰山');
    const row = await h.t.app.ctx.db.selectFrom('bookings').select('reminded_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.reminded_at).toBeTruthy();
  });
});

describe('景点管理 (console)', () => {
  let admin: StaffSession;
  let cityOp: StaffSession;
  let xhOp: StaffSession;
  beforeAll(async () => {
    admin = await setupAdmin(h.t);
    cityOp = await createStaff(h.t, admin, { username: 'spot_city_op', siteCode: '511700', roles: ['operator'] });
    xhOp = await createStaff(h.t, admin, { username: 'spot_xh_op', siteCode: '511722', roles: ['operator'] });
  }, 60_000);

  it('creates, edits and deletes a spot with site scope, file checks and an audit trail; the public list follows', async () => {
    const url = '/api/admin/tourism/spots';
    const list = (await call(h.t, cityOp.cookie, 'GET', url)).json<{ items: SpotAdminView[] }>();
    const photo = list.items[0]!.photoFileIds[0]!;
    const input = {
      site: '511700',
      name: '罗家坝遗址',
      county: '511722',
      level: '' as const,
      summary: '巴人文化遗址（演示）',
      intro: '宣汉县罗家坝遗址是巴文化的重要遗址。（演示）',
      openHours: '09:00–17:00',
      tickets: '免费',
      address: '达州市宣汉县普光镇',
      phone: '',
      lat: 31.5,
      lng: 107.9,
      photoFileIds: [photo],
      partnerResourceId: null,
      tags: ['遗址'],
      sort: 100,
      published: true,
    };
    expect((await call(h.t, null, 'GET', url)).statusCode).toBe(401);
    const badPhoto = await call(h.t, cityOp.cookie, 'POST', url, { ...input, photoFileIds: ['no-such-file'] });
    expect(badPhoto.statusCode).toBe(400);
    expect(badPhoto.json()).toMatchObject({ fields: { photoFileIds: expect.stringContaining('文件中心') } });
    expect((await call(h.t, xhOp.cookie, 'POST', url, input)).statusCode).toBe(403);
    const created = await call(h.t, cityOp.cookie, 'POST', url, input);
    expect(created.statusCode, created.body).toBe(201);
    const spot = created.json<SpotAdminView>();
    expect(spot).toMatchObject({ name: '罗家坝遗址', photos: [`/api/public-files/${photo}`], updatedBy: 'spot_city_op' });
    expect((await call(h.t, cityOp.cookie, 'POST', url, input)).json()).toMatchObject({ fields: { name: expect.stringContaining('同名') } });

    const found = (await api(null, 'GET', '/api/tourism/spots?q=ljb')).json<SpotListResponse>().items;
    expect(found.map((s) => s.name)).toEqual(['罗家坝遗址']);
    expect(found[0]!.bookable).toBe(false);
    expect((await api(null, 'GET', `/api/tourism/spots/${spot.id}/availability?date=${day}`)).json()).toMatchObject({ code: 'SPOT_NOT_BOOKABLE' });

    expect((await call(h.t, xhOp.cookie, 'PUT', `${url}/${spot.id}`, { ...input, published: false })).statusCode).toBe(403);
    const edited = await call(h.t, cityOp.cookie, 'PUT', `${url}/${spot.id}`, { ...input, published: false });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await api(null, 'GET', '/api/tourism/spots?q=ljb')).json<SpotListResponse>().items).toEqual([]);
    expect((await api(null, 'GET', `/api/tourism/spots/${spot.id}`)).statusCode).toBe(404);

    const resources = await call(h.t, cityOp.cookie, 'GET', '/api/admin/tourism/resources');
    expect(resources.statusCode, resources.body).toBe(200);
    expect(resources.json<{ items: { id: string }[] }>().items.map((r) => r.id)).toContain('BSDXG');

    expect((await call(h.t, cityOp.cookie, 'DELETE', `${url}/${spot.id}`)).statusCode).toBe(204);
    expect((await call(h.t, cityOp.cookie, 'DELETE', `${url}/${spot.id}`)).statusCode).toBe(404);
    const trail = await h.t.app.ctx.db.selectFrom('audit_log').select(['action', 'result']).where('action', 'like', 'tourism.spot.%').where('object_id', '=', String(spot.id)).orderBy('id').execute();
    expect(trail.filter((t) => t.result === 'ok').map((t) => t.action)).toEqual(['tourism.spot.create', 'tourism.spot.update', 'tourism.spot.delete']);
    expect(trail.some((t) => t.result === 'denied' && t.action === 'tourism.spot.update')).toBe(true);
  });
});
