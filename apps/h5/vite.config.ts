import { defineConfig, defaultClientConditions } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';

// The API runs on :8080 (apps/server); in development the H5 calls it same-origin through this
// proxy, exactly as in production where the server also serves the built H5 at `/`.
const apiProxy = { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } };

export default defineConfig({
  base: '/',
  plugins: [
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
  server: { port: 5173, proxy: apiProxy },
  preview: { port: 4173, proxy: apiProxy },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020' },
});
