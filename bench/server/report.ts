/** The bench's figures as a markdown section: medians over repetitions, pooled push latencies, ratios. */
import { median, percentile, type LoadResult } from './load.ts';

export interface Run {
  project: string;
  kind: 'sqlite' | 'postgres';
  rep: number;
  ingest: LoadResult;
  sync: LoadResult;
}

export interface Setup {
  command: string;
  machine: string;
  devices: number;
  batches: number;
  sync: number;
  reps: number;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => n.toFixed(n < 100 ? 1 : 0);
const s = (n: number): string => n.toFixed(1);

interface Row {
  project: string;
  kind: string;
  rate: number;
  rates: number[];
  p50: number;
  p99: number;
  syncSeconds: number;
  syncAll: number[];
  syncRate: number;
  syncP50: number;
  syncP99: number;
}

function summarise(runs: readonly Run[]): Row[] {
  const rows: Row[] = [];
  for (const project of [...new Set(runs.map((r) => r.project))]) {
    for (const kind of [...new Set(runs.map((r) => r.kind))]) {
      const mine = runs.filter((r) => r.project === project && r.kind === kind);
      if (mine.length === 0) continue;
      const rates = mine.map((r) => r.ingest.stored / r.ingest.seconds);
      const latencies = mine.flatMap((r) => r.ingest.latencies);
      const syncAll = mine.map((r) => r.sync.seconds);
      const syncLatencies = mine.flatMap((r) => r.sync.latencies);
      rows.push({
        project, kind, rate: median(rates), rates, p50: median(latencies), p99: percentile(latencies, 99),
        syncSeconds: median(syncAll), syncAll, syncRate: (mine[0]?.sync.stored ?? 0) / median(syncAll),
        syncP50: median(syncLatencies), syncP99: percentile(syncLatencies, 99),
      });
    }
  }
  return rows;
}

const name = (kind: string): string => (kind === 'sqlite' ? 'SQLite' : 'PostgreSQL');

export function report(runs: readonly Run[], setup: Setup): string {
  const rows = summarise(runs);
  const label = (r: Row): string => `${r.project === 'current' ? '' : `${r.project} · `}${name(r.kind)}`;
  const find = (project: string, kind: string): Row | undefined => rows.find((r) => r.project === project && r.kind === kind);
  const lines = [
    '## Server: ingest and sync',
    '',
    `Command: \`${setup.command}\` (PostgreSQL needs \`BENCH_DATABASE_URL\` or \`TEST_DATABASE_URL\`).`,
    `Machine: ${setup.machine}. The server is a real process (\`node bin/server.js\`, API only, LOG_LEVEL=warn) on 127.0.0.1;`,
    'the load comes from another process on the same 2 cores. SQLite runs with synchronous=FULL, PostgreSQL with Debian\'s defaults',
    '(fsync and synchronous_commit on): every acknowledged batch is on disk.',
    `Each figure is the median of ${setup.reps} repetitions, each on a fresh database and a fresh server process (warmed up by one`,
    'tablet pushing 3 batches); configurations alternate within a repetition. Push latencies are pooled over all repetitions.',
    'Every push is checked: all entries must come back `stored`.',
    '',
    `### Ingest: ${setup.devices} tablets pushing at once, ${setup.batches} batches of 500 each (${int(setup.devices * setup.batches * 500)} entries, ${setup.devices * setup.batches} pushes a run)`,
    '',
    '| storage | entries/s (median) | runs | push p50 ms | push p99 ms |',
    '|---|---:|---|---:|---:|',
    ...rows.map((r) => `| ${label(r)} | ${int(r.rate)} | ${r.rates.map(int).join(', ')} | ${ms(r.p50)} | ${ms(r.p99)} |`),
    '',
    `### Sync: one tablet, ${int(setup.sync)} queued entries, batches of 500 one after another until all are acknowledged`,
    '',
    'As the tablet\'s uploader sends them (each batch with `waiting`, the next only after the answer), to the same server right after the ingest.',
    '',
    '| storage | seconds (median) | runs | entries/s | push p50 ms | push p99 ms |',
    '|---|---:|---|---:|---:|---:|',
    ...rows.map((r) => `| ${label(r)} | ${s(r.syncSeconds)} | ${r.syncAll.map(s).join(', ')} | ${int(r.syncRate)} | ${ms(r.syncP50)} | ${ms(r.syncP99)} |`),
    '',
  ];
  const ratios: string[] = [];
  for (const project of [...new Set(rows.map((r) => r.project))]) {
    const lite = find(project, 'sqlite');
    const post = find(project, 'postgres');
    if (lite && post) {
      ratios.push(`- ${project}: PostgreSQL / SQLite ingest ${(post.rate / lite.rate).toFixed(2)}×, sync time ${(post.syncSeconds / lite.syncSeconds).toFixed(2)}×`);
    }
  }
  for (const kind of ['sqlite', 'postgres']) {
    const now = find('current', kind);
    for (const other of ['plain', 'baseline']) {
      const before = find(other, kind);
      if (!now || !before) continue;
      ratios.push(
        `- ${name(kind)}: current / ${other} ingest ${(now.rate / before.rate).toFixed(2)}×, sync ${(before.syncSeconds / now.syncSeconds).toFixed(2)}× faster, ingest p99 ${ms(before.p99)} → ${ms(now.p99)} ms`,
      );
    }
  }
  if (ratios.length > 0) lines.push('Ratios of medians:', '', ...ratios, '');
  return lines.join('\n');
}
