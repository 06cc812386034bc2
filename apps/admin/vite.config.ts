import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// The API the dev server and `vite preview` forward /api to. Defaults to the local server (PORT 8080);
// DZ_API_TARGET lets a developer point the console at another instance without editing this file.
const apiTarget = process.env.DZ_API_TARGET ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // The server serves the built console at /admin/ (API.md), so every asset URL carries that prefix.
  base: '/admin/',
  plugins: [
    vue(),
    // Element Plus on demand: only the components used in templates end up in the bundle, each with its
    // CSS. Auto-import covers Element Plus services used without an import (ElLoading, ElNotification);
    // the code imports ElMessage / ElMessageBox and Vue APIs explicitly so ESLint and readers see them.
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: 'src/auto-imports.d.ts',
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      dts: 'src/components.d.ts',
      // Our own components are imported explicitly; only Element Plus is resolved automatically.
      dirs: [],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
    // @dz/contracts exports its TypeScript source under the "source" condition, so the console uses
    // the same validators and types as the server without building the package first.
    conditions: ['source', ...defaultClientConditions],
  },
  server: {
    port: 5174,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    port: 4174,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
});
