/** Background Sync: the page asks the browser to wake the service worker when the network is back, to upload with no page open. */

/** The one tag: the browser keeps a single pending registration per tag, however often the page asks. */
export const SYNC_TAG = 'kadian-upload';

/** The registration's Background Sync manager, which lib.dom does not declare yet. */
interface SyncManager { register(tag: string): Promise<void> }

/**
 * Asks for a sync event once the browser sees the network; a trigger only, never the ledger: the entries stay in
 * IndexedDB until the server acknowledges them, whoever uploads them. Silent where the browser has no Background Sync.
 */
export async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    await (registration as (ServiceWorkerRegistration & { sync?: SyncManager }) | undefined)?.sync?.register(SYNC_TAG);
  } catch {
    // Not allowed here (no service worker yet, or the permission withheld): the page's own triggers remain.
  }
}
