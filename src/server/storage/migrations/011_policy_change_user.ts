/** Migration 011 (issue #15): a change of a checkpoint's rules made from the console names the signed-in user who made it. */
import type { Kysely } from 'kysely';

/**
 * policy_changes.user_id and .user_name: the console user behind a change (null for a lead's change from a tablet, whose
 * device is named, and for the operator's at the CLI). The name is kept as it was then: the history reads as it happened
 * even after the account is renamed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('policy_changes').addColumn('user_id', 'text').execute();
  await db.schema.alterTable('policy_changes').addColumn('user_name', 'text').execute();
}
