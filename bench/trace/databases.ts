/** The trace benchmark on each database: seed (or reuse), measure both sides, ask for the plans, weigh the index, time the push with and without it, clean up. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DATABASE_FILE, openStorage } from '../../src/server/settings.ts';
import { DatabaseStorage } from '../../src/server/storage/databaseStorage.ts';
import { openPostgres, openSqlite, type Db } from '../../src/server/storage/db.ts';
import { sql } from '../../src/server/storage/kysely.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import type { TraceReader } from '../../src/server/trace/trails.ts';
import { ingestCost, sizesOf } from './cost.ts';
import { firstQuery, measure, samples, type Kind, type Runs, type Sides, type Timed } from './measure.ts';
import type { DatabaseResult } from './report.ts';
import { seedPostgres, seedSqlite, setupCity, type Seeded } from './seed.ts';
import { random, SHAPE_VERSION, TIME_ZONE, type Layout } from './shape.ts';
import { planOf, variantDb, withPassages, type Variant } from './variants.ts';

export interface Options {
  layout: Layout;
  runs: Runs;
  pushes: number;
  seed: number;
  log: (line: string) => void;
}

/**
 * The reader as traceRoutes.ts builds it for a tracer whose area is the city ('a', the root of bench/figures' city):
 * every read carries the subtree condition, and nothing is left out by it.
 */
export const WITHIN: readonly string[] = ['a'];

/** Which naive variant stands beside each query: the trail and the contacts without entries_by_person; the place's visitors (which never read it) without any index. */
const NAIVE: Record<Kind, Variant> = { trail: 'no-person-index', place: 'scan', contacts: 'no-person-index' };
const KINDS: readonly Kind[] = ['trail', 'place', 'contacts'];

/** Everything after seeding, the same on both databases: `storage` is the real one, `own` a connection of the benchmark's for the variants, sizes and inserts. */
async function measureAll(name: string, version: string, storage: Storage, own: Db, seeded: Seeded | null, options: Options): Promise<DatabaseResult> {
  const { layout, runs, log } = options;
  const indexed: TraceReader = { storage, timeZone: TIME_ZONE, within: WITHIN };
  const naiveOf = (kind: Kind) => ({ variant: NAIVE[kind], reader: { ...indexed, storage: withPassages(storage, variantDb(own, NAIVE[kind])) } });
  const sides: Sides = { indexed, naive: { trail: naiveOf('trail'), place: naiveOf('place'), contacts: naiveOf('contacts') } };
  const sizes = await sizesOf(own);
  // Counted only for a reused database: at the full scale a count reads a whole index.
  const entries = seeded?.entries ?? Number((await own.kysely.selectFrom('entries').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
  log(`${name}: measuring (${runs.trails} trails, ${runs.places} place-days, ${runs.contacts} contacts; ${runs.naive} naive runs each)…`);
  const lists = samples(layout, runs, options.seed);
  const timed: Timed[] = [];
  for (const kind of KINDS) timed.push(await measure(kind, lists[kind], sides, runs.naive, log));
  const plans: DatabaseResult['plans'] = [];
  for (const kind of ['trail', 'place'] as const) {
    const first = lists[kind][0];
    if (!first) continue;
    const query = await firstQuery(first, indexed);
    for (const variant of ['indexed', NAIVE[kind]] as const) plans.push({ kind, variant, plan: await planOf(own, variant, query) });
  }
  log(`${name}: the push insert with and without entries_by_person, ${options.pushes} batches each…`);
  const ingest = await ingestCost(own, layout, options.pushes, random(options.seed + 1), log);
  return { name, version, seeded, entries, timed, sizes, ingest, plans };
}

/** SQLite in a temporary DATA_DIR, or in `keep` (reused when it holds this scale already; left there after). */
export async function runSqlite(options: Options, keep: string | null): Promise<DatabaseResult> {
  const { layout, log } = options;
  const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'kadian-bench-trace-'));
  const file = join(dataDir, DATABASE_FILE);
  const scaleFile = join(dataDir, 'trace-scale.json');
  const scale = JSON.stringify({ shape: SHAPE_VERSION, ...layout.scale });
  const reuse = existsSync(file) && existsSync(scaleFile) && readFileSync(scaleFile, 'utf8') === scale;
  if (!reuse && existsSync(file)) throw new Error(`${dataDir} holds a database of another scale or shape (or none recorded): delete it or give another --keep`);
  try {
    let seeded: Seeded | null = null;
    if (!reuse) {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const setup = openStorage(dataDir, {});
      await setupCity(setup, layout);
      await setup.close();
      log(`SQLite: seeding ${file}…`);
      seeded = await seedSqlite(file, layout, log);
      writeFileSync(scaleFile, scale);
    }
    const storage = openStorage(dataDir, {});
    const { db: own, ready } = openSqlite(file);
    await ready;
    try {
      const version = (await sql<{ v: string }>`SELECT sqlite_version() AS v`.execute(own.kysely)).rows[0]?.v ?? '?';
      return await measureAll('SQLite', version, storage, own, seeded, options);
    } finally {
      await own.kysely.destroy();
      await storage.close();
    }
  } finally {
    if (keep === null) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** PostgreSQL in a fresh schema of its own, dropped at the end whatever happens. */
export async function runPostgres(url: string, options: Options): Promise<DatabaseResult> {
  const { layout, log } = options;
  const schema = `kadian_bench_trace_${randomBytes(4).toString('hex')}`;
  log(`PostgreSQL: schema ${schema}, dropped at the end`);
  const storage = DatabaseStorage.postgres(url, { schema, poolSize: 4 });
  try {
    await setupCity(storage, layout);
    const { db: own, ready } = openPostgres(url, { schema, poolSize: 2 });
    await ready;
    try {
      log('PostgreSQL: seeding…');
      const seeded = await seedPostgres(url, schema, own, layout, log);
      const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(own.kysely)).rows[0]?.v ?? '?';
      return await measureAll('PostgreSQL', version, storage, own, seeded, options);
    } finally {
      await own.kysely.destroy();
    }
  } finally {
    await storage.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await admin.end();
    }
  }
}
