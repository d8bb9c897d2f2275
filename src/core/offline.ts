/** What the service worker tells the page of its offline copy of the app: how many of its files are cached, of how many. */

/** The BroadcastChannel on which a service worker that is installing reports each file it has cached. */
export const OFFLINE_CHANNEL = 'kadian-offline';

/** The message a page posts to its controlling service worker (with a port for the answer) to ask how ready it is. */
export const READINESS_QUERY = 'kadian-readiness';

/** Files of the app cached for offline use, of all it needs (scanner, wasm, workers included). */
export interface Readiness {
  done: number;
  total: number;
}

/** Whether a report shows every file cached. */
export const isReady = (r: Readiness | null): boolean => r !== null && r.total > 0 && r.done >= r.total;
