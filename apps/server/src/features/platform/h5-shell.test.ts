/**
 * The H5 shell (features/platform/h5-shell.ts): the first screen's public read inside index.html,
 * preload hints per route, strong ETag and 304, a publish reaching the HTML, nothing personal in
 * it, hashed assets immutable and precompressed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieJar, createTestApp, type TestApp } from '../../test/helpers.js';
import { call, setupAdmin, type StaffSession } from '../admin-auth/test-support.js';
import { DEMO_CITIZEN } from '../../db/seed/index.js';
import { firstRead } from './h5-shell.js';

const INDEX = `<!doctype html>
<html lang="zh-CN">
  <head>
    <title>天府通办·达州</title>
    <script type="module" crossorigin src="/assets/index-abc.js"></script>
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>
`;
const ENTRY = 'console.log("天府通办");'.repeat(50);

let t: TestApp;
let admin: StaffSession;
let h5: string;

beforeAll(async () => {
  h5 = mkdtempSync(join(tmpdir(), 'dz-h5-shell-'));
  mkdirSync(join(h5, 'assets'));
  mkdirSync(join(h5, '.vite'));
  writeFileSync(join(h5, 'index.html'), INDEX);
  writeFileSync(join(h5, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(h5, 'assets', 'index-abc.js'), ENTRY);
  writeFileSync(join(h5, 'assets', 'index-abc.js.br'), brotliCompressSync(ENTRY));
  writeFileSync(
    join(h5, '.vite', 'route-preloads.json'),
    JSON.stringify([
      { pattern: '^/zones/[^/]+$', files: ['/assets/ZonePage-1.js', '/assets/ZonePage-2.css'] },
      // never echoed into the HTML: not an asset path
      { pattern: '^/search$', files: ['"><script>alert(1)</script>'] },
      // a login-only page: the session read is hinted with its chunks
      { pattern: '^/apps/gas-install$', files: ['/assets/GasInstallPage-1.js'], auth: true },
    ]),
  );
  t = await createTestApp({ h5Dir: h5 });
  admin = await setupAdmin(t);
});
afterAll(async () => {
  await t.close();
  rmSync(h5, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

/** The data block of a shell, parsed as the H5 parses it. */
function bootOf(html: string): Record<string, unknown> | null {
  const m = /<script type="application\/json" id="dz-boot">(.*?)<\/script>/s.exec(html);
  return m ? (JSON.parse(m[1] ?? '') as Record<string, unknown>) : null;
}

describe('the first read travels inside index.html', () => {
  it('maps the first screens to the reads the H5 makes for the default site, and nothing else', () => {
    expect(firstRead('/')).toBe('/api/pages/home?site=511700');
    expect(firstRead('/affairs')).toBe('/api/pages/affairs?site=511700');
    expect(firstRead('/services')).toBe('/api/pages/services?site=511700');
    expect(firstRead('/search')).toBe('/api/search/hot?site=511700');
    expect(firstRead('/zones/water-power')).toBe('/api/zones/water-power?site=511700');
    for (const p of ['/me', '/interact', '/zones/a/b', '/zones/%3Cx%3E', '/apps/gas-install', '/news/1']) expect(firstRead(p)).toBeNull();
  });

  it('首页 carries exactly the answer of /api/pages/home, with a strong ETag, no-cache and 304', async () => {
    const api = await get('/api/pages/home?site=511700');
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(bootOf(res.body)).toEqual({ '/api/pages/home?site=511700': api.json() });
    // The CSP stays script-src 'self': the block is data, never executed.
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).not.toMatch(/<script>(?!alert)/);

    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await get('/', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get('/index.html')).body).toBe(res.body);

    const br = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.etag).toBe(`${etag.slice(0, -1)}-br"`);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(res.body);
    expect((await get('/', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag as string })).statusCode).toBe(304);
  });

  it('a console publish is in the next HTML (and its ETag moves)', async () => {
    const before = await get('/');
    const blocks = [{ id: 'n', type: 'notice', text: '市民中心本周六照常办公（外壳测试）' }];
    expect((await call(t, admin.cookie, 'PUT', '/api/admin/pages/home?site=511700', { blocks })).statusCode).toBe(200);
    const after = await get('/', { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((bootOf(after.body)?.['/api/pages/home?site=511700'] as { blocks: unknown }).blocks).toEqual(blocks);
  });

  it('carries nothing personal: a logged-in citizen gets the very bytes an anonymous visitor gets', async () => {
    const jar = cookieJar();
    const login = jar.take(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { account: DEMO_CITIZEN.phone, password: DEMO_CITIZEN.password } }));
    expect(login.statusCode).toBe(200);
    for (const path of ['/', '/search', '/zones/water-power', '/me']) {
      const anonymous = await get(path);
      const citizen = await get(path, { cookie: jar.header() });
      expect(citizen.body, path).toBe(anonymous.body);
      expect(citizen.body).not.toContain(DEMO_CITIZEN.phone);
      expect(citizen.headers['set-cookie']).toBeUndefined();
    }
  });

  it('a zone gets its read and the preload hints of its page; an unknown zone and other paths the plain shell', async () => {
    const zone = await get('/zones/water-power');
    expect(Object.keys(bootOf(zone.body) ?? {})).toEqual(['/api/zones/water-power?site=511700']);
    expect(zone.body).toContain('<link rel="modulepreload" crossorigin href="/assets/ZonePage-1.js">');
    expect(zone.body).toContain('<link rel="preload" as="style" crossorigin href="/assets/ZonePage-2.css">');

    const unknown = await get('/zones/no-such-zone');
    expect(unknown.statusCode).toBe(200);
    expect(bootOf(unknown.body)).toBeNull();
    expect(unknown.body).toContain('ZonePage-1.js');

    const search = await get('/search');
    expect(Object.keys(bootOf(search.body) ?? {})).toEqual(['/api/search/hot?site=511700']);
    expect(search.body).not.toContain('alert(1)');

    const gas = await get('/apps/gas-install');
    expect(gas.body).toContain('<link rel="preload" as="fetch" crossorigin href="/api/auth/session">');
    expect(gas.body).toContain('<link rel="modulepreload" crossorigin href="/assets/GasInstallPage-1.js">');
    expect(zone.body).not.toContain('/api/auth/session');

    const me = await get('/me');
    expect(me.body).toBe(INDEX);
  });

  it('escapes what could close the script element', async () => {
    const blocks = [{ id: 'n', type: 'notice', text: '</script><script>alert(1)</script>' }];
    expect((await call(t, admin.cookie, 'PUT', '/api/admin/pages/home?site=511700', { blocks })).statusCode).toBe(200);
    const res = await get('/');
    expect(res.body).not.toContain('</script><script>alert(1)');
    expect((bootOf(res.body)?.['/api/pages/home?site=511700'] as { blocks: unknown }).blocks).toEqual(blocks);
  });
});

describe('static files of the H5', () => {
  it('hashed assets are immutable and sent precompressed; a missing one is a 404, not the HTML', async () => {
    const js = await get('/assets/index-abc.js', { 'accept-encoding': 'br' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(js.rawPayload).toString()).toBe(ENTRY);
    expect((await get('/assets/index-abc.js')).body).toBe(ENTRY);
    expect((await get('/assets/index-old.js')).statusCode).toBe(404);
    expect((await get('/favicon.svg')).statusCode).toBe(200);
    // the build's own files are not served
    expect(bootOf((await get('/.vite/route-preloads.json')).body)).toBeNull();
    expect((await get('/.vite/route-preloads.json')).body).not.toContain('ZonePage');
    const api = await get('/api/nope');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
