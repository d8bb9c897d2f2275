/** The sync status every tab shows, kept in IndexedDB so all tabs see the same thing. */
import { db, type SyncStatus } from './db.ts';

const EMPTY: SyncStatus = { key: 'sync', lastSyncAt: null, lastAttemptAt: null, lastError: null, failures: 0 };

export async function readStatus(): Promise<SyncStatus> {
  return (await db.meta.get('sync')) ?? EMPTY;
}

/** Notes the end of an attempt: a success clears the failure count that drives the backoff. */
export async function recordAttempt(error: string | null): Promise<SyncStatus> {
  return db.transaction('rw', db.meta, async () => {
    const now = new Date().toISOString();
    const before = await readStatus();
    const after: SyncStatus = error
      ? { ...before, lastAttemptAt: now, lastError: error, failures: before.failures + 1 }
      : { ...before, lastAttemptAt: now, lastSyncAt: now, lastError: null, failures: 0 };
    await db.meta.put(after);
    return after;
  });
}
