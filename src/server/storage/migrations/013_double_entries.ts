/** Migration 013 (issue #17): offline double entries, flagged by the push as the second copy arrives, on both databases. */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * `double_entries`: one row per pair of entries of one person at one place with no passed exit between (core/doubleEntry.ts),
 * `first` before `second` in time. Keyed by the two entries' keys, so the push inserts with ON CONFLICT DO NOTHING and a
 * re-sent batch, or the other entry of the pair arriving again, makes no second row. `id`: the public name the console
 * and the CLI list it by. `person_id` is whole, as in `entries`: the listing shows it masked, and checks with it, through
 * `entries_by_person`, that no passage arrived between the two since (storage/doubleEntries.ts); retention deletes a
 * row with its first entry. No foreign keys: like entries and alerts on PostgreSQL, so Citus can place it anywhere.
 *
 * Indexes: the place's rows by the second entry's time (an area's listing), every row by that time (the whole city's,
 * and retention), and the second entry's device (`kadian devices` counts a tablet's; the key serves the first's).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.createTable('double_entries')
    .addColumn('first_checkpoint_id', 'text', (c) => c.notNull())
    .addColumn('first_device_id', 'text', (c) => c.notNull())
    .addColumn('first_seq', int8, (c) => c.notNull())
    .addColumn('second_checkpoint_id', 'text', (c) => c.notNull())
    .addColumn('second_device_id', 'text', (c) => c.notNull())
    .addColumn('second_seq', int8, (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('place_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    // As the tablets wrote them (with their offsets), and as instants for ordering and ranges.
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('first_at_ms', int8, (c) => c.notNull())
    .addColumn('second_at', 'text', (c) => c.notNull())
    .addColumn('second_at_ms', int8, (c) => c.notNull())
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('double_entries_pkey', ['first_checkpoint_id', 'first_device_id', 'first_seq', 'second_checkpoint_id', 'second_device_id', 'second_seq'])
    .execute();
  await db.schema.createIndex('double_entries_id_key').on('double_entries').column('id').unique().execute();
  await db.schema.createIndex('double_entries_by_place').on('double_entries').columns(['place_id', 'second_at_ms']).execute();
  await db.schema.createIndex('double_entries_by_time').on('double_entries').column('second_at_ms').execute();
  await db.schema.createIndex('double_entries_by_second_device').on('double_entries').columns(['second_checkpoint_id', 'second_device_id']).execute();
}
