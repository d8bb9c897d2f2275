/**
 * The figures benchmark (issue #15): a city of 4,136 checkpoints and ~20 million entries over 30 days on SQLite; the
 * city overview for today and one district's 30-day trend through the real routes, three ways side by side: from the
 * area roll-ups (area_hours), from the checkpoints' roll-ups summed (entry_hours, as before area_hours) and from the raw
 * log (variants.ts); what keeping the roll-ups costs a 500-entry push insert; and what a move of the city costs.
 * FIGURES_DIR=path keeps (or reuses) the seeded DATA_DIR; RUNS, PUSH_RUNS set the runs.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Entry } from '../../src/core/entry.ts';
import { createAccount } from '../../src/server/accounts/users.ts';
import { buildApp } from '../../src/server/app.ts';
import { DATABASE_FILE, openStorage } from '../../src/server/settings.ts';
import { openSqlite } from '../../src/server/storage/db.ts';
import { insertEntries } from '../../src/server/storage/entryInsert.ts';
import type { Rollups } from '../../src/server/storage/entryInsert.ts';
import { BACKFILL } from '../../src/server/storage/migrations/008_area_rollups.ts';
import type { ReceivedEntry } from '../../src/server/storage/storage.ts';
import { benchSource } from '../source.ts';
import { postgresPush } from './postgres.ts';
import { CITY, cityChanges, seedEntries } from './seed.ts';
import { areasFromCheckpoints, rawFigures, withReads } from './variants.ts';

const RUNS = Number(process.env.RUNS ?? 25);
const PUSH_RUNS = Number(process.env.PUSH_RUNS ?? 40);
const DAY0_MS = Date.parse('2026-11-01T00:00:00+08:00');
/** "Now": 20:00 on the 30th local day, so today is mostly there. */
const NOW = new Date('2026-11-30T20:00:00+08:00');
const PASSWORD = 'benchmark password 1234';
const log = (line: string) => console.error(line);
/** CHECKPOINTS=n: a smaller city, for trying the benchmark out. */
const SHAPE = { ...CITY, checkpoints: Number(process.env.CHECKPOINTS ?? CITY.checkpoints) };

const keep = process.env.FIGURES_DIR;
const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'kadian-bench-figures-'));
const file = join(dataDir, DATABASE_FILE);
const { districts } = cityChanges(SHAPE);
const seeded = keep !== undefined && existsSync(file);
const loadStart = loadavg();
let backfillMs: number | null = null;

