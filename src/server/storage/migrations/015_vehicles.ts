/** Migration 015 (issue #17): vehicles at road checkpoints, stored with each person scanned in them and counted in the hourly roll-ups. */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/** The vehicle counters as this migration makes them (entryHours.ts's VEHICLE_COLUMNS, which may grow later). */
const counters = ['vehicles', 'vehicle_people'] as const;

/**
 * `entries.vehicle_plate`, `vehicle_id`, `vehicle_role`: an entry's `vehicle` (core/entry.ts), null for a person on
 * foot. The hash covers them (core/chain.ts), so they must come back as sent for the chain to verify again.
 *
 * The counters in entry_hours and area_hours start at 0 and need no backfill: no vehicle was stored before this
 * migration. `vehicles` counts driver entries (one per vehicle passage: a vehicle whose driver was not scanned is not
 * counted), `vehicle_people` every person scanned in a vehicle.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const column of ['vehicle_plate', 'vehicle_id', 'vehicle_role']) await db.schema.alterTable('entries').addColumn(column, 'text').execute();
  for (const table of ['entry_hours', 'area_hours']) {
    for (const counter of counters) await db.schema.alterTable(table).addColumn(counter, int8, (c) => c.notNull().defaultTo(0)).execute();
  }
}
