/**
 * The two front ends as the server serves them: the console at `/admin/`, the H5 at `/` (issue 9,
 * "the first screen does not jump" and Lighthouse ≥ 90).
 *
 * - Hashed assets (`/assets/*`: Vite names them by content) are served with
 *   `Cache-Control: public, max-age=31536000, immutable` and from the `.br` / `.gz` files the H5
 *   build writes next to them, so a repeat visit asks for nothing and a first visit costs no
 *   compression per request.
 * - The H5's index.html (the shell of every H5 path, history-mode routing) is composed in memory.
 *   For the paths whose first screen is a public read — the channels 首页 / 办事 / 便民, a zone,
 *   搜索 — the precomputed bytes of that read for the default site travel inside the HTML as
 *   `<script type="application/json" id="dz-boot">` (data, not script: the CSP's script-src
 *   'self' stays as it is), and the H5's API client takes them instead of a round trip. The
 *   composed HTML is built once per answer of that read (its ETag) and compressed once; a request
 *   costs a map look-up. It carries no per-user data: the reads are the anonymous published ones
 *   (infra/published.ts), fetched with no cookie.
 * - The shell is revalidated on every visit (`no-cache`) with a strong ETag, 304 on a match: the
 *   data inside it must not outlive a publish.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../infra/config.js';
import { etagMatches, pickEncoding } from '../../infra/published.js';
import { DEFAULT_SITE } from '../catalog/site-scope.js';

type Encoding = 'identity' | 'gzip' | 'br';

/** One composed shell: its bytes in each encoding and the headers that go with them. */
interface Shell {
  hash: string;
  bodies: Record<Encoding, Buffer>;
  headers: Record<Encoding, Record<string, string>>;
}

/** A shell with the answer of one public read inside, and when that answer was last checked. */
interface Composed {
  shell: Shell;
  /** ETag of the read it carries: the shell is recomposed only when this changes. */
  readTag: string;
  version: string;
  checkedAt: number;
}

/**
 * How long a composed shell is trusted without asking its read again: the read's own
 * `Cache-Control` max-age (30 s), so the HTML is never staler than the JSON a CDN may keep. A
 * publish (content version) refreshes at once.
 */
const RECHECK_MS = 30_000;
/** Zones are operator-defined: bound the shells kept for them (each is a few KB). */
const MAX_SHELLS = 200;

/** The public read a first screen needs, as the H5 requests it (same URL string: api/*.ts), for the default site. */
export function firstRead(path: string): string | null {
  if (path === '/') return `/api/pages/home?site=${DEFAULT_SITE}`;
  if (path === '/affairs' || path === '/services') return `/api/pages${path}?site=${DEFAULT_SITE}`;
  if (path === '/search') return `/api/search/hot?site=${DEFAULT_SITE}`;
  // Codes the H5's encodeURIComponent leaves as they are, so the URLs match byte for byte.
  const zone = /^\/zones\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (zone) return `/api/zones/${zone[1]}?site=${DEFAULT_SITE}`;
  return null;
}

