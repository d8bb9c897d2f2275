/**
 * Many scans without a camera: the app's gate module (judge, then log in one transaction), bundled from source by Vite and
 * run in the page beside the app, writing the same IndexedDB. For queues of thousands that the camera would take minutes to make.
 */
import type { Page } from '@playwright/test';
import { resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import type { Direction } from '../../../src/core/entry.ts';

const NAME = '__kadianGate';
let bundle: Promise<string> | undefined;

async function buildBundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: { write: false, target: 'es2022', minify: false, lib: { entry: resolve(import.meta.dirname, 'gateInPage.ts'), formats: ['iife'], name: NAME } },
  });
  const [first] = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  const chunk = first?.output.find((o) => o.type === 'chunk');
  if (!chunk) throw new Error('the gate bundle has no code');
  return chunk.code;
}

/** Scans `codes` in the page as the gate would log them (no sync is requested); returns the seqs saved. Survives no reload. */
export async function scanInPage(page: Page, codes: readonly string[], direction: Direction = 'in'): Promise<number[]> {
  // Evaluated, not added as a <script>: the server's CSP refuses inline scripts, and DevTools' evaluate is outside it.
  if (!(await page.evaluate((name) => name in window, NAME))) await page.evaluate(await (bundle ??= buildBundle()));
  return page.evaluate(
    ({ name, codes, direction }) => (window as unknown as Record<string, { scanCodes(c: readonly string[], d: string): Promise<number[]> }>)[name]!.scanCodes(codes, direction),
    { name: NAME, codes, direction },
  );
}