if (!seeded) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const setup = openStorage(dataDir, {});
  await setup.applyCityChanges(cityChanges(SHAPE).changes);
  const admin = await createAccount(setup, { name: 'bench-admin', role: 'admin', password: PASSWORD }, 'bench');
  if (!admin.ok) throw new Error(admin.error);
  await setup.close();
  const started = performance.now();
  log(`seeding ${SHAPE.checkpoints} checkpoints × ${SHAPE.days} days into ${file}…`);
  const total = seedEntries(file, SHAPE, DAY0_MS, NOW.getTime(), log);
  log(`seeded ${total.toLocaleString('en')} entries and their roll-ups in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  // The area roll-ups as migration 008 fills them (the migration ran on the empty database, before the seeding).
  const filling = performance.now();
  const raw = new Database(file);
  raw.exec(BACKFILL);
  raw.exec('ANALYZE area_hours');
  raw.close();
  backfillMs = performance.now() - filling;
  log(`filled area_hours in ${(backfillMs / 1000).toFixed(0)} s`);
}

const storage = openStorage(dataDir, {});
const reader = new Database(file, { readonly: true });
// Each area's checkpoints, listed once: the route had them anyway (figureScope.ts), so neither side pays for them here.
const under = new Map<string, string[]>();
for (const c of await storage.listCheckpointRecords(null)) {
  for (const a of c.areaIds) {
    const list = under.get(a) ?? [];
    list.push(c.id);
    under.set(a, list);
  }
}
const raw = rawFigures(reader);
const storages = {
  areas: storage,
  checkpoints: withReads(storage, areasFromCheckpoints(storage, under)),
  raw: withReads(storage, { ...raw, ...areasFromCheckpoints(raw, under) }),
};
type Side = keyof typeof storages;
const SIDES: readonly Side[] = ['areas', 'checkpoints', 'raw'];
const options = { dataDir, publicUrl: 'http://bench.test', now: () => NOW };
const apps = {
  areas: await buildApp({ storage: storages.areas, ...options }), checkpoints: await buildApp({ storage: storages.checkpoints, ...options }),
  raw: await buildApp({ storage: storages.raw, ...options }),
};
const signin = await apps.areas.inject({ method: 'POST', url: '/api/v1/session', payload: { name: 'bench-admin', password: PASSWORD } });
const session = signin.cookies.find((c) => c.name === 'kadian_session')?.value ?? '';
if (session === '') throw new Error(`no session: ${signin.body}`);

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => sorted(xs)[Math.ceil(xs.length * 0.95) - 1] ?? NaN;
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

/** The sides in a turning order: each run starts with the next one, every other run backwards, so a change in the machine's load touches all alike. */
const order = <T>(xs: readonly T[], i: number): T[] => {
  const turned = [...xs.slice(i % xs.length), ...xs.slice(0, i % xs.length)];
  return i % 2 ? turned.reverse() : turned;
};

/** One GET as the admin on each app; the three answers are checked equal (but for the time of the answer) first. */
async function measure(url: string): Promise<Record<Side, number[]>> {
  const times: Record<Side, number[]> = { areas: [], checkpoints: [], raw: [] };
  const answers: Partial<Record<Side, string>> = {};
  const once = async (side: Side, record: boolean) => {
    const started = performance.now();
    const res = await apps[side].inject({ method: 'GET', url, cookies: { kadian_session: session } });
    const took = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    answers[side] = res.body.replace(/"asOf":"[^"]*"/, '');
    if (record) times[side].push(took);
  };
  for (const side of [...SIDES, ...SIDES]) await once(side, false);
  if (answers.areas !== answers.checkpoints || answers.areas !== answers.raw) throw new Error(`${url}: the three sides disagree`);
  for (let i = 0; i < RUNS; i++) for (const side of order(SIDES, i)) await once(side, true);
  return times;
}

log(`measuring the routes, ${RUNS} runs each…`);
const overview = await measure('/api/v1/console/figures?area=a');
const district = districts[0] ?? 'a-1';
const districtHours = await measure(`/api/v1/console/hours?area=${district}`);
const trend = await measure(`/api/v1/console/trend?area=${district}`);
const street = `${district}-1`;
const streetTrend = await measure(`/api/v1/console/trend?area=${street}`);
const checkpointsOf = async (area: string) => (await storage.listCheckpointRecords(area)).length;
const sizes = { district: await checkpointsOf(district), street: await checkpointsOf(street) };

/** 500 entries of a new tablet at one checkpoint, within the last two hours: one push's insert. */
const runTag = Date.now().toString(36);
function batch(n: number): ReceivedEntry[] {
  const checkpointId = `cp-${1 + ((n * 613) % SHAPE.checkpoints)}`;
  return Array.from({ length: 500 }, (_, i): Entry => ({
    id: `00000000-0000-4000-9000-${String(n * 1000 + i).padStart(12, '0')}`, deviceId: `bench-${runTag}-${n}`, seq: i + 1, checkpointId,
    at: new Date(NOW.getTime() - 7_200_000 + i * 14_000).toISOString(), direction: i % 2 ? 'out' : 'in', source: 'KDR1',
    personId: '11010519491231002X', name: '张三', colour: i % 20 ? 'green' : 'yellow', temperature: 36.5, verdict: i % 25 ? 'pass' : 'check',
    reasons: i % 25 ? [] : ['key-person', 'kp-other'], operator: null, prevHash: '0'.repeat(64), hash: String(i).padStart(64, '0'), personCommit: '1'.repeat(64),
  }));
}

/**
 * A move of the city, each there and back (between districts 1 and 2: see seed.ts's cityChanges): what
 * correcting area_hours in the move's transaction costs. Then the two roll-ups must still agree, at this scale (before
 * the push's measurement, whose batches without roll-ups leave them apart on purpose).
 */
log('measuring moves…');
const other = districts[1] ?? 'a-2';
const moves: Array<[string, () => Promise<{ ok: boolean }>]> = [
  [`a street (${street}, ${sizes.street} checkpoints) to another district`, () => storage.moveArea(street, other)],
  ['… and back', () => storage.moveArea(street, district)],
  ['a place (2 checkpoints) to another district', () => storage.movePlace('p-1', `${other}-1-1-1`)],
  ['… and back', () => storage.movePlace('p-1', `${district}-1-1-1`)],
];
// A small city (CHECKPOINTS=n) may have no place in the second district.
const away = (await storage.listPlaces(other))[0]?.id;
if (away !== undefined) {
  moves.push(['a checkpoint to a place of another district', () => storage.moveCheckpoint('cp-1', away)], ['… and back', () => storage.moveCheckpoint('cp-1', 'p-1')]);
}
const moveTimes: Array<[string, number]> = [];
for (const [what, move] of moves) {
  const started = performance.now();
  if (!(await move()).ok) throw new Error(`move failed: ${what}`);
  moveTimes.push([what, performance.now() - started]);
}
for (const url of ['/api/v1/console/figures?area=a', `/api/v1/console/figures?area=${other}`]) {
  const [a, b] = await Promise.all([apps.areas, apps.checkpoints].map((app) => app.inject({ method: 'GET', url, cookies: { kadian_session: session } })));
  if (a?.body.replace(/"asOf":"[^"]*"/, '') !== b?.body.replace(/"asOf":"[^"]*"/, '')) throw new Error(`${url}: area_hours and entry_hours disagree after the moves`);
}

log(`measuring the push insert, ${PUSH_RUNS} batches of 500 each way…`);
const { db, ready } = openSqlite(file);
await ready;
const MODES: readonly Rollups[] = ['all', 'checkpoints', 'none'];
const push: Record<Rollups, number[]> = { all: [], checkpoints: [], none: [] };
for (let round = 0, n = 0; round < PUSH_RUNS; round++) {
  for (const rollups of order(MODES, round)) {
    const entries = batch(n++);
    const started = performance.now();
    const outcomes = await insertEntries(db, entries, NOW.toISOString(), { rollups });
    push[rollups].push(performance.now() - started);
    if (outcomes.some((o) => o !== 'stored')) throw new Error('a bench batch was not stored');
  }
}
await db.kysely.destroy();

for (const app of Object.values(apps)) await app.close();
reader.close();
await storage.close();
if (keep === undefined) rmSync(dataDir, { recursive: true, force: true });

/** BENCH_DATABASE_URL: the push insert again on PostgreSQL, 200 checkpoints (the roll-ups are two CTEs in the insert's statement there). */
const postgresUrl = process.env.BENCH_DATABASE_URL?.trim() ?? '';
const pgPush = postgresUrl === '' ? null : await postgresPush(postgresUrl, 200, PUSH_RUNS, NOW);

const loadEnd = loadavg();
const times = (t: number[]) => `${ms(median(t))} | ${ms(p95(t))}`;
const ratio = (a: number[], b: number[]) => `${(median(a) / median(b)).toFixed(1)}×`;
const line = (name: string, t: Record<Side, number[]>) =>
  `| ${name} | ${times(t.areas)} | ${times(t.checkpoints)} | ${times(t.raw)} | ${ratio(t.checkpoints, t.areas)} | ${ratio(t.raw, t.areas)} |`;
const pushLine = (name: string, t: Record<Rollups, number[]>) =>
  `| ${name} | ${times(t.all)} | ${times(t.checkpoints)} | ${times(t.none)} | ${(median(t.all) / median(t.none)).toFixed(2)} | ${(median(t.checkpoints) / median(t.none)).toFixed(2)} |`;
console.log(`Figures (bench/figures, ${benchSource()}, SQLite, Node ${process.version}, ${new Date().toISOString()}):
${SHAPE.checkpoints} checkpoints, ~${((SHAPE.checkpoints * SHAPE.days * SHAPE.perDay) / 1e6).toFixed(1)} million entries over ${SHAPE.days} days; ${RUNS} runs each, load average ${loadStart.map((l) => l.toFixed(1)).join(' / ')} at the start, ${loadEnd.map((l) => l.toFixed(1)).join(' / ')} at the end.
${backfillMs === null ? 'area_hours: from the reused database.' : `area_hours filled by migration 008's statement in ${(backfillMs / 1000).toFixed(0)} s.`}

| through the route (admin, inject) | area roll-ups median | p95 | entry_hours sums median | p95 | raw log median | p95 | entry_hours ÷ areas | raw ÷ areas |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${line(`city overview, today (a, 6 districts)`, overview)}
${line(`one district's heat map, today (${district}, ${sizes.district} checkpoints)`, districtHours)}
${line(`one district's 30-day trend (${district}, ${sizes.district} checkpoints)`, trend)}
${line(`one street's 30-day trend (${street}, ${sizes.street} checkpoints)`, streetTrend)}

| push insert of 500 entries (${PUSH_RUNS} each) | all roll-ups median | p95 | entry_hours only median | p95 | none median | p95 | all ÷ none | entry_hours ÷ none |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${pushLine('SQLite (synchronous=FULL, on the seeded database)', push)}
${pgPush === null ? '| PostgreSQL: not run (BENCH_DATABASE_URL unset) | | | | | | | | |' : pushLine(`PostgreSQL (a fresh schema, 200 checkpoints)`, pgPush)}

Moves (storage, SQLite, one each): ${moveTimes.map(([what, t]) => `${what} ${ms(t)}`).join('; ')}.
Targets of issue 15 (area roll-ups): overview p95 ≤ 300 ms → ${p95(overview.areas) <= 300 ? 'met' : 'not met'}; district trend p95 ≤ 300 ms → ${p95(trend.areas) <= 300 ? 'met' : 'not met'}; street trend → ${p95(streetTrend.areas) <= 300 ? 'met' : 'not met'}.`);
