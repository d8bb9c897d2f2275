/** Migration 025 (issue #20's leftover): a lead or operator withdraws a false arrival (a prank, the wrong person, the wrong place). */
import type { Kysely } from 'kysely';

/**
 * arrivals.withdrawn_at, _by, _by_name and _reason: when, by which console user (id, and the name as it was then, so the
 * list reads as it happened after a rename) and why. Columns on the table, not a table of their own: an arrival is
 * withdrawn at most once, and every reader of arrivals already reads the row. Null: not withdrawn.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('arrivals').addColumn('withdrawn_at', 'text').execute();
  await db.schema.alterTable('arrivals').addColumn('withdrawn_by', 'text').execute();
  await db.schema.alterTable('arrivals').addColumn('withdrawn_by_name', 'text').execute();
  await db.schema.alterTable('arrivals').addColumn('withdrawn_reason', 'text').execute();
}
