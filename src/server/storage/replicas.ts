/** How far a PostgreSQL streaming replica is behind its primary (DATABASE_READ_URL): the console says so beside what it read there. */
import { sql } from './kysely.ts';
import type { Db } from './db.ts';

/**
 * Seconds since the last transaction the replica replayed, 0 when it has replayed all it received (a quiet primary sends
 * nothing new, and "since the last transaction" would grow without anything being behind); null on a primary or SQLite.
 */
export async function replicaLag(db: Db): Promise<number | null> {
  if (db.dialect !== 'postgres') return null;
  const { rows } = await sql<{ standby: boolean; lag: number | string | null }>`
    SELECT pg_is_in_recovery() AS standby,
      CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END AS lag`.execute(db.kysely);
  const row = rows[0];
  if (!row?.standby) return null;
  return Math.max(0, Number(row.lag ?? 0));
}
