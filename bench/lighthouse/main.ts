/**
 * `npm run bench:lighthouse`: Lighthouse (mobile, simulated throttling) on the first screen a new tablet sees (the
 * enrolment screen at `/`), a few runs against a fresh server → bench/results-lighthouse.md. Not a test: no assertion.
 * LIGHTHOUSE_BASELINE=/path/to/another/dist measures that build too, run for run in turn with this one, side by side.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { TestServer } from '../../tests/e2e/support/server.ts';
import { benchSource } from '../source.ts';
import { firstLoad } from '../scan/start.ts';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 5);
const BASELINE = process.env.LIGHTHOUSE_BASELINE;
const CHROME = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu'];
const OUT = resolve(import.meta.dirname, '../results-lighthouse.md');
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'speed-index', 'cumulative-layout-shift'] as const;

interface Run { performance: number; accessibility: number; bestPractices: number; metrics: Record<(typeof METRICS)[number], number> }

const median = (values: number[]) => { const s = [...values].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? Number.NaN; };
const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100);

/** One Lighthouse run in a fresh headless Chromium: a new tablet, nothing cached, no service worker yet. */
async function runOnce(url: string): Promise<Run> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] });
    if (!result) throw new Error('Lighthouse returned nothing');
    const { categories, audits, runtimeError } = result.lhr;
    if (runtimeError) throw new Error(`Lighthouse: ${runtimeError.code} ${runtimeError.message}`);
    return {
      performance: score(categories.performance?.score),
      accessibility: score(categories.accessibility?.score),
      bestPractices: score(categories['best-practices']?.score),
      metrics: Object.fromEntries(METRICS.map((m) => [m, audits[m]?.numericValue ?? Number.NaN])) as Run['metrics'],
    };
  } finally {
    chrome.kill();
  }
}

/** A run the trace recorder lost (NO_NAVSTART on a loaded machine) is tried again, not counted. */
async function measure(url: string, label: string, i: number): Promise<Run> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await runOnce(url);
      console.log(`[bench:lighthouse] ${label} run ${i + 1}: performance ${r.performance}, TBT ${Math.round(r.metrics['total-blocking-time'])} ms, LCP ${Math.round(r.metrics['largest-contentful-paint'])} ms`);
      return r;
    } catch (error) {
      if (attempt === 3) throw error;
      console.log(`[bench:lighthouse] ${label} run ${i + 1} failed (${String(error)}), again`);
    }
  }
}

const server = await TestServer.start();
const baseline = BASELINE ? await TestServer.start({ APP_DIR: BASELINE }) : null;
const load = [loadavg()[0]!];
const runs: Run[] = [];
const baselineRuns: Run[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    runs.push(await measure(`${server.url}/`, 'this build', i));
    if (baseline) baselineRuns.push(await measure(`${baseline.url}/`, 'baseline', i));
  }
} finally {
  await server.stop();
  await baseline?.stop();
}
load.push(loadavg()[0]!);

const js = firstLoad();
const ms = (m: (typeof METRICS)[number], of: Run[] = runs) => `${Math.round(median(of.map((r) => r.metrics[m])))} ms`;
const baselineRows = baselineRuns.length === 0 ? '' : [
  `| baseline: performance | ${median(baselineRuns.map((r) => r.performance))} | ${baselineRuns.map((r) => r.performance).join(', ')} |`,
  `| baseline: total blocking time | ${ms('total-blocking-time', baselineRuns)} | ${baselineRuns.map((r) => Math.round(r.metrics['total-blocking-time'])).join(', ')} |`,
  `| baseline: largest contentful paint | ${ms('largest-contentful-paint', baselineRuns)} | |`,
  '',
].join('\n');
const report = `## Lighthouse: the first screen a new tablet sees

Command: \`npm run bench:lighthouse\` (\`LIGHTHOUSE_RUNS=${RUNS}\`): Lighthouse 12.2.3 through its Node API, mobile preset with
simulated throttling (4× CPU, slow 4G), Debian's Chromium headless (\`${FLAGS.join(' ')}\`), each run a fresh browser on \`/\` of a
fresh server: the enrolment screen, nothing cached${BASELINE ? `; the baseline (\`${BASELINE}\`) in turn, run for run, from a second server` : ''}. Source: ${benchSource()}, ${new Date().toISOString().slice(0, 10)}; load average
${load[0]!.toFixed(1)} before, ${load[1]!.toFixed(1)} after (2 shared cores: the simulation scales the tasks it saw, so a busy machine
lowers the score).

| | median | runs |
|---|---:|---|
| performance | **${median(runs.map((r) => r.performance))}** | ${runs.map((r) => r.performance).join(', ')} |
| accessibility | ${median(runs.map((r) => r.accessibility))} | ${runs.map((r) => r.accessibility).join(', ')} |
| best practices | ${median(runs.map((r) => r.bestPractices))} | ${runs.map((r) => r.bestPractices).join(', ')} |
| first contentful paint | ${ms('first-contentful-paint')} | |
| largest contentful paint | ${ms('largest-contentful-paint')} | |
| total blocking time | ${ms('total-blocking-time')} | ${runs.map((r) => Math.round(r.metrics['total-blocking-time'])).join(', ')} |
| speed index | ${ms('speed-index')} | |
| cumulative layout shift | ${median(runs.map((r) => r.metrics['cumulative-layout-shift'])).toFixed(3)} | |
${baselineRows}
First-load JavaScript (gzip -9, as \`npm run bench:scan\` counts it): ${(js.jsGzip / 1024).toFixed(1)} KB (${js.files.map((f) => `\`${f.file}\` ${(f.gzip / 1024).toFixed(1)} KB`).join(', ')}); CSS ${(js.cssGzip / 1024).toFixed(1)} KB.
`;
writeFileSync(OUT, report);
console.log(report);
