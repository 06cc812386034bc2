/**
 * The public reads served as precomputed bytes (infra/published.ts): strong ETag and 304,
 * Cache-Control for a CDN, gzip / br chosen once, a console write moving the version, time
 * windows expiring by themselves, nothing personal in the bytes.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { call, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { DEMO_CITIZEN } from '../../db/seed/index.js';
import { etagMatches, pickEncoding } from '../../infra/published.js';
import { insertNews } from './test-support.js';

let t: TestApp;
let admin: StaffSession;

beforeAll(async () => {
  t = await createTestApp();
  admin = await setupAdmin(t);
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Block = { id: string; type: string; [k: string]: unknown };

describe('ETag, 304 and Cache-Control', () => {
  it('answers 304 to a matching If-None-Match, and 200 with a new ETag after a console publish', async () => {
    const first = await get('/api/pages/home?site=511723');
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=30');
    expect(first.headers.vary).toBe('Accept-Encoding');
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');

    const again = await get('/api/pages/home?site=511723', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, max-age=30');
    // a list of tags, one of them ours, and the weak form of ours, match too (RFC 9110 §13.1.2)
    expect((await get('/api/pages/home?site=511723', { 'if-none-match': `"x", W/${etag}` })).statusCode).toBe(304);
    expect((await get('/api/pages/home?site=511723', { 'if-none-match': '"0123"' })).statusCode).toBe(200);

    const blocks: Block[] = [{ id: 'n', type: 'notice', text: '大竹县政务服务中心周六照常办公' }];
    expect((await call(t, admin.cookie, 'PUT', '/api/admin/pages/home?site=511724', { blocks })).statusCode).toBe(200);
    expect((await call(t, admin.cookie, 'PUT', '/api/admin/pages/home?site=511723', { blocks })).statusCode).toBe(200);
    const after = await get('/api/pages/home?site=511723', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.json().blocks).toEqual(blocks);
  });

  it('every published read carries an ETag and answers 304; a personal read never does', async () => {
    const guideId = (await get('/api/items?site=511700&pageSize=1')).json().items[0].id as number;
    const newsId = await insertNews(t.app, { title: '304 测试资讯', content: '<p>正文</p>' });
    await t.app.contentVersion.bump(); // written behind the console's back
    for (const url of ['/api/zones?site=511700', '/api/zones/housing-fund?site=511700', '/api/themes?site=511700', '/api/sites', '/api/search/hot?site=511700', `/api/items/${guideId}`, '/api/news?site=511700', `/api/news/${newsId}`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers.etag, url).toMatch(/^"[0-9a-f]{32}"$/);
      expect(res.headers['cache-control'], url).toMatch(/^public, max-age=\d+$/);
      expect((await get(url, { 'if-none-match': res.headers.etag as string })).statusCode, url).toBe(304);
    }
    // errors are not cached bytes
    const missing = await get('/api/news/99999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
  });
});

describe('content-coding', () => {
  it('gzip and br bodies decode to the same JSON; the ETag names the coding; nothing is compressed twice', async () => {
    const plain = await get('/api/pages/home?site=511700');
    const gz = await t.app.inject({ url: '/api/pages/home?site=511700', headers: { 'accept-encoding': 'gzip, deflate' } });
    const br = await t.app.inject({ url: '/api/pages/home?site=511700', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    const gzBytes = gunzipSync(gz.rawPayload);
    const brBytes = brotliDecompressSync(br.rawPayload);
    expect(gzBytes.equals(plain.rawPayload)).toBe(true);
    expect(brBytes.equals(plain.rawPayload)).toBe(true);
    expect(JSON.parse(brBytes.toString())).toEqual(plain.json());
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    const base = (plain.headers.etag as string).slice(1, -1);
    expect(gz.headers.etag).toBe(`"${base}-gzip"`);
    expect(br.headers.etag).toBe(`"${base}-br"`);
    // The tag of the gzip form validates the same bytes in any coding.
    expect((await get('/api/pages/home?site=511700', { 'if-none-match': gz.headers.etag as string, 'accept-encoding': 'br' })).statusCode).toBe(304);
    // A client that takes only deflate (or refuses everything with q=0) gets the identity bytes, not @fastify/compress's.
    const deflate = await get('/api/pages/home?site=511700', { 'accept-encoding': 'deflate' });
    expect(deflate.headers['content-encoding']).toBeUndefined();
    expect(deflate.rawPayload.equals(plain.rawPayload)).toBe(true);
    expect((await get('/api/pages/home?site=511700', { 'accept-encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding']).toBeUndefined();
  });

  it('Accept-Encoding and If-None-Match are read as RFC 9110 says', () => {
    expect(pickEncoding(undefined)).toBe('identity');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('gzip, br')).toBe('br');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('identity, deflate')).toBe('identity');
    expect(etagMatches('*', 'abc')).toBe(true);
    expect(etagMatches('"abc-br"', 'abc')).toBe(true);
    expect(etagMatches('"abd"', 'abc')).toBe(false);
  });
});

describe('personal data', () => {
  it('a logged-in citizen gets the very bytes an anonymous visitor gets, without a cookie set or no-store', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { account: DEMO_CITIZEN.phone, password: DEMO_CITIZEN.password } });
    expect(login.statusCode).toBe(200);
    const sid = String(login.headers['set-cookie']).split(';')[0]!;
    for (const url of ['/api/pages/home?site=511700', '/api/sites', '/api/search/hot?site=511700', '/api/zones?site=511700']) {
      const anon = await get(url);
      const mine = await get(url, { cookie: sid });
      expect(mine.statusCode, url).toBe(200);
      expect(mine.rawPayload.equals(anon.rawPayload), url).toBe(true);
      expect(mine.headers.etag).toBe(anon.headers.etag);
      expect(mine.headers['set-cookie'], url).toBeUndefined();
      expect(mine.headers['cache-control'], url).toMatch(/^public/);
      const text = mine.body;
      for (const personal of ['userId', '"phone"', DEMO_CITIZEN.phone, '139****', DEMO_CITIZEN.name, 'realName', 'idNumber']) expect(text, `${url} ${personal}`).not.toContain(personal);
    }
    // and the personal read next to them stays no-store
    expect((await get('/api/me', { cookie: sid })).headers['cache-control']).toBe('no-store');
  });
});

describe('time windows', () => {
  it('a banner image whose window opens or closes changes the answer at that moment, with no publish', async () => {
    const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
    const img = '/static/b.png';
    const blocks: Block[] = [
      {
        id: 'b',
        type: 'banner',
        items: [
          { image: img, title: '即将结束', link: '/', endAt: iso(1500) },
          { image: img, title: '即将开始', link: '/', startAt: iso(1500) },
          { image: img, title: '长期', link: '/' },
        ],
      },
    ];
    expect((await call(t, admin.cookie, 'PUT', '/api/admin/pages/services?site=511781', { blocks })).statusCode).toBe(200);
    const titles = (res: { json(): { blocks: { items: { title: string }[] }[] } }) => res.json().blocks[0]!.items.map((i) => i.title);
    const before = await get('/api/pages/services?site=511781');
    expect(titles(before)).toEqual(['即将结束', '长期']);
    // a CDN is never told to keep it past the boundary
    expect(Number(/max-age=(\d+)/.exec(before.headers['cache-control'] as string)![1])).toBeLessThanOrEqual(1);
    expect(titles(await get('/api/pages/services?site=511781'))).toEqual(['即将结束', '长期']); // served from memory
    await sleep(1600);
    const after = await get('/api/pages/services?site=511781', { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(titles(after)).toEqual(['即将开始', '长期']);
    expect(after.headers['cache-control']).toBe('public, max-age=30');
  });

  it('a scheduled article appears in the news list and the home page when its time comes', async () => {
    const at = new Date(Date.now() + 1500).toISOString();
    const id = await insertNews(t.app, { site_code: '511781', title: '定时发布的资讯', published_at: at });
    await t.app.contentVersion.bump(); // written behind the console's back
    const listIds = async () => ((await get('/api/news?site=511781')).json() as { items: { id: number }[] }).items.map((n) => n.id);
    const homeNews = async () => ((await get('/api/pages/home?site=511781')).json() as { blocks: Block[] }).blocks.find((b) => b.type === 'newsList')!.news as { id: number }[];
    expect(await listIds()).not.toContain(id);
    expect((await homeNews()).map((n) => n.id)).not.toContain(id);
    await sleep(1600);
    expect(await listIds()).toContain(id);
    expect((await homeNews()).map((n) => n.id)).toContain(id);
  });
});

describe('limits', () => {
  it('the published reads are limited per IP in memory: the 601st in a minute answers 429 in Chinese', async () => {
    let last = await t.app.inject({ url: '/api/sites', remoteAddress: '198.51.100.77' });
    for (let i = 1; i < 600; i++) last = await t.app.inject({ url: '/api/sites', remoteAddress: '198.51.100.77' });
    expect(last.statusCode).toBe(200);
    const over = await t.app.inject({ url: '/api/sites', remoteAddress: '198.51.100.77' });
    expect(over.statusCode).toBe(429);
    expect(over.json().code).toBe('RATE_LIMITED');
    expect(over.json().message).toMatch(/^操作太频繁/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // another client is not affected
    expect((await t.app.inject({ url: '/api/sites', remoteAddress: '198.51.100.78' })).statusCode).toBe(200);
  });
});
