/**
 * The push path's batch insert, the one measured hot path: each database's fastest form, stated once. Every entry comes
 * back stored (new), duplicate (the same entry was there) or conflict (another entry holds its key).
 */
import type { Insertable, Kysely } from 'kysely';
import { CompiledQuery, sql } from './kysely.ts';
import type { Entry } from '../../core/entry.ts';
import { prepared, type Db } from './db.ts';
import type { Database, EntryTable } from './schema.ts';
import type { InsertOutcome } from './storage.ts';

/** Device time as epoch ms for filtering; `at` itself is kept verbatim because the hash covers it. */
function atMs(at: string): number | null {
  const ms = Date.parse(at);
  // A leap second (":60") passes the date-time format but not Date.parse: kept, just not time-filterable.
  return Number.isFinite(ms) ? ms : null;
}

const toRow = (e: Entry, receivedAt: string): Insertable<EntryTable> => ({
  checkpoint_id: e.checkpointId, device_id: e.deviceId, seq: e.seq, id: e.id, at: e.at, at_ms: atMs(e.at),
  direction: e.direction, source: e.source, person_id: e.personId, name: e.name, colour: e.colour, temperature: e.temperature,
  verdict: e.verdict, reasons: JSON.stringify(e.reasons), operator: e.operator, prev_hash: e.prevHash, hash: e.hash, received_at: receivedAt,
});

/** [column, array type] in parameter order; the PostgreSQL insert and its parameters are both built from this list. */
const ENTRY_ARRAYS = [
  ['checkpoint_id', 'text'], ['device_id', 'text'], ['seq', 'int8'], ['id', 'text'], ['at', 'text'], ['at_ms', 'int8'],
  ['direction', 'text'], ['source', 'text'], ['person_id', 'text'], ['name', 'text'], ['colour', 'text'],
  ['temperature', 'float8'], ['verdict', 'text'], ['reasons', 'text'], ['operator', 'text'], ['prev_hash', 'text'], ['hash', 'text'],
] as const;

const columns = ENTRY_ARRAYS.map(([c]) => c);

/**
 * PostgreSQL: the whole batch as one statement, one array per column: one round trip and one plan whatever the batch
 * size (a VALUES list would need 18 parameters per entry and a new plan per size), a named prepared statement. A key
 * already stored inserts nothing and is simply not returned. A batch naming a checkpoint that does not exist inserts
 * nothing at all: this replaces the per-row foreign key check the table does without (migrations/001_gate.ts).
 */
const INSERT_UNNEST = `
WITH u AS (
  SELECT * FROM unnest(${ENTRY_ARRAYS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS u(${columns.join(', ')})
), unknown AS (
  SELECT 1 FROM (SELECT DISTINCT checkpoint_id FROM u) b WHERE NOT EXISTS (SELECT 1 FROM checkpoints c WHERE c.id = b.checkpoint_id)
)
INSERT INTO entries (${columns.join(', ')}, received_at)
SELECT ${columns.map((c) => (c === 'reasons' ? 'u.reasons::jsonb' : `u.${c}`)).join(', ')}, $${ENTRY_ARRAYS.length + 1}
FROM u WHERE NOT EXISTS (SELECT 1 FROM unknown)
ON CONFLICT (checkpoint_id, device_id, seq) DO NOTHING
RETURNING checkpoint_id, device_id, seq`;

/** PostgreSQL: stored hashes of the given keys, for telling a replayed entry from a different one under the same key. */
const EXISTING_UNNEST = `
SELECT e.checkpoint_id, e.device_id, e.seq, e.hash
FROM unnest($1::text[], $2::text[], $3::int8[]) AS k(checkpoint_id, device_id, seq)
JOIN entries e ON e.checkpoint_id = k.checkpoint_id AND e.device_id = k.device_id AND e.seq = k.seq`;

type Key = { checkpoint_id: string; device_id: string; seq: number };

const keyOf = (checkpointId: string, deviceId: string, seq: number): string => `${checkpointId}\u0000${deviceId}\u0000${seq}`;

/** The keys inserted now, and the hashes already stored under the keys of `entries` that were not. */
interface Inserted { stored: Key[]; held: Array<Key & { hash: string }> }

async function insertPostgres(db: Db, entries: readonly Entry[], receivedAt: string): Promise<Inserted> {
  const arrays = ENTRY_ARRAYS.map((): unknown[] => new Array<unknown>(entries.length));
  entries.forEach((e, i) => {
    const row = toRow(e, receivedAt);
    ENTRY_ARRAYS.forEach(([column], c) => {
      (arrays[c] as unknown[])[i] = row[column];
    });
  });
  // One statement: atomic on its own (a bad checkpoint stores none of the batch), and one round trip when all are new.
  const stored = (await prepared(db, CompiledQuery.raw(INSERT_UNNEST, [...arrays, receivedAt]) as CompiledQuery<Key>)).rows;
  const storedKeys = new Set(stored.map((r) => keyOf(r.checkpoint_id, r.device_id, r.seq)));
  const replayed = entries.filter((e) => !storedKeys.has(keyOf(e.checkpointId, e.deviceId, e.seq)));
  if (replayed.length === 0) return { stored, held: [] };
  // Read after the insert has finished, so a row committed meanwhile by another server is seen too.
  const keys = [replayed.map((e) => e.checkpointId), replayed.map((e) => e.deviceId), replayed.map((e) => e.seq)];
  return { stored, held: (await prepared(db, CompiledQuery.raw(EXISTING_UNNEST, keys) as CompiledQuery<Key & { hash: string }>)).rows };
}

