/** The scheduler's one timer: "soon" keeps the earliest wake set, so a scan's quick sync is never pushed back by a later one. */

/** One pending wake-up of the uploader. */
export interface WakeTimer {
  /** Wakes within `ms`: a wake already due sooner is kept, one due later is brought forward. */
  within(ms: number): void;
  /** Wakes in exactly `ms`, whatever was set: a backoff after a failure is not cut short. */
  after(ms: number): void;
  /** Forgets the pending wake: a sync starting now covers what it was for. */
  cancel(): void;
}

/** A wake timer that calls `wake` when due. */
export function wakeTimer(wake: () => void): WakeTimer {
  // Due times on the monotonic clock: a tablet's wall clock set forward or back (a volunteer correcting it) must not
  // make a pending wake look due long ago or far ahead.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = Infinity;
  const cancel = (): void => { clearTimeout(timer); timer = undefined; dueAt = Infinity; };
  const after = (ms: number): void => {
    cancel();
    dueAt = performance.now() + ms;
    timer = setTimeout(() => { timer = undefined; dueAt = Infinity; wake(); }, ms);
  };
  return { within: (ms) => { if (performance.now() + ms < dueAt) after(ms); }, after, cancel };
}
