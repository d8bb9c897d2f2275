/** The trace benchmark (issue #16, "Fast enough to trace during an outbreak"): trail, visitors and contacts over a seeded city's log beside their naive queries, and the index's cost; `--help` lists the flags. */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchSource } from '../source.ts';
import { runPostgres, runSqlite, WITHIN, type Options } from './databases.ts';
import { report, type DatabaseResult } from './report.ts';
import { ANONYMOUS, dayName, entriesPerOuting, FULL, layoutOf, MISS_EXIT, WORKER_SHARE, WORKERS_PER } from './shape.ts';

const FLAGS = {
  entries: { type: 'string', default: String(FULL.entries) },
  persons: { type: 'string', default: String(FULL.persons) },
  checkpoints: { type: 'string', default: String(FULL.checkpoints) },
  trails: { type: 'string', default: '200' },
  places: { type: 'string', default: '50' },
  contacts: { type: 'string', default: '100' },
  naive: { type: 'string', default: '10' },
  pushes: { type: 'string', default: '20' },
  seed: { type: 'string', default: '16' },
  keep: { type: 'string' },
  only: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

const HELP = `npm run bench:trace -- [flags]
  --entries N      entries to seed (default ${FULL.entries}); --persons N (default ${FULL.persons}); --checkpoints N (default ${FULL.checkpoints})
  --trails N       persons' 30-day trails measured (200); --places N place-days (50); --contacts N persons' 14-day contacts (100)
  --naive N        naive runs per query, spread among those (10); --pushes N push batches without the index, as many with (20)
  --seed N         the samples' seed (16); --keep DIR  SQLite's DATA_DIR, kept and reused at the same scale
  --only sqlite|postgres
PostgreSQL runs when BENCH_DATABASE_URL, DATABASE_URL or TEST_DATABASE_URL is set, in a schema of its own dropped after.
An interrupted run leaves its data behind: the temporary DATA_DIR (kadian-bench-trace-* under the temporary directory)
and the schema (DROP SCHEMA kadian_bench_trace_… CASCADE); the log names both as it starts them.`;

const { values } = parseArgs({ options: FLAGS, strict: true });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const whole = (name: keyof typeof FLAGS, min: number): number => {
  const text = values[name];
  const n = Number(text);
  if (typeof text !== 'string' || !Number.isSafeInteger(n) || n < min) throw new Error(`--${name} ${String(text)}: a whole number ≥ ${min}`);
  return n;
};

const scale = { entries: whole('entries', 1000), persons: whole('persons', 100), days: FULL.days, checkpoints: whole('checkpoints', 12) };
const layout = layoutOf(scale);
const log = (line: string) => console.error(line);
const options: Options = {
  layout, log, seed: whole('seed', 0), pushes: whole('pushes', 2),
  runs: { trails: whole('trails', 1), places: whole('places', 1), contacts: whole('contacts', 1), naive: whole('naive', 0) },
};
const only = values.only;
if (only !== undefined && only !== 'sqlite' && only !== 'postgres') throw new Error(`--only ${only}: sqlite or postgres`);
const urlVar = (['BENCH_DATABASE_URL', 'DATABASE_URL', 'TEST_DATABASE_URL'] as const).find((name) => (process.env[name]?.trim() ?? '') !== '');
const postgresUrl = urlVar === undefined ? null : (process.env[urlVar]?.trim() ?? null);
if (only === 'postgres' && postgresUrl === null) throw new Error('--only postgres: set BENCH_DATABASE_URL, DATABASE_URL or TEST_DATABASE_URL');

const startedAt = new Date();
const loadStart = loadavg();
const results: DatabaseResult[] = [];
if (only !== 'postgres') results.push(await runSqlite(options, values.keep ?? null));
if (only !== 'sqlite' && postgresUrl !== null) results.push(await runPostgres(postgresUrl, options));
else log('PostgreSQL: not run (no BENCH_DATABASE_URL, DATABASE_URL or TEST_DATABASE_URL)');
const loadEnd = loadavg();

const args = process.argv.slice(2);
const cpu = cpus();
const { days } = scale;
console.log(report({
  command: `${urlVar === undefined ? '' : `${urlVar}=postgres://… `}npm run bench:trace${args.length ? ` -- ${args.join(' ')}` : ''}`,
  machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`,
  source: benchSource(), startedAt, minutes: (Date.now() - startedAt.getTime()) / 60_000, load: { start: loadStart, end: loadEnd },
  shape: `The city of bench/figures (${scale.checkpoints.toLocaleString('en')} checkpoints, two gates a place) with its places in blocks of six neighbours: three compounds, a market and a shop
(gates logging in and out, so visits pair into stays, often leaving by the other gate) and a road checkpoint (its gates log entries only).
${days} local days (${dayName(0)} to ${dayName(days - 1)}, Asia/Shanghai), ${layout.outingsPerDay.toLocaleString('en')} outings a day of ${scale.persons.toLocaleString('en')} persons:
home (out), one or two places nearby, home (in), ${entriesPerOuting().toFixed(2)} entries an outing; ${WORKER_SHARE} % of outings by the ${(100 / WORKERS_PER).toFixed(0)} % of persons who work outside,
${MISS_EXIT} % of exits missed, ${ANONYMOUS} % of passages another system's code with no ID number. Seeded by one INSERT … SELECT a day
(SQLite: a recursive CTE, journal and fsync off; PostgreSQL: generate_series, synchronous_commit off), entries_by_person built after,
as migration 009 builds it on a city's existing log. SQLite gets no ANALYZE (the server never runs it); PostgreSQL is VACUUM ANALYZEd, as autovacuum would.`,
  reader: `Each query runs through the real code (src/server/trace: personTrail; findPlace and placeVisitors; personContacts, first level, ±15 min)
with the reader the console's route builds (traceRoutes.ts) for a tracer of the whole city (subtree ${JSON.stringify(WITHIN)}), TIME_ZONE Asia/Shanghai;
the audit line and the HTTP layer are not timed. A person is the person of a random outing (busier persons are drawn more often, as cases are;
for contacts an outing of the last 14 days); a place-day is any place on any day, from local midnight to the next. The naive side is the same
code and the same query with its person term (the trail, contacts) or its person and gate terms (a place) written \`(column || '') IN (…)\`,
which no index serves, so the planner does what it would without the index: see the plans below.`,
}, results));
