/**
 * The push path's batch insert, the one measured hot path: each database's fastest form, stated once. Every entry comes
 * back stored (new), duplicate (the same entry was there) or conflict (another entry holds its key).
 */
import type { Kysely, SqliteDatabase } from 'kysely';
import { CompiledQuery, sql } from './kysely.ts';
import type { Entry } from '../../core/entry.ts';
import { runPrepared, type Db } from './db.ts';
import { areaGroups, pathIds, POSTGRES_AREA_ROLLUP_CTE, SQLITE_AREA_PATH, SQLITE_AREA_UPSERT } from './areaHours.ts';
import { POSTGRES_ROLLUP_CTE, rollupGroups, SQLITE_ROLLUP_UPSERT } from './entryHours.ts';
import type { Database, EntryTable } from './schema.ts';
import type { InsertOutcome, ReceivedEntry } from './storage.ts';

/** Device time as epoch ms for filtering; `at` itself is kept verbatim because the hash covers it. */
function atMs(at: string): number | null {
  const ms = Date.parse(at);
  // A leap second (":60") passes the date-time format but not Date.parse: kept, just not time-filterable.
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Each column an entry fills, its PostgreSQL array type and how the entry fills it, in the order of both inserts'
 * columns and parameters; received_at, the same for the whole batch, comes last. Read straight off the entry: building a
 * row object per entry first cost a visible share of the insert's CPU.
 */
const ENTRY_COLUMNS = [
  ['checkpoint_id', 'text', (e) => e.checkpointId], ['device_id', 'text', (e) => e.deviceId], ['seq', 'int8', (e) => e.seq],
  ['id', 'text', (e) => e.id], ['at', 'text', (e) => e.at], ['at_ms', 'int8', (e) => atMs(e.at)],
  ['direction', 'text', (e) => e.direction], ['source', 'text', (e) => e.source], ['person_id', 'text', (e) => e.personId],
  ['name', 'text', (e) => e.name], ['colour', 'text', (e) => e.colour], ['temperature', 'float8', (e) => e.temperature],
  ['verdict', 'text', (e) => e.verdict], ['reasons', 'text', (e) => JSON.stringify(e.reasons)], ['operator', 'text', (e) => e.operator],
  ['prev_hash', 'text', (e) => e.prevHash], ['hash', 'text', (e) => e.hash],
  ['chain_version', 'int4', (e) => (e.personCommit === undefined ? 1 : 2)], ['person_commit', 'text', (e) => e.personCommit ?? null],
  ['person_salt', 'text', (e) => e.personSalt ?? null],
  ['follow_up_of', 'int8', (e) => e.followUp?.of ?? null], ['outcome', 'text', (e) => e.followUp?.outcome ?? null],
  ['outcome_note', 'text', (e) => e.followUp?.note ?? null],
  ['vehicle_plate', 'text', (e) => e.vehicle?.plate ?? null], ['vehicle_id', 'text', (e) => e.vehicle?.id ?? null],
  ['vehicle_role', 'text', (e) => e.vehicle?.role ?? null],
] as const satisfies ReadonlyArray<readonly [keyof EntryTable, string, (e: ReceivedEntry) => unknown]>;

const columns = ENTRY_COLUMNS.map(([c]) => c);

/**
 * PostgreSQL: the whole batch as one statement, one array per column: one round trip and one plan whatever the batch
 * size (a VALUES list would need 26 parameters per entry and a new plan per size), a named prepared statement. A key
 * already stored inserts nothing and is simply not returned. A batch naming a checkpoint that does not exist inserts
 * nothing at all: this replaces the per-row foreign key check the table does without (migrations/001_gate.ts).
 */
const BATCH_CTES = `
WITH u AS (
  SELECT * FROM unnest(${ENTRY_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS u(${columns.join(', ')})
), unknown AS (
  SELECT 1 FROM (SELECT DISTINCT checkpoint_id FROM u) b WHERE NOT EXISTS (SELECT 1 FROM checkpoints c WHERE c.id = b.checkpoint_id)
)`;
const INSERT_BATCH = `INSERT INTO entries (${columns.join(', ')}, received_at)
SELECT ${columns.map((c) => (c === 'reasons' ? 'u.reasons::jsonb' : `u.${c}`)).join(', ')}, $${ENTRY_COLUMNS.length + 1}
FROM u WHERE NOT EXISTS (SELECT 1 FROM unknown)
ON CONFLICT (checkpoint_id, device_id, seq) DO NOTHING`;

/**
 * The statement the push runs: the insert above as a data-modifying CTE, whose rows (the new entries only: a
 * duplicate returns none) are added to the hourly roll-ups per checkpoint and per area in the same statement
 * (entryHours.ts, areaHours.ts), so the figures move with the entries, atomically and in the one round trip. PostgreSQL runs every data-modifying CTE to completion
 * whether or not the outer query reads it.
 */
const INSERT_UNNEST = `${BATCH_CTES}, ins AS (
${INSERT_BATCH}
RETURNING checkpoint_id, device_id, seq, at_ms, direction, verdict, colour, reasons, follow_up_of, outcome, vehicle_role
), ${POSTGRES_ROLLUP_CTE}, ${POSTGRES_AREA_ROLLUP_CTE}
SELECT checkpoint_id, device_id, seq FROM ins`;

/**
 * Without the roll-ups, as the push was before them, and with the checkpoints' only, as before area_hours: only for the
 * benchmark of what their upkeep costs (bench/figures).
 */
const INSERT_UNNEST_BARE = `${BATCH_CTES}
${INSERT_BATCH}
RETURNING checkpoint_id, device_id, seq`;
const INSERT_UNNEST_CHECKPOINTS = `${BATCH_CTES}, ins AS (
${INSERT_BATCH}
RETURNING checkpoint_id, device_id, seq, at_ms, direction, verdict, colour, reasons, follow_up_of, outcome, vehicle_role
), ${POSTGRES_ROLLUP_CTE}
SELECT checkpoint_id, device_id, seq FROM ins`;

/** Which roll-ups an insert keeps: all of them, except in the benchmark of their cost. */
export type Rollups = 'all' | 'checkpoints' | 'none';
const POSTGRES_INSERT: Record<Rollups, string> = { all: INSERT_UNNEST, checkpoints: INSERT_UNNEST_CHECKPOINTS, none: INSERT_UNNEST_BARE };

/** PostgreSQL: stored hashes of the given keys, for telling a replayed entry from a different one under the same key. */
const EXISTING_UNNEST = `
SELECT e.checkpoint_id, e.device_id, e.seq, e.hash
FROM unnest($1::text[], $2::text[], $3::int8[]) AS k(checkpoint_id, device_id, seq)
JOIN entries e ON e.checkpoint_id = k.checkpoint_id AND e.device_id = k.device_id AND e.seq = k.seq`;

/**
 * SQLite: one prepared single-row insert run per entry, synchronously, inside a Kysely IMMEDIATE transaction on the
 * same connection; one fsync for the batch. Measured per 500 entries against a 500-row VALUES insert through Kysely
 * (compiling it alone took longer than inserting) and a json_each insert of the batch as one parameter (SQLite's JSON
 * extraction cost more than the calls it saved), this loop was the fastest, as it was in the storage before Kysely.
 */
const INSERT_ROW = `INSERT INTO entries (${columns.join(', ')}, received_at) VALUES (${[...columns, 'received_at'].map(() => '?').join(', ')})
ON CONFLICT (checkpoint_id, device_id, seq) DO NOTHING`;

type Key = { checkpoint_id: string; device_id: string; seq: number };

const keyOf = (checkpointId: string, deviceId: string, seq: number): string => `${checkpointId}\u0000${deviceId}\u0000${seq}`;

const entryKey = (e: Entry): string => keyOf(e.checkpointId, e.deviceId, e.seq);

/** What an insert leaves: the keys stored now, and for the entries not stored, the hash already under their key. */
interface Inserted { stored: Set<string>; held: Map<string, string> }

const heldOf = (rows: ReadonlyArray<Key & { hash: string }>): Map<string, string> =>
  new Map(rows.map((r) => [keyOf(r.checkpoint_id, r.device_id, r.seq), r.hash]));

async function insertPostgres(db: Db, entries: readonly ReceivedEntry[], receivedAt: string, rollups: Rollups, within?: Kysely<Database>): Promise<Inserted> {
  // One statement: atomic on its own (a bad checkpoint stores none of the batch), and one round trip when all are new.
  const params = [...ENTRY_COLUMNS.map(([, , value]): unknown[] => entries.map((e) => value(e))), receivedAt];
  const { rows } = await runPrepared(db, CompiledQuery.raw(POSTGRES_INSERT[rollups], params) as CompiledQuery<Key>, within);
  const stored = new Set(rows.map((r) => keyOf(r.checkpoint_id, r.device_id, r.seq)));
  const replayed = entries.filter((e) => !stored.has(entryKey(e)));
  if (replayed.length === 0) return { stored, held: new Map() };
  // Read after the insert has finished, so a row committed meanwhile by another server is seen too.
  const keys = [replayed.map((e) => e.checkpointId), replayed.map((e) => e.deviceId), replayed.map((e) => e.seq)];
  return { stored, held: heldOf((await runPrepared(db, CompiledQuery.raw(EXISTING_UNNEST, keys) as CompiledQuery<Key & { hash: string }>, within)).rows) };
}

async function insertSqlite(db: Db, entries: readonly ReceivedEntry[], receivedAt: string, rollups: Rollups, within?: Kysely<Database>): Promise<Inserted> {
  const statements = db.sqliteStatements;
  if (!statements) throw new Error('the SQLite insert needs the SQLite connection');
  const insertAll = async (trx: Kysely<Database>): Promise<Inserted> => {
    const insert = statements.prepare(INSERT_ROW);
    const stored = new Set<string>();
    const replayed: Entry[] = [];
    const counted: Array<{ entry: Entry; atMs: number | null }> = [];
    for (const e of entries) {
      if (Number(insert.run([...ENTRY_COLUMNS.map(([, , value]) => value(e)), receivedAt]).changes) === 1) {
        stored.add(entryKey(e));
        counted.push({ entry: e, atMs: atMs(e.at) });
      } else replayed.push(e);
    }
    // The hourly roll-ups of what was stored now (never of a duplicate), in the same IMMEDIATE transaction.
    countSqlite(statements, counted, rollups);
    return { stored, held: replayed.length === 0 ? new Map<string, string>() : heldOf(await heldSqlite(trx, replayed)) };
  };
  // In the caller's transaction (the one connection's): a second BEGIN there would wait on itself.
  return within ? insertAll(within) : db.kysely.transaction().execute(insertAll);
}

/**
 * SQLite: the stored entries added to the roll-ups: one upsert per (checkpoint, hour), a handful per batch, since a
 * batch is one tablet's recent scans; then one per (area above it, hour), each checkpoint's path read once.
 */
function countSqlite(statements: SqliteDatabase, counted: ReadonlyArray<{ entry: Entry; atMs: number | null }>, rollups: Rollups): void {
  if (rollups === 'none') return;
  const groups = rollupGroups(counted);
  const upsert = statements.prepare(SQLITE_ROLLUP_UPSERT);
  for (const g of groups) upsert.run([g.checkpointId, g.hour, ...g.counts]);
  if (rollups === 'checkpoints') return;
  const pathOf = statements.prepare(SQLITE_AREA_PATH);
  const ancestors = new Map<string, string[]>();
  const ancestorsOf = (checkpointId: string): string[] => {
    let ids = ancestors.get(checkpointId);
    if (!ids) {
      const [row] = pathOf.all([checkpointId]) as Array<{ path: string }>;
      ids = row ? pathIds(row.path) : [];
      ancestors.set(checkpointId, ids);
    }
    return ids;
  };
  const areaUpsert = statements.prepare(SQLITE_AREA_UPSERT);
  for (const a of areaGroups(groups, ancestorsOf)) areaUpsert.run([a.areaId, a.hour, ...a.counts]);
}

/** SQLite takes no list of row values after IN: the keys go in as one JSON array, as PostgreSQL's go in as arrays. */
async function heldSqlite(trx: Kysely<Database>, replayed: readonly Entry[]): Promise<Array<Key & { hash: string }>> {
  const keys = JSON.stringify(replayed.map((e) => [e.checkpointId, e.deviceId, e.seq]));
  const { rows } = await sql<Key & { hash: string }>`
    SELECT e.checkpoint_id, e.device_id, e.seq, e.hash FROM json_each(${keys}) k
    JOIN entries e ON e.checkpoint_id = k.value ->> 0 AND e.device_id = k.value ->> 1 AND e.seq = k.value ->> 2`.execute(trx);
  return rows;
}

/**
 * Inserts already-validated entries and counts the stored ones in the hourly roll-ups; one outcome per entry, in order.
 * `rollups` other than 'all' leaves some out: only the benchmark of their cost does that. `within`: a transaction of the
 * caller's to insert in (the server's own chain of a place's self check-ins, selfCheckIns.ts, appends under its lock).
 */
export async function insertEntries(
  db: Db, entries: readonly ReceivedEntry[], receivedAt: string, { rollups = 'all', within }: { rollups?: Rollups; within?: Kysely<Database> } = {},
): Promise<InsertOutcome[]> {
  if (entries.length === 0) return [];
  // The same key twice in one batch goes to the database once; the later copy is judged against the first.
  const keys = entries.map(entryKey);
  const firstOf = new Map<string, number>();
  const unique: ReceivedEntry[] = [];
  entries.forEach((e, i) => {
    const key = keys[i] ?? '';
    if (firstOf.has(key)) return;
    firstOf.set(key, i);
    unique.push(e);
  });
  const { stored, held } = db.dialect === 'postgres' ? await insertPostgres(db, unique, receivedAt, rollups, within) : await insertSqlite(db, unique, receivedAt, rollups, within);
  if (held.size + stored.size < unique.length) {
    // Neither stored now nor there before: the statement inserted nothing because a checkpoint is unknown.
    throw new Error('the batch names a checkpoint that does not exist (foreign key on entries.checkpoint_id): none of it was stored');
  }
  return entries.map((e, i): InsertOutcome => {
    const key = keys[i] ?? '';
    const first = firstOf.get(key) ?? i;
    if (first === i && stored.has(key)) return 'stored';
    const holder = stored.has(key) ? entries[first]?.hash : held.get(key);
    return holder === e.hash ? 'duplicate' : 'conflict';
  });
}
