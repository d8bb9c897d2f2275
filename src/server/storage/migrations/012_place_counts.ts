/** Migration 012 (issue #17): a place's shared inside count: its optional daily reset time, and the corrections made to the count by hand. */
import type { ColumnDataType, Kysely } from 'kysely';
import { sql } from '../kysely.ts';
import type { Dialect } from '../schema.ts';

/**
 * `places.reset_time`: "everyone out at 02:00", HH:MM on TIME_ZONE's wall clock; null: the count never resets by itself
 * (no silent midnight reset, issue #17). Its one writer checks it (core/placeCount.ts's isResetTime): a pattern test
 * is different SQL on each database, and the reader would refuse to count rather than guess.
 *
 * `place_count_corrections`: a lead's, console user's or operator's word that `inside` persons were in the place at
 * `at_ms`, with the reason and who said it (`made_by`: a user id, or 'operator' at the CLI; their name then). The count
 * starts again from the newest one (storage/placeCounts.ts); older ones stay as the place's history. Read newest first
 * per place, so the index leads with the place and then the time. No foreign key to `places`: the removal of a place
 * deletes its corrections itself (cityMoves.ts), as it does the rows of its checkpoints.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.alterTable('places').addColumn('reset_time', 'text').execute();
  await db.schema.createTable('place_count_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('place_id', 'text', (c) => c.notNull())
    .addColumn('at_ms', int8, (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('inside', 'integer', (c) => c.notNull().check(sql`inside >= 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('made_by', 'text', (c) => c.notNull())
    .addColumn('made_by_name', 'text')
    .execute();
  await db.schema.createIndex('place_count_corrections_by_place').on('place_count_corrections').columns(['place_id', 'at_ms']).execute();
}
