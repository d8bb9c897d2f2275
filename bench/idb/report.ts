/** The IndexedDB benchmark's results as Markdown (bench/results-idb.md), with the command, the machine and what each baseline is. */
import { cpus } from 'node:os';
import type { Summary } from '../scan/stats.ts';

type Writes = Summary & { perSecond: number };

export interface Results {
  source: string;
  started: Date;
  finished?: Date;
  load: { before: number[]; after?: number[] };
  browser: string;
  entries: number;
  perDay: number;
  runs: number;
  openRuns: number;
  exportRuns: number;
  exportEntries: number;
  seed: { ms: number; perSecond: number; diskBytes: number };
  /** 'fresh' and 'big': sealed and append (the app, with and without a checkpoint key), plain (the baseline). */
  writes: Record<string, Record<string, Writes>>;
  open: Record<string, { open: Summary; sinceNavigation: Summary }>;
  figures: Record<string, Summary>;
  firstPage: Record<string, Summary>;
  exports: Record<string, { ms: Summary; peakHeap: Summary; bytes: number; entries: number }>;
  checks: Array<{ what: string; ok: boolean }>;
}

/** Milliseconds with a decimal below 10 ms, where a figure of 0.4 ms would otherwise read as 0. */
const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);
const times = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(1)}×` : '—');
const mb = (bytes: number | undefined) => (bytes === undefined ? '—' : `${(bytes / 2 ** 20).toFixed(1)} MB`);
const count = (n: number) => n.toLocaleString('en-US');
const WAYS = [['sealed', '**appendEntry, sealed**'], ['append', 'appendEntry, in the clear'], ['plain', 'baseline: plain add']] as const;

export function report(r: Results): string {
  const cpu = cpus();
  const minutes = r.finished ? ((r.finished.getTime() - r.started.getTime()) / 60_000).toFixed(1) : '?';
  const row = (label: string, s: Summary | undefined) => `| ${label} | ${ms(s?.median)} | ${ms(s?.p95)} | ${s?.runs ?? 0} |`;
  const writeRow = (label: string, w: Writes | undefined) => `| ${label} | ${w ? count(Math.round(w.perSecond)) : '—'} | ${ms(w?.median)} | ${ms(w?.p95)} | ${w?.runs ?? 0} |`;
  const { days, count: counted, recount } = r.figures;
  const { logPanel, toArray, limit } = r.firstPage;
  const ours = r.exports['app'];
  const naive = r.exports['naive'];
  const locked = r.exports['locked'];
  const big = r.open['big'];
  const fresh = r.open['fresh'];
  const failed = r.checks.filter((c) => !c.ok);

  return `# IndexedDB benchmarks

