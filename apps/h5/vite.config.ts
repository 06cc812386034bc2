import { defineConfig, defaultClientConditions } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';
import { fileURLToPath } from 'node:url';
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

export default defineConfig({
  base: '/',
  plugins: [
    vantSvgIcons(),
    vue(),
    // Vant components are imported on demand (with their CSS) so the bundle carries only what
    // the pages use; the generated declaration file lets vue-tsc check Vant props in templates.
    Components({ resolvers: [VantResolver()], dts: 'src/components.d.ts' }),
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
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020' },
});
