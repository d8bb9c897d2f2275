/** When to sync: coming online, becoming visible, a jittered timer, after scans; with backoff after failures. */
import { readStatus } from './status.ts';
import { syncOnce } from './uploader.ts';

const PERIOD_MS = 60_000;
const AFTER_SCAN_MS = 1_500;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

/** Full jitter around the period, so a district's tablets do not all call at once. */
const jitter = (ms: number) => ms * (0.5 + Math.random());

/** How long to wait after `failures` failures in a row: exponential, capped, jittered. */
export function backoffMs(failures: number): number {
  return failures === 0 ? 0 : jitter(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1)));
}

let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;
let again = false;

/** Runs a sync now; a request that comes while one runs makes it run once more. */
async function run(): Promise<void> {
  if (running) { again = true; return; }
  running = true;
  let busy = false;
  try {
    do {
      again = false;
      busy = navigator.onLine && (await syncOnce()) === 'busy';
    } while (again);
  } finally {
    running = false;
  }
  // Another tab is uploading: it may have looked for waiting entries just before this tab's scan wrote one, so look
  // again shortly rather than at the next period.
  if (busy) {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), AFTER_SCAN_MS);
  } else {
    await schedule();
  }
}

/** Sets the next timer: the backoff after failures, the period otherwise. */
async function schedule(): Promise<void> {
  clearTimeout(timer);
  const { failures } = await readStatus();
  timer = setTimeout(() => void run(), failures > 0 ? backoffMs(failures) : jitter(PERIOD_MS));
}

/** Asks for a sync soon: after a scan, honouring the backoff so a dead server is not hammered. */
export async function requestSync(): Promise<void> {
  const { failures, lastAttemptAt } = await readStatus();
  const since = lastAttemptAt ? Date.now() - Date.parse(lastAttemptAt) : Infinity;
  const wait = Math.max(AFTER_SCAN_MS, backoffMs(failures) - since);
  clearTimeout(timer);
  timer = setTimeout(() => void run(), wait);
}

/** Starts the triggers for this tab; the Web Lock inside syncOnce keeps it to one uploader. */
export function startSync(): void {
  window.addEventListener('online', () => void run());
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') void run(); });
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.data === 'kadian-sync') void run();
  });
  void run();
}
