/** Builds the tablet app into dist/, and the service worker from sw/ with its Workbox precache manifest. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Writes a .br and a .gz beside each text or wasm file of the build, which the server sends to a browser that accepts
 * them (@fastify/static preCompressed): on a village's slow network the first screen's script is a quarter of its size,
 * and the service worker's precache of the gate a third. Made once at build time, at the best ratio, not per request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'kadian-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After the service worker's own build (VitePWA, listed before this), so sw.js is compressed too.
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        for (const file of readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
          if (!/\.(js|css|html|svg|wasm|webmanifest|json)$/.test(file)) continue;
          const path = join(outDir, file);
          const content = readFileSync(path);
          if (content.length < 1024) continue;
          writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
          writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
        }
      },
    },
  };
}

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
    precompress(),
  ],
});
