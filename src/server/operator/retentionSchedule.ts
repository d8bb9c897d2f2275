/** The server's own retention runs: one shortly after start, then one an hour, never two at once; each run's counts go to the log. */
import type { FastifyBaseLogger } from 'fastify';
import type { RetentionRun, Storage } from '../storage/storage.ts';

/**
 * Hourly: entries pass the retention by the hour as they were scanned, so each run deletes about an hour of the log,
 * a few batches; a changed retention (`kadian policy --server-retention-days`) takes effect within the hour.
 */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export interface RetentionScheduleOptions {
  /** TIME_ZONE: the zone check-ins are dated in. */
  timeZone: string;
  intervalMs?: number;
  now?: () => Date;
  /** Told each run's counts (tests wait on it). */
  onRun?: (run: RetentionRun) => void;
}

export interface RetentionSchedule {
  /** No further run; a run under way stops after its current batch. Resolves once it has. */
  stop(): Promise<void>;
}

/** One line per run: info when it deleted something, debug when it found nothing to delete. */
function logRun(log: Pick<FastifyBaseLogger, 'info' | 'debug'>, run: RetentionRun): void {
  const deleted = run.entries + run.alerts + run.conflicts + run.doubleEntries + run.checkIns + run.trips + run.requests + run.rebindCodes + run.arrivals;
  const line = { entries: run.entries, alerts: run.alerts, conflicts: run.conflicts, doubleEntries: run.doubleEntries, checkIns: run.checkIns, trips: run.trips, requests: run.requests, rebindCodes: run.rebindCodes, arrivals: run.arrivals, cutoff: run.cutoff, stopped: run.stopped };
  if (deleted > 0) log.info(line, `retention: deleted ${run.entries} entries and ${run.checkIns} check-ins from before ${run.cutoff}`);
  else log.debug(line, 'retention: nothing to delete');
}

/**
 * Runs retention at start and then every `intervalMs`. The timers are unref'd (they never keep the process alive), runs
 * queue behind one another (a slow first run over a large backlog is not joined by a second), and a failed run is logged
 * and tried again at the next tick. Of SERVER_PROCESSES only process 1 schedules it (main.ts); separate servers on one
 * PostgreSQL each do, and a run that finds another's under way leaves it the work (storage/retention.ts, an advisory lock).
 */
export function scheduleRetention(storage: Storage, log: Pick<FastifyBaseLogger, 'info' | 'debug' | 'error'>, options: RetentionScheduleOptions): RetentionSchedule {
  const { timeZone, intervalMs = RETENTION_INTERVAL_MS, now = () => new Date(), onRun } = options;
  const stopping = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const runOnce = async (): Promise<void> => {
    if (stopping.signal.aborted) return;
    try {
      const run = await storage.applyRetention(now(), timeZone, stopping.signal);
      logRun(log, run);
      onRun?.(run);
    } catch (error) {
      log.error({ err: error }, 'retention failed: tried again at the next run');
    }
  };
  const tick = (): void => {
    running = running.then(runOnce);
  };
  const first = setTimeout(tick, 0);
  const every = setInterval(tick, intervalMs);
  first.unref();
  every.unref();
  return {
    async stop() {
      stopping.abort();
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