/**
 * SQLite: one prepared single-row insert (its text written by Kysely from the schema, once) run per entry, synchronously,
 * inside a Kysely IMMEDIATE transaction on the same connection; one fsync for the batch. Measured per 500 entries against
 * a 500-row VALUES insert through Kysely (compiling it alone took longer than inserting) and a json_each insert of the
 * batch as one parameter (SQLite's JSON extraction cost more than the calls it saved), this loop was the fastest, as it
 * was in the hand-written storage before.
 */
async function insertSqlite(db: Db, entries: readonly Entry[], receivedAt: string): Promise<Inserted> {
  const statements = db.sqliteStatements;
  if (!statements) throw new Error('the SQLite insert needs the SQLite connection');
  return db.kysely.transaction().execute(async (trx) => {
    const insert = statements.prepare(insertRowSql(trx));
    const stored: Key[] = [];
    const replayed: Entry[] = [];
    for (const e of entries) {
      if (Number(insert.run(Object.values(toRow(e, receivedAt))).changes) === 1) stored.push({ checkpoint_id: e.checkpointId, device_id: e.deviceId, seq: e.seq });
      else replayed.push(e);
    }
    return { stored, held: replayed.length === 0 ? [] : await heldSqlite(trx, replayed) };
  });
}

const SAMPLE: Entry = {
  checkpointId: '', deviceId: '', seq: 0, id: '', at: '', direction: 'in', source: 'manual', personId: null, name: null, colour: null,
  temperature: null, verdict: 'pass', reasons: [], operator: null, prevHash: '', hash: '',
};

let insertRowText: string | null = null;

/** The single-row insert; its parameters are a row of toRow in key order, the order Kysely writes the columns in. */
function insertRowSql(trx: Kysely<Database>): string {
  insertRowText ??= trx.insertInto('entries').values(toRow(SAMPLE, ''))
    .onConflict((oc) => oc.columns(['checkpoint_id', 'device_id', 'seq']).doNothing()).compile().sql;
  return insertRowText;
}

/** SQLite takes no list of row values after IN: the keys go in as one JSON array, as PostgreSQL's go in as arrays. */
async function heldSqlite(trx: Kysely<Database>, replayed: readonly Entry[]): Promise<Array<Key & { hash: string }>> {
  const keys = JSON.stringify(replayed.map((e) => [e.checkpointId, e.deviceId, e.seq]));
  const { rows } = await sql<Key & { hash: string }>`
    SELECT e.checkpoint_id, e.device_id, e.seq, e.hash FROM json_each(${keys}) k
    JOIN entries e ON e.checkpoint_id = k.value ->> 0 AND e.device_id = k.value ->> 1 AND e.seq = k.value ->> 2`.execute(trx);
  return rows;
}

/** Inserts already-validated entries; one outcome per entry, in order. */
export async function insertEntries(db: Db, entries: readonly Entry[], receivedAt: string): Promise<InsertOutcome[]> {
  if (entries.length === 0) return [];
  // The same key twice in one batch goes to the database once; the later copy is judged against the first.
  const firstOf = new Map<string, number>();
  const unique: Entry[] = [];
  entries.forEach((e, i) => {
    const key = keyOf(e.checkpointId, e.deviceId, e.seq);
    if (firstOf.has(key)) return;
    firstOf.set(key, i);
    unique.push(e);
  });
  const { stored, held } = db.dialect === 'postgres' ? await insertPostgres(db, unique, receivedAt) : await insertSqlite(db, unique, receivedAt);
  const storedKeys = new Set(stored.map((r) => keyOf(r.checkpoint_id, r.device_id, r.seq)));
  const heldHashes = new Map(held.map((r) => [keyOf(r.checkpoint_id, r.device_id, r.seq), r.hash]));
  if (heldHashes.size + storedKeys.size < unique.length) {
    // Neither stored now nor there before: the statement inserted nothing because a checkpoint is unknown.
    throw new Error('the batch names a checkpoint that does not exist (foreign key on entries.checkpoint_id): none of it was stored');
  }
  return entries.map((e, i): InsertOutcome => {
    const key = keyOf(e.checkpointId, e.deviceId, e.seq);
    const first = firstOf.get(key) ?? i;
    if (first === i && storedKeys.has(key)) return 'stored';
    const holder = storedKeys.has(key) ? entries[first]?.hash : heldHashes.get(key);
    return holder === e.hash ? 'duplicate' : 'conflict';
  });
}
