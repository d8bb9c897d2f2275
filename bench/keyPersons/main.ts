/** `npm run bench:keypersons`: the key-person lookup on a tablet (Chromium, 1× and 4× CPU), a guesser's cost per guess, and the server's import → bench/results-keyPersons.md. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { KEY_PERSON_KDF } from '../../src/core/keyPersonLookup.ts';
import { derivationJobs } from '../../src/server/operator/keyPersonSeal.ts';
import { serve } from '../idb/site.ts';
import { summarise } from '../scan/stats.ts';
import { CHROMIUM_PATH } from '../scan/tablet.ts';
import { benchSource } from '../source.ts';
import { report, type Results } from './report.ts';
import { guessCost, idNumbers, importOnce, lists, opensslSha256 } from './server.ts';

const ROUNDS = Number(process.env.KP_ROUNDS ?? 15);
const LIST = Number(process.env.KP_LIST ?? 10_000);
const IMPORTS = (process.env.KP_IMPORTS ?? '10000,200000').split(',').map(Number).filter((n) => n > 0);
const IMPORT_RUNS = Number(process.env.KP_IMPORT_RUNS ?? 3);
/** Lookups per batch: scrypt ones are timed by the batch of 10, SHA-256 ones by the thousand (far below the timer's resolution). */
const FIRST = 10, LEGACY = 1000;
const RATES = [1, 4] as const;
const SCRYPT_N = [256, 512, 1024];
const OUT = resolve(import.meta.dirname, '../results-keyPersons.md');
const ROOT = resolve(import.meta.dirname, '../..');

const log = (line: string) => console.log(`[bench:keypersons] ${line}`);

// tsx keeps function names with a `__name` helper that functions sent into the page would call: the page gets one too.
const NAME_HELPER = 'globalThis.__name = (f) => f;';

