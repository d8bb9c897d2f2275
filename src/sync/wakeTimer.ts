/** The scheduler's one timer: "soon" keeps the earliest wake set, so a scan's quick sync is never pushed back by a later one. */

/** One pending wake-up of the uploader. */
export interface WakeTimer {
  /** Wakes within `ms`: a wake already due sooner is kept, one due later is brought forward. */
  within(ms: number): void;
  /**
   * Wakes once `quietMs` pass without another call, but no later than `maxMs` after the first call since the last wake:
   * at a queue the upload waits for a gap between people, yet never long. A sooner wake set by `within` is kept.
   */
  settle(quietMs: number, maxMs: number): void;
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
  /** Set while the pending wake is a settling one: the latest it may be put off to. */
  let settleBy = Infinity;
  const cancel = (): void => { clearTimeout(timer); timer = undefined; dueAt = Infinity; settleBy = Infinity; };
  const at = (due: number, by = Infinity): void => {
    cancel();
    dueAt = due;
    settleBy = by;
    timer = setTimeout(() => { timer = undefined; dueAt = Infinity; settleBy = Infinity; wake(); }, Math.max(0, due - performance.now()));
  };
  return {
    within: (ms) => { const due = performance.now() + ms; if (due < dueAt) at(due); },
    settle: (quietMs, maxMs) => {
      const now = performance.now();
      // A wake set otherwise (a backoff's, the period) is not a settling one: it is kept if sooner, and settling starts afresh.
      const by = settleBy === Infinity ? now + maxMs : settleBy;
      const due = Math.min(now + quietMs, by);
      if (settleBy !== Infinity || due < dueAt) at(due, by);
    },
    after: (ms) => at(performance.now() + ms),
    cancel,
  };
}
