/** The service worker: the precached app shell (every chunk the gate needs) so it works offline, and uploads with no page open. */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { SYNC_TAG } from '../src/sync/backgroundSync.ts';
import { syncOnce } from '../src/sync/uploader.ts';
import { reportReadiness } from './readiness.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

/** Every file of the app, as the build lists them (injected here once, by name). */
const manifest = self.__WB_MANIFEST;
reportReadiness(manifest.map((e) => (typeof e === 'string' ? e : e.url)));
precacheAndRoute(manifest);
cleanupOutdatedCaches();
// Every screen is the one page; the API is never cached (the log's ledger is IndexedDB, not a request queue).
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// The first install takes the open page at once; later versions wait for the volunteer (see shell/update.ts).
clientsClaim();

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

interface SyncEvent extends ExtendableEvent { readonly tag: string }

// The network is back and entries were left waiting: the same uploader as the page's, under the same Web Lock (a
// page uploading now makes this a no-op), marking entries only on the server's answer. A failed run rejects, so the
// browser tries again later with its own backoff.
self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(syncOnce().then((run) => {
    if (run === 'failed') throw new Error('upload failed; the browser will retry the sync');
  }));
}) as EventListener);
