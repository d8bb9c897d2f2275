/** The service worker's side of "ready for offline": counting the precached files, and telling pages as the count grows. */
import { addPlugins, matchPrecache } from 'workbox-precaching';
import { OFFLINE_CHANNEL, READINESS_QUERY, type Readiness } from '../src/core/offline.ts';

declare const self: ServiceWorkerGlobalScope;

/** How many of `urls` are in the precache now. */
async function count(urls: readonly string[]): Promise<Readiness> {
  const found = await Promise.all(urls.map((url) => matchPrecache(url).then((r) => r !== undefined, () => false)));
  return { done: found.filter(Boolean).length, total: urls.length };
}

/**
 * Reports progress while installing (each file cached, on a BroadcastChannel every page of the origin hears, since no
 * page is controlled yet on a first visit), and answers a controlled page that asks how ready its worker is.
 */
export function reportReadiness(urls: readonly string[]): void {
  const channel = new BroadcastChannel(OFFLINE_CHANNEL);
  addPlugins([{ cacheDidUpdate: async () => channel.postMessage(await count(urls)) }]);
  self.addEventListener('message', (event) => {
    if ((event.data as { type?: string } | null)?.type !== READINESS_QUERY) return;
    const [port] = event.ports;
    if (port) event.waitUntil(count(urls).then((r) => port.postMessage(r)));
  });
}