async function tablet(results: Results): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kadian-bench-kp-site-'));
  await build({ bundle: true, format: 'esm', target: 'es2022', minify: true, outdir: dir, logLevel: 'warning', entryPoints: { page: join(ROOT, 'bench/keyPersons/page.ts') } });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>Kadian key-person bench</title><script type="module" src="/page.js"></script>\n');
  const site = await serve(dir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const context = await browser.newContext();
    await context.addInitScript({ content: NAME_HELPER });
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => 'kadianKeyPersons' in window);
    results.browser = await page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?');
    log(`sealing a list of ${LIST} for the page`);
    const { sealed, legacy, listed } = await lists(LIST);
    await page.evaluate(([s, l]) => window.kadianKeyPersons.load(s, l), [sealed, legacy] as const);
    const cdp = await context.newCDPSession(page);
    // ID numbers nobody has looked up yet, none of them listed (the list's are other birth dates' sequence numbers).
    let fresh = 0;
    const unseen = (n: number) => idNumbers(n, 5_000_000 + (fresh += n));
    let nextListed = 0;
    const samples = new Map<string, number[]>();
    const add = (key: string, ms: number) => samples.set(key, [...(samples.get(key) ?? []), ms]);
    const lookups = (which: 'sealed' | 'legacy', ids: string[]) => page.evaluate(([w, i]) => window.kadianKeyPersons.lookups(w, i), [which, ids] as const);
    // A warm-up at each rate, not counted: scrypt's first runs are the JIT's.
    for (const rate of RATES) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await lookups('sealed', unseen(FIRST));
      await lookups('legacy', unseen(LEGACY));
    }
    for (let round = 0; round < ROUNDS; round++) {
      // The rates take turns, and their order flips each round, so a drift in the machine's load touches both alike.
      for (const rate of round % 2 === 0 ? RATES : [...RATES].reverse()) {
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        const ids = unseen(FIRST);
        const first = await lookups('sealed', ids);
        if (first.hits !== 0) throw new Error('an unlisted ID number was found');
        add(`${rate}.first`, first.ms);
        const again = await lookups('sealed', ids);
        add(`${rate}.again`, again.ms);
        const hits = listed.slice(nextListed, nextListed += 2);
        const hit = await lookups('sealed', hits);
        if (hit.hits !== hits.length) throw new Error(`listed persons not found: ${hit.hits} of ${hits.length}`);
        add(`${rate}.hit`, hit.ms);
        const old = await lookups('legacy', [...unseen(LEGACY - 1), listed[nextListed++]!]);
        if (old.hits !== 1) throw new Error('the legacy lookup missed its listed person');
        add(`${rate}.legacy`, old.ms);
        for (const N of SCRYPT_N) add(`${rate}.scrypt-${N}`, await page.evaluate(([n, r]) => window.kadianKeyPersons.scrypt(n, r, 5), [N, KEY_PERSON_KDF.r] as const));
      }
      log(`round ${round + 1}/${ROUNDS}: first lookup 1× ${samples.get('1.first')!.at(-1)!.toFixed(1)} ms, 4× ${samples.get('4.first')!.at(-1)!.toFixed(1)} ms`);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    for (const [key, ms] of samples) results.tablet[key] = summarise(ms);
  } finally {
    await browser.close();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function guesser(results: Results): Promise<void> {
  const runs = { scrypt: [] as Array<{ wall: number; cpu: number }>, sha256: [] as Array<{ wall: number; cpu: number }> };
  for (let round = 0; round < ROUNDS; round++) {
    runs.scrypt.push(guessCost('scrypt', 50, round * 50));
    runs.sha256.push(guessCost('sha256', 50_000, round * 50_000));
  }
  const of = (way: 'scrypt' | 'sha256') => ({ wall: summarise(runs[way].map((r) => r.wall)), cpu: summarise(runs[way].map((r) => r.cpu)) });
  const openssl = [0, 1, 2].map(() => opensslSha256()).filter((v): v is number => v !== undefined);
  results.guess = { scrypt: of('scrypt'), sha256: of('sha256'), ...(openssl.length > 0 && { openssl: summarise(openssl) }) };
  log(`a guess: scrypt ${results.guess.scrypt.wall.median.toFixed(2)} ms (CPU ${results.guess.scrypt.cpu.median.toFixed(2)}), SHA-256 ${(results.guess.sha256.wall.median * 1000).toFixed(2)} µs (CPU ${(results.guess.sha256.cpu.median * 1000).toFixed(2)})`);
}

async function imports(results: Results): Promise<void> {
  for (const n of IMPORTS) {
    // The large list once: a run is minutes.
    const runs = n > 50_000 ? 1 : IMPORT_RUNS;
    for (let i = 0; i < runs; i++) {
      const times = await importOnce(n, (line) => log(`import of ${n}: ${line}`));
      results.imports.push(times);
      log(`import of ${n}: seal ${(times.sealMs / 1000).toFixed(1)} s, store ${(times.storeMs / 1000).toFixed(1)} s, again ${(times.reimportMs / 1000).toFixed(1)} s, `
        + `old SHA-256 ${times.oldHashMs.toFixed(0)} ms, config pull ${times.pullMs.toFixed(0)} ms (${(times.pullBytes / 2 ** 20).toFixed(1)} MB)`);
    }
  }
}

async function main(): Promise<void> {
  const results: Results = {
    source: benchSource(), started: new Date(), load: { before: loadavg() }, browser: '', rounds: ROUNDS, list: LIST, jobs: derivationJobs(),
    tablet: {}, guess: undefined, imports: [],
  };
  log(`${ROUNDS} rounds, a list of ${LIST} on the tablet, imports of ${IMPORTS.join(', ')}; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await tablet(results);
  await guesser(results);
  await imports(results);
  results.finished = new Date();
  results.load.after = loadavg();
  writeFileSync(OUT, report(results));
  log(`written to ${OUT}`);
}

await main();
