/** `npm run bench:idb`: the tablet's IndexedDB log (writes, and a tablet holding 1,000,000 entries), each beside a naive baseline → bench/results-idb.md. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { newCheckpointKey } from '../../src/core/personSeal.ts';
import { summarise } from '../scan/stats.ts';
import { CHROMIUM_PATH } from '../scan/tablet.ts';
import { sampleHeap } from './heap.ts';
import type { Bench } from './page.ts';
import { report, type Results } from './report.ts';
import { bundle, serve, type Site } from './site.ts';
import { benchSource } from '../source.ts';

const ENTRIES = Number(process.env.IDB_ENTRIES ?? 1_000_000);
const PER_DAY = Number(process.env.IDB_PER_DAY ?? 20_000);
const RUNS = Number(process.env.IDB_RUNS ?? 30);
const WRITES = Number(process.env.IDB_WRITES ?? 400);
const OPEN_RUNS = Number(process.env.IDB_OPEN_RUNS ?? 15);
const EXPORT_ENTRIES = Number(process.env.IDB_EXPORT ?? 100_000);
const EXPORT_RUNS = Number(process.env.IDB_EXPORT_RUNS ?? 5);
const SEED_CHUNK = 20_000;
const WRITE_BLOCKS = 4;
const WRITE_WARMUP = 10;
/** Entries on the last seeded day, today: a full day unless the log's size is not a whole number of days. */
const TODAY = ENTRIES - (Math.ceil(ENTRIES / PER_DAY) - 1) * PER_DAY;
/** The export asks for whole days: the last ones, today's included. */
const EXPORT_DAYS = Math.ceil(EXPORT_ENTRIES / PER_DAY);
const OUT = resolve(import.meta.dirname, '../results-idb.md');

const log = (line: string) => console.log(`[bench:idb] ${line}`);

// tsx keeps function names with a `__name` helper that functions sent into the page would call: the page gets one too.
const NAME_HELPER = 'globalThis.__name = (f) => f;';

/** The tablet: Chromium with a profile on disk, so its IndexedDB outlives the browser as a tablet's does. */
async function launch(profile: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    timezoneId: 'Asia/Shanghai',
    // As the browser tests launch it.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  await context.addInitScript({ content: NAME_HELPER });
  return context;
}

type Opened = Awaited<Bench['opened']>;

/** The checkpoint's key pair, made once: the big log is sealed with it, and every page after a restart needs it again. */
const checkpointKey = await newCheckpointKey();

/** A new page on the site, the module loaded and the app's database open, the checkpoint key in use and the lead unlocked. */
async function openTablet(context: BrowserContext, site: Site): Promise<{ page: Page; opened: Opened }> {
  const page = await context.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => 'kadianBench' in window);
  const opened = await page.evaluate(() => window.kadianBench.opened);
  await page.evaluate(({ publicKey, privateKey }) => window.kadianBench.useCheckpointKey(publicKey, privateKey), checkpointKey);
  return { page, opened };
}

const WRITE_WAYS = ['sealed', 'append', 'plain'] as const;

/** The ways of writing in alternating blocks, after a few of each not counted. */
async function writePhase(page: Page): Promise<Results['writes'][string]> {
  const write = (way: (typeof WRITE_WAYS)[number], n: number) => page.evaluate(([v, c]) => window.kadianBench.writes(v, c), [way, n] as const);
  for (const way of WRITE_WAYS) await write(way, WRITE_WARMUP);
  const times = new Map<string, number[]>(WRITE_WAYS.map((w) => [w, []]));
  for (let block = 0; block < WRITE_BLOCKS; block++) {
    for (const way of WRITE_WAYS) times.get(way)!.push(...(await write(way, Math.round(WRITES / WRITE_BLOCKS))));
  }
  const perSecond = (t: number[]) => (t.length * 1000) / t.reduce((a, b) => a + b, 0);
  return Object.fromEntries([...times].map(([way, t]) => [way, { ...summarise(t), perSecond: perSecond(t) }]));
}

/** The exports compared: the app's worker and the baseline with the lead's key, and the app's worker without it (persons left sealed). */
const EXPORT_WAYS = [['app', 'export.worker.js', false], ['naive', 'naive-export.worker.js', false], ['locked', 'export.worker.js', true]] as const;

