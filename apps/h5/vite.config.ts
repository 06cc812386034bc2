import { defineConfig, defaultClientConditions } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

// The API runs on :8080 (apps/server); in development the H5 calls it same-origin through this
// proxy, exactly as in production where the server also serves the built H5 at `/`.
const apiProxy = { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } };

/**
 * Vant draws its icons with a base64 icon font in vant/es/icon/index.css, a render-blocking
 * stylesheet of 30 KB that every page paid for before its first paint (issue 9). Every import of
 * Vant's icon module — ours through <van-icon> and Vant's own from inside its components — is
 * resolved to src/icons/SvgIcon.ts (inline SVG, same props and classes), and its stylesheet to
 * src/icons/icon.css (the layout rules without the font). Done at resolve time, so the font never
 * reaches the bundle.
 */
function vantSvgIcons(): Plugin {
  const component = fileURLToPath(new URL('./src/icons/SvgIcon.ts', import.meta.url));
  const stylesheet = fileURLToPath(new URL('./src/icons/icon.css', import.meta.url));
  return {
    name: 'dz:vant-svg-icons',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !/[\\/]vant[\\/]es[\\/]/.test(importer) || !/icon[\\/]index\.(mjs|css)$|^\.\.\/index\.css$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const id = resolved?.id.replace(/\\/g, '/') ?? '';
      if (id.endsWith('/vant/es/icon/index.mjs')) return component;
      if (id.endsWith('/vant/es/icon/index.css')) return stylesheet;
      return null;
    },
  };
}

/**
 * Writes `.br` and `.gz` next to every built JS / CSS / SVG asset, at the highest levels
 * (done once per build): the server sends them as they are (@fastify/static `preCompressed`,
 * likewise nginx `gzip_static` / `brotli_static`) instead of compressing each response.
 */
