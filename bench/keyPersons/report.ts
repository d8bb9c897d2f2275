/** The key-person benchmark's results as Markdown (bench/results-keyPersons.md): the command, the machine, medians and ratios. */
import { cpus } from 'node:os';
import { KEY_PERSON_KDF } from '../../src/core/keyPersonLookup.ts';
import type { Summary } from '../scan/stats.ts';
import type { ImportTimes } from './server.ts';

export interface Results {
  source: string;
  started: Date;
  finished?: Date;
  load: { before: number[]; after?: number[] };
  browser: string;
  rounds: number;
  list: number;
  jobs: number;
  /** `${rate}.${kind}`: first (a scrypt), again (the memo), hit (a scrypt and the box opened), legacy (SHA-256), scrypt-N: ms per lookup. */
  tablet: Record<string, Summary>;
  guess: (Record<'scrypt' | 'sha256', { wall: Summary; cpu: Summary }> & { openssl?: Summary }) | undefined;
  imports: ImportTimes[];
}

const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : v < 0.1 ? `${(v * 1000).toFixed(1)} µs` : v < 10 ? `${v.toFixed(2)} ms` : `${Math.round(v)} ms`);
const times = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? `${Math.round(a / b).toLocaleString('en-US')}×` : '—');
const seconds = (v: number) => `${(v / 1000).toFixed(1)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

export function report(r: Results): string {
  const cpu = cpus();
  const minutes = r.finished ? ((r.finished.getTime() - r.started.getTime()) / 60_000).toFixed(1) : '?';
  const t = (rate: number, kind: string) => r.tablet[`${rate}.${kind}`];
  const row = (label: string, kind: string) =>
    `| ${label} | ${ms(t(1, kind)?.median)} | ${ms(t(1, kind)?.min)} | ${ms(t(1, kind)?.p95)} | ${ms(t(4, kind)?.median)} | ${ms(t(4, kind)?.min)} | ${ms(t(4, kind)?.p95)} | ${t(1, kind)?.runs ?? 0} |`;
  const sizes = [...new Set(r.imports.map((i) => i.persons))];
  const importRow = (n: number) => {
    const runs = r.imports.filter((i) => i.persons === n);
    const m = (key: keyof ImportTimes) => median(runs.map((i) => i[key]));
    return `| ${n.toLocaleString('en-US')} | ${seconds(m('sealMs'))} | ${seconds(m('sealCpuMs'))} | ${Math.round(n / (m('sealMs') / 1000)).toLocaleString('en-US')} | ${seconds(m('storeMs'))} | ${seconds(m('reimportMs'))} | ${ms(m('oldHashMs'))} | ${times(m('sealMs'), m('oldHashMs'))} | ${ms(m('pullMs'))} (${(m('pullBytes') / 2 ** 20).toFixed(1)} MB) | ${runs.length} |`;
  };
  const g = r.guess;
  return `# Key-person benchmarks

