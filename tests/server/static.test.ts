/** Serving the built PWA: files with the right caching, client-side routes as index.html, /api never as HTML. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/core/wire.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness;
let dist: string;
const INDEX = '<!doctype html><title>卡点 test shell</title>';
const BIG = `export const words = ${JSON.stringify(Array.from({ length: 500 }, (_, i) => `卡点 ${i}`))};`;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'kadian-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log(1);');
  // As the build writes them (vite.config.ts precompress).
  writeFileSync(join(dist, 'assets', 'big-Ab12Cd34.js'), BIG);
  writeFileSync(join(dist, 'assets', 'big-Ab12Cd34.js.br'), brotliCompressSync(BIG));
  writeFileSync(join(dist, 'assets', 'big-Ab12Cd34.js.gz'), gzipSync(BIG));
  writeFileSync(join(dist, 'index.html.br'), brotliCompressSync(INDEX));
  h = await harness({ staticDir: dist });
});
afterAll(async () => {
  await h.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the built app', () => {
  it('serves index.html at / and for client-side routes, never cached stale', async () => {
    for (const url of ['/', '/enrol?code=ABCDEFGHJK', '/register', '/samples']) {
      const res = await h.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('serves sw.js uncached and hashed assets as immutable', async () => {
    const sw = await h.app.inject({ url: '/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    const asset = await h.app.inject({ url: '/assets/index-Ab12Cd34.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1);');
    expect(asset.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
  });

  it("sends the build's compressed copy to a browser that takes it, and the file itself to one that does not", async () => {
    const br = await h.app.inject({ url: '/assets/big-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toMatch(/immutable/);
    expect(br.rawPayload.length).toBeLessThan(BIG.length / 3);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BIG);
    const gz = await h.app.inject({ url: '/assets/big-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await h.app.inject({ url: '/assets/big-Ab12Cd34.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG);
    // The shell of a client-side route too.
    const shell = await h.app.inject({ url: '/register', headers: { 'accept-encoding': 'br' } });
    expect(shell.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(shell.rawPayload).toString()).toBe(INDEX);
  });

  it('keeps /api JSON: an unknown API route is a 404 error, not the app shell', async () => {
    const res = await h.app.inject({ url: '/api/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json<ApiError>().error).toBe('not-found');
    expect((await h.app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
  });

  it('does not answer a POST to a page with the shell', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/register', payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json<ApiError>().error).toBe('not-found');
  });
});
