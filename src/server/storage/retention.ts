/** The server's retention of the log: how long entries, check-ins and residents' records are kept (one server-wide setting), and the run that deletes what is older. */
import { calendarDay, DEFAULT_TIME_ZONE } from '../../core/calendar.ts';
import type { Db } from './db.ts';
import { runAlone } from './exclusiveRun.ts';
import { DEFAULT_SERVER_RETENTION_DAYS } from './migrations/010_retention.ts';
import { deleteOldCheckIns } from './retentionCheckIns.ts';
import { markRetained, RetentionStopped } from './retentionBatch.ts';
import { deleteOldEntries, type EntryRetention } from './retentionEntries.ts';
import { deleteOldResidentRecords, type ResidentRetention } from './retentionResidents.ts';

export { DEFAULT_SERVER_RETENTION_DAYS };

/** The longest retention an operator may set: ten years, as the tablets' own retention allows. */
export const MAX_SERVER_RETENTION_DAYS = 3650;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The setting and where retention has got to. */
export interface ServerRetention {
  /** Entries and check-ins older than this many days are deleted. */
  days: number;
  /** ISO 8601: entries before it may have been deleted; null when retention never deleted one. */
  retainedSince: string | null;
  /** When retention last ran to its end; null: never. */
  ranAt: string | null;
}

/** What one run deleted, and the instant before which it deleted entries. */
export interface RetentionRun extends EntryRetention, ResidentRetention {
  checkIns: number;
  /** ISO 8601: `now` less the retention. */
  cutoff: string;
  /** YYYY-MM-DD in the time zone: check-ins of days before it were deleted. */
  cutoffDay: string;
  /**
   * True when the run was stopped between two batches, or did not start because another process's run was under way
   * (PostgreSQL): the rest waits for the next run.
   */
  stopped: boolean;
}

/**
 * ISO 8601: the instant before which entries may have been deleted, for exports and traces to say that data before it
 * no longer exists; null when retention has never deleted anything.
 */
export async function retainedSince(db: Db): Promise<string | null> {
  const row = await db.kysely.selectFrom('server_settings').select('retained_since').where('id', '=', 1).executeTakeFirst();
  return row?.retained_since ?? null;
}

export async function serverRetention(db: Db): Promise<ServerRetention> {
  const row = await db.kysely.selectFrom('server_settings').select(['retention_days', 'retained_since', 'retention_ran_at']).where('id', '=', 1).executeTakeFirst();
  return { days: row?.retention_days ?? DEFAULT_SERVER_RETENTION_DAYS, retainedSince: row?.retained_since ?? null, ranAt: row?.retention_ran_at ?? null };
}

/** Sets the retention; returns the days before and after (the same when nothing changed). */
export async function setServerRetentionDays(db: Db, days: number): Promise<{ before: number; after: number }> {
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_SERVER_RETENTION_DAYS) throw new RangeError(`not a retention of 1 to ${MAX_SERVER_RETENTION_DAYS} days: ${days}`);
  return db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('server_settings').select('retention_days').where('id', '=', 1).executeTakeFirst();
    // The migration made the row; it is made again here only if someone deleted it by hand.
    await trx.insertInto('server_settings').values({ id: 1, retention_days: days, retained_since: null, retention_ran_at: null })
      .onConflict((oc) => oc.column('id').doUpdateSet({ retention_days: days })).execute();
    return { before: row?.retention_days ?? DEFAULT_SERVER_RETENTION_DAYS, after: days };
  });
}

export interface RetentionOptions {
  /** TIME_ZONE: the zone check-ins are dated in (default Asia/Shanghai). */
  timeZone?: string;
  /** Stops the run between two batches (the server closing); the run then ends with RetentionStopped. */
  signal?: AbortSignal;
}

/**
 * Deletes entries (with their alerts, conflicts and double entries) whose tablet time is more than `days` before `now`, and check-ins of
 * the calendar days before that instant's day, in bounded batches (retentionBatch.ts); records the run unless stopped. `retained_since`
 * moves to the cutoff with the first batch that deletes an entry (retentionBatch.ts), and at the end of each whole run
 * once set; it never moves back (a longer retention set later brings no deleted entry back).
 *
 * On PostgreSQL too by batches, not by dropping time partitions: a partitioned table's primary key must contain the
 * partition key, so (checkpoint_id, device_id, seq) could no longer be unique by itself, and a re-sent entry with another
 * `at` (a conflict, or a copied token's) would land in another partition unseen; the push's ON CONFLICT, which tells
 * stored from duplicate from conflict in one statement, would need a key table of its own beside the log, written by
 * every push. A delete by batches through the existing (checkpoint_id, at_ms) index keeps the key exact and the push as
 * it is, at the cost of deleting row by row: an hour's worth of the log per hourly run.
 */
export async function applyRetention(db: Db, now: Date, days: number, { timeZone = DEFAULT_TIME_ZONE, signal }: RetentionOptions = {}): Promise<RetentionRun> {
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`not a retention in days: ${days}`);
  const cutoffMs = now.getTime() - days * DAY_MS;
  const cutoff = new Date(cutoffMs).toISOString();
  // A check-in day is deleted once it has ended before the cutoff: the days before the cutoff's own day.
  const cutoffDay = calendarDay(new Date(cutoffMs), timeZone);
  const run: RetentionRun = {
    entries: 0, alerts: 0, conflicts: 0, doubleEntries: 0, checkIns: 0, trips: 0, requests: 0, rebindCodes: 0, arrivals: 0, cutoff, cutoffDay, stopped: false,
  };
  // Several server processes on one PostgreSQL each schedule it: a run that finds another under way leaves it the work.
  return runAlone(db, RETENTION_LOCK, async () => {
    try {
      await deleteOldEntries(db, { cutoffMs, cutoff, ...(signal && { signal }) }, run);
      await deleteOldCheckIns(db, cutoffDay, run, signal);
      await deleteOldResidentRecords(db, cutoff, cutoffDay, run, signal);
    } catch (error) {
      if (error instanceof RetentionStopped) return { ...run, stopped: true };
      throw error;
    }
    await db.kysely.transaction().execute(async (trx) => {
      // Nothing older than the cutoff is left: a mark once set moves up to it.
      const { retained_since: since } = await trx.selectFrom('server_settings').select('retained_since').where('id', '=', 1).executeTakeFirstOrThrow();
      if (since !== null) await markRetained(trx, cutoff);
      await trx.updateTable('server_settings').set({ retention_ran_at: now.toISOString() }).where('id', '=', 1).execute();
    });
    return run;
  }, () => ({ ...run, stopped: true }));
}

/** The advisory lock that keeps two retention runs (two server processes, or one and the CLI) from overlapping. */
const RETENTION_LOCK = 'kadian:retention';
