/** Entries on PostgreSQL: the one-round-trip batch insert, the chain links, and the export through a cursor. */
import type { CustomTypesConfig } from 'pg';
import Cursor from 'pg-cursor';
import type { Entry } from '../../core/entry.ts';
import type { PgAccess } from './postgresSchema.ts';
import { entryFromColumns, type EntryColumns } from './entryRow.ts';
import type { ChainLink, ExportFilter, InsertOutcome, StoredEntry } from './storage.ts';

const ENTRY_SELECT = `SELECT checkpoint_id, device_id, seq, id, at, direction, source, person_id, name, colour, temperature,
  verdict, reasons, operator, prev_hash, hash, received_at FROM entries`;

/** [column, array type] in parameter order; the insert and its parameters are both built from this list. */
const ENTRY_ARRAYS = [
  ['checkpoint_id', 'text'], ['device_id', 'text'], ['seq', 'int8'], ['id', 'text'], ['at', 'text'], ['at_ms', 'int8'],
  ['direction', 'text'], ['source', 'text'], ['person_id', 'text'], ['name', 'text'], ['colour', 'text'],
  ['temperature', 'float8'], ['verdict', 'text'], ['reasons', 'text'], ['operator', 'text'], ['prev_hash', 'text'], ['hash', 'text'],
] as const;

const columns = ENTRY_ARRAYS.map(([c]) => c);
const receivedParam = ENTRY_ARRAYS.length + 1;

/**
 * The whole batch as one statement, one array per column: one round trip and one plan whatever the batch
 * size (a VALUES list would need 18 parameters per entry and a new plan per size). A key already stored
 * inserts nothing and is simply not returned. A batch naming a checkpoint that does not exist inserts
 * nothing at all (see the schema: this replaces a per-row foreign key check).
 */
const INSERT_ENTRIES = `
WITH u AS (
  SELECT * FROM unnest(${ENTRY_ARRAYS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS u(${columns.join(', ')})
), unknown AS (
  SELECT 1 FROM (SELECT DISTINCT checkpoint_id FROM u) b WHERE NOT EXISTS (SELECT 1 FROM checkpoints c WHERE c.id = b.checkpoint_id)
)
INSERT INTO entries (${columns.join(', ')}, received_at)
SELECT ${columns.map((c) => (c === 'reasons' ? 'u.reasons::jsonb' : `u.${c}`)).join(', ')}, $${receivedParam}
FROM u WHERE NOT EXISTS (SELECT 1 FROM unknown)
ON CONFLICT (checkpoint_id, device_id, seq) DO NOTHING
RETURNING checkpoint_id, device_id, seq`;

/** Device time as epoch ms for filtering; a leap second (":60") is kept but not time-filterable, as in SQLite. */
function atMs(at: string): number | null {
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? ms : null;
}

/** The parameters of INSERT_ENTRIES: one array per column, then the receive time. */
function insertParams(entries: readonly Entry[], receivedAt: string): unknown[] {
  const arrays = ENTRY_ARRAYS.map((): unknown[] => new Array<unknown>(entries.length));
  entries.forEach((e, i) => {
    const values: unknown[] = [
      e.checkpointId, e.deviceId, e.seq, e.id, e.at, atMs(e.at), e.direction, e.source, e.personId, e.name, e.colour,
      e.temperature, e.verdict, JSON.stringify(e.reasons), e.operator, e.prevHash, e.hash,
    ];
    values.forEach((v, column) => {
      (arrays[column] as unknown[])[i] = v;
    });
  });
  return [...arrays, receivedAt];
}

/** Stored hashes of the given keys, for telling a replayed entry from a different one under the same key. */
const EXISTING_HASHES = `
SELECT e.checkpoint_id, e.device_id, e.seq, e.hash
FROM unnest($1::text[], $2::text[], $3::int8[]) AS k(checkpoint_id, device_id, seq)
JOIN entries e ON e.checkpoint_id = k.checkpoint_id AND e.device_id = k.device_id AND e.seq = k.seq`;

const entryKey = (checkpointId: string, deviceId: string, seq: number): string => `${checkpointId}\u0000${deviceId}\u0000${seq}`;

/**
 * A batch's neighbours are a run of seqs, read as one index range: `seq = ANY(…)` alone was planned as a scan of
 * all the device's entries (19,498 rows read for 502 wanted) until the table had statistics. Seqs spread far apart
 * (a damaged or hostile batch) are looked up one by one instead, so no batch reads more than it asks for.
 */
const LINKS_RANGE = `SELECT seq, hash, prev_hash FROM entries
  WHERE checkpoint_id = $1 AND device_id = $2 AND seq BETWEEN $3 AND $4 AND seq = ANY($5::int8[])`;
const LINKS_SPREAD = `SELECT l.seq, l.hash, l.prev_hash FROM unnest($3::int8[]) AS k(seq)
  CROSS JOIN LATERAL (SELECT seq, hash, prev_hash FROM entries e WHERE e.checkpoint_id = $1 AND e.device_id = $2 AND e.seq = k.seq LIMIT 1) l`;

