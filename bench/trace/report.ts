/** The trace benchmark's report: markdown tables ready for BENCHMARKS.md, each database's figures side by side with the naive query's. */
import type { Ingest, Sizes } from './cost.ts';
import type { Kind, Timed } from './measure.ts';
import type { Seeded } from './seed.ts';
import { VARIANT_WORDS, type Variant } from './variants.ts';

export interface DatabaseResult {
  name: string;
  version: string;
  /** Null when the seeded database was reused (--keep). */
  seeded: Seeded | null;
  entries: number;
  timed: Timed[];
  sizes: Sizes;
  ingest: Ingest;
  plans: Array<{ kind: Kind; variant: Variant; plan: string }>;
}

export interface Run {
  command: string;
  machine: string;
  source: string;
  startedAt: Date;
  minutes: number;
  load: { start: number[]; end: number[] };
  shape: string;
  reader: string;
}

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
export const median = (xs: readonly number[]): number => sorted(xs)[Math.floor(xs.length / 2)] ?? NaN;
/** Nearest rank: with 20 runs the 19th, with 200 the 190th. */
export const p95 = (xs: readonly number[]): number => sorted(xs)[Math.ceil(xs.length * 0.95) - 1] ?? NaN;

const ms = (x: number): string => (Number.isNaN(x) ? '–' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 1 ? 2 : x < 10 ? 1 : 0)} ms`);
const count = (x: number): string => Math.round(x).toLocaleString('en');
const bytes = (b: number): string => (b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : `${(b / 1e6).toFixed(1)} MB`);
const ratio = (a: number, b: number): string => (Number.isNaN(a) || Number.isNaN(b) || b === 0 ? '–' : `${(a / b).toFixed(a / b < 10 ? 2 : 0)}×`);
const seconds = (x: number): string => `${(x / 1000).toFixed(x < 10_000 ? 1 : 0)} s`;

/** The issue's targets, as p95 of the indexed side. */
const TARGETS: Record<Kind, { ms: number; what: string; unit: string }> = {
  trail: { ms: 100, what: "a person's 30-day trail", unit: 'passages' },
  place: { ms: 500, what: "a place's visitors, one day", unit: 'visitors' },
  contacts: { ms: 2000, what: 'first-level contacts, 14 days', unit: 'contacts' },
};

function timedLine(db: DatabaseResult, t: Timed): string {
  const target = TARGETS[t.kind];
  const met = p95(t.indexed) <= target.ms ? 'met' : '**not met**';
  const sizes = `${target.unit} ${count(median(t.sizes))} / ${count(p95(t.sizes))} / ${count(Math.max(...t.sizes))}${t.truncated ? `, ${t.truncated} truncated` : ''}`;
  return `| ${target.what} | ${db.name} | ${t.indexed.length} | **${ms(median(t.indexed))}** | **${ms(p95(t.indexed))}** | ≤ ${ms(target.ms)}: ${met} | ${VARIANT_WORDS[t.naiveVariant]} | ${t.naive.length} | ${ms(median(t.naive))} | ${ms(p95(t.naive))} | ${ratio(median(t.naive), median(t.paired))} | ${sizes} |`;
}

function costLine(db: DatabaseResult): string {
  const person = db.sizes.indexes.entries_by_person ?? 0;
  const others = Object.entries(db.sizes.indexes).filter(([name]) => name !== 'entries_by_person').map(([name, b]) => `${name} ${bytes(b)}`).join(', ');
  const { without } = db.ingest;
  const withIndex = [...db.ingest.before, ...db.ingest.after];
  return `| ${db.name} | ${bytes(db.sizes.totalBytes)} | ${bytes(person)} | ${ratio(db.sizes.totalBytes, db.sizes.totalBytes - person)} | ${others} | ${ms(median(withIndex))} | ${ms(p95(withIndex))} | ${ms(median(without))} | ${ms(p95(without))} | **${ratio(median(withIndex), median(without))}** | ${db.seeded ? seconds(db.seeded.indexMs) : '(reused)'}, again ${seconds(db.ingest.rebuildMs)} |`;
}

function seededLine(db: DatabaseResult): string {
  const s = db.seeded;
  if (!s) return `- ${db.name} ${db.version}: ${count(db.entries)} entries, the seeded database reused (--keep).`;
  return `- ${db.name} ${db.version}: ${count(s.entries)} entries of ${count(s.persons)} persons with passages, seeded in ${seconds(s.seedMs)}` +
    ` (${count(s.entries / (s.seedMs / 1000))} entries/s); entries_by_person built in ${seconds(s.indexMs)}${s.vacuumMs === null ? '' : `; VACUUM ANALYZE ${seconds(s.vacuumMs)}`}.`;
}

export function report(run: Run, dbs: readonly DatabaseResult[]): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ');
  const pushes = dbs[0]?.ingest.without.length ?? 0;
  return `### Tracing (issue #16)

Command: \`${run.command}\` (bench/trace, ${run.source}), ${run.startedAt.toISOString()}, ${run.minutes.toFixed(1)} min in all.
Machine: ${run.machine}; load average ${load(run.load.start)} (1/5/15 min) at the start, ${load(run.load.end)} at the end.

${run.shape}
${dbs.map(seededLine).join('\n')}

${run.reader}

| query | database | runs | **median** | **p95** | target (p95) | naive side | runs | median | p95 | naive ÷ indexed (medians, same samples) | answers (median / p95 / max) |
|---|---|---:|---:|---:|---|---|---:|---:|---:|---:|---|
${(['trail', 'place', 'contacts'] as const).flatMap((kind) => dbs.flatMap((db) => db.timed.filter((t) => t.kind === kind).map((t) => timedLine(db, t)))).join('\n')}

Each naive run's answer was checked equal to the indexed one's (the same JSON).

Storage and ingest cost of \`entries_by_person\` (size measured after seeding; SQLite by dbstat, PostgreSQL by pg_relation_size).
The push insert is \`insertEntries\` (src/server/storage/entryInsert.ts, roll-ups included, SQLite at synchronous=FULL) of 500 entries of a new tablet, each of a random person:
${pushes} batches with the index (half before, half after) and ${pushes} without it in between (A B A: the index dropped, then built again by migration 009's statement), after two not counted.

| database | database size | entries_by_person | with ÷ without (size) | other indexes of entries | push 500, with: median | p95 | without: median | p95 | **with ÷ without (medians)** | entries_by_person built (migration 009) |
|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|
${dbs.map(costLine).join('\n')}

Medians by phase (with, without, with again): ${dbs.map((db) => `${db.name} ${[db.ingest.before, db.ingest.without, db.ingest.after].map((xs) => ms(median(xs))).join(', ')}`).join('; ')}.

Plans of the passages' query (the trail's read by person; the place's by its gates; contacts make the first, then the second per place and stretch of time):

${dbs.flatMap((db) => db.plans.map((p) => `- ${db.name}, ${p.kind}, ${VARIANT_WORDS[p.variant]}: \`${p.plan}\``)).join('\n')}
`;
}
