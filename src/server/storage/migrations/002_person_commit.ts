/** Migration 002: an entry's commitment to its person (the chain's v2, core/chain.ts), with the salt that proves it. */
import type { Kysely } from 'kysely';

/**
 * `chain_version` tells the two hashes apart (an entry without a person commits to null, which is not the v1 hash);
 * `person_commit` is what a v2 hash covers in place of the person, so the server can verify its chain again;
 * `person_salt`, from inside the sealed box, shows that the stored person is the one committed to. Entries from
 * before this migration are v1 (the default).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('entries').addColumn('chain_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('entries').addColumn('person_commit', 'text').execute();
  await db.schema.alterTable('entries').addColumn('person_salt', 'text').execute();
}
