/** The page's side of the uploader's worker: the page decides when, the worker syncs, the screens read the outcome from IndexedDB. */
import { WorkerBridge, WorkerFailedError } from '../workers/bridge.ts';
import type { SyncApi } from '../workers/sync.worker.ts';
import type { SyncRun } from './syncLock.ts';

// Kept warm: it syncs at least every minute, and a restart would parse the uploader and the store again.
const bridge = new WorkerBridge<SyncApi>(
  () => new Worker(new URL('../workers/sync.worker.ts', import.meta.url), { type: 'module', name: 'kadian-sync' }),
  { name: 'sync' },
);

/**
 * One full sync in the worker. A worker that cannot start (its script neither cached nor reachable) is a failed sync:
 * the entries wait in IndexedDB, and the next attempt starts a fresh worker.
 */
export async function syncInWorker(): Promise<SyncRun> {
  try {
    return await bridge.run((api) => api.sync());
  } catch (e) {
    if (e instanceof WorkerFailedError) return 'failed';
    throw e;
  }
}

/** The place's count asked for in the worker; a failure is left to the next poll. */
export const pollPlaceCountInWorker = (): Promise<void> => bridge.run((api) => api.pollPlaceCount()).catch(() => undefined);