export async function getLinks(db: PgAccess, checkpointId: string, deviceId: string, seqs: readonly number[]): Promise<Map<number, ChainLink>> {
  const links = new Map<number, ChainLink>();
  if (seqs.length === 0) return links;
  const lo = Math.min(...seqs);
  const hi = Math.max(...seqs);
  const { rows } = hi - lo <= 4 * seqs.length + 16
    ? await db.query<{ seq: number; hash: string; prev_hash: string }>(LINKS_RANGE, [checkpointId, deviceId, lo, hi, seqs], 'kadian-links')
    : await db.query<{ seq: number; hash: string; prev_hash: string }>(LINKS_SPREAD, [checkpointId, deviceId, seqs], 'kadian-links-spread');
  for (const r of rows) links.set(r.seq, { hash: r.hash, prevHash: r.prev_hash });
  return links;
}

export async function insertEntries(db: PgAccess, entries: readonly Entry[], receivedAt: string): Promise<InsertOutcome[]> {
  if (entries.length === 0) return [];
  // The same key twice in one batch goes to the database once; the later copy is judged against the first below,
  // as SQLite judges it against the row the first copy wrote.
  const firstOf = new Map<string, number>();
  const unique: Entry[] = [];
  entries.forEach((e, i) => {
    const key = entryKey(e.checkpointId, e.deviceId, e.seq);
    if (firstOf.has(key)) return;
    firstOf.set(key, i);
    unique.push(e);
  });
  // One statement: atomic on its own (a bad checkpoint stores none of the batch), and one round trip when all are new.
  const inserted = await db.query<{ checkpoint_id: string; device_id: string; seq: number }>(
    INSERT_ENTRIES, insertParams(unique, receivedAt), 'kadian-insert-entries',
  );
  const stored = new Set(inserted.rows.map((r) => entryKey(r.checkpoint_id, r.device_id, r.seq)));
  const held = new Map<string, string>(); // key → hash of the row already holding it, for the entries not stored now
  const replayed = unique.filter((e) => !stored.has(entryKey(e.checkpointId, e.deviceId, e.seq)));
  if (replayed.length > 0) {
    // Read after the insert has finished, so a row committed meanwhile by another server is seen too.
    const { rows } = await db.query<{ checkpoint_id: string; device_id: string; seq: number; hash: string }>(
      EXISTING_HASHES, [replayed.map((e) => e.checkpointId), replayed.map((e) => e.deviceId), replayed.map((e) => e.seq)], 'kadian-existing',
    );
    for (const r of rows) held.set(entryKey(r.checkpoint_id, r.device_id, r.seq), r.hash);
  }
  if (held.size + stored.size < unique.length) {
    // Neither stored now nor there before: the statement inserted nothing because a checkpoint is unknown.
    throw new Error('the batch names a checkpoint that does not exist (foreign key on entries.checkpoint_id): none of it was stored');
  }
  return entries.map((e, i): InsertOutcome => {
    const key = entryKey(e.checkpointId, e.deviceId, e.seq);
    const first = firstOf.get(key) ?? i;
    if (first === i && stored.has(key)) return 'stored';
    const holder = stored.has(key) ? entries[first]?.hash : held.get(key);
    return holder === e.hash ? 'duplicate' : 'conflict';
  });
}

/** Rows an export reads per round trip: enough to keep the socket busy, few enough to bound memory. */
const EXPORT_ROWS = 1000;

export async function* exportEntries(db: PgAccess, filter: ExportFilter, types: CustomTypesConfig): AsyncGenerator<StoredEntry> {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (filter.checkpointId !== undefined) {
    params.push(filter.checkpointId);
    where.push(`checkpoint_id = $${params.length}`);
  }
  if (filter.communityId !== undefined) {
    params.push(filter.communityId);
    where.push(`checkpoint_id IN (SELECT id FROM checkpoints WHERE community_id = $${params.length})`);
  }
  if (filter.since !== undefined) {
    const since = Date.parse(filter.since);
    if (!Number.isFinite(since)) throw new RangeError(`not a date and time: ${filter.since}`);
    params.push(since);
    where.push(`at_ms >= $${params.length}`);
  }
  // A cursor on a connection of its own: rows arrive EXPORT_ROWS at a time, and other queries use the rest of the pool.
  const client = await db.connect();
  const cursor = client.query(new Cursor<EntryColumns>(
    `${ENTRY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY checkpoint_id, device_id, seq`, params, { types },
  ));
  let broken = false;
  try {
    for (;;) {
      const rows = await cursor.read(EXPORT_ROWS);
      if (rows.length === 0) break;
      for (const row of rows) yield entryFromColumns(row);
    }
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    // A connection whose cursor failed may be in any state: drop it rather than hand it to the next caller.
    await cursor.close().catch(() => {
      broken = true;
    });
    client.release(broken);
  }
}
