/** Migration 024: the indexes retention deletes residents' older records through (trips, closed requests, re-binding codes, arrivals). */
import type { Kysely } from 'kysely';

/** Each serves one batch's `WHERE … < cutoff` of retentionResidents.ts, which would otherwise scan its table once per batch. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('resident_trips_by_end').on('resident_trips').columns(['to_day']).execute();
  await db.schema.createIndex('resident_requests_by_done').on('resident_requests').columns(['done_at']).execute();
  await db.schema.createIndex('rebind_codes_by_expiry').on('rebind_codes').columns(['expires_at']).execute();
  await db.schema.createIndex('arrivals_by_registration').on('arrivals').columns(['registered_at']).execute();
}
