/** Builds the tablet app into dist/, and the service worker from sw/ with its Workbox precache manifest. */
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  root: 'src',
  publicDir: '../public',
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
  resolve: {
    // cbor-x probes for eval with `new Function('')` when it loads; under the server's CSP that probe is a violation the
    // browser reports on every start. Its no-eval build is the same decoder without the probe (the server keeps the fast one).
    alias: [{ find: /^cbor-x$/, replacement: 'cbor-x/index-no-eval' }],
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '../sw',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      // One classic script: the plugin builds an 'es' worker with Rollup's deprecated inlineDynamicImports (a warning on
      // every build), an 'iife' one as a library without it. The worker imports nothing lazily, so both are one file.
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,wasm}'], rollupFormat: 'iife' },
      manifest: {
        name: '卡点 Kadian',
        short_name: '卡点',
        description: '出入登记与健康码核验 / Gate check-in and health code verification',
        lang: 'zh-CN',
        start_url: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#0b5394',
        icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
    }),
  ],
});
