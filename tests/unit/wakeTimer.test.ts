/** The scheduler's wake timer: a scan's quick sync survives the period set when a running sync ends (the race behind a 60 s wait). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wakeTimer } from '../../src/sync/wakeTimer.ts';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('wake timer', () => {
  it('keeps a scan\'s 1.5 s wake when the sync that was running ends and sets the 60 s period', () => {
    const wake = vi.fn();
    const timer = wakeTimer(wake);
    timer.cancel(); // a sync starts
    timer.within(1_500); // a scan while it runs
    timer.within(60_000); // the sync ends: the period
    vi.advanceTimersByTime(1_499);
    expect(wake).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(wake).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(120_000);
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('brings a later wake forward, and scans every second do not put it off', () => {
    const wake = vi.fn();
    const timer = wakeTimer(wake);
    timer.within(60_000);
    for (let s = 0; s < 5; s++) { timer.within(1_500); vi.advanceTimersByTime(1_000); }
    // A scan at 0, 1, 2, 3 and 4 s: wakes at 1.5 and 3.5 s (a debounce would have waited for the scans to stop).
    expect(wake).toHaveBeenCalledTimes(2);
  });

  it('settling waits for a gap between scans, but no longer than its limit after the first', () => {
    const wake = vi.fn();
    const timer = wakeTimer(wake);
    timer.within(60_000); // the period, set when the last sync ended
    // A queue: a scan every second for 25 s. Wakes at 10 and 20 s, when the limit comes, not 1.5 s after each scan.
    for (let s = 0; s < 25; s++) { timer.settle(1_500, 10_000); vi.advanceTimersByTime(1_000); }
    expect(wake).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(499);
    expect(wake).toHaveBeenCalledTimes(2);
    // The queue ends at 24 s: 1.5 s later the last scans go.
    vi.advanceTimersByTime(1);
    expect(wake).toHaveBeenCalledTimes(3);
    // One scan alone goes 1.5 s after it.
    timer.settle(1_500, 10_000);
    vi.advanceTimersByTime(1_499);
    expect(wake).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(1);
    expect(wake).toHaveBeenCalledTimes(4);
  });

  it('settling keeps a sooner wake set otherwise, and its limit starts afresh after each wake', () => {
    const wake = vi.fn();
    const timer = wakeTimer(wake);
    timer.within(500); // another tab was uploading: look again soon
    timer.settle(1_500, 10_000);
    vi.advanceTimersByTime(500);
    expect(wake).toHaveBeenCalledTimes(1);
    // Scans every second from 0.5 s: the limit counts from the first of them, not from the first settle at 0 s.
    for (let s = 0; s < 9; s++) { timer.settle(1_500, 10_000); vi.advanceTimersByTime(1_000); }
    expect(wake).toHaveBeenCalledTimes(1);
    timer.settle(1_500, 10_000);
    vi.advanceTimersByTime(999);
    expect(wake).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(wake).toHaveBeenCalledTimes(2);
  });

  it('a backoff replaces a sooner wake, and cancel forgets it', () => {
    const wake = vi.fn();
    const timer = wakeTimer(wake);
    timer.within(1_500);
    timer.after(8_000);
    vi.advanceTimersByTime(7_999);
    expect(wake).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(wake).toHaveBeenCalledTimes(1);
    timer.within(1_000);
    timer.cancel();
    vi.advanceTimersByTime(10_000);
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('a wall clock set three days forward does not hide a scan\'s wake behind the period set before', () => {
    const wake = vi.fn();
    const timer = wakeTimer(wake);
    vi.setSystemTime(Date.parse('2026-11-27T08:00:00Z'));
    timer.within(60_000);
    vi.setSystemTime(Date.parse('2026-11-30T08:00:00Z'));
    timer.within(1_500);
    vi.advanceTimersByTime(1_500);
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('after firing, the next wake is set afresh', () => {
    const wake = vi.fn();
    const timer = wakeTimer(wake);
    timer.within(1_000);
    vi.advanceTimersByTime(1_000);
    timer.within(60_000);
    vi.advanceTimersByTime(59_999);
    expect(wake).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(wake).toHaveBeenCalledTimes(2);
  });
});
