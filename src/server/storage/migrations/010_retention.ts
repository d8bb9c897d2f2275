/** Migration 010 (issue #16): the server's retention of the log: its setting, where it has got to, and what must outlive the rows it deletes. */
import type { ColumnDataType, Kysely } from 'kysely';
import { sql } from '../kysely.ts';
import type { Dialect } from '../schema.ts';

/** The retention a server has until its operator sets one: the tracing window of the seeds' era. */
export const DEFAULT_SERVER_RETENTION_DAYS = 28;

/**
 * `server_settings`, one row (id 1), made here so every reader finds it. `retention_days`: how long entries and
 * check-ins stay on the server (`kadian policy --server-retention-days`), not the checkpoints' `retentionDays` (how long
 * tablets keep theirs). `retained_since`: the instant before which entries may have been deleted (null until retention
 * has deleted one), what exports and traces tell their reader. `retention_ran_at`: the last run, for the operator.
 *
 * `devices.retained_*`: the newest link of each tablet's chain that retention deleted. The push checks a batch against
 * the stored entries around it (tablets/push.ts); without this link, the first push of a tablet idle past the retention
 * would be checked against nothing, and a re-sent deleted entry would be stored (and counted in the roll-ups) again.
 * A hash, no person: a SHA-256 over the entry's random id and fields cannot be turned back into them.
 *
 * `checkin_states`: where a resident's colour rules stood at the end of the last day whose check-ins were deleted, with
 * the name those check-ins carried. The rules replay a resident's days from the first check-in on (core/colourRules.ts):
 * without it, a resident red from a fever 29 days ago, silent since, would start over as green at the next check-in.
 *
 * `checkins_by_day`: retention finds the check-ins of past days through it; without it, each run would read every
 * resident's check-ins. No new index on `entries`: retention deletes checkpoint by checkpoint through `entries_by_time`
 * (checkpoint_id, at_ms), which exists, so the push pays for no further index (storage/retentionEntries.ts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.createTable('server_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('retention_days', 'integer', (c) => c.notNull().check(sql`retention_days >= 1`))
    .addColumn('retained_since', 'text')
    .addColumn('retention_ran_at', 'text')
    .execute();
  await sql`INSERT INTO server_settings (id, retention_days) VALUES (1, ${sql.lit(DEFAULT_SERVER_RETENTION_DAYS)})`.execute(db);
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('devices').addColumn('retained_seq', int8).execute();
  await db.schema.alterTable('devices').addColumn('retained_hash', 'text').execute();
  await db.schema.alterTable('devices').addColumn('retained_prev_hash', 'text').execute();
  await db.schema.createTable('checkin_states')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkins_by_day').on('checkins').columns(['day', 'person_id']).execute();
}
