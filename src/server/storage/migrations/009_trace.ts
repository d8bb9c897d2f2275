/** Migration 009 (issue #16): the index tracing reads a person's passages by, person first and then time, on both databases. */
import type { Kysely } from 'kysely';
import { sql } from '../kysely.ts';
import type { Dialect } from '../schema.ts';

/**
 * A person's trail over a range of days is one range of `entries_by_person`; without it the same query read every
 * checkpoint's log (entries_by_time leads with the checkpoint). Partial: a passage without an ID number (another
 * system's code tapped by colour) is never traced by person, so it costs the index nothing; both databases use a partial
 * index for `person_id = ?`, which implies the condition. A place's visitors and the contacts read `entries_by_time`
 * (checkpoint_id, at_ms), which the gate's migration made: no second index for them.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex('entries_by_person').on('entries').columns(['person_id', 'at_ms'])
    .where(sql.ref('person_id'), 'is not', null).execute();
}
