/**
 * The import benchmark (issue #14): Sanmenxia's 4,136 checkpoints over five levels, imported into a fresh SQLite
 * database by the real CLI (`kadian areas import`), then the same file again (which changes nothing). Wall time of each
 * whole command, start of Node included, best and median of RUNS; the target is under 10 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchSource } from '../source.ts';
import { cityCsv, SANMENXIA } from './cityFile.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.RUNS ?? 3);

function timed(dataDir: string, file: string): { ms: number; output: string } {
  const started = performance.now();
  const output = execFileSync(process.execPath, [join(ROOT, 'bin/kadian.js'), 'areas', 'import', file], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { ms: performance.now() - started, output: output.trim() };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = mkdtempSync(join(tmpdir(), 'kadian-bench-city-'));
const file = join(work, 'city.csv');
writeFileSync(file, cityCsv(SANMENXIA));
const first: number[] = [];
const again: number[] = [];
let counts = '';
try {
  for (let run = 0; run < RUNS; run++) {
    const dataDir = join(work, `data-${run}`);
    const a = timed(dataDir, file);
    first.push(a.ms);
    counts = a.output;
    again.push(timed(dataDir, file).ms);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`City import (bench/city, ${benchSource()}, ${RUNS} runs, SQLite, Node ${process.version}):
- ${SANMENXIA.checkpoints} checkpoints over five levels (${counts}):
  first import ${s(Math.min(...first))} best, ${s(median(first))} median; the same file again (changes nothing) ${s(Math.min(...again))} best, ${s(median(again))} median
- target: under 10 s → ${median(first) < 10_000 ? 'met' : 'not met'}`);
