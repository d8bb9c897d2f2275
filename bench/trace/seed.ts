/** Seeding the trace benchmark's databases: the city through the storage API, the entries by bulk SQL (never the push route), then entries_by_person built by migration 009's own statement. */
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { openSqlite, type Db } from '../../src/server/storage/db.ts';
import { up as createTraceIndex } from '../../src/server/storage/migrations/009_trace.ts';
import { sql } from '../../src/server/storage/kysely.ts';
import type { Dialect } from '../../src/server/storage/schema.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import { daySql } from './seedSql.ts';
import { ENTRY_ONLY_POLICY, traceCity, type Layout } from './shape.ts';

export interface Seeded {
  entries: number;
  /** Persons with at least one passage. */
  persons: number;
  seedMs: number;
  /** entries_by_person built over the seeded log: what migration 009 costs a city's database on its first start. */
  indexMs: number;
  /** PostgreSQL: VACUUM ANALYZE after seeding, as autovacuum would do it. */
  vacuumMs: number | null;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

/** Areas, places and gates as an import makes them (one transaction), then the road gates' rules: entries only. */
export async function setupCity(storage: Storage, layout: Layout): Promise<void> {
  const { changes, entryOnly } = traceCity(layout);
  await storage.applyCityChanges(changes);
  const at = new Date().toISOString();
  for (const checkpointId of entryOnly) {
    const changed = await storage.changePolicy({ checkpointId, deviceId: null, deviceLabel: null, changedAt: at, receivedAt: at, after: ENTRY_ONLY_POLICY });
    if (!changed) throw new Error(`no checkpoint ${checkpointId}`);
  }
}

/** Migration 009's `up`, run as it is on a database that has the log already (it takes any Kysely). */
export async function buildTraceIndex(db: Db): Promise<number> {
  const started = performance.now();
  await createTraceIndex(db.kysely as unknown as Kysely<unknown>, db.dialect);
  return performance.now() - started;
}

export async function dropTraceIndex(db: Db): Promise<void> {
  await sql`DROP INDEX entries_by_person`.execute(db.kysely);
}

/** The days' outings, one statement (and transaction) a day, in day order, so both of the log's indexes grow mostly at their ends. */
async function eachDay(layout: Layout, dialect: Dialect, log: (line: string) => void, run: (statement: string) => Promise<number>): Promise<{ entries: number; seedMs: number }> {
  const started = performance.now();
  let entries = 0;
  for (let day = 0; day < layout.scale.days; day++) {
    const lo = day * layout.outingsPerDay;
    entries += await run(daySql(dialect, layout, day, lo, lo + layout.outingsPerDay));
    if (day % 5 === 4 || day === layout.scale.days - 1) log(`  day ${day + 1}: ${entries.toLocaleString('en')} entries, ${seconds(performance.now() - started)}`);
  }
  return { entries, seedMs: performance.now() - started };
}

/** SQLite: the log written with the journal and fsync off (seeding only: a crash means seeding again), without entries_by_person, which is built after. */
export async function seedSqlite(file: string, layout: Layout, log: (line: string) => void): Promise<Seeded> {
  // Alone on the file (the storage that made the city is closed), so the journal can be switched off.
  const raw = new Database(file);
  let seeded: { entries: number; seedMs: number };
  try {
    raw.exec('DROP INDEX entries_by_person');
    raw.pragma('journal_mode = OFF');
    raw.pragma('synchronous = OFF');
    raw.pragma('cache_size = -1000000');
    raw.pragma('temp_store = MEMORY');
    seeded = await eachDay(layout, 'sqlite', log, async (statement) => Number(raw.transaction(() => raw.prepare(statement).run().changes)()));
    raw.pragma('journal_mode = WAL');
  } finally {
    raw.close();
  }
  log('  building entries_by_person (migration 009)…');
  const { db, ready } = openSqlite(file);
  await ready;
  try {
    const indexMs = await buildTraceIndex(db);
    return { ...seeded, persons: await personsSeen(db), indexMs, vacuumMs: null };
  } finally {
    await db.kysely.destroy();
  }
}

/** PostgreSQL: the log without waiting for the WAL's flush (seeding only), without entries_by_person; then the index, then VACUUM ANALYZE. */
export async function seedPostgres(url: string, schema: string, db: Db, layout: Layout, log: (line: string) => void): Promise<Seeded> {
  await dropTraceIndex(db);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${schema}`);
    await client.query('SET synchronous_commit TO off');
    const seeded = await eachDay(layout, 'postgres', log, async (statement) => (await client.query(statement)).rowCount ?? 0);
    log('  building entries_by_person (migration 009)…');
    const indexMs = await buildTraceIndex(db);
    const vacuuming = performance.now();
    await client.query('VACUUM ANALYZE entries');
    return { ...seeded, persons: await personsSeen(db), indexMs, vacuumMs: performance.now() - vacuuming };
  } finally {
    await client.end();
  }
}

async function personsSeen(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT count(DISTINCT person_id) AS n FROM entries WHERE person_id IS NOT NULL`.execute(db.kysely);
  return Number(rows[0]?.n ?? 0);
}
