/** The uploader, off the main thread: a sync's IndexedDB work, JSON and requests never hold up the next verdict. */
import * as Comlink from 'comlink';
import { pollPlaceCount } from '../sync/placePoll.ts';
import { syncOnce } from '../sync/uploader.ts';

const api = {
  /** One full sync (sync/uploader.ts), under the Web Lock every uploader shares: the service worker's too. */
  sync: syncOnce,
  /** Asks the server for the count of a place with several gates, and keeps it. */
  pollPlaceCount,
};

export type SyncApi = typeof api;

Comlink.expose(api);
