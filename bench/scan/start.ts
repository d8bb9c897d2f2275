/** Start: the JavaScript of the first load (gzip) from the built app, and the offline cold start to a running camera. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { qrMatrix } from '../../tests/e2e/support/qr.ts';
import { resident, residentCode } from '../../tests/e2e/support/residents.ts';
import type { TestServer } from '../../tests/e2e/support/server.ts';
import { cameraRunningAt, firstVerdictAt } from './page.ts';
import { enrolTablet, type BenchEngine } from './tablet.ts';

const DIST = resolve(import.meta.dirname, '../../dist');
const gzip = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;

/** Static imports of a built chunk (`import … from "./x.js"`, `import "./x.js"`): loaded with it. `import("…")` is lazy and not matched. */
function staticImports(file: string): string[] {
  const code = readFileSync(join(DIST, file), 'utf8');
  const found = [...code.matchAll(/\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) => m[1]!);
  return found.map((spec) => join(file, '..', spec));
}

export interface FirstLoad { files: Array<{ file: string; gzip: number }>; jsGzip: number; cssGzip: number; lazy: Record<string, number> }

/** What index.html loads eagerly (its module script, modulepreloads, and their static imports), gzip -9 each. */
export function firstLoad(): FirstLoad {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const eager = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = (file: string) => { if (seen.has(file)) return; seen.add(file); staticImports(file).forEach(visit); };
  eager.forEach(visit);
  const css = [...html.matchAll(/<link[^>]*\brel="stylesheet"[^>]*\bhref="\/?([^"]+\.css)"/g)].map((m) => m[1]!);
  const files = [...seen].map((file) => ({ file, gzip: gzip(file) }));
  // The engines' lazy parts, for the record: what a tablet loads when its scan screen opens.
  const assets = readdirSync(join(DIST, 'assets'));
  const lazyOf = (prefix: string) => assets.filter((a) => a.startsWith(prefix)).reduce((sum, a) => sum + gzip(join('assets', a)), 0);
  return {
    files,
    jsGzip: files.reduce((sum, f) => sum + f.gzip, 0),
    cssGzip: css.reduce((sum, f) => sum + gzip(f), 0),
    lazy: {
      'fast engine chunk (QR worker inlined)': lazyOf('fastScanner-'),
      'zxing_reader.wasm': lazyOf('zxing_reader-'),
      'html5-qrcode chunk': lazyOf('html5QrcodeScanner-'),
      'shared camera helpers chunk': lazyOf('media-'),
    },
  };
}

export interface ColdStart { camera: number[]; verdict: number[] }

/**
 * Offline cold start: per engine a tablet enrolled and its service worker installed, the network then cut, no page left
 * open. Each run opens a new page on `/` with a resident code already in front of the camera and times, from navigation
 * start, the camera running and the first verdict painted; the engines take turns run by run.
 */
export async function coldStart(browser: Browser, server: TestServer, engines: readonly BenchEngine[], runs: number): Promise<Map<BenchEngine, ColdStart>> {
  const tablets = new Map<BenchEngine, BrowserContext>();
  for (const engine of engines) {
    const { context, page } = await enrolTablet(browser, server, engine);
    // The tablet's own signal that every file the gate needs is cached (src/ui/useOfflineReadiness.ts).
    await page.locator('.status [data-offline-ready="true"]').waitFor({ timeout: 60_000 });
    await page.close();
    await context.setOffline(true);
    tablets.set(engine, context);
  }
  const results = new Map<BenchEngine, ColdStart>(engines.map((e) => [e, { camera: [], verdict: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const [engine, context] of tablets) {
      const tab = await context.newPage();
      // Held up before the app opens: the injected camera (installed for the whole context) shows it from its first frame.
      await tab.addInitScript((m) => { (window as unknown as { __showCode: (m: boolean[][]) => void }).__showCode(m); }, qrMatrix(residentCode(resident(900 + i))));
      await tab.goto(server.url + '/', { waitUntil: 'commit' });
      const [camera, verdict] = await Promise.all([cameraRunningAt(tab), firstVerdictAt(tab)]);
      results.get(engine)!.camera.push(camera);
      results.get(engine)!.verdict.push(verdict);
      await tab.close();
    }
  }
  for (const context of tablets.values()) await context.close();
  return results;
}
