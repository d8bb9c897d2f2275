/** Migration 026 (issue #18): blue, a fourth health-code colour a city may configure (core/entry.ts), counted in the hourly roll-ups. */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * `entry_hours.blue` and `area_hours.blue`, from 0. No backfill: the wire refused a blue entry before this version, so
 * none is stored; and `other_colour` keeps counting entries without a colour, which it always did for every stored row.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const int8: ColumnDataType = dialect === 'postgres' ? 'bigint' : 'integer';
  for (const table of ['entry_hours', 'area_hours']) await db.schema.alterTable(table).addColumn('blue', int8, (c) => c.notNull().defaultTo(0)).execute();
}
