/** Migration 014 (issue #17): follow-up entries (处置) stored with what they follow up, and counted by outcome in the hourly roll-ups. */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/** The outcome counters as this migration makes them (entryHours.ts's OUTCOME_COLUMNS, which may grow later). */
const counters = ['outcome_release', 'outcome_turned_back', 'outcome_hospital', 'outcome_quarantine', 'outcome_other'] as const;

/**
 * `entries.follow_up_of`, `outcome`, `outcome_note`: an entry's `followUp` (core/entry.ts), null on a scan. The hash
 * covers them (core/chain.ts), so they must come back as sent for the chain to verify again.
 *
 * The counters in entry_hours and area_hours start at 0 and need no backfill: no follow-up was stored before this
 * migration, and the counters the push kept until now already count every stored entry as a scan, which each was.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('entries').addColumn('follow_up_of', int8).execute();
  await db.schema.alterTable('entries').addColumn('outcome', 'text').execute();
  await db.schema.alterTable('entries').addColumn('outcome_note', 'text').execute();
  for (const table of ['entry_hours', 'area_hours']) {
    for (const counter of counters) await db.schema.alterTable(table).addColumn(counter, int8, (c) => c.notNull().defaultTo(0)).execute();
  }
}
