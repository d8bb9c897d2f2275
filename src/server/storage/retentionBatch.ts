/** One bounded batch of a retention delete: at most a batch of rows, found through an index, deleted by their row id. */
import type { RawBuilder } from 'kysely';
import { sql, type Kysely } from './kysely.ts';
import type { Database, Dialect } from './schema.ts';

/**
 * Rows per batch: each batch is one transaction, short enough that SQLite's one writer (a push waits for it) is held for
 * milliseconds, and PostgreSQL's WAL grows by a batch at a time, not by a day of the log in one statement.
 */
export const RETENTION_BATCH = 1000;

/**
 * Deletes up to `limit` rows of `table` that match `where` (which an index must serve: it runs once per batch) and
 * returns `returning` of each row deleted. The rows are picked by their physical row id (SQLite's rowid, PostgreSQL's
 * ctid), which each database then fetches directly: picked by the primary key as row values instead, PostgreSQL planned
 * a hash semi-join over a sequential scan of the whole table for every batch (EXPLAIN on 100,000 entries).
 */
export async function deleteSome<R>(
  on: Kysely<Database>, dialect: Dialect, table: string, where: RawBuilder<unknown>, returning: readonly string[], limit = RETENTION_BATCH,
): Promise<R[]> {
  const t = sql.table(table);
  const columns = sql.join(returning.map((c) => sql.ref(c)));
  const { rows } = dialect === 'postgres'
    ? await sql<R>`DELETE FROM ${t} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${t} WHERE ${where} LIMIT ${limit})) RETURNING ${columns}`.execute(on)
    : await sql<R>`DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} WHERE ${where} LIMIT ${limit}) RETURNING ${columns}`.execute(on);
  return rows;
}

/** Between two batches: the requests waiting for the database go first. */
export const betweenBatches = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Moves `retained_since` forward to `cutoff` (ISO 8601 from toISOString, so text order is time order), never back. Run
 * in the transaction of each batch that deletes entries: the mark is there as soon as what it speaks of is gone, even
 * when a run is stopped halfway.
 */
export async function markRetained(on: Kysely<Database>, cutoff: string): Promise<void> {
  await on.updateTable('server_settings').set({ retained_since: cutoff })
    .where('id', '=', 1).where((eb) => eb.or([eb('retained_since', 'is', null), eb('retained_since', '<', cutoff)])).execute();
}

/** Said when a run was stopped between two batches (the server closing): what is left waits for the next run. */
export class RetentionStopped extends Error {
  constructor() {
    super('retention stopped between two batches');
  }
}

/** Before each batch: a run asked to stop stops here, with every batch so far committed. */
export function stopIfAsked(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RetentionStopped();
}