function precompress(): Plugin {
  const br = promisify(brotliCompress);
  const gz = promisify(gzip);
  let outDir = 'dist';
  return {
    name: 'dz:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolvePath(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.values(bundle).filter((f) => /^assets\/.+\.(js|css|svg)$/.test(f.fileName));
      await Promise.all(
        files.map(async (f) => {
          const raw = Buffer.from(f.type === 'chunk' ? f.code : f.source);
          const path = join(outDir, f.fileName);
          await writeFile(`${path}.br`, await br(raw, { params: { [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
          await writeFile(`${path}.gz`, await gz(raw, { level: 9 }));
        }),
      );
    },
  };
}

/** A vue-router path as an anchored regular expression: `:id(\\d+)` keeps its pattern, `:code` is one segment. */
function routeRegExp(path: string): string {
  const body = path
    .split('/')
    .map((seg) => {
      const param = /^:\w+(?:\((.+)\))?$/.exec(seg);
      if (param) return param[1] ? `(?:${param[1]})` : '[^/]+';
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return `^${body}$`;
}

/**
 * Writes `.vite/route-preloads.json`: for every lazily loaded route of the router, its path as a
 * pattern and the chunks (scripts and stylesheets) its page needs. The server puts them into the
 * HTML of that path as preload hints, so a zone, 搜索 or a form opened directly has its page code
 * on the way together with the entry instead of after it (one round trip less before it draws).
 * The route table is read from the router's source, one record per line, as written there.
 */
function routePreloads(): Plugin {
  const sources = ['src/router/index.ts', 'src/router/app-pages.ts'].map((f) => fileURLToPath(new URL(`./${f}`, import.meta.url)));
  let found: { pattern: string; files: string[]; auth?: true }[] = [];
  return {
    name: 'dz:route-preloads',
    apply: 'build',
    generateBundle(_options, bundle) {
      const byModule = new Map<string, string>();
      for (const f of Object.values(bundle)) if (f.type === 'chunk' && f.facadeModuleId) byModule.set(f.facadeModuleId, f.fileName);
      const filesOf = (fileName: string, seen: Set<string>): void => {
        const chunk = bundle[fileName];
        if (!chunk || chunk.type !== 'chunk' || chunk.isEntry || seen.has(fileName)) return;
        seen.add(fileName);
        for (const css of chunk.viteMetadata?.importedCss ?? []) seen.add(css);
        for (const dep of chunk.imports) filesOf(dep, seen);
      };
      const list: { pattern: string; files: string[]; auth?: true }[] = [];
      for (const source of sources) {
        // `path: '/zones/:code', … import('../pages/…')` (index.ts) and `'/apps/x': { … import('../pages/…') }` (app-pages.ts)
        const records = readFileSync(source, 'utf8').matchAll(/(?:path: |^\s*)'(\/[^']*)'[^\n]*?import\('(\.\.\/pages\/[^']+)'\)([^\n]*)/gm);
        for (const [, path = '', spec = '', rest = ''] of records) {
          const chunk = byModule.get(resolvePath(dirname(source), spec));
          if (!chunk) continue;
          const seen = new Set<string>();
          filesOf(chunk, seen);
          // a login-only page asks for the session first: the server hints that request too
          const auth = /requiresAuth: true/.test(rest) ? { auth: true as const } : {};
          list.push({ pattern: routeRegExp(path.replace(/\\\\/g, '\\')), files: [...seen].map((f) => `/${f}`), ...auth });
        }
      }
      found = list;
    },
    // Written once the bundle is final: Vite drops CSS-only chunks' empty scripts after this
    // plugin's generateBundle, and a hint for a script that is not there is a 404 on every visit.
    async writeBundle(options, bundle) {
      const kept = found.map((r) => ({ ...r, files: r.files.filter((f) => f.slice(1) in bundle) }));
      await mkdir(join(options.dir ?? 'dist', '.vite'), { recursive: true });
      await writeFile(join(options.dir ?? 'dist', '.vite', 'route-preloads.json'), JSON.stringify(kept, null, 1));
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [
    vantSvgIcons(),
    // Every component is <script setup> or setup() (ours and Vant 4's): without the Options API
    // the Vue runtime on the first screen is smaller and starts faster.
    vue({ features: { optionsAPI: false } }),
    // Vant components are imported on demand (with their CSS) so the bundle carries only what
    // the pages use; the generated declaration file lets vue-tsc check Vant props in templates.
    Components({ resolvers: [VantResolver()], dts: 'src/components.d.ts' }),
    precompress(),
    routePreloads(),
  ],
  resolve: {
    // `source` makes @dz/contracts resolve to its TypeScript source: the validators the server
    // runs are the very functions the forms run, without building the package first.
    conditions: ['source', ...defaultClientConditions],
  },
  // Pre-bundling would bake Vant's own icon module in before the plugin above could swap it.
  optimizeDeps: { exclude: ['vant'] },
  server: { port: 5173, proxy: apiProxy },
  preview: { port: 4173, proxy: apiProxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // The one chunk past Vite's 500 kB is ECharts (core + bar + line + SVG renderer, ~190 kB
    // gzipped), loaded only by 互动 → 数据统计 (and preloaded only in that route's HTML).
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Everything the entry imports statically (Vue, the router, pinia, the API client, 首页
        // and the Vant parts it uses) goes into one chunk with one stylesheet: left to itself the
        // bundler cut it into 15 scripts and 3 stylesheets, each a request on the first screen's
        // critical path. Pages stay split by route.
        // The Vant components that only later pages use go into one more chunk, and our own
        // components / composables / API modules that 15 or more pages share into another: split
        // per module, a form page such as 燃气报装 preloaded 39 files of 0.1–10 KB, each a round
        // trip on the 6 connections a mobile browser opens (Lighthouse: its first paint 1.2 s after
        // 首页's). Now 14 files; Lighthouse 燃气报装 87 → 90, LCP 2.79 → 2.17 s (bench/README.md).
        // A lower share count made a zone page carry 45 KB it does not use.
        codeSplitting: {
          groups: [
            { name: 'app', tags: ['$initial'], priority: 2 },
            { name: 'vant', test: /[\\/]node_modules[\\/](?:vant|@vant)[\\/]/, priority: 1 },
            { name: 'shared', test: /[\\/]src[\\/](?:components|composables|api|utils|stores)[\\/]|[\\/]packages[\\/]contracts[\\/]/, minShareCount: 15, priority: 1 },
          ],
        },
      },
    },
  },
});
