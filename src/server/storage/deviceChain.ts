/** One device's chain held while a push reads its links and extends it: in the database on PostgreSQL, so it holds across server processes. */
import { createHash } from 'node:crypto';
import { CompiledQuery } from './kysely.ts';
import type { Db } from './db.ts';

/**
 * The advisory lock's key: the first 8 bytes of SHA-256 of the device id, as a signed 64-bit number. Computed here, not
 * by hashtextextended() in SQL, so that it is a number literal in the statement that begins the transaction: BEGIN and
 * the lock go in one round trip (a simple query of two statements takes no parameters).
 */
export function chainLockKey(deviceId: string): bigint {
  return createHash('sha256').update(`kadian:chain:${deviceId}`).digest().readBigInt64BE(0);
}

/**
 * Runs `work` on a Db whose queries all go to one connection inside one transaction that holds
 * `pg_advisory_xact_lock` on the device: a push of the same tablet in another server process waits at the lock until
 * this one has committed, so its link check sees what this one stored. Nothing is committed before `work` returns;
 * a failure rolls it all back. The lock's statement comes first, on its own: under READ COMMITTED each later statement
 * reads a snapshot taken after the lock was granted. SQLite: `work` runs as is (one process writes the file; push.ts
 * queues a device's pushes).
 */
export async function holdChain<T>(db: Db, deviceId: string, work: (held: Db) => Promise<T>): Promise<T> {
  if (db.dialect !== 'postgres') return work(db);
  return db.kysely.connection().execute(async (connection) => {
    await connection.executeQuery(CompiledQuery.raw(`BEGIN; SELECT pg_advisory_xact_lock(${chainLockKey(deviceId)})`));
    let result: T;
    try {
      result = await work({ ...db, kysely: connection });
    } catch (error) {
      await connection.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
      throw error;
    }
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
    return result;
  });
}
