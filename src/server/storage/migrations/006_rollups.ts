/** Migration 006 (issue #15): the log rolled up per checkpoint and UTC hour (`entry_hours`), so the console's figures never scan `entries`. */
import type { ColumnDataType, Kysely } from 'kysely';
import { sql } from '../kysely.ts';
import type { Dialect } from '../schema.ts';

/** The counters as this migration made them: migration 008's area_hours mirrors them, and is filled from these columns. */
export const counters = ['entries_in', 'entries_out', 'passed', 'stopped', 'checked', 'key_person', 'green', 'yellow', 'red', 'other_colour', 'passed_in', 'passed_out'] as const;

/**
 * `hour` is floor(at_ms / 3,600,000): whole UTC hours since the epoch, by the tablet's clock at the scan. A local day
 * is a range of them (a zone whose offset is not a whole hour, such as India's, gets buckets that straddle its local
 * hours: the console's days there are off by that part of an hour). The push keeps the table in the same transaction as
 * the entries it stores (storage/entryInsert.ts, entryHours.ts).
 *
 * Keyed (checkpoint_id, hour), the checkpoint first: the distribution column on Citus, beside `entries`; and the
 * figures of a list of checkpoints over a range of hours are one index range per checkpoint.
 *
 * The conditions below are this migration's own copy of entryHours.ts's (a migration, once released, must keep doing
 * what it did): every entry with an instant is counted, an entry without one (a leap second) is not.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  let table = db.schema.createTable('entry_hours')
    .addColumn('checkpoint_id', 'text', (c) => c.notNull())
    .addColumn('hour', int8, (c) => c.notNull());
  for (const counter of counters) table = table.addColumn(counter, int8, (c) => c.notNull().defaultTo(0));
  await table.addPrimaryKeyConstraint('entry_hours_pkey', ['checkpoint_id', 'hour']).execute();

  const keyPerson = dialect === 'postgres'
    ? `reasons @> '["key-person"]'::jsonb`
    : `EXISTS (SELECT 1 FROM json_each(reasons) WHERE value = 'key-person')`;
  const tests = [
    "direction = 'in'", "direction = 'out'", "verdict = 'pass'", "verdict = 'stop'", "verdict = 'check'", keyPerson,
    "colour = 'green'", "colour = 'yellow'", "colour = 'red'", "colour IS NULL OR colour NOT IN ('green', 'yellow', 'red')",
    "verdict = 'pass' AND direction = 'in'", "verdict = 'pass' AND direction = 'out'",
  ];
  // One pass over the log, by the (checkpoint_id, at_ms) index's order; at_ms is positive, so / is floor on both.
  await sql.raw(`INSERT INTO entry_hours (checkpoint_id, hour, ${counters.join(', ')})
    SELECT checkpoint_id, at_ms / 3600000, ${tests.map((t) => `sum(CASE WHEN ${t} THEN 1 ELSE 0 END)`).join(', ')}
    FROM entries WHERE at_ms IS NOT NULL GROUP BY checkpoint_id, at_ms / 3600000`).execute(db);
}
