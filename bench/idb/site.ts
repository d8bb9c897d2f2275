/** The benchmark's page: bench/idb/page.ts and the export workers bundled with esbuild (tsx's own), served from a tiny static server. */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '../..');

/** Bundles the page (index.html, page.js) and both export workers (the app's and the baseline) into `out`. */
export async function bundle(out: string): Promise<void> {
  const common = { bundle: true, format: 'esm', target: 'es2022', minify: true, outdir: out, logLevel: 'warning' } as const;
  await build({ ...common, entryPoints: { page: join(ROOT, 'bench/idb/page.ts') } });
  await build({ ...common, entryPoints: { 'export.worker': join(ROOT, 'src/workers/export.worker.ts'), 'naive-export.worker': join(ROOT, 'bench/idb/naiveExport.worker.ts') } });
  await writeFile(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><title>Kadian IndexedDB bench</title><script type="module" src="/page.js"></script>\n');
}

export interface Site { url: string; close(): Promise<void> }

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Serves `dir` on 127.0.0.1 (a port of its own: an origin, and so a database, of its own). */
export async function serve(dir: string): Promise<Site> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname === '/' ? '/index.html' : new URL(req.url ?? '/', 'http://x').pathname);
    readFile(join(dir, path)).then(
      (body) => { res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' }); res.end(body); },
      () => { res.writeHead(404); res.end(); },
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) };
}