/** JSON safe inside <script>: no "</script>" or "<!--" can be formed, and the JSON parses the same. */
function scriptSafe(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function makeShell(html: string): Shell {
  const identity = Buffer.from(html);
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 32);
  const bodies: Record<Encoding, Buffer> = {
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, { params: { [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
  };
  const headers = {} as Record<Encoding, Record<string, string>>;
  for (const e of ['identity', 'gzip', 'br'] as const) {
    headers[e] = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      vary: 'Accept-Encoding',
      etag: e === 'identity' ? `"${hash}"` : `"${hash}-${e}"`,
      ...(e === 'identity' ? {} : { 'content-encoding': e }),
    };
  }
  return { hash, bodies, headers };
}

function sendShell(req: FastifyRequest, reply: FastifyReply, shell: Shell): FastifyReply {
  const encoding = pickEncoding(req.headers['accept-encoding']);
  const headers = shell.headers[encoding];
  const inm = req.headers['if-none-match'];
  if (inm !== undefined && etagMatches(inm, shell.hash)) {
    return reply.code(304).headers({ etag: headers.etag, 'cache-control': 'no-cache', vary: 'Accept-Encoding' }).send();
  }
  return reply.headers(headers).send(shell.bodies[encoding]);
}

/** Scripts and stylesheets of one lazily loaded page, for the H5 paths that match `pattern`. */
export interface RoutePreload {
  pattern: string;
  files: string[];
  /** A login-only page: its router guard asks /api/auth/session before anything draws. */
  auth?: boolean;
}

/**
 * The session read a login-only page starts with, hinted so it travels with the entry script
 * instead of after it. `crossorigin` (anonymous) is the credentials mode of the H5's own fetch
 * (same-origin), so the browser hands this response to that fetch. The HTML stays the same for
 * everyone: the hint names a URL, the answer is per browser.
 */
const SESSION_PRELOAD = '<link rel="preload" as="fetch" crossorigin href="/api/auth/session">';

/**
 * The H5 build's `.vite/route-preloads.json` (vite.config.ts): which chunks each route's page
 * needs. Read once; a missing or damaged file only means no preload hints.
 */
function readRoutePreloads(h5: string): { re: RegExp; tags: string }[] {
  try {
    const list = JSON.parse(readFileSync(join(h5, '.vite', 'route-preloads.json'), 'utf8')) as RoutePreload[];
    return list
      .filter((r) => typeof r.pattern === 'string' && Array.isArray(r.files))
      .map((r) => ({
        re: new RegExp(r.pattern),
        tags: [
          ...(r.auth === true ? [SESSION_PRELOAD] : []),
          ...r.files
            .filter((f) => /^\/assets\/[\w.-]+\.(js|css)$/.test(f))
            .map((f) => (f.endsWith('.css') ? `<link rel="preload" as="style" crossorigin href="${f}">` : `<link rel="modulepreload" crossorigin href="${f}">`)),
        ].join('\n    '),
      }));
  } catch {
    return [];
  }
}

/**
 * The H5 shell: index.html as built, plus for each path the preload hints of its page's chunks
 * (fetched alongside the entry instead of after it) and the answer of its first read.
 */
export class H5Shell {
  /** Per preload variant ('' = none): the shell without data. */
  private readonly plain = new Map<number, Shell>();
  private readonly composed = new Map<string, Composed>();
  private readonly pending = new Map<string, Promise<Shell>>();
  private readonly preloads: { re: RegExp; tags: string }[];

  constructor(
    private readonly app: FastifyInstance,
    private readonly html: string,
    h5Dir: string,
  ) {
    this.preloads = readRoutePreloads(h5Dir);
  }

  async serve(req: FastifyRequest, reply: FastifyReply, path: string): Promise<FastifyReply> {
    const variant = this.preloads.findIndex((p) => p.re.test(path));
    const read = firstRead(path);
    const shell = read ? await this.withRead(variant, read) : this.plainShell(variant);
    return sendShell(req, reply, shell);
  }

  /** index.html with the preload hints of `variant` and, when given, the data block. */
  private compose(variant: number, data = ''): string {
    let html = this.html;
    const tags = this.preloads[variant]?.tags;
    if (tags) html = html.replace('</head>', `  ${tags}\n  </head>`);
    if (data) html = html.replace('</body>', `${data}\n  </body>`);
    return html;
  }

  private plainShell(variant: number): Shell {
    let shell = this.plain.get(variant);
    if (!shell) this.plain.set(variant, (shell = makeShell(this.compose(variant))));
    return shell;
  }

  private async withRead(variant: number, url: string): Promise<Shell> {
    const version = await this.app.contentVersion.current();
    const key = `${variant}\u0000${url}`;
    const c = this.composed.get(key);
    if (c && c.version === version && Date.now() - c.checkedAt < RECHECK_MS) return c.shell;
    let p = this.pending.get(key);
    if (!p) {
      p = this.refresh(variant, key, url, version).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  /** Asks the read (from the published bytes: no database once built) and recomposes only if its answer changed. */
  private async refresh(variant: number, key: string, url: string, version: string): Promise<Shell> {
    // No cookie, no forwarding headers: the anonymous answer every citizen gets.
    const res = await this.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
    const tag = String(res.headers.etag ?? '');
    if (res.statusCode !== 200 || !tag || !String(res.headers['content-type'] ?? '').startsWith('application/json')) {
      // An unknown zone, a failing read: the page asks for itself and shows the error as usual.
      this.composed.delete(key);
      return this.plainShell(variant);
    }
    const old = this.composed.get(key);
    let shell = old?.readTag === tag ? old.shell : null;
    if (!shell) {
      const data = `<script type="application/json" id="dz-boot">${scriptSafe(JSON.stringify({ [url]: JSON.parse(res.body) as unknown }))}</script>`;
      shell = makeShell(this.compose(variant, data));
    }
    this.composed.delete(key); // re-inserted last: the oldest goes first when over the bound
    this.composed.set(key, { shell, readTag: tag, version, checkedAt: Date.now() });
    if (this.composed.size > MAX_SHELLS) this.composed.delete(this.composed.keys().next().value as string);
    return shell;
  }
}

/** The console at /admin/, the H5 at / (assets, other public files, the shell for every other GET path). */
export async function registerFrontEnds(app: FastifyInstance, config: Config): Promise<void> {
  const h5 = config.h5Dir && existsSync(join(config.h5Dir, 'index.html')) ? config.h5Dir : null;
  const admin = config.adminDir && existsSync(config.adminDir) ? config.adminDir : null;
  if (admin) await app.register(fastifyStatic, { root: admin, prefix: '/admin/', decorateReply: false, wildcard: false });
  let shell: H5Shell | null = null;
  if (h5) {
    // Content-hashed names: a changed file is a new URL, so the browser may keep these for good.
    if (existsSync(join(h5, 'assets'))) {
      await app.register(fastifyStatic, { root: join(h5, 'assets'), prefix: '/assets/', decorateReply: false, wildcard: false, maxAge: '365d', immutable: true, preCompressed: true });
    }
    // favicon and the like; index.html only ever goes out as the shell below (.vite/ is not served: no dot files).
    await app.register(fastifyStatic, { root: h5, prefix: '/', wildcard: false, index: false, globIgnore: ['assets/**', 'index.html'] });
    // Read once: a new H5 build is deployed with a restart (its asset names change with it).
    shell = new H5Shell(app, readFileSync(join(h5, 'index.html'), 'utf8'), h5);
  }

  // Single-page apps: unknown non-API paths get the app's index.html (history-mode routing).
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || req.method !== 'GET') {
      return reply.status(404).send({ code: 'NOT_FOUND', message: '接口不存在，请检查地址', requestId: req.id });
    }
    // A missing hashed asset (a chunk of an older build) is a 404, not the HTML: a script tag fed HTML fails obscurely.
    if (path.startsWith('/assets/')) return reply.status(404).type('text/plain; charset=utf-8').send('资源不存在');
    if (path.startsWith('/admin') && admin) return reply.type('text/html').sendFile('index.html', admin);
    if (shell) return shell.serve(req, reply, path === '/index.html' ? '/' : path);
    return reply.status(404).type('text/html').send('<meta charset="utf-8"><p>前端尚未构建：请运行 <code>npm start</code>（会先构建 H5 与管理后台）。</p>');
  });
}