Command: \`npm run bench:keypersons\` (\`tsx bench/keyPersons/main.ts\`; KP_ROUNDS=${r.rounds}, KP_LIST=${r.list}, KP_IMPORTS=${sizes.join(',')}, KP_IMPORT_RUNS for the lists under 50,000).
Run ${r.started.toISOString()}, ${minutes} min, on ${r.source}. Machine: ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, Node ${process.version}, shared with other
work: load average ${r.load.before.map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at the start, ${r.load.after?.map((l) => l.toFixed(1)).join(' / ') ?? '?'} at the end.
Parameters: scrypt N=${KEY_PERSON_KDF.N}, r=${KEY_PERSON_KDF.r}, p=${KEY_PERSON_KDF.p} (${(128 * KEY_PERSON_KDF.N * KEY_PERSON_KDF.r) / 1024} KiB per derivation).

## On the tablet: one lookup

Headless Chromium ${r.browser} (Debian's), the page running \`src/core/keyPersonLookup.ts\` bundled by esbuild, with the memo the gate
uses; a list of ${r.list.toLocaleString('en-US')} persons sealed by the server's code. CPU throttled with CDP \`Emulation.setCPUThrottlingRate\`
(the lookup runs on the page's main thread, so all of it is throttled); the two rates take turns each round. Times are per
lookup: scrypt ones the mean of a batch of 10 (hits: 2), SHA-256 ones of a batch of 1,000; medians, p95 and the least disturbed
round (min) over ${r.rounds} rounds: on a machine shared with other work, the min is the nearest to an idle core.

| lookup | 1× median | 1× min | 1× p95 | 4× median | 4× min | 4× p95 | rounds |
|---|---:|---:|---:|---:|---:|---:|---:|
${row('**first time an ID number is seen** (scrypt, not listed)', 'first')}
${row('first time, listed (scrypt, box opened)', 'hit')}
${row('seen before in the session (memo)', 'again')}
${row('baseline: the old salted SHA-256 lookup', 'legacy')}
${scryptRows(r, row)}

First lookup against the old one: ${times(t(1, 'first')?.median, t(1, 'legacy')?.median)} at 1×, ${times(t(4, 'first')?.median, t(4, 'legacy')?.median)} at 4×;
4× against 1×: ${(t(4, 'first')?.median ?? NaN) / (t(1, 'first')?.median ?? NaN) > 0 ? ((t(4, 'first')?.median ?? NaN) / (t(1, 'first')?.median ?? NaN)).toFixed(1) : '—'}×.

## A guesser holding a tablet's config: one guess

Node's native \`crypto.scryptSync\` (OpenSSL) and \`createHash('sha256')\`, on one thread, as a guesser's CPU core would run them:
the mean of 50 scrypt guesses or 50,000 SHA-256 guesses, medians over ${r.rounds} rounds taking turns; wall time, and the process's
CPU time (on a loaded machine the wall time includes waiting for a core). Node's \`createHash\` costs an object per hash: a
guesser's own SHA-256 loop is faster still, so the ratio is a floor.

| guess | wall median | wall p95 | CPU median | rounds |
|---|---:|---:|---:|---:|
| **scrypt (format 2)** | ${ms(g?.scrypt.wall.median)} | ${ms(g?.scrypt.wall.p95)} | ${ms(g?.scrypt.cpu.median)} | ${g?.scrypt.wall.runs ?? 0} |
| baseline: SHA-256(salt ‖ ID), the old list | ${ms(g?.sha256.wall.median)} | ${ms(g?.sha256.wall.p95)} | ${ms(g?.sha256.cpu.median)} | ${g?.sha256.wall.runs ?? 0} |
| baseline: SHA-256 of a 64-byte block in OpenSSL's own loop (\`openssl speed\`) | ${ms(g?.openssl?.median)} | ${ms(g?.openssl?.p95)} | | ${g?.openssl?.runs ?? 0} |

Cost per guess, scrypt against SHA-256: **${times(g?.scrypt.wall.median, g?.sha256.wall.median)}** (wall), **${times(g?.scrypt.cpu.median, g?.sha256.cpu.median)}** (CPU);
scrypt's CPU time against OpenSSL's SHA-256 loop, nearer what a guesser's native code pays: **${times(g?.scrypt.cpu.median, g?.openssl?.median)}**.

## On the server: importing a list

\`sealKeyPersons\` (src/server/operator/keyPersonSeal.ts) as \`kadian key-persons import\` runs it: node:crypto's scrypt in libuv's
thread pool, ${r.jobs} at a time (one per core), then the list written in one transaction (SQLite, a fresh DATA_DIR). "Again" is the
same file imported once more (nothing derived: unchanged persons keep their tags and boxes). The old import's work is a salted
SHA-256 per person (noble, as it ran). The config pull is \`currentConfig\` of that checkpoint, read and serialised: no derivation.

${sizes.length === 0 ? 'Not run (KP_IMPORTS empty).\n' : ''}| persons | derive and seal | CPU (all threads) | persons/s | store | again (nothing derived) | old: SHA-256 | derive / old | config pull | runs |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${sizes.map(importRow).join('\n')}
`;
}

/** scrypt alone at other N (r as chosen), the figures N was chosen from. */
function scryptRows(r: Results, row: (label: string, kind: string) => string): string {
  return Object.keys(r.tablet).filter((k) => k.startsWith('1.scrypt-')).map((k) => k.slice(2))
    .sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]))
    .map((kind) => row(`scrypt alone, N=${kind.split('-')[1]}, r=${KEY_PERSON_KDF.r} (${(128 * Number(kind.split('-')[1]) * KEY_PERSON_KDF.r) / 1024} KiB)`, kind)).join('\n');
}
