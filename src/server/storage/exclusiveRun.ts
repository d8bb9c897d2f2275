/** A long job that one process at a time may run (retention): PostgreSQL's session advisory lock, tried, never waited for. */
import { sql } from './kysely.ts';
import type { Db } from './db.ts';

/**
 * Runs `work` unless another session holds the lock `name` (another server process, or the CLI): then `busy()` answers
 * at once instead of waiting for it. The lock is held by one pooled connection for as long as `work` runs (its own
 * queries use the pool as usual) and released after, or by PostgreSQL when that connection is lost. SQLite: one
 * process serves the file; `work` runs.
 */
export async function runAlone<T>(db: Db, name: string, work: () => Promise<T>, busy: () => T): Promise<T> {
  if (db.dialect !== 'postgres') return work();
  return db.kysely.connection().execute(async (connection) => {
    const { rows } = await sql<{ got: boolean }>`SELECT pg_try_advisory_lock(hashtextextended(${name}, 0)) AS got`.execute(connection);
    if (rows[0]?.got !== true) return busy();
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtextextended(${name}, 0))`.execute(connection);
    }
  });
}
