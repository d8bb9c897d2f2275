/** The service worker: the precached app shell (every chunk the scanner needs) so the gate works offline. */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

/** The Background Sync tag the page registers after scans made offline. */
const SYNC_TAG = 'kadian-sync';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every screen is the one page; the API is never cached (the log's ledger is IndexedDB, not a request queue).
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// The first install takes the open page at once; later versions wait for the volunteer (see update.ts).
clientsClaim();

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

interface SyncEvent extends ExtendableEvent { readonly tag: string }

// Background Sync is only a trigger: the page's uploader does the work.
self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((clients) => clients.forEach((c) => c.postMessage(SYNC_TAG))));
}) as EventListener);
