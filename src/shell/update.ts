/** The service worker's updates: offered to the volunteer, applied only when they agree and nothing is mid-scan or mid-sync. */
import { Workbox } from 'workbox-window';
import { syncInProgress } from '../sync/uploader.ts';
import { scanBusy } from '../gate/activity.ts';

const IDLE_POLL_MS = 500;

async function whenIdle(): Promise<void> {
  while (scanBusy() || (await syncInProgress())) await new Promise((r) => setTimeout(r, IDLE_POLL_MS));
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
}

/** Calls `offer` when a new version waits, at once if one already does. */
export function onUpdateReady(offer: (apply: ApplyUpdate) => void): void {
  listener = offer;
  if (waiting) offer(waiting);
}
