/** The service worker's updates: offered to the volunteer, applied only when they agree and nothing is mid-scan or mid-sync. */
import { Workbox } from 'workbox-window';
import { gateBusy } from '../gate/activity.ts';
import { syncInProgress } from '../sync/syncLock.ts';

const IDLE_POLL_MS = 500;

async function whenIdle(): Promise<void> {
  while (gateBusy() || (await syncInProgress())) await new Promise((r) => setTimeout(r, IDLE_POLL_MS));
}

export type ApplyUpdate = () => Promise<void>;

let waiting: ApplyUpdate | null = null;
let listener: ((apply: ApplyUpdate) => void) | null = null;

/** Registers /sw.js (in built apps only); a waiting new version is handed to the update listener. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => {
    waiting = async () => {
      await whenIdle();
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    };
    listener?.(waiting);
  });
  void wb.register();
  // A first install that failed (the network went before every file was cached) leaves no worker: try again once the
  // network is back, so the tablet becomes ready for offline use without a reload.
  window.addEventListener('online', () => {
    if (!navigator.serviceWorker.controller) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}

/** Calls `offer` when a new version waits, at once if one already does. */
export function onUpdateReady(offer: (apply: ApplyUpdate) => void): void {
  listener = offer;
  if (waiting) offer(waiting);
}
