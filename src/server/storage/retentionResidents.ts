/** Retention of what residents and arrivals told the server: trips, closed requests, re-binding codes and arrivals older than the cutoff, deleted in batches. */
import type { RawBuilder } from 'kysely';
import { sql } from './kysely.ts';
import type { Db } from './db.ts';
import { betweenBatches, deleteSome, RETENTION_BATCH, stopIfAsked } from './retentionBatch.ts';

/** What one run deleted of residents' records. */
export interface ResidentRetention {
  trips: number;
  requests: number;
  rebindCodes: number;
  arrivals: number;
}

/** Each table and a column of its rows, returned only to count the rows deleted. */
const COUNTED = { resident_trips: 'person_id', resident_requests: 'request_id', rebind_codes: 'code_hash', arrivals: 'id' } as const;

/** Deletes batches of `table` matching `where` (an index serves it: migration 024) until none is left; returns how many. */
async function deleteAllWhere(db: Db, table: keyof typeof COUNTED, where: RawBuilder<unknown>, signal: AbortSignal | undefined): Promise<number> {
  let total = 0;
  for (;;) {
    stopIfAsked(signal);
    const deleted = await deleteSome<unknown>(db.kysely, db.dialect, table, where, [COUNTED[table]]);
    total += deleted.length;
    if (deleted.length < RETENTION_BATCH) return total;
    await betweenBatches();
  }
}

/**
 * A trip whose last day is before the cutoff's day, a request closed before the cutoff (an open one stays until the lead
 * closes it: it is still asked for), a re-binding code that expired before it, and an arrival registered before it whose
 * listing has ended and been seen ended (its end moved the gates' configs first: expiry in arrivals/listing.ts), or was withdrawn (which moved them). Adds to `counts`.
 */
export async function deleteOldResidentRecords(db: Db, cutoff: string, cutoffDay: string, counts: ResidentRetention, signal?: AbortSignal): Promise<void> {
  counts.trips += await deleteAllWhere(db, 'resident_trips', sql`to_day < ${cutoffDay}`, signal);
  counts.requests += await deleteAllWhere(db, 'resident_requests', sql`status = 'done' AND done_at < ${cutoff}`, signal);
  counts.rebindCodes += await deleteAllWhere(db, 'rebind_codes', sql`expires_at < ${cutoff}`, signal);
  counts.arrivals += await deleteAllWhere(db, 'arrivals', sql`registered_at < ${cutoff} AND (ends_at IS NULL OR expired_at IS NOT NULL OR withdrawn_at IS NOT NULL)`, signal);
}