Command: \`npm run bench:idb\` (\`tsx bench/idb/main.ts\`; sizes from IDB_ENTRIES=${r.entries}, IDB_PER_DAY=${r.perDay}, IDB_RUNS=${r.runs},
IDB_WRITES=${r.writes['fresh']?.['plain']?.runs ?? '?'}, IDB_OPEN_RUNS=${r.openRuns}, IDB_EXPORT=${r.exportEntries}, IDB_EXPORT_RUNS=${r.exportRuns}). Run ${r.started.toISOString()}, ${minutes} min, on ${r.source}.
Machine: ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, shared with other work: load average ${r.load.before.map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min)
at the start, ${r.load.after?.map((l) => l.toFixed(1)).join(' / ') ?? '?'} at the end. Figures from one run.
Browser: headless Chromium ${r.browser} (Debian's \`/usr/bin/chromium\`, the browser tests' flags),
a persistent profile in a temporary directory (deleted at the end), time zone Asia/Shanghai, no CPU throttling (1×).
The page runs the app's own store code (\`src/store\`, the log list's \`src/tablet/lead/logQuery.ts\`, the export worker
\`src/workers/export.worker.ts\`) bundled by esbuild; times are \`performance.now()\` in the page. The ways of each measurement
take turns run by run (writes: in 4 alternating blocks), so a drift in the machine's load touches them alike.

Checks: ${failed.length ? `**${failed.length} failed**: ${failed.map((c) => c.what).join('; ')}` : `all ${r.checks.length} passed (${r.checks.map((c) => c.what).join('; ')})`}.

## Writes: one scan after another, each awaited as the gate does

*appendEntry* is the app's write: one read-write transaction that reads the device's last entry, seals the new one
into the chain (SHA-256 over WebCrypto), adds it and updates its day's figures; *sealed*, as the gate calls it when the
checkpoint's config carries a key, also seals the ID number and name first (AES-GCM under an hourly ECDH sender key, before
the transaction). The baseline *plain add* puts the same entry as it is (no read of the last entry, no hash, no figures,
no sealing): the floor of one IndexedDB write, so the difference is what the chain, the figures and the sealing cost.

| way | entries/s | median per write | p95 per write | writes |
|---|---:|---:|---:|---:|
${['fresh', 'big'].flatMap((at) => WAYS.map(([way, label]) => writeRow(`${label}, ${at === 'fresh' ? 'fresh tablet' : `${count(r.entries)} entries`}`, r.writes[at]?.[way]))).join('\n')}

Ratios of medians per write (to the plain add): ${['fresh', 'big'].map((at) => `${at === 'fresh' ? 'fresh tablet' : `${count(r.entries)} entries`}: appendEntry sealed ${times(r.writes[at]?.['sealed']?.median, r.writes[at]?.['plain']?.median)}, in the clear ${times(r.writes[at]?.['append']?.median, r.writes[at]?.['plain']?.median)}`).join('; ')}.

## A tablet holding ${count(r.entries)} entries

Seeded with \`bulkAdd\` (5,000 per transaction), ${count(r.perDay)} a day over ${Math.ceil(r.entries / r.perDay)} days up to today, shaped like
a busy gate's scans (70 % resident codes, 25 % health codes with a colour, ~5 % stopped or checked, 30 % with a
temperature), each person sealed with \`sealPerson\` as \`appendEntry\` seals it (the sender key of the scan's hour; before the export's range, a copy of a real sealed person of the same size, to keep the seeding short), their day figures written as the app keeps them: ${(r.seed.ms / 1000).toFixed(0)} s (${count(Math.round(r.seed.perSecond))} entries/s; not a figure of the app),
${mb(r.seed.diskBytes)} of IndexedDB on disk.

### Opening (browser restarted before each open; ${r.openRuns} opens each, the two tablets taking turns)

| tablet | \`db.open()\` median | p95 | from navigation to open, median | p95 |
|---|---:|---:|---:|---:|
| ${count(r.entries)} entries | ${ms(big?.open.median)} | ${ms(big?.open.p95)} | ${ms(big?.sinceNavigation.median)} | ${ms(big?.sinceNavigation.p95)} |
| baseline: a fresh tablet (only the write benchmark's entries) | ${ms(fresh?.open.median)} | ${ms(fresh?.open.p95)} | ${ms(fresh?.sinceNavigation.median)} | ${ms(fresh?.sinceNavigation.p95)} |

Ratio of medians (${count(r.entries)} / fresh): \`db.open()\` ${times(big?.open.median, fresh?.open.median)}, from navigation ${times(big?.sinceNavigation.median, fresh?.sinceNavigation.median)}.

### Today's figures (${count(r.perDay)} entries today)

| way | median | p95 | runs |
|---|---:|---:|---:|
${row('**days table** (`dayFigures()`, what the lead screen and every scan read)', days)}
${row('baseline: count today\'s entries by the `at` index (one number only)', counted)}
${row('baseline: every figure recounted from today\'s entries (`toArray` + `withEntry`)', recount)}

Ratios of medians: the count ${times(counted?.median, days?.median)} the days table's time, the recount ${times(recount?.median, days?.median)}.
Target of issue 6, today's figures on 1 M entries ≤ 200 ms: ${days ? `${ms(days.median)} median, ${ms(days.p95)} p95 → ${days.p95 <= 200 ? 'met' : 'not met'}` : '—'}.

### The log list's first page (today, newest first: ${18} rows and the day's count for the scroll height)

| way | median | p95 | runs |
|---|---:|---:|---:|
${row('**LogPanel** (`findEntryKeys`: the day\'s keys from the `at` index, then `entriesByKeys` of the visible rows)', logPanel)}
${row('baseline: the day\'s entries `reverse().toArray()`, then the first rows', toArray)}
${row('lower bound: `reverse().limit(18)` (no count, so no scroll height)', limit)}

The lead is unlocked (the session holds the checkpoint key), so each way opens the 18 rows' sealed persons (\`openPeople\`).

Ratios of medians: toArray ${times(toArray?.median, logPanel?.median)} LogPanel's time; LogPanel ${times(logPanel?.median, limit?.median)} the lower bound's.

### Export of ${count(ours?.entries ?? r.exportEntries)} entries to CSV (${r.exportRuns} runs each, taking turns)

From the request to the file in hand, a new worker each run (its start included). Peak heap: the worker's V8 heap (CDP \`Runtime.getHeapUsage\` on
the worker's target, asked again as soon as each answer comes, ~every few ms); it counts garbage not yet collected, so it is an upper bound of what was live.

| way | median | p95 | peak heap median | peak heap max | file |
|---|---:|---:|---:|---:|---:|
| **the app's export worker** (1,000 at a time, each page one getAll over the at index, persons opened, rows as parts of a Blob) | ${ms(ours?.ms.median)} | ${ms(ours?.ms.p95)} | ${mb(ours?.peakHeap.median)} | ${mb(ours?.peakHeap.max)} | ${mb(ours?.bytes)} |
| baseline: the range with one \`toArray\`, persons opened, formatted into one string | ${ms(naive?.ms.median)} | ${ms(naive?.ms.p95)} | ${mb(naive?.peakHeap.median)} | ${mb(naive?.peakHeap.max)} | ${mb(naive?.bytes)} |
| the app's export worker, lead locked (no key: persons left out, nothing opened) | ${ms(locked?.ms.median)} | ${ms(locked?.ms.p95)} | ${mb(locked?.peakHeap.median)} | ${mb(locked?.peakHeap.max)} | ${mb(locked?.bytes)} |

Ratios of medians (baseline / app): time ${times(naive?.ms.median, ours?.ms.median)}, peak heap ${times(naive?.peakHeap.median, ours?.peakHeap.median)}.
Opening the sealed persons: the app's export takes ${times(ours?.ms.median, locked?.ms.median)} as long as without the key.
`;
}
