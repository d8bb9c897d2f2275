/** The province benchmark's figures as a markdown section: one row per setup and tablet count, and what each setup serves. */
import { median, percentile } from '../server/load.ts';
import type { RunResult, RunShape } from './run.ts';

export interface StepResult {
  kind: 'sqlite' | 'postgres';
  processes: number;
  tablets: number;
  shape: RunShape;
  run: RunResult;
  /** CPU seconds of each server process during the run (with a cluster, the primary first). */
  cpuSeconds: number[];
  postgresCpuSeconds: number | null;
}

export interface Setting {
  command: string;
  machine: string;
  cores: number;
}

/** A push p99 at or under this is "served". */
export const SERVED_P99_MS = 1000;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => (Number.isNaN(n) ? '—' : n.toFixed(n < 100 ? 1 : 0));
const label = (r: Pick<StepResult, 'kind' | 'processes'>): string => `${r.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${r.processes} process${r.processes > 1 ? 'es' : ''}`;

/** Server CPU (all its processes, and PostgreSQL's) per stored entry, ms: what a core's capacity is divided by. */
function cpuPerEntry(r: StepResult): number {
  const server = r.cpuSeconds.reduce((a, b) => a + b, 0);
  return r.run.stored === 0 ? NaN : ((server + (r.postgresCpuSeconds ?? 0)) * 1000) / r.run.stored;
}

export function report(results: readonly StepResult[], setting: Setting): string {
  const lines = [
    '## A province on one machine (issue #19)',
    '',
    `\`${setting.command}\` — ${setting.machine}.`,
    '',
    'Each simulated tablet has a chain of its own and pushes 1–20 sealed scans at intervals of 50–150 % of the mean, then',
    'pulls its config holding its version and revocation revision (a 304 when nothing changed). Each tablet\'s first pull',
    '(the whole config, and a checkpoint\'s first salt and seal key) is made before the timed run. The returning tablets come back from a day offline within the first half of the run and',
    'send their backlog in batches of 500 first (apart). Tablets share 512 keep-alive sockets.',
    '',
    '| setup | tablets | returning × backlog | entries/s | pushes/s | push p50 / p99 ms | backlog push p50 / p99 ms | config p50 / p99 ms (304 / unchanged / whole) | first config p99 ms | CPU s per process | PostgreSQL CPU s | CPU ms per entry |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const { run } = r;
    lines.push(`| ${label(r)} | ${int(r.tablets)} | ${int(r.shape.returning)} × ${int(r.shape.backlog)} | ${int(run.stored / run.seconds)} | ${int(run.pushes / run.seconds)} | `
      + `${ms(median(run.pushMs))} / ${ms(percentile(run.pushMs, 99))} | ${ms(median(run.backlogMs))} / ${ms(percentile(run.backlogMs, 99))} | `
      + `${ms(median(run.configMs))} / ${ms(percentile(run.configMs, 99))} (${int(run.notModified)} / ${int(run.unchanged)} / ${int(run.full)}) | ${ms(percentile(run.fullConfigMs, 99))} | `
      + `${r.cpuSeconds.map((s) => s.toFixed(1)).join(' + ')} | ${r.postgresCpuSeconds === null ? '—' : r.postgresCpuSeconds.toFixed(1)} | ${cpuPerEntry(r).toFixed(3)} |`);
  }
  lines.push('', '| setup | largest tablet count run with push p99 ≤ 1 s | CPU ms per entry (median of its runs) | entries/s one core would take at that cost |', '|---|---|---|---|');
  const bySetup = new Map<string, StepResult[]>();
  for (const r of results) bySetup.set(label(r), [...(bySetup.get(label(r)) ?? []), r]);
  for (const [name, runs] of bySetup) {
    const served = runs.filter((r) => percentile(r.run.pushMs, 99) <= SERVED_P99_MS).map((r) => r.tablets);
    const cost = median(runs.map(cpuPerEntry));
    lines.push(`| ${name} | ${served.length === 0 ? 'none of the counts run' : int(Math.max(...served))} | ${cost.toFixed(3)} | ${int(1000 / cost)} |`);
  }
  return `${lines.join('\n')}\n`;
}
