/** When to sync: coming online, becoming visible, a jittered timer, after scans; with backoff after failures. */
import { pendingCount } from '../store/log.ts';
import { loadDevice } from '../store/device.ts';
import { readStatus } from '../store/syncStatus.ts';
import { requestBackgroundSync } from './backgroundSync.ts';
import { backoffMs, jitter } from './backoff.ts';
import type { SyncRun } from './syncLock.ts';
import { pollPlaceCountInWorker, syncInWorker } from './syncWorker.ts';
import { wakeTimer } from './wakeTimer.ts';

const PERIOD_MS = 60_000;
/** Often enough that two gates of one place agree within a person or two at a busy place; one small GET per tablet. */
const PLACE_POLL_MS = 10_000;
/** A scan's sync waits for this long without another scan... */
const AFTER_SCAN_MS = 1_500;
/**
 * ...but no longer than this after the first: at a queue, a sync running while the next code is shown slowed that
 * verdict by up to 100 ms on a slow tablet (bench/scan, the outsider's harness), so the upload waits for a gap, briefly.
 */
const AFTER_SCAN_MAX_MS = 10_000;

const wake = wakeTimer(() => void run());
let running = false;
let again = false;

/** Runs a sync now; a request that comes while one runs makes it run once more. */
async function run(): Promise<void> {
  if (running) { again = true; return; }
  running = true;
  // This run sends whatever a pending wake was for; what is requested while it runs sets a wake of its own.
  wake.cancel();
  let result: SyncRun | 'offline';
  try {
    do {
      again = false;
      result = navigator.onLine ? await syncInWorker() : 'offline';
    } while (again);
  } catch (e) {
    // Whatever broke (IndexedDB refused a write, a bug), the next attempt must still be scheduled: entries wait.
    console.error('sync failed', e);
    result = 'failed';
  } finally {
    running = false;
  }
  const busy = result === 'busy';
  if (result === 'failed' || result === 'offline') void askBrowserIfWaiting();
  // Another tab is uploading: it may have looked for waiting entries just before this tab's scan wrote one, so look
  // again shortly rather than at the next period.
  if (busy) wake.within(AFTER_SCAN_MS);
  else await schedule();
}

/**
 * Sets the next wake: the backoff after failures, the period otherwise. A scan's request made during the run is kept
 * when it is due sooner than the period; after a failure the backoff wins, which that request honoured anyway.
 */
async function schedule(): Promise<void> {
  const { failures } = await readStatus();
  if (failures > 0) wake.after(backoffMs(failures));
  else wake.within(jitter(PERIOD_MS));
}

/** Asks for a sync soon: after a scan, honouring the backoff so a dead server is not hammered. */
export async function requestSync(): Promise<void> {
  const { failures, lastAttemptAt } = await readStatus();
  // A clock set back since the last attempt (a volunteer correcting it) makes this negative: no wait is owed then.
  const elapsed = lastAttemptAt ? Date.now() - Date.parse(lastAttemptAt) : Infinity;
  const since = elapsed >= 0 ? elapsed : Infinity;
  // Scans every second at a busy gate put the sync off, but never for as long as they go on.
  const backoff = backoffMs(failures) - since;
  if (backoff > AFTER_SCAN_MS) wake.within(backoff);
  else wake.settle(AFTER_SCAN_MS, AFTER_SCAN_MAX_MS);
}

/**
 * Entries wait and this tab cannot send them: the browser is asked to wake the service worker when the network
 * returns, so they go up even if the volunteer closes the app first.
 */
async function askBrowserIfWaiting(): Promise<void> {
  const device = await loadDevice();
  if (device && !device.revokedAt && (await pendingCount(device.deviceId)) > 0) await requestBackgroundSync();
}

/** The place's count, polled while the page is visible and online (the worker asks only for a place with several gates). */
function startPlacePoll(): void {
  setInterval(() => { if (document.visibilityState === 'visible' && navigator.onLine) void pollPlaceCountInWorker(); }, PLACE_POLL_MS);
}

/**
 * Starts the triggers for this tab, and the place count's poll. The uploads run in this tab's worker; the Web Lock
 * inside keeps them to one uploader at a time, this tab's, another's or the service worker's.
 */
export function startSync(): void {
  window.addEventListener('online', () => void run());
  window.addEventListener('offline', () => void askBrowserIfWaiting());
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') void run(); });
  startPlacePoll();
  void run();
}