/** One export in a new worker, timed in the page, its peak heap sampled over CDP meanwhile; then the worker ends. */
async function exportOnce(page: Page, cdp: CDPSession, worker: 'export.worker.js' | 'naive-export.worker.js', locked: boolean) {
  const started = page.waitForEvent('worker');
  const done = page.evaluate(([w, d, l]) => window.kadianBench.exportCsv(w, d, l), [worker, EXPORT_DAYS, locked] as const);
  const sampler = await sampleHeap(cdp, (await started).url());
  const result = await done;
  const peakHeap = await sampler.stop();
  await page.evaluate(() => window.kadianBench.endExport());
  return { ...result, peakHeap };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kadian-bench-idb-'));
  const profile = join(dir, 'profile');
  await bundle(join(dir, 'site'));
  // Two origins, two databases in one profile: the tablet with the big log, and a fresh tablet (the baseline for opening).
  const big = await serve(join(dir, 'site'));
  const fresh = await serve(join(dir, 'site'));
  const started = new Date();
  const results: Results = {
    source: benchSource(), started, load: { before: loadavg() }, browser: '', entries: ENTRIES, perDay: PER_DAY, runs: RUNS, openRuns: OPEN_RUNS,
    exportRuns: EXPORT_RUNS, exportEntries: EXPORT_ENTRIES, seed: { ms: 0, perSecond: 0, diskBytes: 0 }, writes: {}, open: {}, figures: {}, firstPage: {},
    exports: {}, checks: [],
  };
  const check = (what: string, ok: boolean) => { results.checks.push({ what, ok }); if (!ok) log(`CHECK FAILED: ${what}`); };
  let context = await launch(profile);
  try {
    let tablet = await openTablet(context, fresh);
    results.browser = await tablet.page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?');
    log(`Chromium ${results.browser}; ${ENTRIES} entries (${PER_DAY}/day), ${RUNS} runs, ${WRITES} writes per kind, ${OPEN_RUNS} opens, ${EXPORT_RUNS} exports of ${EXPORT_ENTRIES}`);
    results.writes['fresh'] = await writePhase(tablet.page);
    log(`writes on a fresh tablet: ${Object.entries(results.writes['fresh']).map(([w, s]) => `${w} ${s.perSecond.toFixed(0)}/s`).join(', ')}`);
    await tablet.page.close();

    tablet = await openTablet(context, big);
    const seedStart = performance.now();
    for (let start = 0; start < ENTRIES; start += SEED_CHUNK) {
      const count = Math.min(SEED_CHUNK, ENTRIES - start);
      await tablet.page.evaluate(([s, c, t, d, k]) => window.kadianBench.seed(s, c, t, d, k), [start, count, ENTRIES, PER_DAY, EXPORT_DAYS] as const);
      if ((start + count) % 100_000 === 0) log(`seeded ${start + count}`);
    }
    await tablet.page.evaluate(() => window.kadianBench.finishSeed());
    results.seed.ms = performance.now() - seedStart;
    results.seed.perSecond = ENTRIES / (results.seed.ms / 1000);
    check(`the log holds ${ENTRIES} entries`, (await tablet.page.evaluate(() => window.kadianBench.count())) === ENTRIES);
    log(`seeded in ${(results.seed.ms / 1000).toFixed(1)} s`);
    await context.close();
    results.seed.diskBytes = Number(execFileSync('du', ['-sb', join(profile, 'Default', 'IndexedDB')], { encoding: 'utf8' }).split('\t')[0]);

    // Reads on the big log, from a restarted browser; the ways of each take turns run by run.
    context = await launch(profile);
    tablet = await openTablet(context, big);
    const page = tablet.page;
    const samples = new Map<string, number[]>();
    const add = (key: string, ms: number) => samples.set(key, [...(samples.get(key) ?? []), ms]);
    for (let i = 0; i < RUNS; i++) {
      const scans = new Map<string, number>();
      for (const variant of ['days', 'count', 'recount'] as const) {
        const r = await page.evaluate((v) => window.kadianBench.figures(v), variant);
        add(`figures.${variant}`, r.ms);
        scans.set(variant, r.scans);
      }
      if (i === 0) check(`today's figures agree: days table ${scans.get('days')}, count ${scans.get('count')}, recount ${scans.get('recount')}`, new Set(scans.values()).size === 1 && scans.get('days') === TODAY);
      const pages = new Map<string, string>();
      for (const variant of ['logPanel', 'toArray', 'limit'] as const) {
        const r = await page.evaluate((v) => window.kadianBench.firstPage(v), variant);
        add(`firstPage.${variant}`, r.ms);
        pages.set(variant, r.seqs.join(','));
        if (i === 0 && variant !== 'limit') check(`${variant}: the list counts ${r.count} entries today`, r.count === TODAY);
        if (i === 0) check(`${variant}: the first page shows ${r.opened} of ${r.seqs.length} names opened`, r.opened === r.seqs.length && r.seqs.length === Math.min(18, TODAY));
      }
      if (i === 0) check('the first page is the same rows every way', new Set(pages.values()).size === 1);
    }
    for (const [key, ms] of samples) {
      const [what, variant] = key.split('.') as ['figures' | 'firstPage', string];
      results[what][variant] = summarise(ms);
      log(`${key}: median ${results[what][variant]!.median.toFixed(1)} ms, p95 ${results[what][variant]!.p95.toFixed(1)} ms`);
    }

    const cdp = await context.newCDPSession(page);
    const exported = new Map<string, Array<{ ms: number; bytes: number; entries: number; named: number; peakHeap: number }>>();
    for (let i = 0; i < EXPORT_RUNS; i++) {
      for (const [way, worker, locked] of EXPORT_WAYS) {
        exported.set(way, [...(exported.get(way) ?? []), await exportOnce(page, cdp, worker, locked)]);
      }
    }
    for (const [way, runs] of exported) {
      results.exports[way] = { ms: summarise(runs.map((r) => r.ms)), peakHeap: summarise(runs.map((r) => r.peakHeap)), bytes: runs[0]!.bytes, entries: runs[0]!.entries };
      const named = way === 'locked' ? 0 : runs[0]!.entries;
      check(`${way} export: ${runs[0]!.named} of ${runs[0]!.entries} rows with a name`, runs[0]!.named === named);
      log(`export ${way}: median ${results.exports[way]!.ms.median.toFixed(0)} ms, peak heap median ${(results.exports[way]!.peakHeap.median / 2 ** 20).toFixed(1)} MB`);
    }
    const [ours, naive] = [results.exports['app'], results.exports['naive']];
    check(`both exports write the same file (${ours?.bytes} bytes, ${ours?.entries} entries)`, ours?.bytes === naive?.bytes && ours?.entries === naive?.entries && ours?.entries === Math.min(ENTRIES, (EXPORT_DAYS - 1) * PER_DAY + TODAY));
    await page.close();

    // Opening: the browser restarted before each, the big log and the fresh tablet taking turns.
    const opens = new Map<Site, Opened[]>([[big, []], [fresh, []]]);
    for (let i = 0; i < OPEN_RUNS; i++) {
      for (const site of [big, fresh]) {
        await context.close();
        context = await launch(profile);
        const t = await openTablet(context, site);
        opens.get(site)!.push(t.opened);
        await t.page.close();
      }
    }
    for (const [site, runs] of opens) {
      const key = site === big ? 'big' : 'fresh';
      results.open[key] = { open: summarise(runs.map((r) => r.openMs)), sinceNavigation: summarise(runs.map((r) => r.sinceNavigation)) };
      log(`open ${key}: db.open() median ${results.open[key]!.open.median.toFixed(1)} ms, from navigation ${results.open[key]!.sinceNavigation.median.toFixed(0)} ms`);
    }

    tablet = await openTablet(context, big);
    results.writes['big'] = await writePhase(tablet.page);
    log(`writes on the big log: ${Object.entries(results.writes['big']).map(([w, s]) => `${w} ${s.perSecond.toFixed(0)}/s`).join(', ')}`);

    results.finished = new Date();
    results.load.after = loadavg();
    writeFileSync(OUT, report(results));
    log(`written to ${OUT}`);
  } finally {
    await context.close();
    await big.close();
    await fresh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
